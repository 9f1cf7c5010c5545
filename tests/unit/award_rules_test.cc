// Award rules at their edges: a badge on the anniversary of the admission
// for its years (the day before it is not reached; 29 February's on 1
// March), only the party ages the rulebook lists, once; an award only to a
// probationary or official member that day; an award dated today but not
// tomorrow.
#include "services/membership/award_rules.h"

#include "gtest/gtest.h"
#include "libs/platform/resource.h"

namespace partywork::membership {
namespace {

using absl::CivilDay;

std::string ReasonOf(const std::optional<RuleViolation>& v) { return v ? v->reason : "OK"; }

Standing With(v1::MemberStatus status) {
  Standing s;
  s.status = status;
  return s;
}

v1::MemberAward Badge(int years, CivilDay on) {
  v1::MemberAward a;
  a.set_kind(v1::AWARD_KIND_PARTY_BADGE);
  a.set_badge_years(years);
  *a.mutable_awarded_on() = ToDate(on);
  a.set_decision("Quyết định số 1-QĐ/ĐUK");
  return a;
}

v1::MemberAward Commendation(CivilDay on) {
  v1::MemberAward a = Badge(0, on);
  a.set_kind(v1::AWARD_KIND_COMMENDATION);
  return a;
}

const Standing kOfficial = With(v1::MEMBER_STATUS_OFFICIAL);

TEST(AwardRules, BadgeFromTheAnniversaryDayOfItsYears) {
  const CivilDay admitted(1994, 3, 10);
  EXPECT_EQ(ReasonOf(CheckAward(kOfficial, admitted, Badge(30, CivilDay(2024, 3, 9)), {})),
            "BADGE_PARTY_AGE_NOT_REACHED");
  EXPECT_EQ(ReasonOf(CheckAward(kOfficial, admitted, Badge(30, CivilDay(2024, 3, 10)), {})), "OK");
  EXPECT_EQ(ReasonOf(CheckAward(kOfficial, admitted, Badge(30, CivilDay(2024, 3, 11)), {})), "OK");
  // Awarded late is still the badge of its years; a higher one is not reached yet.
  EXPECT_EQ(ReasonOf(CheckAward(kOfficial, admitted, Badge(30, CivilDay(2030, 1, 1)), {})), "OK");
  EXPECT_EQ(ReasonOf(CheckAward(kOfficial, admitted, Badge(40, CivilDay(2034, 3, 9)), {})),
            "BADGE_PARTY_AGE_NOT_REACHED");
  const auto refused = CheckAward(kOfficial, admitted, Badge(30, CivilDay(2024, 3, 9)), {});
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->metadata.at("reached_on"), "2024-03-10");
  EXPECT_EQ(refused->metadata.at("rule"), "badge.party_age_years");
}

TEST(AwardRules, TwentyNinthOfFebruaryReachedOnTheFirstOfMarch) {
  const CivilDay admitted(1984, 2, 29);
  EXPECT_EQ(ReasonOf(CheckAward(kOfficial, admitted, Badge(40, CivilDay(2024, 2, 28)), {})),
            "BADGE_PARTY_AGE_NOT_REACHED");
  EXPECT_EQ(ReasonOf(CheckAward(kOfficial, admitted, Badge(40, CivilDay(2024, 2, 29)), {})), "OK");
  EXPECT_EQ(ReasonOf(CheckAward(kOfficial, admitted, Badge(45, CivilDay(2029, 2, 28)), {})),
            "BADGE_PARTY_AGE_NOT_REACHED");
  EXPECT_EQ(ReasonOf(CheckAward(kOfficial, admitted, Badge(45, CivilDay(2029, 3, 1)), {})), "OK");
}

TEST(AwardRules, OnlyTheListedPartyAgesOnce) {
  const CivilDay admitted(1950, 1, 1), on(2025, 1, 1);
  for (int years : {30, 40, 45, 50, 55, 60, 65, 70, 75}) {
    EXPECT_EQ(ReasonOf(CheckAward(kOfficial, admitted, Badge(years, on), {})), "OK") << years;
  }
  for (int years : {20, 35, 42}) {
    EXPECT_EQ(ReasonOf(CheckAward(kOfficial, admitted, Badge(years, on), {})),
              "BADGE_YEARS_NOT_LISTED")
        << years;
  }
  EXPECT_EQ(ReasonOf(CheckAward(kOfficial, admitted, Badge(30, on), {30, 40})),
            "BADGE_ALREADY_AWARDED");
  EXPECT_EQ(ReasonOf(CheckAward(kOfficial, admitted, Badge(45, on), {30, 40})), "OK");
  // Commendations are not counted as badges, however many.
  EXPECT_EQ(ReasonOf(CheckAward(kOfficial, admitted, Commendation(on), {30})), "OK");
}

TEST(AwardRules, OnlyToAMemberThatDay) {
  const CivilDay admitted(2024, 3, 1), on(2024, 6, 1);
  EXPECT_EQ(
      ReasonOf(CheckAward(With(v1::MEMBER_STATUS_PROBATIONARY), admitted, Commendation(on), {})),
      "OK");
  Standing exempted = kOfficial;
  exempted.exempted = true;  // miễn công tác: still a member
  EXPECT_EQ(ReasonOf(CheckAward(exempted, admitted, Commendation(on), {})), "OK");
  for (auto status : {v1::MEMBER_STATUS_UNSPECIFIED, v1::MEMBER_STATUS_TRANSFERRED_OUT,
                      v1::MEMBER_STATUS_LEFT_PARTY, v1::MEMBER_STATUS_DECEASED}) {
    EXPECT_EQ(ReasonOf(CheckAward(With(status), admitted, Commendation(on), {})),
              "AWARD_TO_NON_MEMBER")
        << status;
    // Before the party age is even looked at.
    EXPECT_EQ(ReasonOf(CheckAward(With(status), CivilDay(1950, 1, 1), Badge(30, on), {})),
              "AWARD_TO_NON_MEMBER");
  }
}

std::vector<std::string> Fields(const std::vector<FieldViolation>& v) {
  std::vector<std::string> out;
  for (const auto& f : v) out.push_back(f.field);
  return out;
}

TEST(AwardRules, ValidatedInput) {
  const CivilDay today(2025, 6, 30);
  EXPECT_TRUE(ValidateAward(Commendation(today), today).empty());
  EXPECT_EQ(Fields(ValidateAward(Commendation(today + 1), today)),
            std::vector<std::string>{"award.awarded_on"});
  EXPECT_TRUE(ValidateAward(Badge(30, today - 1), today).empty());
  EXPECT_EQ(Fields(ValidateAward(Badge(0, today), today)),
            std::vector<std::string>{"award.badge_years"});
  EXPECT_EQ(Fields(ValidateAward(Badge(-30, today), today)),
            std::vector<std::string>{"award.badge_years"});
  v1::MemberAward with_years = Commendation(today);
  with_years.set_badge_years(30);
  EXPECT_EQ(Fields(ValidateAward(with_years, today)),
            std::vector<std::string>{"award.badge_years"});
  v1::MemberAward unknown = Commendation(today);
  unknown.set_kind(static_cast<v1::AwardKind>(7));
  EXPECT_EQ(Fields(ValidateAward(unknown, today)), std::vector<std::string>{"award.kind"});
  v1::MemberAward texts = Commendation(today);
  texts.set_decision(std::string(301, 'x'));
  texts.set_awarded_by(std::string(301, 'x'));
  texts.set_note(std::string(2001, 'x'));
  EXPECT_EQ(Fields(ValidateAward(texts, today)),
            (std::vector<std::string>{"award.decision", "award.awarded_by", "award.note"}));
  EXPECT_EQ(Fields(ValidateAward(v1::MemberAward(), today)),
            (std::vector<std::string>{"award.kind", "award.awarded_on", "award.decision"}));
}

}  // namespace
}  // namespace partywork::membership
