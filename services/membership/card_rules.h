// Rules of party cards and badges (DOMAIN §3–§4): a card only for an
// official member, issued once and then reissued; a badge at each party
// age the rulebook lists (badge.party_age_years), reached on the
// anniversary of the admission. Plain functions: no gRPC, no SQL.
#pragma once

#include <optional>
#include <vector>

#include "absl/time/civil_time.h"
#include "libs/platform/rule.h"
#include "partywork/membership/v1/party_card.pb.h"
#include "services/membership/member_rules.h"

namespace partywork::membership {

// CARD_FOR_OFFICIAL_ONLY (not official on the day of issue),
// CARD_ALREADY_ISSUED (a first issue twice), CARD_NOT_ISSUED_YET (a reissue
// before any issue).
std::optional<RuleViolation> CheckCardIssue(const Standing& on_issue_day,
                                            v1::PartyCardIssueKind kind, bool issued_before);

// The badges whose party age a member admitted on `admitted_on` reaches
// from `start` to `end` (both included): the anniversary of the admission
// (29 February: 1 March in other years), by the rulebook in force that day.
struct BadgeReached {
  int years = 0;
  absl::CivilDay on;
};
// The day a member admitted on `admitted_on` reaches `years` of party age:
// the admission's anniversary (29 February: 1 March in other years).
absl::CivilDay PartyAgeReachedOn(absl::CivilDay admitted_on, int years);
// The party ages at which badges are awarded, by the rulebook in force on `day`.
std::vector<int> BadgeYears(absl::CivilDay day);
std::vector<BadgeReached> BadgesReached(absl::CivilDay admitted_on, absl::CivilDay start,
                                        absl::CivilDay end);

// Every party age the rulebook lists for a badge at the period's start or
// end, for a first cut of the candidates in SQL.
std::vector<int> BadgeYearsInPeriod(absl::CivilDay start, absl::CivilDay end);

}  // namespace partywork::membership
