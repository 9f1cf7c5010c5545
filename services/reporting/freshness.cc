#include "services/reporting/freshness.h"

namespace partywork::reporting {
namespace {

// How often waiting requests look at the consumers' progress.
constexpr absl::Duration kPoll = absl::Milliseconds(10);

}  // namespace

FreshnessWaiter::~FreshnessWaiter() { ReleaseAll(); }

void FreshnessWaiter::ReleaseAll() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void FreshnessWaiter::Watch(const std::string& feed, const feed::FeedConsumer* consumer) {
  consumers_[feed] = consumer;
}

bool FreshnessWaiter::Reached(const std::vector<v1::FeedPosition>& positions) const {
  for (const auto& p : positions) {
    auto it = consumers_.find(p.feed());
    if (it == consumers_.end() || it->second->applied() < p.applied_sequence()) return false;
  }
  return true;
}

void FreshnessWaiter::Wait(const std::vector<v1::FeedPosition>& positions, absl::Time until,
                           std::function<void()> then) {
  if (Reached(positions) || absl::Now() >= until) {
    then();
    return;
  }
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!stopping_) {
      pending_.push_back({positions, until, std::move(then)});
      if (!thread_.joinable()) thread_ = std::thread([this] { Run(); });
      cv_.notify_all();
      return;
    }
  }
  then();
}

void FreshnessWaiter::Run() {
  std::unique_lock<std::mutex> lock(mu_);
  while (true) {
    if (pending_.empty()) {
      cv_.wait(lock, [this] { return stopping_ || !pending_.empty(); });
    } else {
      cv_.wait_for(lock, absl::ToChronoNanoseconds(kPoll), [this] { return stopping_; });
    }
    std::vector<std::function<void()>> released;
    const absl::Time now = absl::Now();
    for (auto it = pending_.begin(); it != pending_.end();) {
      if (stopping_ || now >= it->until || Reached(it->positions)) {
        released.push_back(std::move(it->then));
        it = pending_.erase(it);
      } else {
        ++it;
      }
    }
    const bool stop = stopping_;
    lock.unlock();
    for (auto& then : released) then();
    if (stop) return;
    lock.lock();
  }
}

}  // namespace partywork::reporting
