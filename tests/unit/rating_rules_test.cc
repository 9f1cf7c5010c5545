// Rating rules at their edges: the excellent-share cap exactly at 20 % and
// one over, the 100-point scale's thresholds (89/90, 69/70, 49/50) from the
// year it applies, and who is rated: a member on 31 December, not exempted,
// admitted at least 6 months before.
#include "services/membership/rating_rules.h"

#include "gtest/gtest.h"
#include "libs/platform/resource.h"

namespace partywork::membership {
namespace {

std::string ReasonOf(const std::optional<RuleViolation>& v) { return v ? v->reason : "OK"; }

TEST(RatingRules, ExcellentAtMostTwentyPercentOfGood) {
  EXPECT_EQ(ReasonOf(CheckExcellentCap(2, 10, 2024)), "OK");  // exactly 20 %
  EXPECT_EQ(ReasonOf(CheckExcellentCap(3, 10, 2024)), "EXCELLENT_SHARE_OVER_CAP");
  EXPECT_EQ(ReasonOf(CheckExcellentCap(1, 4, 2024)), "EXCELLENT_SHARE_OVER_CAP");
  EXPECT_EQ(ReasonOf(CheckExcellentCap(1, 5, 2025)), "OK");
  EXPECT_EQ(ReasonOf(CheckExcellentCap(1, 0, 2019)), "EXCELLENT_SHARE_OVER_CAP");
  const auto refused = CheckExcellentCap(3, 10, 2024);
  EXPECT_EQ(refused->metadata.at("rule"), "rating.excellent_cap_of_good");
}

v1::RatingGrade Grade(int year, int points) {
  const Graded g = GradeOf(year, v1::RATING_GRADE_UNSPECIFIED, points);
  EXPECT_FALSE(g.violation) << g.violation->message;
  return g.grade;
}

TEST(RatingRules, PointScaleThresholdsFrom2025) {
  EXPECT_EQ(Grade(2025, 100), v1::RATING_GRADE_EXCELLENT);
  EXPECT_EQ(Grade(2025, 90), v1::RATING_GRADE_EXCELLENT);
  EXPECT_EQ(Grade(2025, 89), v1::RATING_GRADE_GOOD);
  EXPECT_EQ(Grade(2025, 70), v1::RATING_GRADE_GOOD);
  EXPECT_EQ(Grade(2025, 69), v1::RATING_GRADE_COMPLETED);
  EXPECT_EQ(Grade(2025, 50), v1::RATING_GRADE_COMPLETED);
  EXPECT_EQ(Grade(2025, 49), v1::RATING_GRADE_NOT_COMPLETED);
  EXPECT_EQ(Grade(2025, 0), v1::RATING_GRADE_NOT_COMPLETED);
  EXPECT_EQ(ReasonOf(GradeOf(2025, v1::RATING_GRADE_EXCELLENT, 89).violation),
            "RATING_GRADE_DOES_NOT_MATCH_POINTS");
  EXPECT_EQ(ReasonOf(GradeOf(2025, v1::RATING_GRADE_GOOD, 89).violation), "OK");
  EXPECT_EQ(ReasonOf(GradeOf(2025, v1::RATING_GRADE_GOOD, std::nullopt).violation),
            "RATING_POINTS_REQUIRED");
}

TEST(RatingRules, NoPointScaleBefore2025) {
  EXPECT_FALSE(PointScaleApplies(2024));
  EXPECT_TRUE(PointScaleApplies(2025));  // Quy định 366-QĐ/TW of 30 August 2025
  EXPECT_EQ(ReasonOf(GradeOf(2024, v1::RATING_GRADE_GOOD, 75).violation),
            "RATING_POINTS_NOT_IN_FORCE");
  const Graded g = GradeOf(2024, v1::RATING_GRADE_GOOD, std::nullopt);
  EXPECT_EQ(ReasonOf(g.violation), "OK");
  EXPECT_EQ(g.grade, v1::RATING_GRADE_GOOD);
}

const MemberFacts kMember{absl::CivilDay(1980, 6, 15), absl::CivilDay(2010, 1, 10)};

HistoryEvent At(int64_t id, v1::MemberEventKind kind, absl::CivilDay day,
                v1::MemberStatus initial = v1::MEMBER_STATUS_UNSPECIFIED) {
  return {id, kind, day, 7, initial, std::nullopt, std::nullopt};
}

std::string Rateable(const std::vector<HistoryEvent>& history, int year) {
  const Standing s = DeriveStanding(history, kMember, RatingDay(year)).standing;
  return ReasonOf(CheckMemberRateable(s,
                                      s.status == v1::MEMBER_STATUS_PROBATIONARY
                                          ? std::optional(s.probation_started_on)
                                          : std::nullopt,
                                      year));
}

TEST(RatingRules, RatedIfAMemberOnTheLastDayOfTheYear) {
  const auto registered = [](absl::CivilDay day) {
    return std::vector<HistoryEvent>{
        At(1, v1::MEMBER_EVENT_KIND_REGISTERED, day, v1::MEMBER_STATUS_OFFICIAL)};
  };
  EXPECT_EQ(Rateable(registered(absl::CivilDay(2024, 12, 30)), 2024), "OK");
  EXPECT_EQ(Rateable(registered(absl::CivilDay(2024, 12, 31)), 2024), "OK");
  EXPECT_EQ(Rateable(registered(absl::CivilDay(2025, 1, 1)), 2024), "NOT_A_MEMBER_THAT_YEAR");
  auto left = registered(absl::CivilDay(2020, 1, 1));
  left.push_back(At(2, v1::MEMBER_EVENT_KIND_TRANSFERRED_OUT, absl::CivilDay(2024, 12, 31)));
  EXPECT_EQ(Rateable(left, 2024), "NOT_A_MEMBER_THAT_YEAR");
  EXPECT_EQ(Rateable(left, 2023), "OK");
}

TEST(RatingRules, NotRatedWhileExempt) {
  const auto exempted = [](absl::CivilDay day) {
    return std::vector<HistoryEvent>{At(1, v1::MEMBER_EVENT_KIND_REGISTERED,
                                        absl::CivilDay(2020, 1, 1), v1::MEMBER_STATUS_OFFICIAL),
                                     At(2, v1::MEMBER_EVENT_KIND_EXEMPTED, day)};
  };
  EXPECT_EQ(Rateable(exempted(absl::CivilDay(2024, 12, 31)), 2024), "RATED_WHILE_EXEMPT");
  EXPECT_EQ(Rateable(exempted(absl::CivilDay(2025, 1, 1)), 2024), "OK");
}

TEST(RatingRules, NewMembersOfLessThanSixMonthsAreNotGraded) {
  const auto admitted = [](absl::CivilDay day) {
    return std::vector<HistoryEvent>{At(1, v1::MEMBER_EVENT_KIND_ADMITTED, day)};
  };
  // 30/6 + 6 months is 30/12, on or before the rating day; 1/7 + 6 months is
  // past it.
  EXPECT_EQ(Rateable(admitted(absl::CivilDay(2024, 6, 29)), 2024), "OK");
  EXPECT_EQ(Rateable(admitted(absl::CivilDay(2024, 6, 30)), 2024), "OK");
  EXPECT_EQ(Rateable(admitted(absl::CivilDay(2024, 7, 1)), 2024), "NEW_MEMBER_NOT_GRADED");
  const auto refused = CheckMemberRateable(
      DeriveStanding(admitted(absl::CivilDay(2024, 9, 2)), kMember, RatingDay(2024)).standing,
      absl::CivilDay(2024, 9, 2), 2024);
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->metadata.at("rule"), "rating.new_member_months");
  EXPECT_EQ(refused->metadata.at("admitted_on"), "2024-09-02");
}

TEST(RatingRules, OrganizationCapNamesItsGroup) {
  const auto refused = CheckExcellentCap(2, 5, 2024, "the organizations under organizations/3");
  ASSERT_TRUE(refused);
  EXPECT_NE(refused->message.find("organizations under organizations/3"), std::string::npos);
}

}  // namespace
}  // namespace partywork::membership
