#include "services/membership/card_rules.h"

#include <algorithm>

#include "absl/strings/numbers.h"
#include "libs/platform/rule_citation.h"
#include "libs/platform/rulebook/rulebook.h"

namespace partywork::membership {
std::vector<int> BadgeYears(absl::CivilDay day) {
  std::vector<int> out;
  for (const auto& item :
       rulebook::Rulebook::Standard().Get(rulebook::keys::kBadgeYears, day).items) {
    int years = 0;
    if (absl::SimpleAtoi(item, &years)) out.push_back(years);
  }
  return out;
}

absl::CivilDay PartyAgeReachedOn(absl::CivilDay admitted_on, int years) {
  // CivilDay normalizes 29 February to 1 March in other years.
  return absl::CivilDay(admitted_on.year() + years, admitted_on.month(), admitted_on.day());
}

std::optional<RuleViolation> CheckCardIssue(const Standing& s, v1::PartyCardIssueKind kind,
                                            bool issued_before) {
  if (s.status != v1::MEMBER_STATUS_OFFICIAL) {
    return RuleViolation{"CARD_FOR_OFFICIAL_ONLY",
                         "party cards are issued to official members only",
                         "Chỉ đảng viên chính thức mới được phát thẻ đảng viên.",
                         {}};
  }
  if (kind == v1::PARTY_CARD_ISSUE_KIND_ISSUE && issued_before) {
    return RuleViolation{"CARD_ALREADY_ISSUED",
                         "the member already has a card: record a reissue",
                         "Đảng viên đã được phát thẻ; ghi nhận cấp lại thẻ.",
                         {}};
  }
  if (kind == v1::PARTY_CARD_ISSUE_KIND_REISSUE && !issued_before) {
    return RuleViolation{"CARD_NOT_ISSUED_YET",
                         "a card is reissued only after its first issue",
                         "Chưa phát thẻ thì chưa thể cấp lại.",
                         {}};
  }
  return std::nullopt;
}

std::vector<BadgeReached> BadgesReached(absl::CivilDay admitted_on, absl::CivilDay start,
                                        absl::CivilDay end) {
  std::vector<BadgeReached> out;
  for (int year = start.year(); year <= end.year(); ++year) {
    const int years = year - static_cast<int>(admitted_on.year());
    const absl::CivilDay on = PartyAgeReachedOn(admitted_on, years);
    if (years <= 0 || on < start || on > end) continue;
    const auto listed = BadgeYears(on);
    if (std::find(listed.begin(), listed.end(), years) != listed.end()) {
      out.push_back({years, on});
    }
  }
  return out;
}

std::vector<int> BadgeYearsInPeriod(absl::CivilDay start, absl::CivilDay end) {
  std::vector<int> out = BadgeYears(start);
  for (int years : BadgeYears(end)) {
    if (std::find(out.begin(), out.end(), years) == out.end()) out.push_back(years);
  }
  return out;
}

}  // namespace partywork::membership
