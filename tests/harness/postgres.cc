#include "tests/harness/postgres.h"

#include <unistd.h>

#include <cstdlib>

#include "absl/strings/str_cat.h"

namespace partywork::testing {

Postgres& Postgres::Get() {
  static auto* const postgres = new Postgres();
  return *postgres;
}

std::string Postgres::Url(const std::string& service) const {
  return absl::StrCat("postgresql://partywork_", service, "@127.0.0.1:", port_,
                      "/partywork?connect_timeout=3");
}

std::string Postgres::AdminUrl() const {
  return absl::StrCat("postgresql://postgres@127.0.0.1:", port_, "/partywork?connect_timeout=3");
}

void Postgres::Create() {
  char dir_template[] = "/tmp/partywork-pg-XXXXXX";
  dir_ = mkdtemp(dir_template);
  port_ = FreePort();
  Start();
}

void Postgres::Start() {
  std::string out;
  int rc = RunCommand(
      absl::StrCat(PARTYWORK_SOURCE_DIR, "/scripts/pgctl start ", dir_, "/data ", port_, " --fast"),
      &out);
  if (rc != 0) {
    fprintf(stderr, "cannot start PostgreSQL:\n%s\n", out.c_str());
    std::abort();
  }
}

void Postgres::Stop() {
  std::string out;
  if (RunCommand(absl::StrCat(PARTYWORK_SOURCE_DIR, "/scripts/pgctl stop ", dir_, "/data"), &out) !=
      0) {
    fprintf(stderr, "cannot stop PostgreSQL:\n%s\n", out.c_str());
  }
}

void Postgres::Destroy() {
  if (dir_.empty()) return;
  Stop();
  RunCommand("rm -rf " + dir_);
  dir_.clear();
}

void Postgres::ResetSchema(const std::string& service) {
  Admin(absl::StrCat("DROP SCHEMA IF EXISTS ", service, " CASCADE; CREATE SCHEMA ", service,
                     " AUTHORIZATION partywork_", service));
}

pqxx::result Postgres::Admin(const std::string& sql) {
  pqxx::connection conn(AdminUrl());
  pqxx::work tx(conn);
  pqxx::result r = tx.exec(sql);
  tx.commit();
  return r;
}

}  // namespace partywork::testing
