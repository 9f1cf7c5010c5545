// A refusal that names the rule it applies: the rulebook's key, value and
// regulation go into the message and the ErrorInfo metadata ("rule",
// "regulation"), so clients can show why. Plain C++, for domain rules.
#pragma once

#include <map>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "libs/platform/rule.h"
#include "libs/platform/rulebook/rulebook.h"

namespace partywork {

inline RuleViolation Citing(const rulebook::RuleVersion& rule, std::string reason,
                            std::string message, std::string vietnamese,
                            std::map<std::string, std::string> metadata = {}) {
  metadata["rule"] = rule.key;
  metadata["regulation"] = rule.regulation;
  return RuleViolation{std::move(reason),
                       absl::StrCat(message, " [", rulebook::Describe(rule), "]"),
                       absl::StrCat(vietnamese, " (", rule.regulation, ")"), std::move(metadata)};
}

}  // namespace partywork
