// Resource names ("organizations/12"), dates and etags, as every service
// writes them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "google/type/date.pb.h"
#include "libs/platform/rule.h"

namespace partywork {

// "<collection>/<id>".
std::string ResourceName(absl::string_view collection, int64_t id);
// The id of "<collection>/<id>", or nullopt if the name has another shape.
std::optional<int64_t> ResourceId(absl::string_view name, absl::string_view collection);
// The id of "<parent>/<collection>/<id>", a resource under `parent` (e.g.
// "members/12/awards/3" under "members/12"), or nullopt for another shape.
std::optional<int64_t> ChildResourceId(absl::string_view name, absl::string_view parent,
                                       absl::string_view collection);

// A complete calendar date, or nullopt when `date` is unset or not a real day.
std::optional<absl::CivilDay> ToCivilDay(const google::type::Date& date);
google::type::Date ToDate(absl::CivilDay day);

// A day after every recorded date: "as of the end of history".
inline constexpr absl::CivilDay kEndOfTime(9999, 12, 31);

// Today in Vietnam (UTC+7), the calendar every date of the domain is in.
absl::CivilDay Today();

// An optional "as of" date of a request: today when unset, else the date;
// a set but impossible date adds a violation of `field` and gives nullopt.
std::optional<absl::CivilDay> DayOrToday(const google::type::Date& date, const std::string& field,
                                         std::vector<FieldViolation>& violations);
// "YYYY-MM-DD", as PostgreSQL reads and writes dates.
std::string FormatDay(absl::CivilDay day);
std::optional<absl::CivilDay> ParseDay(absl::string_view text);

// Opaque page tokens carrying the last key of the previous page.
std::string EncodePageToken(int64_t last_id);
std::optional<int64_t> DecodePageToken(absl::string_view token);
// Page tokens carrying several keys (e.g. a name and an id).
std::string EncodeCursor(const std::vector<std::string>& keys);
std::optional<std::vector<std::string>> DecodeCursor(absl::string_view token, size_t key_count);

}  // namespace partywork
