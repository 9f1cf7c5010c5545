// A throwaway PostgreSQL 15 cluster for one test binary, started by
// scripts/pgctl (the same script as the local stack) in a temporary
// directory on a free loopback port, with fsync off, and provisioned with
// partywork's roles and schemas. Register it in a test file with
//   PARTYWORK_USE_POSTGRES();
#pragma once

#include <string>

#include "gtest/gtest.h"
#include "pqxx/pqxx"
#include "tests/harness/local.h"

namespace partywork::testing {

class Postgres {
 public:
  // The running cluster; PostgresEnvironment starts it.
  static Postgres& Get();

  int port() const { return port_; }
  // Connection URI of a service's own role, e.g. Url("membership").
  std::string Url(const std::string& service) const;
  // Connection URI of the superuser.
  std::string AdminUrl() const;

  // Stops and starts the cluster (same data), for outage tests.
  void Stop();
  void Start();
  // Drops `service`'s schema and recreates it empty, owned by its role.
  void ResetSchema(const std::string& service);
  // Runs SQL as the superuser and returns the result.
  pqxx::result Admin(const std::string& sql);

  void Create();
  void Destroy();

 private:
  std::string dir_;
  int port_ = 0;
};

class PostgresEnvironment : public ::testing::Environment {
 public:
  void SetUp() override { Postgres::Get().Create(); }
  void TearDown() override { Postgres::Get().Destroy(); }
};

}  // namespace partywork::testing

#define PARTYWORK_USE_POSTGRES()                                                         \
  static ::testing::Environment* const partywork_postgres_environment [[maybe_unused]] = \
      ::testing::AddGlobalTestEnvironment(new ::partywork::testing::PostgresEnvironment)
