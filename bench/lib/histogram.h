// A latency histogram for load runs: exact below 1,024 µs, then 64 buckets
// per power of two (under 1.6 % error), up to about 70 minutes. Fixed size,
// so recording never allocates; histograms of several threads merge.
#pragma once

#include <array>
#include <cstdint>

namespace partywork::bench {

class Histogram {
 public:
  void Record(int64_t micros);
  void Merge(const Histogram& other);
  int64_t count() const { return count_; }
  // The latency (µs) at quantile q in [0, 1]; 0 when empty.
  double Quantile(double q) const;
  double Mean() const { return count_ == 0 ? 0 : static_cast<double>(sum_) / count_; }

 private:
  static constexpr int kSubBits = 6;    // 64 buckets per octave
  static constexpr int kLinear = 1024;  // exact up to here
  static constexpr int kOctaves = 22;   // 1 ms · 2^22 ≈ 70 min
  static constexpr int kBuckets = kLinear + kOctaves * (1 << kSubBits);
  static int BucketOf(int64_t micros);
  static double LowerBound(int bucket);

  std::array<int64_t, kBuckets> buckets_{};
  int64_t count_ = 0;
  int64_t sum_ = 0;
};

}  // namespace partywork::bench
