// The consumer side of a feed: follows another service's StreamEvents and
// applies each response's events together with the new checkpoint in one
// transaction of its own schema. A crash, a reconnect or a duplicate delivery
// never applies an event twice; a gap in the sequence is refused (the stream
// is reopened from the checkpoint).
#pragma once

#include <atomic>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "absl/time/time.h"
#include "grpcpp/channel.h"
#include "grpcpp/client_context.h"
#include "partywork/common/v1/feed.pb.h"
#include "pqxx/pqxx"

namespace partywork::feed {

// The new events of one response, ascending and without gaps.
using Events = std::vector<const common::v1::Event*>;

struct ConsumerOptions {
  std::string feed;  // checkpoint key and metrics label, e.g. "membership"
  std::shared_ptr<grpc::Channel> channel;
  std::string conninfo;  // this service's database
  std::string schema;    // this service's schema (holds feed_checkpoints)
  std::string identity_secret;
  std::string service_name;  // signs as "service:<service_name>"
  int batch_size = 500;
  absl::Duration retry_min = absl::Milliseconds(100);
  absl::Duration retry_max = absl::Seconds(5);
};

class FeedConsumer {
 public:
  // Applies one event inside the consumer's transaction. Throwing rolls the
  // whole batch back; it is retried after a pause, never skipped.
  using Apply = std::function<void(pqxx::work&, const common::v1::Event&)>;
  // Applies a response's new events at once (e.g. with a few statements for
  // all of them), in the same transaction as the checkpoint.
  using ApplyAll = std::function<void(pqxx::work&, const Events&)>;
  static ApplyAll EachEvent(Apply apply);

  FeedConsumer(ConsumerOptions options, Apply apply);
  FeedConsumer(ConsumerOptions options, ApplyAll apply);
  ~FeedConsumer();  // stops
  FeedConsumer(const FeedConsumer&) = delete;
  FeedConsumer& operator=(const FeedConsumer&) = delete;

  void Start();
  void Stop();

  // The last sequence applied (and committed).
  int64_t applied() const { return applied_.load(); }
  // The events the feed held beyond applied() when it last answered; -1
  // before its first answer.
  int64_t lag() const { return lag_.load(); }
  // Waits until applied() >= sequence; false on timeout.
  bool WaitUntilApplied(int64_t sequence, absl::Duration timeout);

  // Applies `events` (ascending) with the checkpoint in one transaction:
  // events at or below the checkpoint are skipped, a gap throws. Returns the
  // new checkpoint.
  static int64_t ApplyBatch(pqxx::connection& conn, const std::string& schema,
                            const std::string& feed,
                            const google::protobuf::RepeatedPtrField<common::v1::Event>& events,
                            const ApplyAll& apply);
  static int64_t ApplyBatch(pqxx::connection& conn, const std::string& schema,
                            const std::string& feed,
                            const google::protobuf::RepeatedPtrField<common::v1::Event>& events,
                            const Apply& apply) {
    return ApplyBatch(conn, schema, feed, events, EachEvent(apply));
  }
  // The checkpoint stored for `feed` (0 if none).
  static int64_t LoadCheckpoint(pqxx::connection& conn, const std::string& schema,
                                const std::string& feed);

 private:
  void Run();
  // One stream from the checkpoint until it ends or fails.
  void FollowOnce(pqxx::connection& conn);

  ConsumerOptions options_;
  ApplyAll apply_;
  std::atomic<int64_t> applied_{0};
  std::atomic<int64_t> lag_{-1};
  std::atomic<bool> stopping_{false};
  std::mutex mu_;
  std::condition_variable cv_;
  grpc::ClientContext* current_ = nullptr;  // guarded by mu_
  std::thread thread_;
};

}  // namespace partywork::feed
