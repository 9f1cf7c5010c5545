#include "libs/platform/db/migrations.h"

#include <openssl/evp.h>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "libs/platform/log.h"
#include "pqxx/pqxx"

namespace partywork::platform_schema {
const std::vector<db::Migration>& Migrations();  // embedded from libs/platform/migrations
}

namespace partywork::db {
namespace {

std::string Sha256Hex(const std::string& text) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(text.data(), text.size(), digest, &len, EVP_sha256(), nullptr);
  return absl::BytesToHexString(std::string(reinterpret_cast<char*>(digest), len));
}

// Applies `migrations` of `component` ("platform" or "service") not yet
// recorded. Runs under the caller's advisory lock.
absl::Status ApplyComponent(pqxx::connection& conn, const std::string& schema,
                            const std::string& component, const std::vector<Migration>& migrations,
                            std::vector<std::string>* applied) {
  for (const auto& m : migrations) {
    std::string sql = absl::StrReplaceAll(m.sql, {{"{{schema}}", schema}});
    std::string checksum = Sha256Hex(sql);
    pqxx::work tx(conn);
    pqxx::result existing =
        tx.exec_params(absl::StrCat("SELECT checksum FROM ", schema,
                                    ".schema_migrations WHERE component = $1 AND version = $2"),
                       component, m.version);
    if (!existing.empty()) {
      if (existing[0][0].as<std::string>() != checksum) {
        return absl::FailedPreconditionError(
            absl::StrCat("migration ", component, "/", m.name, " of schema ", schema,
                         " was changed after it was applied; add a new migration instead"));
      }
      continue;
    }
    tx.exec(sql);
    tx.exec_params(absl::StrCat("INSERT INTO ", schema,
                                ".schema_migrations (component, version, name, checksum) "
                                "VALUES ($1, $2, $3, $4)"),
                   component, m.version, m.name, checksum);
    tx.commit();
    applied->push_back(absl::StrCat(component, "/", m.name));
    log::Info("migration applied", {{"schema", schema}, {"migration", applied->back()}});
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::vector<std::string>> Migrate(const std::string& conninfo,
                                                 const std::string& schema,
                                                 const std::vector<Migration>& service_migrations) {
  std::vector<std::string> applied;
  try {
    pqxx::connection conn(conninfo);
    // Session lock: held across the per-migration transactions below.
    const std::string lock_key = conn.quote("partywork.migrate." + schema);
    pqxx::nontransaction(conn).exec(
        absl::StrCat("SELECT pg_advisory_lock(hashtext(", lock_key, "))"));
    {
      pqxx::work tx(conn);
      // Provisioning normally creates the schema for the role; creating it
      // here needs CREATE on the database, which roles are not given.
      if (tx.exec_params("SELECT 1 FROM pg_namespace WHERE nspname = $1", schema).empty()) {
        tx.exec(absl::StrCat("CREATE SCHEMA ", tx.quote_name(schema)));
      }
      tx.exec(absl::StrCat("CREATE TABLE IF NOT EXISTS ", schema,
                           ".schema_migrations (component text NOT NULL, version int NOT NULL, "
                           "name text NOT NULL, checksum text NOT NULL, applied_at timestamptz "
                           "NOT NULL DEFAULT now(), PRIMARY KEY (component, version))"));
      tx.commit();
    }
    absl::Status status =
        ApplyComponent(conn, schema, "platform", platform_schema::Migrations(), &applied);
    if (status.ok()) status = ApplyComponent(conn, schema, "service", service_migrations, &applied);
    pqxx::nontransaction(conn).exec(
        absl::StrCat("SELECT pg_advisory_unlock(hashtext(", lock_key, "))"));
    if (!status.ok()) return status;
  } catch (const std::exception& e) {
    return absl::UnavailableError(absl::StrCat("migrating schema ", schema, ": ", e.what()));
  }
  return applied;
}

}  // namespace partywork::db
