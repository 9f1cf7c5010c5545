#include "libs/platform/feed/consumer.h"

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "libs/platform/db/database.h"
#include "libs/platform/identity.h"
#include "libs/platform/log.h"
#include "libs/platform/metrics.h"
#include "partywork/common/v1/feed.grpc.pb.h"

namespace partywork::feed {
namespace {

struct ConsumerMetrics {
  metrics::Family<metrics::Gauge>& applied;
  metrics::Family<metrics::Gauge>& lag;
};

ConsumerMetrics& Metrics() {
  auto& r = metrics::Registry::Default();
  static ConsumerMetrics m{
      r.AddGauge("partywork_feed_consumer_applied_sequence",
                 "Last sequence of the feed applied by this consumer.", {"feed"}),
      r.AddGauge("partywork_feed_consumer_lag",
                 "Events of the feed not yet applied (head minus applied).", {"feed"})};
  return m;
}

}  // namespace

FeedConsumer::ApplyAll FeedConsumer::EachEvent(Apply apply) {
  return [apply = std::move(apply)](pqxx::work& tx, const Events& events) {
    for (const common::v1::Event* event : events) apply(tx, *event);
  };
}

FeedConsumer::FeedConsumer(ConsumerOptions options, Apply apply)
    : FeedConsumer(std::move(options), EachEvent(std::move(apply))) {}

FeedConsumer::FeedConsumer(ConsumerOptions options, ApplyAll apply)
    : options_(std::move(options)), apply_(std::move(apply)) {}

FeedConsumer::~FeedConsumer() { Stop(); }

void FeedConsumer::Start() {
  stopping_ = false;
  thread_ = std::thread([this] { Run(); });
}

void FeedConsumer::Stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
    if (current_ != nullptr) current_->TryCancel();
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

bool FeedConsumer::WaitUntilApplied(int64_t sequence, absl::Duration timeout) {
  std::unique_lock<std::mutex> lock(mu_);
  return cv_.wait_for(lock, absl::ToChronoNanoseconds(timeout),
                      [&] { return applied_.load() >= sequence; });
}

int64_t FeedConsumer::LoadCheckpoint(pqxx::connection& conn, const std::string& schema,
                                     const std::string& feed) {
  const db::Statement load{
      schema + "_checkpoint_load",
      absl::StrCat("SELECT last_sequence FROM ", schema, ".feed_checkpoints WHERE feed = $1")};
  pqxx::read_transaction tx(conn);
  pqxx::result r = db::Exec(tx, load, feed);
  return r.empty() ? 0 : r[0][0].as<int64_t>();
}

int64_t FeedConsumer::ApplyBatch(
    pqxx::connection& conn, const std::string& schema, const std::string& feed,
    const google::protobuf::RepeatedPtrField<common::v1::Event>& events, const ApplyAll& apply) {
  const db::Statement lock{
      schema + "_checkpoint_lock",
      absl::StrCat(
          "INSERT INTO ", schema,
          ".feed_checkpoints (feed, last_sequence) VALUES ($1, 0) "
          "ON CONFLICT (feed) DO UPDATE SET feed = EXCLUDED.feed RETURNING last_sequence")};
  const db::Statement save{schema + "_checkpoint_save",
                           absl::StrCat("UPDATE ", schema,
                                        ".feed_checkpoints SET last_sequence = $2, updated_at = "
                                        "now() WHERE feed = $1")};
  pqxx::work tx(conn);
  // The upsert locks the checkpoint row: a second consumer of the same feed
  // waits here, then skips what this one applied.
  int64_t last = db::Exec(tx, lock, feed)[0][0].as<int64_t>();
  const int64_t start = last;
  Events fresh;
  for (const auto& event : events) {
    if (event.sequence() <= last) continue;  // delivered again
    if (event.sequence() != last + 1) {
      throw std::runtime_error(
          absl::StrCat("feed ", feed, " jumped from ", last, " to ", event.sequence()));
    }
    fresh.push_back(&event);
    last = event.sequence();
  }
  if (!fresh.empty()) apply(tx, fresh);
  if (last != start) db::Exec(tx, save, feed, last);
  tx.commit();
  return last;
}

void FeedConsumer::Run() {
  db::Connection connection(options_.conninfo);
  absl::Duration backoff = options_.retry_min;
  while (!stopping_) {
    try {
      FollowOnce(connection.Get());
      backoff = options_.retry_min;
    } catch (const std::exception& e) {
      log::Warn("feed consumer error", {{"feed", options_.feed}, {"error", e.what()}});
      connection.ResetIfBroken();
      backoff = std::min(backoff * 2, options_.retry_max);
    }
    std::unique_lock<std::mutex> lock(mu_);
    cv_.wait_for(lock, absl::ToChronoNanoseconds(backoff), [this] { return stopping_.load(); });
  }
}

void FeedConsumer::FollowOnce(pqxx::connection& conn) {
  int64_t checkpoint = LoadCheckpoint(conn, options_.schema, options_.feed);
  applied_ = checkpoint;
  auto stub = common::v1::EventFeedService::NewStub(options_.channel);
  grpc::ClientContext context;
  context.AddMetadata(
      kIdentityHeader,
      IdentitySigner(options_.identity_secret)
          .Sign({"service:" + options_.service_name, "service", ""}, absl::Hours(24)));
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (stopping_) return;
    current_ = &context;
  }
  common::v1::StreamEventsRequest request;
  request.set_after_sequence(checkpoint);
  request.set_max_batch_size(options_.batch_size);
  auto reader = stub->StreamEvents(&context, request);
  common::v1::StreamEventsResponse response;
  std::string failure;
  try {
    while (reader->Read(&response)) {
      if (!response.events().empty()) {
        int64_t last = ApplyBatch(conn, options_.schema, options_.feed, response.events(), apply_);
        {
          std::lock_guard<std::mutex> lock(mu_);
          applied_ = last;
        }
        cv_.notify_all();
      }
      lag_ = std::max<int64_t>(0, response.head_sequence() - applied_);
      Metrics().applied.With({options_.feed}).Set(static_cast<double>(applied_.load()));
      Metrics().lag.With({options_.feed}).Set(static_cast<double>(lag_.load()));
    }
  } catch (const std::exception& e) {
    failure = e.what();
    context.TryCancel();
  }
  grpc::Status status = reader->Finish();
  {
    std::lock_guard<std::mutex> lock(mu_);
    current_ = nullptr;
  }
  if (!failure.empty()) throw std::runtime_error(failure);
  if (!status.ok() && !stopping_) {
    throw std::runtime_error(absl::StrCat("stream ended: ", status.error_message()));
  }
}

}  // namespace partywork::feed
