// Reporting's plain rules of party work: the rating distribution and
// targets at their edges (a share exactly at the target), why a member of
// the rating day was not rated (the day before and of six months).
#include "gtest/gtest.h"
#include "libs/platform/rulebook/rulebook.h"
#include "partywork/membership/v1/rating.pb.h"
#include "services/reporting/ratings.h"

namespace partywork::reporting {
namespace {

namespace mv1 = ::partywork::membership::v1;
namespace keys = ::partywork::rulebook::keys;

const absl::CivilDay kRatingDay(2024, 12, 31);

TEST(RatingRulesTest, DistributionHasEveryGradeWithItsShareOfTheRated) {
  const v1::RatingDistribution d =
      Distribution(10, {{mv1::RATING_GRADE_GOOD, 6}, {mv1::RATING_GRADE_NOT_COMPLETED, 2}});
  EXPECT_EQ(d.total(), 10);
  EXPECT_EQ(d.rated(), 8);
  EXPECT_EQ(d.not_rated(), 2);
  ASSERT_EQ(d.grades_size(), 4);
  EXPECT_EQ(d.grades(0).grade(), mv1::RATING_GRADE_EXCELLENT);
  EXPECT_EQ(d.grades(0).count(), 0);
  EXPECT_DOUBLE_EQ(d.grades(1).percent(), 75);
  EXPECT_DOUBLE_EQ(d.grades(3).percent(), 25);
  EXPECT_DOUBLE_EQ(Distribution(3, {}).grades(1).percent(), 0);  // none rated
}

// A member admitted on 30 June has six months on 31 December and is rated;
// one admitted on 1 July is new and rated separately.
TEST(RatingRulesTest, NewMemberMonthsEndOnTheSixMonthsDay) {
  EXPECT_EQ(WhyNotRated(false, absl::CivilDay(2024, 6, 30), kRatingDay), NotRated::kOther);
  EXPECT_EQ(WhyNotRated(false, absl::CivilDay(2024, 7, 1), kRatingDay), NotRated::kNewMember);
  EXPECT_EQ(WhyNotRated(false, absl::CivilDay(2024, 7, 2), kRatingDay), NotRated::kNewMember);
  EXPECT_EQ(WhyNotRated(true, absl::CivilDay(2024, 7, 1), kRatingDay), NotRated::kExempted);
  EXPECT_EQ(WhyNotRated(false, std::nullopt, kRatingDay), NotRated::kOther);
}

TEST(RatingRulesTest, SharesAtTheTargetMeetAtLeastButNotMoreThan) {
  // 9 of 10 is exactly 90 %: not over it; 95 of 100 is at least 95 %.
  v1::RatingTarget over = Target(keys::kRatingTargetBaseGoodOrBetter,
                                 v1::TARGET_COMPARISON_MORE_THAN, 9, 10, kRatingDay);
  EXPECT_DOUBLE_EQ(over.target(), 90);
  EXPECT_DOUBLE_EQ(over.actual(), 90);
  EXPECT_FALSE(over.met());
  EXPECT_TRUE(Target(keys::kRatingTargetBaseGoodOrBetter, v1::TARGET_COMPARISON_MORE_THAN, 91, 100,
                     kRatingDay)
                  .met());
  EXPECT_TRUE(Target(keys::kRatingTargetMembersGoodOrBetter, v1::TARGET_COMPARISON_AT_LEAST, 95,
                     100, kRatingDay)
                  .met());
  EXPECT_FALSE(Target(keys::kRatingTargetMembersGoodOrBetter, v1::TARGET_COMPARISON_AT_LEAST, 94,
                      100, kRatingDay)
                   .met());
  // Nothing rated reaches no share.
  EXPECT_FALSE(Target(keys::kRatingTargetMembersGoodOrBetter, v1::TARGET_COMPARISON_AT_LEAST, 0, 0,
                      kRatingDay)
                   .met());
  // A count: none not completed.
  const v1::RatingTarget none =
      Target(keys::kRatingTargetBaseNotCompleted, v1::TARGET_COMPARISON_AT_MOST, 1, 40, kRatingDay);
  EXPECT_DOUBLE_EQ(none.target(), 0);
  EXPECT_DOUBLE_EQ(none.actual(), 1);
  EXPECT_FALSE(none.met());
  EXPECT_TRUE(
      Target(keys::kRatingTargetBaseNotCompleted, v1::TARGET_COMPARISON_AT_MOST, 0, 40, kRatingDay)
          .met());
  EXPECT_EQ(none.description(), "Không có tổ chức cơ sở đảng không hoàn thành nhiệm vụ");
}

}  // namespace
}  // namespace partywork::reporting
