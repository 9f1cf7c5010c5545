// A token bucket per caller (the JWT subject): `per_second` calls on
// average, bursts of up to `burst`. One caller going wild cannot starve the
// others nor overload the backends.
#pragma once

#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "absl/time/time.h"

namespace partywork::gateway {

class RateLimiter {
 public:
  // per_second <= 0 turns limiting off.
  RateLimiter(double per_second, double burst);

  // Takes one token of `subject`'s bucket at `now`; nullopt if there was one,
  // else how long until there will be.
  std::optional<absl::Duration> Take(const std::string& subject, absl::Time now);

 private:
  struct Bucket {
    double tokens;
    absl::Time updated;
  };
  // Drops buckets full again, so that the map does not grow with every
  // subject ever seen.
  void Sweep(absl::Time now);  // requires mu_

  double per_second_;
  double burst_;
  std::mutex mu_;
  std::unordered_map<std::string, Bucket> buckets_;  // guarded by mu_
  size_t sweep_at_ = 1024;                           // guarded by mu_
};

}  // namespace partywork::gateway
