#include "services/membership/award_rules.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "libs/platform/resource.h"
#include "libs/platform/rule_citation.h"
#include "libs/platform/rulebook/rulebook.h"
#include "services/membership/card_rules.h"

namespace partywork::membership {

std::vector<FieldViolation> ValidateAward(const v1::MemberAward& a, absl::CivilDay today) {
  std::vector<FieldViolation> v;
  if (a.kind() == v1::AWARD_KIND_UNSPECIFIED || !v1::AwardKind_IsValid(a.kind())) {
    v.push_back({"award.kind", "is required: PARTY_BADGE or COMMENDATION"});
  }
  if (a.kind() == v1::AWARD_KIND_PARTY_BADGE && a.badge_years() <= 0) {
    v.push_back({"award.badge_years", "is required for a party badge (30, 40, 45 … years)"});
  }
  if (a.kind() != v1::AWARD_KIND_PARTY_BADGE && a.badge_years() != 0) {
    v.push_back({"award.badge_years", "is only for a party badge"});
  }
  const auto awarded_on = ToCivilDay(a.awarded_on());
  if (!awarded_on) {
    v.push_back({"award.awarded_on", "is required and must be a real date"});
  } else if (*awarded_on > today) {
    v.push_back({"award.awarded_on", "must not be in the future"});
  }
  if (a.decision().empty()) {
    v.push_back({"award.decision", "is required"});
  } else if (a.decision().size() > 300) {
    v.push_back({"award.decision", "is longer than 300 bytes"});
  }
  if (a.awarded_by().size() > 300) v.push_back({"award.awarded_by", "is longer than 300 bytes"});
  if (a.note().size() > 2000) v.push_back({"award.note", "is longer than 2000 bytes"});
  return v;
}

std::optional<RuleViolation> CheckAward(const Standing& s, absl::CivilDay admitted_on,
                                        const v1::MemberAward& award,
                                        const std::vector<int>& badges_held) {
  const absl::CivilDay day = *ToCivilDay(award.awarded_on());
  if (s.status != v1::MEMBER_STATUS_PROBATIONARY && s.status != v1::MEMBER_STATUS_OFFICIAL) {
    return RuleViolation{
        "AWARD_TO_NON_MEMBER",
        absl::StrCat("the member was not a probationary or official member on ", FormatDay(day)),
        "Người được khen thưởng, tặng Huy hiệu Đảng phải là đảng viên vào ngày "
        "quyết định.",
        {{"awarded_on", FormatDay(day)}}};
  }
  if (award.kind() != v1::AWARD_KIND_PARTY_BADGE) return std::nullopt;
  const int years = award.badge_years();
  const auto& rule = rulebook::Rulebook::Standard().Get(rulebook::keys::kBadgeYears, day);
  const std::vector<int> listed = BadgeYears(day);
  if (std::find(listed.begin(), listed.end(), years) == listed.end()) {
    return Citing(rule, "BADGE_YEARS_NOT_LISTED",
                  absl::StrCat("no party badge is awarded at ", years, " years of party age"),
                  absl::StrCat("Không có Huy hiệu ", years, " năm tuổi Đảng"),
                  {{"badge_years", absl::StrCat(years)}});
  }
  const absl::CivilDay reached_on = PartyAgeReachedOn(admitted_on, years);
  if (reached_on > day) {
    return Citing(rule, "BADGE_PARTY_AGE_NOT_REACHED",
                  absl::StrCat("the member reaches ", years, " years of party age on ",
                               FormatDay(reached_on)),
                  absl::StrCat("Đảng viên chưa đủ ", years, " năm tuổi Đảng"),
                  {{"badge_years", absl::StrCat(years)},
                   {"admitted_on", FormatDay(admitted_on)},
                   {"reached_on", FormatDay(reached_on)}});
  }
  if (std::find(badges_held.begin(), badges_held.end(), years) != badges_held.end()) {
    return RuleViolation{
        "BADGE_ALREADY_AWARDED",
        absl::StrCat("the member was awarded the ", years, "-year party badge already"),
        absl::StrCat("Đảng viên đã được tặng Huy hiệu ", years, " năm tuổi Đảng."),
        {{"badge_years", absl::StrCat(years)}}};
  }
  return std::nullopt;
}

}  // namespace partywork::membership
