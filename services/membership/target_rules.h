// Rules of admission targets (chỉ tiêu kết nạp): one count per category,
// the total required, no category above the total. Plain functions.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "libs/platform/rule.h"
#include "partywork/membership/v1/target.pb.h"

namespace partywork::membership {

namespace v1 = ::partywork::membership::v1;

// Field checks of `targets` (paths under `field`, e.g. "target.targets").
std::vector<FieldViolation> ValidateCategoryTargets(const std::vector<v1::CategoryTarget>& targets,
                                                    const std::string& field);

// A category's target is part of the total: none above it
// (TARGET_CATEGORY_OVER_TOTAL). Expects validated targets.
std::optional<RuleViolation> CheckCategoriesWithinTotal(
    const std::vector<v1::CategoryTarget>& targets);

}  // namespace partywork::membership
