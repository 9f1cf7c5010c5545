// Admission target rules: the total required, each category once, none
// above the total (equal passes, one more is refused).
#include "services/membership/target_rules.h"

#include "gtest/gtest.h"

namespace partywork::membership {
namespace {

std::vector<v1::CategoryTarget> Targets(std::vector<std::pair<v1::AdmissionCategory, int>> list) {
  std::vector<v1::CategoryTarget> out;
  for (const auto& [category, count] : list) {
    out.emplace_back();
    out.back().set_category(category);
    out.back().set_count(count);
  }
  return out;
}

TEST(TargetRules, EachCategoryAtMostTheTotal) {
  EXPECT_FALSE(CheckCategoriesWithinTotal(
      Targets({{v1::ADMISSION_CATEGORY_TOTAL, 10}, {v1::ADMISSION_CATEGORY_STUDENTS, 10}})));
  auto refused = CheckCategoriesWithinTotal(
      Targets({{v1::ADMISSION_CATEGORY_TOTAL, 10}, {v1::ADMISSION_CATEGORY_STUDENTS, 11}}));
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->reason, "TARGET_CATEGORY_OVER_TOTAL");
}

TEST(TargetRules, TotalRequiredAndCategoriesOnce) {
  EXPECT_TRUE(ValidateCategoryTargets(Targets({{v1::ADMISSION_CATEGORY_TOTAL, 0}}), "t").empty());
  EXPECT_EQ(ValidateCategoryTargets(Targets({{v1::ADMISSION_CATEGORY_WOMEN, 3}}), "t").size(), 1u);
  EXPECT_EQ(ValidateCategoryTargets(Targets({{v1::ADMISSION_CATEGORY_TOTAL, 5},
                                             {v1::ADMISSION_CATEGORY_WOMEN, 3},
                                             {v1::ADMISSION_CATEGORY_WOMEN, 2}}),
                                    "t")[0]
                .field,
            "t[2].category");
  EXPECT_EQ(ValidateCategoryTargets(Targets({{v1::ADMISSION_CATEGORY_TOTAL, -1}}), "t")[0].field,
            "t[0].count");
}

}  // namespace
}  // namespace partywork::membership
