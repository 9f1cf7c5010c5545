// Migrations: applied in order and recorded once, safe when replicas migrate
// concurrently, refused when an applied file changed; each service's role
// can touch only its own schema.
#include "libs/platform/db/migrations.h"

#include <thread>

#include "gtest/gtest.h"
#include "tests/harness/postgres.h"

PARTYWORK_USE_POSTGRES();

namespace partywork::membership {
const std::vector<db::Migration>& Migrations();
}
namespace partywork::inspection {
const std::vector<db::Migration>& Migrations();
}

namespace partywork::db {
namespace {

using ::partywork::testing::Postgres;

int Count(const std::string& sql) { return Postgres::Get().Admin(sql)[0][0].as<int>(); }

class MigrationsTest : public ::testing::Test {
 protected:
  void SetUp() override { Postgres::Get().ResetSchema("membership"); }
  std::string url_ = Postgres::Get().Url("membership");
};

TEST_F(MigrationsTest, AppliesPlatformThenServiceMigrationsOnce) {
  auto applied = Migrate(url_, "membership", membership::Migrations());
  ASSERT_TRUE(applied.ok()) << applied.status();
  ASSERT_GE(applied->size(), 2u);
  EXPECT_EQ(applied->front(), "platform/0001_platform");
  EXPECT_EQ(applied->back(), "service/" + membership::Migrations().back().name);
  for (const char* table : {"outbox", "audit_log", "idempotency_keys", "feed_checkpoints",
                            "organizations", "schema_migrations"}) {
    EXPECT_EQ(Count(std::string("SELECT count(*) FROM information_schema.tables WHERE "
                                "table_schema = 'membership' AND table_name = '") +
                    table + "'"),
              1)
        << table;
  }
  auto again = Migrate(url_, "membership", membership::Migrations());
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->empty());
  EXPECT_EQ(Count("SELECT count(*) FROM membership.schema_migrations"),
            static_cast<int>(applied->size()));
}

TEST_F(MigrationsTest, ConcurrentReplicasMigrateTheSchemaOnce) {
  constexpr int kReplicas = 4;
  std::vector<absl::StatusOr<std::vector<std::string>>> results(kReplicas);
  std::vector<std::thread> replicas;
  for (int i = 0; i < kReplicas; ++i) {
    replicas.emplace_back(
        [&, i] { results[i] = Migrate(url_, "membership", membership::Migrations()); });
  }
  for (auto& t : replicas) t.join();
  size_t total = 0;
  for (const auto& r : results) {
    ASSERT_TRUE(r.ok()) << r.status();
    total += r->size();
  }
  const int expected = 1 + static_cast<int>(membership::Migrations().size());
  EXPECT_EQ(total, static_cast<size_t>(expected));
  EXPECT_EQ(Count("SELECT count(*) FROM membership.schema_migrations"), expected);
}

TEST_F(MigrationsTest, RefusesAnAppliedMigrationThatChanged) {
  ASSERT_TRUE(Migrate(url_, "membership", membership::Migrations()).ok());
  auto changed = membership::Migrations();
  changed[0].sql += "\n-- edited after release";
  auto result = Migrate(url_, "membership", changed);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(result.status().message().find("was changed after it was applied"), std::string::npos);
}

TEST_F(MigrationsTest, ServiceRoleCannotTouchAnotherServicesSchema) {
  Postgres::Get().ResetSchema("inspection");
  ASSERT_TRUE(Migrate(url_, "membership", membership::Migrations()).ok());
  ASSERT_TRUE(
      Migrate(Postgres::Get().Url("inspection"), "inspection", inspection::Migrations()).ok());
  pqxx::connection conn(url_);
  for (const char* sql : {"SELECT count(*) FROM inspection.outbox",
                          "INSERT INTO inspection.audit_log (subject, role, request_id, action, "
                          "resource) VALUES ('x', 'x', 'x', 'x', 'x')",
                          "CREATE TABLE public.intruder (id int)", "CREATE SCHEMA intruder"}) {
    pqxx::work tx(conn);
    EXPECT_THROW(tx.exec(sql), pqxx::insufficient_privilege) << sql;
  }
}

}  // namespace
}  // namespace partywork::db
