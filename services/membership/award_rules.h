// Rules of awards given to members (DOMAIN §4, §7): a party badge (trao
// tặng Huy hiệu Đảng) at a party age the rulebook lists, once each, when the
// member has reached it; a commendation (khen thưởng) of a party committee.
// Either only to a member (probationary or official) on the day awarded.
// Plain functions: no gRPC, no SQL.
#pragma once

#include <optional>
#include <vector>

#include "absl/time/civil_time.h"
#include "libs/platform/rule.h"
#include "partywork/membership/v1/award.pb.h"
#include "services/membership/member_rules.h"

namespace partywork::membership {

// Field checks of an award (paths under "award."): a kind; badge_years for
// a badge only; awarded_on a real date, not after `today`; a decision.
std::vector<FieldViolation> ValidateAward(const v1::MemberAward& award, absl::CivilDay today);

// A validated award to a member whose standing on the day awarded is
// `on_award_day`, admitted on `admitted_on`, who holds the badges of
// `badges_held` years already:
// AWARD_TO_NON_MEMBER (not probationary or official that day),
// BADGE_YEARS_NOT_LISTED (not a party age of badge.party_age_years then),
// BADGE_PARTY_AGE_NOT_REACHED (the admission's anniversary of those years
// is after the day), BADGE_ALREADY_AWARDED (that badge once already).
std::optional<RuleViolation> CheckAward(const Standing& on_award_day, absl::CivilDay admitted_on,
                                        const v1::MemberAward& award,
                                        const std::vector<int>& badges_held);

}  // namespace partywork::membership
