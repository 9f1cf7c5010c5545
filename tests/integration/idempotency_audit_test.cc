// Idempotent mutations and the append-only audit trail.
#include <atomic>
#include <thread>

#include "google/protobuf/wrappers.pb.h"
#include "gtest/gtest.h"
#include "libs/platform/db/audit.h"
#include "libs/platform/db/database.h"
#include "libs/platform/db/idempotency.h"
#include "libs/platform/db/migrations.h"
#include "libs/platform/errors.h"
#include "tests/harness/postgres.h"

PARTYWORK_USE_POSTGRES();

namespace partywork::db {
namespace {

using ::google::protobuf::StringValue;
using ::partywork::testing::Postgres;

class IdempotencyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Postgres::Get().ResetSchema("membership");
    ASSERT_TRUE(Migrate(url_, "membership",
                        {{1, "0001_probe", "CREATE TABLE membership.probe (v text NOT NULL)"}})
                    .ok());
  }

  // A mutation that inserts `value` and answers with the number of rows.
  grpc::Status Mutate(pqxx::connection& conn, const std::string& request_id,
                      const std::string& value, StringValue* response, bool* replayed = nullptr,
                      std::atomic<int>* runs = nullptr) {
    StringValue request;
    request.set_value(value);
    return InTransaction(conn, [&](pqxx::work& tx) {
      return RunOnce(
          tx, "membership", "Probe", request_id, request, response,
          [&] {
            if (runs != nullptr) ++*runs;
            tx.exec_params("INSERT INTO membership.probe VALUES ($1)", value);
            absl::SleepFor(absl::Milliseconds(50));  // widen the race window
            response->set_value(tx.exec("SELECT count(*) FROM membership.probe")[0][0].c_str());
            return grpc::Status::OK;
          },
          replayed);
    });
  }

  int Rows() {
    return Postgres::Get().Admin("SELECT count(*) FROM membership.probe")[0][0].as<int>();
  }

  std::string url_ = Postgres::Get().Url("membership");
};

TEST_F(IdempotencyTest, RetryReturnsTheFirstResultAndCommitsOnce) {
  pqxx::connection conn(url_);
  StringValue first, second;
  bool replayed = true;
  ASSERT_TRUE(Mutate(conn, "req-1", "a", &first, &replayed).ok());
  EXPECT_FALSE(replayed);
  ASSERT_TRUE(Mutate(conn, "req-1", "a", &second, &replayed).ok());
  EXPECT_TRUE(replayed);
  EXPECT_EQ(second.value(), first.value());
  EXPECT_EQ(Rows(), 1);
}

TEST_F(IdempotencyTest, SameIdForAnotherRequestIsRefused) {
  pqxx::connection conn(url_);
  StringValue response;
  ASSERT_TRUE(Mutate(conn, "req-2", "a", &response).ok());
  grpc::Status reused = Mutate(conn, "req-2", "b", &response);
  EXPECT_EQ(reused.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(errors::Reason(reused), "REQUEST_ID_REUSED");
  EXPECT_EQ(Rows(), 1);
}

TEST_F(IdempotencyTest, FailedMutationLeavesNoKeySoARetryRunsAgain) {
  pqxx::connection conn(url_);
  StringValue request, response;
  request.set_value("x");
  grpc::Status failed = InTransaction(conn, [&](pqxx::work& tx) {
    return RunOnce(tx, "membership", "Probe", "req-3", request, &response, [&] {
      tx.exec("INSERT INTO membership.probe VALUES ('x')");
      return errors::FromRule({"NOT_NOW", "not now", "chưa được", {}});
    });
  });
  EXPECT_EQ(failed.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(Rows(), 0);
  ASSERT_TRUE(Mutate(conn, "req-3", "x", &response).ok());
  EXPECT_EQ(Rows(), 1);
}

TEST_F(IdempotencyTest, ConcurrentRetriesRunTheMutationOnce) {
  std::atomic<int> runs{0};
  constexpr int kCallers = 6;
  std::vector<StringValue> responses(kCallers);
  std::vector<grpc::Status> statuses(kCallers);
  std::vector<std::thread> callers;
  for (int i = 0; i < kCallers; ++i) {
    callers.emplace_back([&, i] {
      pqxx::connection conn(url_);
      statuses[i] = Mutate(conn, "req-4", "same", &responses[i], nullptr, &runs);
    });
  }
  for (auto& t : callers) t.join();
  for (int i = 0; i < kCallers; ++i) {
    EXPECT_TRUE(statuses[i].ok()) << statuses[i].error_message();
    EXPECT_EQ(responses[i].value(), "1");
  }
  EXPECT_EQ(runs.load(), 1);
  EXPECT_EQ(Rows(), 1);
}

TEST_F(IdempotencyTest, AuditIsRecordedAndAppendOnly) {
  pqxx::connection conn(url_);
  CallContext call;
  call.caller = Caller{"user-7", "khoi_office", "organizations/3"};
  call.request_id = "req-5";
  {
    pqxx::work tx(conn);
    RecordAudit(tx, "membership", call, "ReadMemberRecord", "members/9", {{"fields", "all"}});
    tx.commit();
  }
  auto row = Postgres::Get().Admin(
      "SELECT subject, role, request_id, action, resource, details->>'fields' "
      "FROM membership.audit_log");
  ASSERT_EQ(row.size(), 1u);
  EXPECT_EQ(row[0][0].as<std::string>(), "user-7");
  EXPECT_EQ(row[0][1].as<std::string>(), "khoi_office");
  EXPECT_EQ(row[0][2].as<std::string>(), "req-5");
  EXPECT_EQ(row[0][3].as<std::string>(), "ReadMemberRecord");
  EXPECT_EQ(row[0][4].as<std::string>(), "members/9");
  EXPECT_EQ(row[0][5].as<std::string>(), "all");
  for (const char* sql : {"UPDATE membership.audit_log SET subject = 'someone else'",
                          "DELETE FROM membership.audit_log", "TRUNCATE membership.audit_log"}) {
    pqxx::work tx(conn);
    EXPECT_THROW(tx.exec(sql), pqxx::insufficient_privilege) << sql;
  }
  EXPECT_EQ(Postgres::Get().Admin("SELECT count(*) FROM membership.audit_log")[0][0].as<int>(), 1);
}

}  // namespace
}  // namespace partywork::db
