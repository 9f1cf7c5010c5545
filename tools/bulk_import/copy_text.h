// What the dataset's generators share: each subject's own random stream and
// PostgreSQL COPY text (tab-separated fields, escaped, \N for null).
#pragma once

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "google/protobuf/any.pb.h"
#include "libs/platform/resource.h"

namespace partywork::bulk {

// splitmix64: a small, fast generator whose whole state is one number, so
// each member draws from its own stream (seed, id) whatever the chunking.
class Rng {
 public:
  Rng(uint64_t seed, uint64_t stream) : state_(seed * 0x9E3779B97F4A7C15ull ^ (stream + 1)) {
    Next();
  }
  uint64_t Next() {
    uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  int64_t Below(int64_t n) { return n <= 1 ? 0 : static_cast<int64_t>(Next() % n); }
  double Unit() { return static_cast<double>(Next() >> 11) / 9007199254740992.0; }
  bool Chance(double p) { return Unit() < p; }
  absl::CivilDay DayIn(absl::CivilDay from, absl::CivilDay to) {  // inclusive
    return from + Below(std::max<int64_t>(1, to - from + 1));
  }
  template <typename T, size_t N>
  const T& Pick(const T (&items)[N]) {
    return items[Below(N)];
  }

 private:
  uint64_t state_;
};

inline void Field(std::string& out, absl::string_view value) {
  if (!out.empty() && out.back() != '\n') out += '\t';
  for (char c : value) {
    if (c == '\\' || c == '\t' || c == '\n' || c == '\r') out += '\\';
    out += c == '\t' ? 't' : c == '\n' ? 'n' : c == '\r' ? 'r' : c;
  }
}
inline void Null(std::string& out) { Field(out, ""), out += "\\N"; }
inline void Field(std::string& out, int64_t value) { Field(out, absl::StrCat(value)); }
inline void Field(std::string& out, absl::CivilDay day) { Field(out, FormatDay(day)); }
inline void Field(std::string& out, const std::optional<int64_t>& v) {
  v ? Field(out, *v) : Null(out);
}
inline void Field(std::string& out, const std::optional<absl::CivilDay>& v) {
  v ? Field(out, *v) : Null(out);
}
inline void Bool(std::string& out, bool value) { Field(out, value ? "t" : "f"); }
inline void EndRow(std::string& out) { out += '\n'; }

// A bytea in COPY text: \\x and hex digits.
inline void Bytes(std::string& out, const std::string& bytes) {
  static const char kHex[] = "0123456789abcdef";
  Field(out, "");
  out += "\\\\x";
  for (unsigned char c : bytes) {
    out += kHex[c >> 4];
    out += kHex[c & 15];
  }
}

// An event's payload as the outbox keeps it (feed::Publish): an Any.
template <typename Message>
std::string Packed(const Message& m) {
  google::protobuf::Any any;
  any.PackFrom(m);
  return any.SerializeAsString();
}

// Recorded times are not drawn from the clock: 09:00 in Hà Nội on `day`,
// so the same seed gives the same bytes.
inline int64_t RecordedAt(absl::CivilDay day) {
  return absl::ToUnixSeconds(absl::FromCivil(
      absl::CivilSecond(day.year(), day.month(), day.day(), 2), absl::UTCTimeZone()));
}
inline std::string Timestamp(absl::CivilDay day) {
  return absl::StrCat(FormatDay(day), " 02:00:00+00");
}

// The document of discipline case `id`'s decision.
inline std::string DisciplineDocument(int64_t id) {
  return absl::StrCat("Quyết định số ", id, "-QĐ/UBKT");
}

}  // namespace partywork::bulk
