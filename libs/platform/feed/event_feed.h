// The server side of partywork.common.v1.EventFeedService over a service's
// outbox. Each stream polls the outbox on a database worker (never on a gRPC
// thread); between polls it sleeps until the poll interval passes or Notify()
// says an event was just committed in this process.
#pragma once

#include <atomic>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "absl/time/time.h"
#include "libs/platform/db/database.h"
#include "libs/platform/identity.h"
#include "partywork/common/v1/feed.grpc.pb.h"

namespace partywork::feed {

struct EventFeedOptions {
  std::string schema;
  absl::Duration poll_interval = absl::Milliseconds(200);
  // A commit wakes the waiting streams this much later, so the commits that
  // follow it meanwhile are read by the same poll (one read, not one each).
  absl::Duration notify_delay = absl::Milliseconds(2);
  // An empty response (with the head sequence) after this long without events.
  absl::Duration heartbeat = absl::Seconds(5);
  int max_batch_size = 500;
};

class EventFeed {
 public:
  EventFeed(db::Database& db, EventFeedOptions options);
  ~EventFeed();
  EventFeed(const EventFeed&) = delete;
  EventFeed& operator=(const EventFeed&) = delete;

  grpc::Service* service();
  // Wakes every waiting stream: call after committing an event.
  void Notify();
  // Ends every stream soon with UNAVAILABLE, so consumers reconnect to
  // another replica while this one drains.
  void Drain();

  class Stream;  // one StreamEvents call

 private:
  class Service;
  friend class Stream;
  void Sleep(Stream* stream, absl::Time until);
  // Removes `stream` from the sleepers; true if it was sleeping.
  bool Unsleep(Stream* stream);
  void WakeLoop();

  db::Database& db_;
  EventFeedOptions options_;
  std::unique_ptr<Service> service_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::multimap<absl::Time, Stream*> sleeping_;
  bool stopping_ = false;
  std::atomic<bool> draining_{false};
  std::thread waker_;
};

}  // namespace partywork::feed
