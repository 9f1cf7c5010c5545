#include "bench/lib/histogram.h"

#include <algorithm>
#include <cmath>

namespace partywork::bench {

int Histogram::BucketOf(int64_t micros) {
  if (micros < kLinear) return static_cast<int>(std::max<int64_t>(0, micros));
  // Octave o covers [1024·2^o, 1024·2^(o+1)), split into 64 equal buckets.
  const int msb = 63 - __builtin_clzll(static_cast<uint64_t>(micros));
  const int octave = msb - 10;
  if (octave >= kOctaves) return kBuckets - 1;
  const int sub = static_cast<int>((micros >> (msb - kSubBits)) & ((1 << kSubBits) - 1));
  return kLinear + octave * (1 << kSubBits) + sub;
}

double Histogram::LowerBound(int bucket) {
  if (bucket < kLinear) return bucket;
  const int octave = (bucket - kLinear) >> kSubBits;
  const int sub = (bucket - kLinear) & ((1 << kSubBits) - 1);
  const double base = std::ldexp(1.0, octave + 10);
  return base + base * sub / (1 << kSubBits);
}

void Histogram::Record(int64_t micros) {
  ++buckets_[BucketOf(micros)];
  ++count_;
  sum_ += micros;
}

void Histogram::Merge(const Histogram& other) {
  for (int i = 0; i < kBuckets; ++i) buckets_[i] += other.buckets_[i];
  count_ += other.count_;
  sum_ += other.sum_;
}

double Histogram::Quantile(double q) const {
  if (count_ == 0) return 0;
  const int64_t rank =
      std::min<int64_t>(count_ - 1, static_cast<int64_t>(q * static_cast<double>(count_)));
  int64_t seen = 0;
  for (int i = 0; i < kBuckets; ++i) {
    seen += buckets_[i];
    if (seen > rank) return LowerBound(i);
  }
  return LowerBound(kBuckets - 1);
}

}  // namespace partywork::bench
