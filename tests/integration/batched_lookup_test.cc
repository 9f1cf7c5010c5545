// Lookups by id asked for at the same moment, answered by one statement
// (libs/platform/db/batched_lookup.h): each caller gets exactly its id's
// rows, lookups share statements, a slow statement holds up no other, and
// every failure reaches every caller.
#include "libs/platform/db/batched_lookup.h"

#include <future>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "gtest/gtest.h"
#include "tests/harness/postgres.h"

PARTYWORK_USE_POSTGRES();

namespace partywork::db {
namespace {

using ::partywork::testing::Postgres;

// Id n has n % 3 rows (k = 1, 2 …); the statement's start time tells which
// statement answered.
BatchedLookupOptions Rows(std::string url) {
  return {std::move(url), "test_lookup",
          "SELECT n, k, statement_timestamp()::text FROM unnest($1::bigint[]) n, "
          "generate_series(1, (n % 3)::int) k ORDER BY n, k"};
}

struct Answer {
  grpc::Status status;
  std::vector<int64_t> ks;
  std::string statement;
};

Answer Find(BatchedLookup& lookup, int64_t id,
            absl::Time deadline = absl::Now() + absl::Seconds(10)) {
  std::promise<Answer> answered;
  lookup.Find(id, deadline, [&](grpc::Status status, const std::vector<pqxx::row>& rows) {
    Answer a{status, {}, ""};
    for (const pqxx::row& r : rows) {
      EXPECT_EQ(r[0].as<int64_t>(), id);
      a.ks.push_back(r[1].as<int64_t>());
      a.statement = r[2].as<std::string>();
    }
    answered.set_value(a);
  });
  return answered.get_future().get();
}

TEST(BatchedLookupTest, EachCallerGetsItsOwnRowsInOrder) {
  BatchedLookup lookup(Rows(Postgres::Get().Url("membership")));
  EXPECT_EQ(Find(lookup, 7).ks, (std::vector<int64_t>{1}));
  EXPECT_EQ(Find(lookup, 8).ks, (std::vector<int64_t>{1, 2}));
  const Answer none = Find(lookup, 9);
  EXPECT_TRUE(none.status.ok()) << none.status.error_message();
  EXPECT_TRUE(none.ks.empty());  // nothing has the id
}

TEST(BatchedLookupTest, ConcurrentLookupsShareStatementsAndEveryOneIsAnswered) {
  constexpr int kCallers = 8, kLookupsEach = 200;
  std::mutex mu;
  std::set<std::string> statements;
  int answered = 0;
  {
    BatchedLookupOptions options = Rows(Postgres::Get().Url("membership"));
    options.threads = 3;  // two standing by, taking what waits too long
    BatchedLookup lookup(options);
    std::vector<std::thread> callers;
    for (int c = 0; c < kCallers; ++c) {
      callers.emplace_back([&, c] {
        for (int i = 0; i < kLookupsEach; ++i) {
          const int64_t id = 3 * (c * kLookupsEach + i) + 2;  // two rows each
          const Answer a = Find(lookup, id);
          EXPECT_TRUE(a.status.ok()) << a.status.error_message();
          EXPECT_EQ(a.ks, (std::vector<int64_t>{1, 2})) << id;
          std::lock_guard<std::mutex> lock(mu);
          statements.insert(a.statement);
          ++answered;
        }
      });
    }
    for (auto& t : callers) t.join();
  }
  EXPECT_EQ(answered, kCallers * kLookupsEach);
  // Lookups waiting together went in one statement.
  EXPECT_LT(statements.size(), static_cast<size_t>(kCallers * kLookupsEach));
}

TEST(BatchedLookupTest, ALookupPastItsDeadlineIsNotRun) {
  BatchedLookup lookup(Rows(Postgres::Get().Url("membership")));
  const Answer late = Find(lookup, 7, absl::Now() - absl::Seconds(1));
  EXPECT_EQ(late.status.error_code(), grpc::StatusCode::DEADLINE_EXCEEDED);
  EXPECT_TRUE(late.ks.empty());
}

TEST(BatchedLookupTest, AnUnreachableOrBrokenConnectionIsUnavailableAndTheNextBatchReconnects) {
  BatchedLookup down(Rows("postgresql://nobody@127.0.0.1:1/none?connect_timeout=1"));
  EXPECT_EQ(Find(down, 7).status.error_code(), grpc::StatusCode::UNAVAILABLE);
  // The same lookup connects again for its next batch.
  BatchedLookup up(Rows(Postgres::Get().Url("membership")));
  EXPECT_EQ(Find(up, 7).ks, (std::vector<int64_t>{1}));
  Postgres::Get().Admin(
      "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE '%unnest($1%' "
      "AND pid <> pg_backend_pid()");
  const Answer broken = Find(up, 7);  // its connection was closed under it
  EXPECT_EQ(broken.status.error_code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_EQ(Find(up, 8).ks, (std::vector<int64_t>{1, 2}));
}

TEST(BatchedLookupTest, ASlowBatchDoesNotHoldUpTheNext) {
  // Id 1 takes two seconds to read (as rows not in memory would); id 2 none.
  BatchedLookupOptions options{
      Postgres::Get().Url("membership"), "test_lookup_slow",
      "SELECT n, 1, (SELECT statement_timestamp()::text FROM pg_sleep(CASE WHEN n = 1 THEN 2 "
      "ELSE 0 END)) FROM unnest($1::bigint[]) n"};
  options.threads = 2;
  BatchedLookup lookup(options);
  std::promise<grpc::Status> slow;
  lookup.Find(1, absl::InfiniteFuture(),
              [&slow](grpc::Status s, const std::vector<pqxx::row>&) { slow.set_value(s); });
  absl::SleepFor(absl::Milliseconds(200));  // the slow batch has started
  // The thread standing by takes the next batch once it has waited 5 ms.
  const absl::Time start = absl::Now();
  EXPECT_TRUE(Find(lookup, 2).status.ok());
  EXPECT_LT(absl::Now() - start, absl::Seconds(1));  // not after the slow one
  EXPECT_TRUE(slow.get_future().get().ok());
}

TEST(BatchedLookupTest, AFailingStatementFailsEveryCallerOfItsBatch) {
  BatchedLookup lookup({Postgres::Get().Url("membership"), "test_lookup_broken",
                        "SELECT n, 1 / (n - n) FROM unnest($1::bigint[]) n"});
  std::vector<std::thread> callers;
  for (int c = 0; c < 4; ++c) {
    callers.emplace_back([&, c] {
      for (int i = 1; i <= 25; ++i) {
        const Answer a = Find(lookup, c * 100 + i);
        EXPECT_EQ(a.status.error_code(), grpc::StatusCode::INTERNAL);  // division by zero
        EXPECT_TRUE(a.ks.empty());
      }
    });
  }
  for (auto& t : callers) t.join();
}

TEST(BatchedLookupTest, QueuedLookupsAreAnsweredBeforeItStops) {
  std::vector<std::future<grpc::Status>> pending;
  std::vector<std::promise<grpc::Status>> answers(50);
  {
    BatchedLookupOptions options = Rows(Postgres::Get().Url("membership"));
    options.threads = 3;  // every thread stops only when the queue is empty
    BatchedLookup lookup(options);
    for (int i = 0; i < 50; ++i) {
      pending.push_back(answers[i].get_future());
      lookup.Find(i + 1, absl::InfiniteFuture(),
                  [&answers, i](grpc::Status s, const std::vector<pqxx::row>&) {
                    answers[i].set_value(s);
                  });
    }
  }
  for (auto& f : pending) EXPECT_TRUE(f.get().ok());
}

}  // namespace
}  // namespace partywork::db
