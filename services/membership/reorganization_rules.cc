#include "services/membership/reorganization_rules.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "libs/platform/resource.h"
#include "services/membership/organization_rules.h"

namespace partywork::membership {
namespace {

PlanResult Refuse(std::string reason, std::string message, std::string vietnamese,
                  std::map<std::string, std::string> metadata = {}) {
  PlanResult r;
  r.violation = RuleViolation{std::move(reason), std::move(message), std::move(vietnamese),
                              std::move(metadata)};
  return r;
}

PlanResult Refuse(RuleViolation violation) {
  PlanResult r;
  r.violation = std::move(violation);
  return r;
}

// The organization exists on `day`.
std::optional<PlanResult> CheckExists(const OrganizationFacts& o, absl::CivilDay day) {
  if (day < o.established_on || (o.dissolved_on && day >= *o.dissolved_on)) {
    std::string lifetime = absl::StrCat("established on ", FormatDay(o.established_on));
    if (o.dissolved_on) absl::StrAppend(&lifetime, ", ended on ", FormatDay(*o.dissolved_on));
    return Refuse("ORGANIZATION_NOT_IN_EXISTENCE",
                  absl::StrCat(o.name, " does not exist on ", FormatDay(day), " (", lifetime, ")"),
                  "Tổ chức đảng không tồn tại vào ngày này.",
                  {{"organization", o.name}, {"date", FormatDay(day)}});
  }
  return std::nullopt;
}

// The organization exists on `day` and has not changed since: history is
// only ever extended at its end, so every earlier date keeps its tree.
std::optional<PlanResult> CheckChangeable(const OrganizationFacts& o, absl::CivilDay day) {
  if (auto refused = CheckExists(o, day)) return refused;
  if (day <= o.latest_change) {
    return Refuse("REORGANIZATION_OUT_OF_ORDER",
                  absl::StrCat(o.name, " last changed on ", FormatDay(o.latest_change),
                               "; a reorganization must take effect after that"),
                  "Ngày hiệu lực phải sau lần thay đổi gần nhất của tổ chức đảng.",
                  {{"organization", o.name}, {"latest_change", FormatDay(o.latest_change)}});
  }
  return std::nullopt;
}

std::optional<PlanResult> CheckNoSubordinates(const OrganizationFacts& o, const char* action) {
  if (o.children.empty()) return std::nullopt;
  return Refuse(
      "HAS_SUBORDINATE_ORGANIZATIONS",
      absl::StrCat(o.name, " still has ", o.children.size(),
                   " subordinate organizations; dissolve or move them before it is ", action),
      "Tổ chức đảng còn tổ chức trực thuộc; cần giải thể hoặc chuyển chúng trước.",
      {{"organization", o.name}, {"subordinates", absl::StrCat(o.children.size())}});
}

// Places a new organization under `parent` (which must exist on `day`) and
// fills in its resolved type.
std::optional<PlanResult> PlaceNew(v1::Organization& o, const OrganizationFacts& parent,
                                   absl::CivilDay day) {
  if (auto refused = CheckExists(parent, day)) return refused;
  Placement placement = PlaceUnderParent(
      o, ParentFacts{parent.kind, parent.type, parent.established_on, parent.dissolved_on}, day);
  if (placement.violation) return Refuse(*placement.violation);
  o.set_type(placement.type);
  *o.mutable_established_on() = ToDate(day);
  return std::nullopt;
}

PlanResult Planned(ReorganizationPlan plan) {
  PlanResult r;
  r.plan = std::move(plan);
  return r;
}

}  // namespace

PlanResult PlanDissolution(const OrganizationFacts& o, absl::CivilDay day) {
  if (auto refused = CheckChangeable(o, day)) return *refused;
  if (auto refused = CheckNoSubordinates(o, "dissolved")) return *refused;
  ReorganizationPlan plan;
  plan.kind = v1::REORGANIZATION_KIND_DISSOLVE;
  plan.ended.push_back(o.id);
  return Planned(std::move(plan));
}

PlanResult PlanMerger(const MergerFacts& m, absl::CivilDay day) {
  ReorganizationPlan plan;
  plan.kind = v1::REORGANIZATION_KIND_MERGE;
  ParentRef result;
  v1::OrganizationKind result_kind;
  v1::OrganizationType result_type;
  if (m.into_existing) {
    if (auto refused = CheckExists(*m.into_existing, day)) return *refused;
    for (const auto& s : m.sources) {
      if (s.id == m.into_existing->id) {
        return Refuse("MERGE_INTO_SOURCE", absl::StrCat(s.name, " cannot be merged into itself"),
                      "Không thể sáp nhập một tổ chức đảng vào chính nó.",
                      {{"organization", s.name}});
      }
    }
    result.existing = m.into_existing->id;
    result_kind = m.into_existing->kind;
    result_type = m.into_existing->type;
  } else {
    v1::Organization created = *m.into_new;
    if (!m.new_parent) {
      Placement placement = PlaceUnderParent(created, std::nullopt, day);
      if (placement.violation) return Refuse(*placement.violation);
      *created.mutable_established_on() = ToDate(day);
    } else if (auto refused = PlaceNew(created, *m.new_parent, day)) {
      return *refused;
    }
    result.created = 0;
    result_kind = created.kind();
    result_type = created.type();
    plan.created.push_back(
        {created, ParentRef{m.new_parent ? std::optional(m.new_parent->id) : std::nullopt}});
  }
  const bool become_cells = m.sources_become_subordinate_cells;
  if (become_cells && !CanBePlacedUnder(v1::ORGANIZATION_KIND_SUBORDINATE_CELL, result_kind)) {
    return Refuse("MERGE_RESULT_HAS_NO_CELLS",
                  absl::StrCat("sources can become subordinate cells only of a base or partial "
                               "committee, not of a ",
                               KindName(result_kind)),
                  "Chỉ đảng bộ cơ sở hoặc đảng bộ bộ phận mới có chi bộ trực thuộc.");
  }
  for (const auto& s : m.sources) {
    if (auto refused = CheckChangeable(s, day)) return *refused;
    if (become_cells) {
      const bool is_cell = s.kind == v1::ORGANIZATION_KIND_BASE_CELL ||
                           s.kind == v1::ORGANIZATION_KIND_SUBORDINATE_CELL;
      if (!is_cell) {
        return Refuse("MERGE_SOURCE_NOT_A_CELL",
                      absl::StrCat(s.name, " is a ", KindName(s.kind),
                                   ", not a cell that can become a subordinate cell"),
                      "Chỉ chi bộ mới có thể trở thành chi bộ trực thuộc.", {{"source", s.name}});
      }
      plan.changed.push_back({s.id, v1::ORGANIZATION_KIND_SUBORDINATE_CELL, result_type, result});
      continue;
    }
    const bool same_level =
        s.kind == result_kind || (IsBaseOrganization(s.kind) && IsBaseOrganization(result_kind));
    if (!same_level) {
      return Refuse("MERGE_KIND_MISMATCH",
                    absl::StrCat("a ", KindName(s.kind), " (", s.name, ") cannot merge into a ",
                                 KindName(result_kind)),
                    "Các tổ chức đảng sáp nhập phải cùng cấp.", {{"source", s.name}});
    }
    for (const auto& child : s.children) {
      if (day <= child.latest_change) {
        return Refuse("REORGANIZATION_OUT_OF_ORDER",
                      absl::StrCat("organizations/", child.id, " under ", s.name,
                                   " last changed on ", FormatDay(child.latest_change),
                                   "; a reorganization must take effect after that"),
                      "Ngày hiệu lực phải sau lần thay đổi gần nhất của tổ chức trực thuộc.",
                      {{"organization", absl::StrCat("organizations/", child.id)}});
      }
      if (!CanBePlacedUnder(child.kind, result_kind)) {
        return Refuse(
            "MERGE_CHILD_NOT_ALLOWED",
            absl::StrCat("organizations/", child.id, ", a ", KindName(child.kind), " under ",
                         s.name, ", cannot be placed under a ", KindName(result_kind)),
            "Tổ chức trực thuộc không thể chuyển về tổ chức sau sáp nhập.", {{"source", s.name}});
      }
      plan.changed.push_back({child.id, child.kind, child.type, result});
    }
    plan.ended.push_back(s.id);
  }
  return Planned(std::move(plan));
}

PlanResult PlanUpgrade(const OrganizationFacts& o, const std::vector<v1::Organization>& new_cells,
                       absl::CivilDay day) {
  if (auto refused = CheckChangeable(o, day)) return *refused;
  if (o.kind != v1::ORGANIZATION_KIND_BASE_CELL) {
    return Refuse("UPGRADE_NOT_A_BASE_CELL",
                  absl::StrCat(o.name, " is a ", KindName(o.kind), "; only a ",
                               KindName(v1::ORGANIZATION_KIND_BASE_CELL), " is upgraded"),
                  "Chỉ chi bộ cơ sở mới được nâng cấp thành đảng bộ cơ sở.",
                  {{"organization", o.name}});
  }
  if (new_cells.empty()) {
    return Refuse("UPGRADE_WITHOUT_CELLS",
                  "a base committee has subordinate cells: name at least one",
                  "Đảng bộ cơ sở phải có chi bộ trực thuộc.", {{"organization", o.name}});
  }
  OrganizationFacts upgraded = o;
  upgraded.kind = v1::ORGANIZATION_KIND_BASE_COMMITTEE;
  ReorganizationPlan plan;
  plan.kind = v1::REORGANIZATION_KIND_UPGRADE;
  plan.changed.push_back({o.id, upgraded.kind, o.type, ParentRef{o.parent_id}});
  for (v1::Organization cell : new_cells) {
    if (auto refused = PlaceNew(cell, upgraded, day)) return *refused;
    plan.created.push_back({std::move(cell), ParentRef{o.id}});
  }
  return Planned(std::move(plan));
}

PlanResult PlanSplit(const OrganizationFacts& source, const std::vector<v1::Organization>& results,
                     const std::vector<std::optional<OrganizationFacts>>& result_parents,
                     absl::CivilDay day) {
  if (auto refused = CheckChangeable(source, day)) return *refused;
  if (auto refused = CheckNoSubordinates(source, "split")) return *refused;
  if (results.size() < 2) {
    return Refuse("SPLIT_NEEDS_TWO_RESULTS", "a split establishes at least two organizations",
                  "Chia tách phải thành lập ít nhất hai tổ chức đảng.");
  }
  ReorganizationPlan plan;
  plan.kind = v1::REORGANIZATION_KIND_SPLIT;
  plan.ended.push_back(source.id);
  for (size_t i = 0; i < results.size(); ++i) {
    v1::Organization created = results[i];
    const auto& parent = result_parents[i];
    if (parent && parent->id == source.id) {
      return Refuse("SPLIT_UNDER_SOURCE", "a result cannot be placed under the source that ends",
                    "Tổ chức mới không thể trực thuộc tổ chức bị chia tách.");
    }
    if (!parent) {
      Placement placement = PlaceUnderParent(created, std::nullopt, day);
      if (placement.violation) return Refuse(*placement.violation);
      *created.mutable_established_on() = ToDate(day);
    } else if (auto refused = PlaceNew(created, *parent, day)) {
      return *refused;
    }
    plan.created.push_back(
        {std::move(created), ParentRef{parent ? std::optional(parent->id) : std::nullopt}});
  }
  return Planned(std::move(plan));
}

PlanResult PlanMove(const OrganizationFacts& o, const OrganizationFacts& new_parent,
                    const std::vector<int64_t>& ancestors, absl::CivilDay day) {
  if (auto refused = CheckChangeable(o, day)) return *refused;
  if (auto refused = CheckExists(new_parent, day)) return *refused;
  if (new_parent.id == o.id ||
      std::find(ancestors.begin(), ancestors.end(), o.id) != ancestors.end()) {
    return Refuse("MOVE_INTO_OWN_SUBTREE",
                  absl::StrCat(o.name, " cannot move under ", new_parent.name,
                               ", which is inside its own subtree"),
                  "Không thể chuyển tổ chức đảng về một tổ chức trực thuộc chính nó.",
                  {{"organization", o.name}, {"new_parent", new_parent.name}});
  }
  if (o.parent_id == new_parent.id) {
    return Refuse("MOVE_TO_SAME_PARENT",
                  absl::StrCat(o.name, " is already under ", new_parent.name),
                  "Tổ chức đảng đã trực thuộc tổ chức này.", {{"organization", o.name}});
  }
  if (!CanBePlacedUnder(o.kind, new_parent.kind)) {
    return Refuse("PARENT_KIND_NOT_ALLOWED",
                  absl::StrCat("a ", KindName(o.kind), " cannot be placed under a ",
                               KindName(new_parent.kind)),
                  "Loại tổ chức đảng này không thể trực thuộc tổ chức cấp trên đã chọn.",
                  {{"parent_kind", v1::OrganizationKind_Name(new_parent.kind)}});
  }
  ReorganizationPlan plan;
  plan.kind = v1::REORGANIZATION_KIND_MOVE;
  plan.changed.push_back({o.id, o.kind, o.type, ParentRef{new_parent.id}});
  return Planned(std::move(plan));
}

}  // namespace partywork::membership
