// The database workers: acquire timeout, deadlines, reconnection after a
// PostgreSQL restart, retries of deadlocks, and the mapping of database
// errors to gRPC codes.
#include "libs/platform/db/database.h"

#include <atomic>
#include <stdexcept>
#include <thread>

#include "absl/time/clock.h"
#include "gtest/gtest.h"
#include "libs/platform/db/arrays.h"
#include "libs/platform/errors.h"
#include "libs/platform/resource.h"
#include "tests/harness/postgres.h"

PARTYWORK_USE_POSTGRES();

namespace partywork::db {
namespace {

using ::partywork::testing::Postgres;

DatabaseOptions Options(int workers, absl::Duration acquire_timeout = absl::Seconds(2)) {
  DatabaseOptions o;
  o.conninfo = Postgres::Get().Url("membership");
  o.name = "test";
  o.workers = workers;
  o.acquire_timeout = acquire_timeout;
  return o;
}

grpc::Status SelectOne(pqxx::connection& conn) {
  pqxx::read_transaction tx(conn);
  EXPECT_EQ(tx.exec("SELECT 1")[0][0].as<int>(), 1);
  return grpc::Status::OK;
}

TEST(DatabaseTest, RunsJobsOnAWorkerConnection) {
  Database db(Options(2));
  EXPECT_TRUE(db.Run(SelectOne).ok());
}

TEST(DatabaseTest, JobWaitingLongerThanAcquireTimeoutIsUnavailable) {
  Database db(Options(1, absl::Milliseconds(100)));
  std::atomic<bool> started{false};
  db.Submit(
      [&](pqxx::connection&) {
        started = true;
        absl::SleepFor(absl::Milliseconds(400));
        return grpc::Status::OK;
      },
      [](grpc::Status) {});
  while (!started) absl::SleepFor(absl::Milliseconds(1));
  bool ran = false;
  grpc::Status status = db.Run([&](pqxx::connection&) {
    ran = true;
    return grpc::Status::OK;
  });
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_NE(status.error_message().find("no database connection became free"), std::string::npos);
  EXPECT_FALSE(ran);
}

TEST(DatabaseTest, JobWhoseDeadlinePassedIsNotRun) {
  Database db(Options(1));
  bool ran = false;
  grpc::Status status = db.Run(
      [&](pqxx::connection&) {
        ran = true;
        return grpc::Status::OK;
      },
      absl::Now() - absl::Milliseconds(1));
  EXPECT_EQ(status.error_code(), grpc::StatusCode::DEADLINE_EXCEEDED);
  EXPECT_FALSE(ran);
}

TEST(DatabaseTest, ReconnectsAfterPostgresRestarts) {
  Database db(Options(1));
  ASSERT_TRUE(db.Run(SelectOne).ok());
  Postgres::Get().Stop();
  absl::Time before = absl::Now();
  grpc::Status down = db.Run(SelectOne);
  EXPECT_EQ(down.error_code(), grpc::StatusCode::UNAVAILABLE) << down.error_message();
  EXPECT_LT(absl::Now() - before, absl::Seconds(4));
  // A second call while down also fails fast: the worker tries to reconnect.
  EXPECT_EQ(db.Run(SelectOne).error_code(), grpc::StatusCode::UNAVAILABLE);
  Postgres::Get().Start();
  EXPECT_TRUE(db.Run(SelectOne).ok());
}

TEST(DatabaseTest, DeadlockIsRetriedAndBothTransactionsCommit) {
  Postgres::Get().Admin(
      "DROP TABLE IF EXISTS membership.deadlock_probe; "
      "CREATE TABLE membership.deadlock_probe (id int PRIMARY KEY, n int NOT NULL); "
      "INSERT INTO membership.deadlock_probe VALUES (1, 0), (2, 0); "
      "ALTER TABLE membership.deadlock_probe OWNER TO partywork_membership");
  std::atomic<int> attempts{0};
  std::atomic<int> ready{0};
  auto lock_in_order = [&](int first, int second) {
    pqxx::connection conn(Postgres::Get().Url("membership"));
    return InTransaction(conn, [&](pqxx::work& tx) {
      ++attempts;
      tx.exec("UPDATE membership.deadlock_probe SET n = n + 1 WHERE id = " + std::to_string(first));
      // Both hold their first row before either asks for its second.
      ++ready;
      while (ready.load() < 2) absl::SleepFor(absl::Milliseconds(1));
      tx.exec("UPDATE membership.deadlock_probe SET n = n + 1 WHERE id = " +
              std::to_string(second));
      return grpc::Status::OK;
    });
  };
  grpc::Status a, b;
  std::thread t1([&] { a = lock_in_order(1, 2); });
  std::thread t2([&] { b = lock_in_order(2, 1); });
  t1.join();
  t2.join();
  EXPECT_TRUE(a.ok()) << a.error_message();
  EXPECT_TRUE(b.ok()) << b.error_message();
  EXPECT_EQ(attempts.load(), 3);  // one of them ran twice
  auto r = Postgres::Get().Admin("SELECT sum(n) FROM membership.deadlock_probe");
  EXPECT_EQ(r[0][0].as<int>(), 4);
}

TEST(DatabaseTest, BodyErrorRollsBack) {
  Postgres::Get().Admin(
      "DROP TABLE IF EXISTS membership.rollback_probe; "
      "CREATE TABLE membership.rollback_probe (id int PRIMARY KEY); "
      "ALTER TABLE membership.rollback_probe OWNER TO partywork_membership");
  pqxx::connection conn(Postgres::Get().Url("membership"));
  grpc::Status status = InTransaction(conn, [](pqxx::work& tx) {
    tx.exec("INSERT INTO membership.rollback_probe VALUES (1)");
    return errors::FromRule({"SOME_RULE", "refused", "bị từ chối", {}});
  });
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(Postgres::Get().Admin("SELECT count(*) FROM membership.rollback_probe")[0][0].as<int>(),
            0);
}

TEST(DatabaseTest, AJobRunsAnotherOnAnIdleWorkerOnly) {
  EXPECT_EQ(Database::Current(), nullptr);
  Database two(Options(2));
  bool helped = false;
  ASSERT_TRUE(two.Run([&](pqxx::connection&) {
                   EXPECT_EQ(Database::Current(), &two);
                   auto helper = two.TryRunOnIdleWorker([&](pqxx::connection& conn) {
                     helped = SelectOne(conn).ok();
                     return grpc::Status::OK;
                   });
                   EXPECT_TRUE(helper.has_value());
                   if (helper) {
                     EXPECT_TRUE(helper->get().ok());
                   }
                   return grpc::Status::OK;
                 })
                  .ok());
  EXPECT_TRUE(helped);
  // The only worker is the caller's: a helper queued behind it would never run.
  Database one(Options(1));
  ASSERT_TRUE(one.Run([&](pqxx::connection&) {
                   EXPECT_FALSE(one.TryRunOnIdleWorker(SelectOne).has_value());
                   return grpc::Status::OK;
                 })
                  .ok());
}

TEST(DatabaseTest, AReadAlongsideSeesTheSnapshotOfTheTransactionItHelps) {
  Postgres::Get().Admin(
      "DROP TABLE IF EXISTS membership.snapshot_probe; "
      "CREATE TABLE membership.snapshot_probe (id int PRIMARY KEY); "
      "INSERT INTO membership.snapshot_probe VALUES (1); "
      "ALTER TABLE membership.snapshot_probe OWNER TO partywork_membership");
  Database db(Options(2));
  auto count = [](pqxx::transaction_base& tx) {
    return tx.exec1("SELECT count(*) FROM membership.snapshot_probe")[0].as<int>();
  };
  int seen_alongside = 0;
  ASSERT_TRUE(db.Run([&](pqxx::connection& conn) {
                  pqxx::transaction<pqxx::isolation_level::repeatable_read, pqxx::read_only> tx(
                      conn);
                  EXPECT_EQ(count(tx), 1);
                  // Committed after the snapshot was taken: neither read sees it.
                  Postgres::Get().Admin("INSERT INTO membership.snapshot_probe VALUES (2)");
                  auto helper = ReadAlongside(
                      tx, [&](pqxx::transaction_base& shared) { seen_alongside = count(shared); });
                  EXPECT_TRUE(helper.has_value());
                  if (helper) {
                    EXPECT_TRUE(helper->get().ok());
                  }
                  EXPECT_EQ(count(tx), 1);
                  return grpc::Status::OK;
                }).ok());
  EXPECT_EQ(seen_alongside, 1);
  // A read-committed transaction has no snapshot to share.
  ASSERT_TRUE(db.Run([&](pqxx::connection& conn) {
                  pqxx::work tx(conn);
                  EXPECT_THROW(ReadAlongside(tx, [](pqxx::transaction_base&) {}), std::logic_error);
                  return grpc::Status::OK;
                }).ok());
  // Outside a pool's worker there is no one to read alongside.
  pqxx::connection conn(Postgres::Get().Url("membership"));
  pqxx::transaction<pqxx::isolation_level::repeatable_read> tx(conn);
  EXPECT_FALSE(ReadAlongside(tx, [](pqxx::transaction_base&) {}).has_value());
}

// The helped transaction holds a lock that an exclusive request waits for;
// the helper, queued behind that request, gives up instead of waiting for
// ever on a transaction that waits for it.
TEST(DatabaseTest, AReadAlongsideQueuedBehindALockGivesUp) {
  Postgres::Get().Admin(
      "DROP TABLE IF EXISTS membership.lock_probe; "
      "CREATE TABLE membership.lock_probe (id int PRIMARY KEY); "
      "ALTER TABLE membership.lock_probe OWNER TO partywork_membership");
  Database db(Options(2));
  std::thread exclusive;
  grpc::Status helped;
  ASSERT_TRUE(
      db.Run([&](pqxx::connection& conn) {
          pqxx::transaction<pqxx::isolation_level::repeatable_read, pqxx::read_only> tx(conn);
          tx.exec("SELECT count(*) FROM membership.lock_probe");
          exclusive = std::thread([] {
            Postgres::Get().Admin("LOCK TABLE membership.lock_probe IN ACCESS EXCLUSIVE MODE");
          });
          while (Postgres::Get()
                     .Admin("SELECT count(*) FROM pg_locks WHERE NOT granted AND relation = "
                            "'membership.lock_probe'::regclass")[0][0]
                     .as<int>() == 0) {
            absl::SleepFor(absl::Milliseconds(5));
          }
          auto helper = ReadAlongside(tx, [](pqxx::transaction_base& shared) {
            shared.exec("SELECT count(*) FROM membership.lock_probe");
          });
          EXPECT_TRUE(helper.has_value());
          if (helper) helped = helper->get();
          return grpc::Status::OK;
        }).ok());
  exclusive.join();
  EXPECT_FALSE(helped.ok());
}

grpc::Status StatusOf(const std::string& sql) {
  pqxx::connection conn(Postgres::Get().Url("membership"));
  return InTransaction(conn, [&](pqxx::work& tx) {
    tx.exec(sql);
    return grpc::Status::OK;
  });
}

TEST(DatabaseTest, MapsDatabaseErrorsToCodes) {
  Postgres::Get().Admin(
      "DROP TABLE IF EXISTS membership.errors_probe; "
      "CREATE TABLE membership.errors_probe (id int PRIMARY KEY, n int CHECK (n > 0)); "
      "INSERT INTO membership.errors_probe VALUES (1, 1); "
      "ALTER TABLE membership.errors_probe OWNER TO partywork_membership");
  grpc::Status duplicate = StatusOf("INSERT INTO membership.errors_probe VALUES (1, 1)");
  EXPECT_EQ(duplicate.error_code(), grpc::StatusCode::ALREADY_EXISTS);
  grpc::Status check = StatusOf("INSERT INTO membership.errors_probe VALUES (2, -1)");
  EXPECT_EQ(check.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(errors::Reason(check), "CONSTRAINT_VIOLATION");
  grpc::Status slow = StatusOf("SET LOCAL statement_timeout = 20; SELECT pg_sleep(2)");
  EXPECT_EQ(slow.error_code(), grpc::StatusCode::DEADLINE_EXCEEDED);
  grpc::Status denied = StatusOf("SELECT * FROM pg_authid");
  EXPECT_EQ(denied.error_code(), grpc::StatusCode::INTERNAL);
}

TEST(DatabaseTest, LostConnectionIsUnavailableAndTheWorkerReconnects) {
  Database db(Options(1));
  grpc::Status killed = db.Run([](pqxx::connection& conn) {
    Postgres::Get().Admin("SELECT pg_terminate_backend(" + std::to_string(conn.backendpid()) + ")");
    return InTransaction(conn, [](pqxx::work& tx) {
      tx.exec("SELECT 1");
      return grpc::Status::OK;
    });
  });
  EXPECT_EQ(killed.error_code(), grpc::StatusCode::UNAVAILABLE) << killed.error_message();
  EXPECT_TRUE(db.Run(SelectOne).ok());
}

// Rows sent as one array per column come back as they were sent: quotes,
// backslashes, commas, braces, NULL and the text "NULL", dates, booleans.
TEST(ColumnsTest, ManyRowsInOneStatementArriveAsSent) {
  pqxx::connection conn(Postgres::Get().Url("membership"));
  pqxx::work tx(conn);  // rolled back: the table is never kept
  tx.exec0(
      "CREATE TABLE membership.columns_rows (id bigint, name text, day date, flag boolean, "
      "note text)");
  const std::vector<std::string> names = {"Nguyễn \"Văn\" A", "back\\slash", "a,b {c}", "NULL", ""};
  Columns rows(5);
  EXPECT_TRUE(rows.empty());
  for (size_t i = 0; i < names.size(); ++i) {
    rows.Add(static_cast<int64_t>(i) + 1)
        .Add(names[i])
        .Add(absl::CivilDay(2024, 2, 28) + static_cast<int>(i))
        .Add(i % 2 == 0)
        .Add(i == 1 ? std::optional<std::string>() : std::optional<std::string>("x"));
  }
  EXPECT_EQ(rows.rows(), 5);
  const Statement insert{
      "columns_rows_insert",
      "INSERT INTO membership.columns_rows SELECT * FROM unnest($1::bigint[], $2::text[], "
      "$3::date[], $4::boolean[], $5::text[])"};
  EXPECT_EQ(ExecRows(tx, insert, rows).affected_rows(), 5u);
  pqxx::result r = tx.exec(
      "SELECT id, name, day::text, flag, note IS NULL FROM membership.columns_rows ORDER BY id");
  ASSERT_EQ(r.size(), 5u);
  for (size_t i = 0; i < names.size(); ++i) {
    EXPECT_EQ(r[i][0].as<int64_t>(), static_cast<int64_t>(i) + 1);
    EXPECT_EQ(r[i][1].as<std::string>(), names[i]);
    EXPECT_EQ(r[i][2].as<std::string>(),
              FormatDay(absl::CivilDay(2024, 2, 28) + static_cast<int>(i)));
    EXPECT_EQ(r[i][3].as<bool>(), i % 2 == 0);
    EXPECT_EQ(r[i][4].as<bool>(), i == 1);
  }
}

// Timestamps and dates as the queries select them, read without libpqxx's
// own conversions.
TEST(ColumnsTest, TimesAndDaysAreReadAsPostgresWritesThem) {
  pqxx::connection conn(Postgres::Get().Url("membership"));
  pqxx::read_transaction tx(conn);
  pqxx::row r = tx.exec1(
      "SELECT extract(epoch FROM timestamptz '2024-05-06 07:08:09.123456+00')::float8, "
      "extract(epoch FROM timestamptz '1969-12-31 23:59:59.5+00')::float8, "
      "extract(epoch FROM now())::float8, date '2024-02-29'::text, 'soon'::text, NULL::float8, "
      "extract(epoch FROM timestamptz 'infinity')::float8, NULL::date::text");
  EXPECT_EQ(TimeOf(r[0]),
            absl::FromCivil(absl::CivilSecond(2024, 5, 6, 7, 8, 9), absl::UTCTimeZone()) +
                absl::Microseconds(123456));
  EXPECT_EQ(TimeOf(r[1]), absl::FromUnixMillis(-500));
  google::protobuf::Timestamp seconds;
  SetSeconds(r[0], &seconds);
  EXPECT_EQ(seconds.seconds(), absl::ToUnixSeconds(TimeOf(r[0])));
  EXPECT_EQ(seconds.nanos(), 0);
  EXPECT_LT(absl::AbsDuration(TimeOf(r[2]) - absl::Now()), absl::Minutes(1));
  EXPECT_EQ(DayOf(r[3]), absl::CivilDay(2024, 2, 29));
  EXPECT_THROW(TimeOf(r[4]), pqxx::conversion_error);
  EXPECT_THROW(TimeOf(r[5]), pqxx::conversion_error);
  EXPECT_THROW(TimeOf(r[6]), pqxx::conversion_error);
  EXPECT_THROW(DayOf(r[7]), pqxx::conversion_error);
}

}  // namespace
}  // namespace partywork::db
