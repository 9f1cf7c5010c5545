// Domain rules of annual ratings (DOMAIN §5): who may be rated for a year,
// the grade on the 100-point scale where it applies, the excellent-share cap
// of a base organization. The rulebook version is the one in force on the
// rating's day, 31 December of the year. Plain functions: no gRPC, no SQL.
#pragma once

#include <optional>
#include <string>

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
// day (NOT_A_MEMBER_THAT_YEAR), not exempted then (RATED_WHILE_EXEMPT), and
// admitted at least rating.new_member_months before it: a newer member is
// reviewed separately, not graded (NEW_MEMBER_NOT_GRADED).
std::optional<RuleViolation> CheckMemberRateable(const Standing& on_rating_day,
                                                 std::optional<absl::CivilDay> admitted_on,
                                                 int year);

// The excellent ratings of a group for the year — a base organization's
// members, or the organizations under one committee — counting the new one,
// are at most rating.excellent_cap_of_good of its good ones
// (EXCELLENT_SHARE_OVER_CAP). `group` names it in the message.
std::optional<RuleViolation> CheckExcellentCap(int excellent, int good, int year,
                                               const std::string& group = "the base organization");

}  // namespace partywork::membership
