// Annual ratings (đánh giá, xếp loại chất lượng, DOMAIN §5) of a subtree for
// a year: members and organizations of 31 December by grade, the members not
// rated and why, the targets of the rulebook in force that day and the base
// organizations over the excellent-share cap. The plain rules come first;
// FillRatingReport reads the read models.
#pragma once

#include <cstdint>
#include <map>
#include <optional>

#include "absl/time/civil_time.h"
#include "partywork/reporting/v1/reporting_service.pb.h"
#include "pqxx/pqxx"

namespace partywork::reporting {

// Counts by RatingGrade and the subjects on the rating day, as a
// distribution: every grade, excellent first, with its share of those rated.
v1::RatingDistribution Distribution(int64_t total, const std::map<int, int64_t>& by_grade);

// Why a member of the rating day has no rating: exempted that day, admitted
// less than rating.new_member_months before it (a member admitted on 1 July
// is new on 31 December, one admitted on 30 June is not), or neither.
enum class NotRated { kExempted, kNewMember, kOther };
NotRated WhyNotRated(bool exempted, std::optional<absl::CivilDay> admitted,
                     absl::CivilDay rating_day);

// `count` of `rated` held against the rule `key` in force on `day`: a share in
// % for a percent rule (nothing rated meets no MORE_THAN or AT_LEAST target),
// else the count itself.
v1::RatingTarget Target(const char* key, v1::TargetComparison comparison, int64_t count,
                        int64_t rated, absl::CivilDay day);

// The targets of a report whose distributions are filled, on its rating day.
void AddTargets(v1::RatingReport* report, absl::CivilDay day);

void FillRatingReport(pqxx::transaction_base& tx, int64_t root, int year, v1::RatingReport* out);

}  // namespace partywork::reporting
