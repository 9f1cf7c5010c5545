#include "services/membership/target_rules.h"

#include <set>

#include "absl/strings/str_cat.h"

namespace partywork::membership {

std::vector<FieldViolation> ValidateCategoryTargets(const std::vector<v1::CategoryTarget>& targets,
                                                    const std::string& field) {
  std::vector<FieldViolation> v;
  std::set<int> seen;
  for (size_t i = 0; i < targets.size(); ++i) {
    const std::string at = absl::StrCat(field, "[", i, "]");
    const auto category = targets[i].category();
    if (category == v1::ADMISSION_CATEGORY_UNSPECIFIED ||
        !v1::AdmissionCategory_IsValid(category)) {
      v.push_back({at + ".category", "is required: one of the admission categories"});
    } else if (!seen.insert(category).second) {
      v.push_back({at + ".category", "is listed twice"});
    }
    if (targets[i].count() < 0) v.push_back({at + ".count", "must not be negative"});
  }
  if (!seen.count(v1::ADMISSION_CATEGORY_TOTAL)) {
    v.push_back({field, "must include the TOTAL target"});
  }
  return v;
}

std::optional<RuleViolation> CheckCategoriesWithinTotal(
    const std::vector<v1::CategoryTarget>& targets) {
  int total = 0;
  for (const auto& t : targets) {
    if (t.category() == v1::ADMISSION_CATEGORY_TOTAL) total = t.count();
  }
  for (const auto& t : targets) {
    if (t.count() > total) {
      return RuleViolation{"TARGET_CATEGORY_OVER_TOTAL",
                           absl::StrCat(v1::AdmissionCategory_Name(t.category()), " (", t.count(),
                                        ") is more than the total (", total, ")"),
                           "Chỉ tiêu của một đối tượng không vượt quá tổng chỉ tiêu kết nạp.",
                           {{"category", v1::AdmissionCategory_Name(t.category())}}};
    }
  }
  return std::nullopt;
}

}  // namespace partywork::membership
