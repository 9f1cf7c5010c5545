#include "gateway/rate_limiter.h"

#include <algorithm>

namespace partywork::gateway {

RateLimiter::RateLimiter(double per_second, double burst)
    : per_second_(per_second), burst_(std::max(1.0, burst)) {}

std::optional<absl::Duration> RateLimiter::Take(const std::string& subject, absl::Time now) {
  if (per_second_ <= 0) return std::nullopt;
  std::lock_guard<std::mutex> lock(mu_);
  if (buckets_.size() >= sweep_at_) Sweep(now);
  auto [it, fresh] = buckets_.try_emplace(subject, Bucket{burst_, now});
  Bucket& b = it->second;
  if (!fresh) {
    b.tokens = std::min(burst_, b.tokens + absl::ToDoubleSeconds(now - b.updated) * per_second_);
    b.updated = now;
  }
  if (b.tokens >= 1) {
    b.tokens -= 1;
    return std::nullopt;
  }
  return absl::Seconds((1 - b.tokens) / per_second_);
}

void RateLimiter::Sweep(absl::Time now) {
  for (auto it = buckets_.begin(); it != buckets_.end();) {
    const double tokens =
        it->second.tokens + absl::ToDoubleSeconds(now - it->second.updated) * per_second_;
    it = tokens >= burst_ ? buckets_.erase(it) : std::next(it);
  }
  // Next sweep when the map has doubled, so sweeping stays cheap per call.
  sweep_at_ = std::max<size_t>(1024, buckets_.size() * 2);
}

}  // namespace partywork::gateway
