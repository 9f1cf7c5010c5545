// The outbox feed: concurrent writers committing in random order, a consumer
// following over real gRPC that restarts half way, and every event applied
// exactly once, in sequence order.
#include <atomic>
#include <random>
#include <set>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "google/protobuf/wrappers.pb.h"
#include "gtest/gtest.h"
#include "libs/platform/channel.h"
#include "libs/platform/db/database.h"
#include "libs/platform/db/migrations.h"
#include "libs/platform/feed/consumer.h"
#include "libs/platform/feed/event_feed.h"
#include "libs/platform/feed/outbox.h"
#include "libs/platform/server.h"
#include "tests/harness/postgres.h"
#include "tests/harness/server_process.h"

PARTYWORK_USE_POSTGRES();

namespace partywork::feed {
namespace {

using ::google::protobuf::StringValue;
using ::partywork::testing::kTestIdentitySecret;
using ::partywork::testing::Postgres;

constexpr char kProducer[] = "membership";
constexpr char kConsumer[] = "reporting";

// A producer's feed served over gRPC on a free port, in this process.
class FeedServer {
 public:
  FeedServer() : db_(Options()), feed_(db_, FeedOptions()), host_(HostOpts()) {
    host_.Register(feed_.service(), common::v1::EventFeedService::service_full_name());
    EXPECT_TRUE(host_.Start().ok());
    host_.SetServing(true);
  }
  ~FeedServer() {
    host_.RequestShutdown();
    host_.Wait();
  }
  std::string address() const { return absl::StrCat("127.0.0.1:", host_.grpc_port()); }
  EventFeed& feed() { return feed_; }

 private:
  static db::DatabaseOptions Options() {
    db::DatabaseOptions o;
    o.conninfo = Postgres::Get().Url(kProducer);
    return o;
  }
  static EventFeedOptions FeedOptions() {
    EventFeedOptions o;
    o.schema = kProducer;
    o.poll_interval = absl::Milliseconds(20);
    o.max_batch_size = 200;
    return o;
  }
  static HostOptions HostOpts() {
    HostOptions o;
    o.service = "feed-test";
    o.listen_host = "127.0.0.1";
    o.metrics_port = -1;
    o.identity_secret = kTestIdentitySecret;
    o.shutdown_grace = absl::Seconds(1);
    return o;
  }
  db::Database db_;
  EventFeed feed_;
  ServiceHost host_;
};

class FeedTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Postgres::Get().ResetSchema(kProducer);
    Postgres::Get().ResetSchema(kConsumer);
    ASSERT_TRUE(db::Migrate(Postgres::Get().Url(kProducer), kProducer, {}).ok());
    ASSERT_TRUE(db::Migrate(Postgres::Get().Url(kConsumer), kConsumer,
                            {{1, "0001_applied",
                              "CREATE TABLE reporting.applied (sequence bigint NOT NULL, "
                              "writer int NOT NULL, n int NOT NULL)"}})
                    .ok());
  }

  std::unique_ptr<FeedConsumer> NewConsumer(const std::string& address) {
    ConsumerOptions o;
    o.feed = kProducer;
    o.channel = NewChannel(address);
    o.conninfo = Postgres::Get().Url(kConsumer);
    o.schema = kConsumer;
    o.identity_secret = kTestIdentitySecret;
    o.service_name = "feed-test";
    o.batch_size = 100;
    o.retry_min = absl::Milliseconds(20);
    return std::make_unique<FeedConsumer>(
        std::move(o), [this](pqxx::work& tx, const common::v1::Event& e) {
          StringValue payload;
          ASSERT_TRUE(e.payload().UnpackTo(&payload));
          std::vector<std::string> parts = absl::StrSplit(payload.value(), ':');
          tx.exec_params("INSERT INTO reporting.applied VALUES ($1, $2, $3)", e.sequence(),
                         std::stoi(parts[0]), std::stoi(parts[1]));
          std::lock_guard<std::mutex> lock(seen_mu_);
          seen_.push_back(e.sequence());
        });
  }

  // Publishes `count` events from `writer`, holding each transaction open a
  // random while so commits land out of insert order.
  static void Write(int writer, int count, EventFeed* feed) {
    pqxx::connection conn(Postgres::Get().Url(kProducer));
    std::mt19937 rng(writer);
    std::uniform_int_distribution<int> pause_us(0, 1500);
    for (int n = 0; n < count; ++n) {
      pqxx::work tx(conn);
      StringValue payload;
      payload.set_value(absl::StrCat(writer, ":", n));
      Publish(tx, kProducer, payload, absl::StrCat("writers/", writer), absl::StrCat(writer, n));
      absl::SleepFor(absl::Microseconds(pause_us(rng)));
      tx.commit();
      if (n % 50 == 0) feed->Notify();
    }
  }

  std::mutex seen_mu_;
  std::vector<int64_t> seen_;  // sequences as the apply function saw them
};

