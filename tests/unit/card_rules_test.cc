// Card and badge rules at their edges: a card only for an official member,
// issued once then reissued; a badge reached on the anniversary day of the
// admission (the day before it is not yet), at the party ages the rulebook
// lists.
#include "services/membership/card_rules.h"

#include "gtest/gtest.h"

namespace partywork::membership {
namespace {

std::string ReasonOf(const std::optional<RuleViolation>& v) { return v ? v->reason : "OK"; }

Standing With(v1::MemberStatus status) {
  Standing s;
  s.status = status;
  return s;
}

TEST(CardRules, OnlyOfficialMembersGetACard) {
  const auto issue = v1::PARTY_CARD_ISSUE_KIND_ISSUE;
  EXPECT_EQ(ReasonOf(CheckCardIssue(With(v1::MEMBER_STATUS_PROBATIONARY), issue, false)),
            "CARD_FOR_OFFICIAL_ONLY");
  EXPECT_EQ(ReasonOf(CheckCardIssue(With(v1::MEMBER_STATUS_LEFT_PARTY), issue, false)),
            "CARD_FOR_OFFICIAL_ONLY");
  EXPECT_EQ(ReasonOf(CheckCardIssue(With(v1::MEMBER_STATUS_OFFICIAL), issue, false)), "OK");
  EXPECT_EQ(ReasonOf(CheckCardIssue(With(v1::MEMBER_STATUS_OFFICIAL), issue, true)),
            "CARD_ALREADY_ISSUED");
  const auto reissue = v1::PARTY_CARD_ISSUE_KIND_REISSUE;
  EXPECT_EQ(ReasonOf(CheckCardIssue(With(v1::MEMBER_STATUS_OFFICIAL), reissue, false)),
            "CARD_NOT_ISSUED_YET");
  EXPECT_EQ(ReasonOf(CheckCardIssue(With(v1::MEMBER_STATUS_OFFICIAL), reissue, true)), "OK");
}

std::vector<int> Years(absl::CivilDay admitted, absl::CivilDay start, absl::CivilDay end) {
  std::vector<int> out;
  for (const auto& b : BadgesReached(admitted, start, end)) out.push_back(b.years);
  return out;
}

TEST(BadgeRules, ReachedOnTheAnniversaryDay) {
  const absl::CivilDay admitted(1995, 9, 2);
  // 30 years on 2 September 2025.
  EXPECT_EQ(Years(admitted, absl::CivilDay(2025, 9, 2), absl::CivilDay(2025, 9, 2)),
            std::vector<int>{30});
  EXPECT_TRUE(Years(admitted, absl::CivilDay(2025, 1, 1), absl::CivilDay(2025, 9, 1)).empty());
  EXPECT_TRUE(Years(admitted, absl::CivilDay(2025, 9, 3), absl::CivilDay(2025, 12, 31)).empty());
  const auto reached =
      BadgesReached(admitted, absl::CivilDay(2025, 1, 1), absl::CivilDay(2025, 12, 31));
  ASSERT_EQ(reached.size(), 1u);
  EXPECT_EQ(reached[0].on, absl::CivilDay(2025, 9, 2));
}

TEST(BadgeRules, OnlyTheListedPartyAges) {
  const absl::CivilDay start(2020, 1, 1), end(2020, 12, 31);
  EXPECT_EQ(Years(absl::CivilDay(1990, 5, 1), start, end), std::vector<int>{30});
  EXPECT_TRUE(Years(absl::CivilDay(1985, 5, 1), start, end).empty());  // 35: no badge
  EXPECT_EQ(Years(absl::CivilDay(1980, 5, 1), start, end), std::vector<int>{40});
  EXPECT_EQ(Years(absl::CivilDay(1975, 5, 1), start, end), std::vector<int>{45});
  EXPECT_EQ(Years(absl::CivilDay(1970, 5, 1), start, end), std::vector<int>{50});
  EXPECT_TRUE(Years(absl::CivilDay(1991, 5, 1), start, end).empty());  // 29
  // Admitted on 29 February: the anniversary is 1 March in other years.
  EXPECT_EQ(BadgesReached(absl::CivilDay(1988, 2, 29), absl::CivilDay(2018, 1, 1),
                          absl::CivilDay(2018, 12, 31))[0]
                .on,
            absl::CivilDay(2018, 3, 1));
  // Over a period of several years, each badge reached in it.
  EXPECT_EQ(
      Years(absl::CivilDay(1980, 5, 1), absl::CivilDay(2020, 1, 1), absl::CivilDay(2025, 12, 31)),
      (std::vector<int>{40, 45}));
}

}  // namespace
}  // namespace partywork::membership
