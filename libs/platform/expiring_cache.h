// Values kept by key until they expire, for work repeated call after call on
// the same few keys: a caller's token verified, an identity signed. Holds at
// most `capacity` entries; a full cache starts again empty (the work is then
// done again). Thread-safe.
#pragma once

#include <cstddef>
#include <mutex>
#include <optional>
#include <string>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/time/time.h"

namespace partywork {

template <typename Value>
class ExpiringCache {
 public:
  explicit ExpiringCache(size_t capacity = 10000) : capacity_(capacity) {}

  // The value kept for `key`, unless it expired by `now`.
  std::optional<Value> Find(const std::string& key, absl::Time now) const {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = entries_.find(key);
    if (it == entries_.end() || it->second.until <= now) return std::nullopt;
    return it->second.value;
  }

  // Keeps `value` for `key` until `until`.
  void Put(const std::string& key, Value value, absl::Time until) {
    std::lock_guard<std::mutex> lock(mu_);
    if (entries_.size() >= capacity_) entries_.clear();
    entries_.insert_or_assign(key, Entry{std::move(value), until});
  }

 private:
  struct Entry {
    Value value;
    absl::Time until;
  };
  const size_t capacity_;
  mutable std::mutex mu_;
  absl::flat_hash_map<std::string, Entry> entries_;
};

}  // namespace partywork
