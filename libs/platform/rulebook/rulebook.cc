#include "libs/platform/rulebook/rulebook.h"

#include <algorithm>
#include <cstdlib>
#include <iostream>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace partywork::rulebook {

std::string Describe(const RuleVersion& version) {
  std::string value;
  switch (version.unit) {
    case Unit::kYears:
      value = absl::StrCat(version.number, " years");
      break;
    case Unit::kMonths:
      value = absl::StrCat(version.number, " months");
      break;
    case Unit::kWorkingDays:
      value = absl::StrCat(version.number, " working days");
      break;
    case Unit::kPercent:
      value = absl::StrCat(version.number, "/", version.denominator);
      break;
    case Unit::kCount:
      value = absl::StrCat(version.number);
      break;
    case Unit::kList:
      value = absl::StrJoin(version.items, ", ");
      break;
    case Unit::kNoLimit:
      value = "no limit";
      break;
    case Unit::kAbsent:
      value = "not in force";
      break;
  }
  return absl::StrCat(version.key, " = ", value, " (", version.regulation, ")");
}

Rulebook::Rulebook(std::vector<RuleVersion> versions) {
  for (RuleVersion& version : versions) {
    rules_[version.key].push_back(std::move(version));
  }
  for (auto& [key, history] : rules_) {
    std::sort(history.begin(), history.end(), [](const RuleVersion& a, const RuleVersion& b) {
      return a.effective_from < b.effective_from;
    });
  }
}

const RuleVersion* Rulebook::InForce(absl::string_view key, absl::CivilDay day) const {
  const auto it = rules_.find(key);
  if (it == rules_.end()) return nullptr;
  const std::vector<RuleVersion>& history = it->second;
  // The first version taking effect after `day`; the one before it is in force.
  const auto later = std::upper_bound(
      history.begin(), history.end(), day,
      [](absl::CivilDay d, const RuleVersion& version) { return d < version.effective_from; });
  return later == history.begin() ? &history.front() : &*std::prev(later);
}

const RuleVersion& Rulebook::Get(absl::string_view key, absl::CivilDay day) const {
  const RuleVersion* version = InForce(key, day);
  if (version == nullptr) {
    std::cerr << "rulebook: no rule " << key << "\n";
    std::abort();
  }
  return *version;
}

int64_t Rulebook::Number(absl::string_view key, absl::CivilDay day) const {
  return Get(key, day).number;
}

std::vector<const RuleVersion*> Rulebook::AllInForce(absl::CivilDay day) const {
  std::vector<const RuleVersion*> in_force;
  in_force.reserve(rules_.size());
  for (const auto& [key, history] : rules_) in_force.push_back(InForce(key, day));
  return in_force;
}

std::vector<const RuleVersion*> Rulebook::History(absl::string_view key) const {
  std::vector<const RuleVersion*> versions;
  const auto it = rules_.find(key);
  if (it == rules_.end()) return versions;
  for (const RuleVersion& version : it->second) versions.push_back(&version);
  return versions;
}

std::string LimitationKey(absl::string_view subject, absl::string_view form) {
  return absl::StrCat("discipline.limitation_years.", subject, ".", form);
}

}  // namespace partywork::rulebook
