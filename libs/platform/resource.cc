#include "libs/platform/resource.h"

#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace partywork {

std::string ResourceName(absl::string_view collection, int64_t id) {
  return absl::StrCat(collection, "/", id);
}

std::optional<int64_t> ResourceId(absl::string_view name, absl::string_view collection) {
  if (name.size() <= collection.size() + 1 || name.substr(0, collection.size()) != collection ||
      name[collection.size()] != '/') {
    return std::nullopt;
  }
  // Only the canonical spelling: digits, no sign, space or leading zero.
  absl::string_view digits = name.substr(collection.size() + 1);
  if (digits.empty() || digits[0] == '0') return std::nullopt;
  for (char c : digits) {
    if (c < '0' || c > '9') return std::nullopt;
  }
  int64_t id;
  if (!absl::SimpleAtoi(digits, &id)) return std::nullopt;  // too large
  return id;
}

std::optional<int64_t> ChildResourceId(absl::string_view name, absl::string_view parent,
                                       absl::string_view collection) {
  if (parent.empty() || name.size() <= parent.size() || name.substr(0, parent.size()) != parent ||
      name[parent.size()] != '/') {
    return std::nullopt;
  }
  return ResourceId(name.substr(parent.size() + 1), collection);
}

std::optional<absl::CivilDay> ToCivilDay(const google::type::Date& date) {
  if (date.year() < 1 || date.month() < 1 || date.month() > 12 || date.day() < 1) {
    return std::nullopt;
  }
  absl::CivilDay day(date.year(), date.month(), date.day());
  // CivilDay normalizes 31 February into March: refuse instead.
  if (day.month() != date.month() || day.day() != date.day()) return std::nullopt;
  return day;
}

google::type::Date ToDate(absl::CivilDay day) {
  google::type::Date date;
  date.set_year(static_cast<int32_t>(day.year()));
  date.set_month(day.month());
  date.set_day(day.day());
  return date;
}

absl::CivilDay Today() {
  static const absl::TimeZone kVietnam = absl::FixedTimeZone(7 * 60 * 60);
  return absl::ToCivilDay(absl::Now(), kVietnam);
}

std::optional<absl::CivilDay> DayOrToday(const google::type::Date& date, const std::string& field,
                                         std::vector<FieldViolation>& violations) {
  if (date.year() == 0 && date.month() == 0 && date.day() == 0) return Today();
  auto day = ToCivilDay(date);
  if (!day) violations.push_back({field, "must be a real date"});
  return day;
}

std::string FormatDay(absl::CivilDay day) {
  return absl::StrFormat("%04d-%02d-%02d", day.year(), day.month(), day.day());
}

std::optional<absl::CivilDay> ParseDay(absl::string_view text) {
  // Every date read from PostgreSQL comes this way, four for each member
  // listed: a valid "YYYY-MM-DD" is read directly, without the time-zone
  // machinery absl::ParseCivilTime goes through (a twentieth of
  // membership's CPU in a list). Anything else is left to it.
  auto digits = [&text](size_t from, size_t count) {
    int n = 0;
    for (size_t i = from; i < from + count; ++i) {
      if (text[i] < '0' || text[i] > '9') return -1;
      n = n * 10 + (text[i] - '0');
    }
    return n;
  };
  if (text.size() == 10 && text[4] == '-' && text[7] == '-') {
    const int year = digits(0, 4), month = digits(5, 2), day = digits(8, 2);
    if (year >= 0 && month >= 1 && month <= 12 && day >= 1) {
      const absl::CivilDay parsed(year, month, day);
      if (parsed.day() == day) return parsed;  // not carried into the next month
    }
  }
  absl::CivilDay day;
  if (!absl::ParseCivilTime(text, &day)) return std::nullopt;
  return day;
}

std::string EncodePageToken(int64_t last_id) {
  return absl::WebSafeBase64Escape(absl::StrCat("after:", last_id));
}

std::optional<int64_t> DecodePageToken(absl::string_view token) {
  std::string text;
  int64_t id;
  if (!absl::WebSafeBase64Unescape(token, &text) || text.rfind("after:", 0) != 0 ||
      !absl::SimpleAtoi(text.substr(6), &id)) {
    return std::nullopt;
  }
  return id;
}

namespace {
constexpr char kCursorPrefix[] = "keys:";
constexpr char kKeySeparator = '\x1f';  // unit separator: never in a name
}  // namespace

std::string EncodeCursor(const std::vector<std::string>& keys) {
  return absl::WebSafeBase64Escape(
      absl::StrCat(kCursorPrefix, absl::StrJoin(keys, std::string(1, kKeySeparator))));
}

std::optional<std::vector<std::string>> DecodeCursor(absl::string_view token, size_t key_count) {
  std::string text;
  if (!absl::WebSafeBase64Unescape(token, &text) || text.rfind(kCursorPrefix, 0) != 0) {
    return std::nullopt;
  }
  std::vector<std::string> keys =
      absl::StrSplit(absl::string_view(text).substr(sizeof(kCursorPrefix) - 1), kKeySeparator);
  if (keys.size() != key_count) return std::nullopt;
  return keys;
}

}  // namespace partywork
