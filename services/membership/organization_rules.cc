#include "services/membership/organization_rules.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "libs/platform/resource.h"

namespace partywork::membership {
namespace {

constexpr size_t kMaxNameLength = 300;

}  // namespace

const char* KindName(v1::OrganizationKind kind) {
  switch (kind) {
    case v1::ORGANIZATION_KIND_HIGHER_COMMITTEE:
      return "higher committee (đảng bộ cấp trên)";
    case v1::ORGANIZATION_KIND_BASE_COMMITTEE:
      return "base committee (đảng bộ cơ sở)";
    case v1::ORGANIZATION_KIND_BASE_CELL:
      return "base cell (chi bộ cơ sở)";
    case v1::ORGANIZATION_KIND_PARTIAL_COMMITTEE:
      return "partial committee (đảng bộ bộ phận)";
    case v1::ORGANIZATION_KIND_SUBORDINATE_CELL:
      return "subordinate cell (chi bộ trực thuộc)";
    default:
      return "unspecified kind";
  }
}

namespace {

// The kinds a parent of `kind` may have.
std::vector<v1::OrganizationKind> AllowedParents(v1::OrganizationKind kind) {
  switch (kind) {
    case v1::ORGANIZATION_KIND_HIGHER_COMMITTEE:
    case v1::ORGANIZATION_KIND_BASE_COMMITTEE:
    case v1::ORGANIZATION_KIND_BASE_CELL:
      return {v1::ORGANIZATION_KIND_HIGHER_COMMITTEE};
    case v1::ORGANIZATION_KIND_PARTIAL_COMMITTEE:
      return {v1::ORGANIZATION_KIND_BASE_COMMITTEE};
    case v1::ORGANIZATION_KIND_SUBORDINATE_CELL:
      return {v1::ORGANIZATION_KIND_BASE_COMMITTEE, v1::ORGANIZATION_KIND_PARTIAL_COMMITTEE};
    default:
      return {};
  }
}

}  // namespace

bool CanBePlacedUnder(v1::OrganizationKind kind, v1::OrganizationKind parent_kind) {
  const auto allowed = AllowedParents(kind);
  return std::find(allowed.begin(), allowed.end(), parent_kind) != allowed.end();
}

bool IsBaseOrganization(v1::OrganizationKind kind) {
  return kind == v1::ORGANIZATION_KIND_BASE_COMMITTEE || kind == v1::ORGANIZATION_KIND_BASE_CELL;
}

std::vector<FieldViolation> ValidateNewOrganization(const v1::Organization& o,
                                                    const std::string& prefix) {
  std::vector<FieldViolation> v;
  if (o.display_name().empty()) {
    v.push_back({prefix + "display_name", "is required"});
  } else if (o.display_name().size() > kMaxNameLength) {
    v.push_back({prefix + "display_name", "is longer than 300 bytes"});
  }
  if (!v1::OrganizationKind_IsValid(o.kind()) || o.kind() == v1::ORGANIZATION_KIND_UNSPECIFIED) {
    v.push_back({prefix + "kind", "is required"});
  }
  if (!v1::OrganizationType_IsValid(o.type())) {
    v.push_back({prefix + "type", "is not a known organization type"});
  } else if (IsBaseOrganization(o.kind()) && o.type() == v1::ORGANIZATION_TYPE_UNSPECIFIED) {
    v.push_back({prefix + "type", "is required for a base organization (loại hình)"});
  } else if (o.kind() == v1::ORGANIZATION_KIND_HIGHER_COMMITTEE &&
             o.type() != v1::ORGANIZATION_TYPE_UNSPECIFIED) {
    v.push_back({prefix + "type", "applies to base organizations, not to a higher committee"});
  }
  if (!o.parent().empty() && !ResourceId(o.parent(), "organizations")) {
    v.push_back({prefix + "parent", "must be \"organizations/{id}\""});
  }
  if (!ToCivilDay(o.established_on())) {
    v.push_back({prefix + "established_on", "is required and must be a real date"});
  }
  return v;
}

Placement PlaceUnderParent(const v1::Organization& o, const std::optional<ParentFacts>& parent,
                           absl::CivilDay established_on) {
  Placement placement;
  placement.type = o.type();
  if (!parent) {
    if (o.kind() != v1::ORGANIZATION_KIND_HIGHER_COMMITTEE) {
      placement.violation =
          RuleViolation{"PARENT_REQUIRED",
                        absl::StrCat("a ", KindName(o.kind()), " must have a parent organization"),
                        "Tổ chức đảng này phải trực thuộc một tổ chức đảng cấp trên.",
                        {}};
    }
    return placement;
  }
  if (parent->dissolved_on) {
    placement.violation =
        RuleViolation{"PARENT_DISSOLVED",
                      absl::StrCat("the parent ended on ", FormatDay(*parent->dissolved_on)),
                      "Tổ chức cấp trên đã giải thể hoặc sáp nhập.",
                      {{"parent_dissolved_on", FormatDay(*parent->dissolved_on)}}};
    return placement;
  }
  if (!CanBePlacedUnder(o.kind(), parent->kind)) {
    placement.violation =
        RuleViolation{"PARENT_KIND_NOT_ALLOWED",
                      absl::StrCat("a ", KindName(o.kind()), " cannot be placed under a ",
                                   KindName(parent->kind)),
                      "Loại tổ chức đảng này không thể trực thuộc tổ chức cấp trên đã chọn.",
                      {{"parent_kind", v1::OrganizationKind_Name(parent->kind)}}};
    return placement;
  }
  if (established_on < parent->established_on) {
    placement.violation = RuleViolation{
        "PARENT_NOT_YET_ESTABLISHED",
        absl::StrCat("the parent was established on ", FormatDay(parent->established_on),
                     ", after ", FormatDay(established_on)),
        "Tổ chức cấp trên chưa được thành lập vào ngày này.",
        {{"parent_established_on", FormatDay(parent->established_on)}}};
    return placement;
  }
  if (placement.type == v1::ORGANIZATION_TYPE_UNSPECIFIED && !IsBaseOrganization(o.kind()) &&
      o.kind() != v1::ORGANIZATION_KIND_HIGHER_COMMITTEE) {
    placement.type = parent->type;  // a cell has its base organization's loại hình
  }
  return placement;
}

}  // namespace partywork::membership
