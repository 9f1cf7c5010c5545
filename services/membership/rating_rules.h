// Domain rules of annual ratings (DOMAIN §5): who may be rated for a year,
// the grade on the 100-point scale where it applies, the excellent-share cap
// of a base organization. The rulebook version is the one in force on the
// rating's day, 31 December of the year. Plain functions: no gRPC, no SQL.
#pragma once

#include <optional>

#include "absl/time/civil_time.h"
#include "libs/platform/rule.h"
#include "partywork/membership/v1/rating.pb.h"
#include "services/membership/member_rules.h"

namespace partywork::membership {

// The day a year's rating is judged on: 31 December.
absl::CivilDay RatingDay(int year);

// Whether the 100-point scale applies to `year` (Quy định 366-QĐ/TW on).
bool PointScaleApplies(int year);

// The grade to record: with the scale, the one the points give (≥ 90
// excellent, 70–< 90 good, 50–< 70 completed, < 50 not completed, from the
// rulebook); without it, the grade sent. RATING_POINTS_REQUIRED,
// RATING_POINTS_NOT_IN_FORCE, RATING_GRADE_DOES_NOT_MATCH_POINTS.
struct Graded {
  std::optional<RuleViolation> violation;
  v1::RatingGrade grade = v1::RATING_GRADE_UNSPECIFIED;
};
Graded GradeOf(int year, v1::RatingGrade sent, std::optional<int> points);

// A member is rated for a year if probationary or official on its rating
// day (NOT_A_MEMBER_THAT_YEAR) and not exempted then (RATED_WHILE_EXEMPT).
std::optional<RuleViolation> CheckMemberRateable(const Standing& on_rating_day, int year);

// The base organization's excellent ratings of the year, counting the new
// one, are at most rating.excellent_cap_of_good of its good ones
// (EXCELLENT_SHARE_OVER_CAP).
std::optional<RuleViolation> CheckExcellentCap(int excellent, int good, int year);

}  // namespace partywork::membership
