#include "libs/platform/feed/event_feed.h"

#include <algorithm>
#include <atomic>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "libs/platform/call_context.h"
#include "libs/platform/errors.h"
#include "libs/platform/feed/outbox.h"
#include "libs/platform/metrics.h"
#include "libs/platform/roles.h"

namespace partywork::feed {

using common::v1::StreamEventsRequest;
using common::v1::StreamEventsResponse;

namespace {

metrics::Family<metrics::Gauge>& HeadGauge() {
  static auto& g = metrics::Registry::Default().AddGauge(
      "partywork_feed_head_sequence", "Highest sequence numbered in this service's outbox.",
      {"schema"});
  return g;
}

}  // namespace

class EventFeed::Stream : public grpc::ServerWriteReactor<StreamEventsResponse> {
 public:
  Stream(EventFeed& feed, const StreamEventsRequest& request, int64_t max_batch)
      : feed_(feed),
        after_(request.after_sequence()),
        batch_size_(request.max_batch_size() > 0
                        ? std::min<int64_t>(request.max_batch_size(), max_batch)
                        : max_batch),
        stop_at_head_(request.stop_at_head()),
        last_sent_(absl::Now()) {}

  // Starts the next read. Exactly one of {read, write, sleep} is pending at
  // any time, and Finish is only called from its completion, so the reactor
  // outlives every callback that refers to it.
  void Poll() {
    if (cancelled_) return Finish(grpc::Status::CANCELLED);
    if (feed_.draining_) {
      return Finish(errors::Unavailable("this replica is shutting down; reconnect"));
    }
    const std::string schema = feed_.options_.schema;
    feed_.db_.Submit(
        [this, schema](pqxx::connection& conn) {
          AssignSequences(conn, schema);
          batch_ = ReadAfter(conn, schema, after_, static_cast<int>(batch_size_));
          return grpc::Status::OK;
        },
        [this](grpc::Status status) { OnRead(std::move(status)); });
  }

  void OnWriteDone(bool ok) override {
    if (!ok) return Finish(grpc::Status::CANCELLED);
    Poll();
  }

  void OnCancel() override {
    cancelled_ = true;
    if (feed_.Unsleep(this)) Poll();
  }

  void OnDone() override { delete this; }

 private:
  void OnRead(grpc::Status status) {
    if (!status.ok()) return Finish(status);
    if (cancelled_) return Finish(grpc::Status::CANCELLED);
    int64_t head = batch_.head;
    if (!batch_.events.empty()) head = std::max(head, batch_.events.back().sequence());
    HeadGauge().With({feed_.options_.schema}).Set(static_cast<double>(head));
    response_.Clear();
    response_.set_head_sequence(head);
    if (!batch_.events.empty()) {
      after_ = batch_.events.back().sequence();
      for (auto& e : batch_.events) *response_.add_events() = std::move(e);
      return Send();
    }
    if (stop_at_head_) return Finish(grpc::Status::OK);
    if (absl::Now() - last_sent_ >= feed_.options_.heartbeat) return Send();
    feed_.Sleep(this, absl::Now() + feed_.options_.poll_interval);
  }

  void Send() {
    last_sent_ = absl::Now();
    StartWrite(&response_);
  }

  EventFeed& feed_;
  int64_t after_;
  int64_t batch_size_;
  bool stop_at_head_;
  absl::Time last_sent_;
  std::atomic<bool> cancelled_{false};
  Batch batch_;
  StreamEventsResponse response_;
};

class EventFeed::Service : public common::v1::EventFeedService::CallbackService {
 public:
  explicit Service(EventFeed& feed) : feed_(feed) {}

  grpc::ServerWriteReactor<StreamEventsResponse>* StreamEvents(
      grpc::CallbackServerContext* context, const StreamEventsRequest* request) override {
    const CallContext& call = *CallOf(context);
    grpc::Status allowed = RequireCaller(call);
    // The feed is for partywork's servers: people read through the services,
    // whose answers are checked against their scope.
    if (allowed.ok() && call.caller->role != roles::kService) {
      allowed = errors::PermissionDenied(
                    "ROLE_NOT_ALLOWED",
                    absl::StrCat("event feeds are for partywork's servers (role \"",
                                 roles::kService, "\"), not role \"", call.caller->role, "\""))
                    .Meta("role", call.caller->role)
                    .Vietnamese("Luồng sự kiện chỉ dành cho các dịch vụ của hệ thống.");
    }
    if (allowed.ok() && request->after_sequence() < 0) {
      allowed = errors::InvalidArgument({{"after_sequence", "must be 0 or more"}});
    }
    if (!allowed.ok()) {
      auto* refused = new Refused();
      refused->Finish(allowed);
      return refused;
    }
    auto* stream = new Stream(feed_, *request, feed_.options_.max_batch_size);
    stream->Poll();
    return stream;
  }

 private:
  struct Refused : grpc::ServerWriteReactor<StreamEventsResponse> {
    void OnDone() override { delete this; }
  };
  EventFeed& feed_;
};

EventFeed::EventFeed(db::Database& db, EventFeedOptions options)
    : db_(db), options_(std::move(options)), service_(std::make_unique<Service>(*this)) {
  waker_ = std::thread([this] { WakeLoop(); });
}

EventFeed::~EventFeed() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  waker_.join();
}

grpc::Service* EventFeed::service() { return service_.get(); }

void EventFeed::Notify() {
  std::lock_guard<std::mutex> lock(mu_);
  // Keys are const in a multimap: rebuild with every sleeper due soon.
  const absl::Time soon = absl::Now() + options_.notify_delay;
  std::multimap<absl::Time, Stream*> due;
  for (auto& [until, stream] : sleeping_) due.emplace(std::min(until, soon), stream);
  sleeping_.swap(due);
  cv_.notify_all();
}

void EventFeed::Drain() {
  draining_ = true;
  Notify();
}

void EventFeed::Sleep(Stream* stream, absl::Time until) {
  std::lock_guard<std::mutex> lock(mu_);
  sleeping_.emplace(draining_ ? absl::InfinitePast() : until, stream);
  cv_.notify_all();
}

bool EventFeed::Unsleep(Stream* stream) {
  std::lock_guard<std::mutex> lock(mu_);
  for (auto it = sleeping_.begin(); it != sleeping_.end(); ++it) {
    if (it->second == stream) {
      sleeping_.erase(it);
      return true;
    }
  }
  return false;
}

void EventFeed::WakeLoop() {
  std::unique_lock<std::mutex> lock(mu_);
  while (!stopping_) {
    if (sleeping_.empty()) {
      cv_.wait(lock);
      continue;
    }
    absl::Time next = sleeping_.begin()->first;
    if (next > absl::Now()) {
      cv_.wait_for(lock, absl::ToChronoNanoseconds(next - absl::Now()));
      continue;
    }
    Stream* stream = sleeping_.begin()->second;
    sleeping_.erase(sleeping_.begin());
    lock.unlock();
    stream->Poll();
    lock.lock();
  }
}

}  // namespace partywork::feed
