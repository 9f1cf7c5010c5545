// Read-your-writes for reports: a request may ask that reporting has applied
// given feed positions, and wait a bounded time for it. The wait never holds
// a gRPC thread nor a database worker: one waiter thread watches the feed
// consumers and releases each request when its positions are reached or its
// time is up; the report's own transaction then checks the positions again.
#pragma once

#include <condition_variable>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "absl/time/time.h"
#include "libs/platform/feed/consumer.h"
#include "partywork/reporting/v1/reporting_service.pb.h"

namespace partywork::reporting {

// The longest wait a request may ask for.
inline constexpr absl::Duration kMaxFreshnessWait = absl::Seconds(30);

class FreshnessWaiter {
 public:
  FreshnessWaiter() = default;
  ~FreshnessWaiter();  // releases every waiting request at once
  FreshnessWaiter(const FreshnessWaiter&) = delete;
  FreshnessWaiter& operator=(const FreshnessWaiter&) = delete;

  // The consumers whose progress is watched, by feed name.
  void Watch(const std::string& feed, const feed::FeedConsumer* consumer);
  // Runs `then` (on the waiter's thread, or at once on the caller's) when
  // every position is applied by this process's consumers or at `until`.
  void Wait(const std::vector<v1::FeedPosition>& positions, absl::Time until,
            std::function<void()> then);
  // When the server drains: every waiting request is released at once (and
  // answered from what is applied), and later ones do not wait.
  void ReleaseAll();

 private:
  bool Reached(const std::vector<v1::FeedPosition>& positions) const;
  void Run();

  struct Pending {
    std::vector<v1::FeedPosition> positions;
    absl::Time until;
    std::function<void()> then;
  };
  std::map<std::string, const feed::FeedConsumer*> consumers_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<Pending> pending_;  // guarded by mu_
  bool stopping_ = false;         // guarded by mu_
  std::thread thread_;            // started by the first wait
};

}  // namespace partywork::reporting