TEST_F(FeedTest, ConcurrentWritersEveryEventOnceInOrderAcrossConsumerRestart) {
  constexpr int kWriters = 8;
  constexpr int kPerWriter = 1000;
  constexpr int kTotal = kWriters * kPerWriter;
  FeedServer server;
  auto consumer = NewConsumer(server.address());
  consumer->Start();
  std::vector<std::thread> writers;
  for (int w = 0; w < kWriters; ++w) {
    writers.emplace_back([w, &server] { Write(w, kPerWriter, &server.feed()); });
  }
  // Restart the consumer in the middle of the run.
  ASSERT_TRUE(consumer->WaitUntilApplied(kTotal / 2, absl::Seconds(120)));
  consumer->Stop();
  int64_t at_restart = consumer->applied();
  consumer = NewConsumer(server.address());
  consumer->Start();
  for (auto& t : writers) t.join();
  ASSERT_TRUE(consumer->WaitUntilApplied(kTotal, absl::Seconds(120)))
      << "applied " << consumer->applied();
  consumer->Stop();
  EXPECT_GT(at_restart, 0);
  EXPECT_LT(at_restart, kTotal);

  auto& pg = Postgres::Get();
  EXPECT_EQ(pg.Admin("SELECT count(*) FROM reporting.applied")[0][0].as<int>(), kTotal);
  EXPECT_EQ(pg.Admin("SELECT count(DISTINCT (writer, n)) FROM reporting.applied")[0][0].as<int>(),
            kTotal);
  // Sequences are exactly 1..N.
  auto seq = pg.Admin(
      "SELECT min(sequence), max(sequence), count(DISTINCT sequence) "
      "FROM reporting.applied");
  EXPECT_EQ(seq[0][0].as<int>(), 1);
  EXPECT_EQ(seq[0][1].as<int>(), kTotal);
  EXPECT_EQ(seq[0][2].as<int>(), kTotal);
  // Each writer's events arrive in the order it committed them.
  EXPECT_EQ(pg.Admin("SELECT count(*) FROM (SELECT writer, n, lag(n) OVER (PARTITION BY writer "
                     "ORDER BY sequence) AS prev FROM reporting.applied) x WHERE prev >= n")[0][0]
                .as<int>(),
            0);
  EXPECT_EQ(pg.Admin("SELECT last_sequence FROM reporting.feed_checkpoints WHERE feed = "
                     "'membership'")[0][0]
                .as<int>(),
            kTotal);
  // The apply function saw 1, 2, 3, … in order (a rolled-back batch may be
  // seen again, never a skipped or earlier one).
  std::lock_guard<std::mutex> lock(seen_mu_);
  std::set<int64_t> distinct(seen_.begin(), seen_.end());
  EXPECT_EQ(distinct.size(), static_cast<size_t>(kTotal));
  for (size_t i = 1; i < seen_.size(); ++i) {
    ASSERT_TRUE(seen_[i] == seen_[i - 1] + 1 || seen_[i] <= seen_[i - 1])
        << "jump from " << seen_[i - 1] << " to " << seen_[i];
  }
}

TEST_F(FeedTest, DuplicateDeliveryIsAppliedOnce) {
  pqxx::connection conn(Postgres::Get().Url(kConsumer));
  google::protobuf::RepeatedPtrField<common::v1::Event> events;
  for (int i = 1; i <= 3; ++i) {
    auto* e = events.Add();
    e->set_sequence(i);
    StringValue payload;
    payload.set_value(absl::StrCat("0:", i));
    e->mutable_payload()->PackFrom(payload);
  }
  int applied = 0;
  auto count = [&](pqxx::work&, const common::v1::Event&) { ++applied; };
  EXPECT_EQ(FeedConsumer::ApplyBatch(conn, kConsumer, "dup", events, count), 3);
  EXPECT_EQ(FeedConsumer::ApplyBatch(conn, kConsumer, "dup", events, count), 3);
  EXPECT_EQ(applied, 3);
  EXPECT_EQ(FeedConsumer::LoadCheckpoint(conn, kConsumer, "dup"), 3);
}

TEST_F(FeedTest, GapIsRefusedAndNothingIsApplied) {
  pqxx::connection conn(Postgres::Get().Url(kConsumer));
  google::protobuf::RepeatedPtrField<common::v1::Event> events;
  events.Add()->set_sequence(1);
  events.Add()->set_sequence(3);
  int applied = 0;
  auto count = [&](pqxx::work&, const common::v1::Event&) { ++applied; };
  EXPECT_THROW(FeedConsumer::ApplyBatch(conn, kConsumer, "gap", events, count), std::runtime_error);
  EXPECT_EQ(FeedConsumer::LoadCheckpoint(conn, kConsumer, "gap"), 0);
}

TEST_F(FeedTest, StreamWithoutIdentityIsRefused) {
  FeedServer server;
  auto stub = common::v1::EventFeedService::NewStub(NewChannel(server.address()));
  grpc::ClientContext context;
  common::v1::StreamEventsRequest request;
  auto reader = stub->StreamEvents(&context, request);
  common::v1::StreamEventsResponse response;
  while (reader->Read(&response)) {
  }
  EXPECT_EQ(reader->Finish().error_code(), grpc::StatusCode::UNAUTHENTICATED);
}

}  // namespace
}  // namespace partywork::feed
