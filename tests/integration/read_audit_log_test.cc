// The records of reads, committed together before the reads are answered.
#include "libs/platform/db/read_audit_log.h"

#include <atomic>
#include <future>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "libs/platform/db/migrations.h"
#include "tests/harness/postgres.h"

PARTYWORK_USE_POSTGRES();

namespace partywork::db {
namespace {

using ::partywork::testing::Postgres;

class ReadAuditLogTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Postgres::Get().ResetSchema("membership");
    ASSERT_TRUE(Migrate(url_, "membership", {}).ok());
  }

  static AuditRecord Read(const std::string& resource) {
    CallContext call;
    call.caller = Caller{"user-7", "khoi_office", ""};
    call.request_id = "req-" + resource;
    return AuditRecord(call, "ReadMemberRecord", resource, {{"personal_data", true}});
  }

  static int Records(const std::string& where = "true") {
    return Postgres::Get()
        .Admin("SELECT count(*) FROM membership.audit_log WHERE " + where)[0][0]
        .as<int>();
  }

  std::string url_ = Postgres::Get().Url("membership");
};

TEST_F(ReadAuditLogTest, ARecordIsCommittedBeforeTheReadIsAnswered) {
  ReadAuditLog log({url_, "membership"});
  std::promise<int> seen;
  log.Record(Read("members/9"), [&](grpc::Status s) {
    EXPECT_TRUE(s.ok()) << s.error_message();
    // What another session sees when the answer goes out.
    seen.set_value(Records("resource = 'members/9'"));
  });
  EXPECT_EQ(seen.get_future().get(), 1);
  const auto row = Postgres::Get().Admin(
      "SELECT subject, role, request_id, action, details->>'personal_data' "
      "FROM membership.audit_log");
  ASSERT_EQ(row.size(), 1u);
  EXPECT_EQ(row[0][0].as<std::string>(), "user-7");
  EXPECT_EQ(row[0][1].as<std::string>(), "khoi_office");
  EXPECT_EQ(row[0][2].as<std::string>(), "req-members/9");
  EXPECT_EQ(row[0][3].as<std::string>(), "ReadMemberRecord");
  EXPECT_EQ(row[0][4].as<std::string>(), "true");
}

TEST_F(ReadAuditLogTest, ConcurrentReadsShareInsertsAndEveryOneIsRecorded) {
  constexpr int kReaders = 8, kReadsEach = 250;
  std::atomic<int> ok{0};
  {
    ReadAuditLog log({url_, "membership"});
    std::vector<std::thread> readers;
    for (int r = 0; r < kReaders; ++r) {
      readers.emplace_back([&, r] {
        for (int i = 0; i < kReadsEach; ++i) {
          std::promise<void> answered;
          log.Record(Read(absl::StrCat("members/", r * kReadsEach + i)), [&](grpc::Status s) {
            if (s.ok()) ++ok;
            answered.set_value();
          });
          answered.get_future().wait();
        }
      });
    }
    for (auto& t : readers) t.join();
  }
  EXPECT_EQ(ok.load(), kReaders * kReadsEach);
  EXPECT_EQ(Records(), kReaders * kReadsEach);
  EXPECT_EQ(Records("resource = 'members/1999'"), 1);
  // Eight readers waiting on one writer: their records shared transactions.
  const int transactions =
      Postgres::Get()
          .Admin("SELECT count(DISTINCT xmin::text) FROM membership.audit_log")[0][0]
          .as<int>();
  EXPECT_LT(transactions, kReaders * kReadsEach);
}

TEST_F(ReadAuditLogTest, ARecordThatCannotBeWrittenRefusesTheRead) {
  // Nothing listens on this port: the read must not be answered as if audited.
  ReadAuditLog log({"postgresql://nobody@127.0.0.1:1/none?connect_timeout=1", "membership"});
  std::promise<grpc::Status> answer;
  log.Record(Read("members/9"), [&](grpc::Status s) { answer.set_value(s); });
  const grpc::Status s = answer.get_future().get();
  EXPECT_EQ(s.error_code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_NE(s.error_message().find("could not be audited"), std::string::npos) << s.error_message();
}

TEST_F(ReadAuditLogTest, RecordsQueuedAtShutdownAreWrittenFirst) {
  std::atomic<int> ok{0};
  {
    ReadAuditLog log({url_, "membership"});
    for (int i = 0; i < 300; ++i) {
      log.Record(Read(absl::StrCat("members/", i)), [&](grpc::Status s) {
        if (s.ok()) ++ok;
      });
    }
  }  // the destructor writes what is queued
  EXPECT_EQ(ok.load(), 300);
  EXPECT_EQ(Records(), 300);
}

TEST_F(ReadAuditLogTest, AFullQueueRefusesAtOnce) {
  ReadAuditLogOptions options{url_, "membership"};
  options.queue_limit = 0;
  ReadAuditLog log(options);
  grpc::Status refused;
  log.Record(Read("members/9"), [&](grpc::Status s) { refused = s; });
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_EQ(Records(), 0);
}

}  // namespace
}  // namespace partywork::db
