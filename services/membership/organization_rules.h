// Domain rules of the organization tree (DOMAIN §2): which kind of
// organization may sit under which, and what a new one must say about itself.
// Plain functions: no gRPC, no SQL.
#pragma once

#include <optional>
#include <vector>

#include "absl/time/civil_time.h"
#include "libs/platform/rule.h"
#include "partywork/membership/v1/organization.pb.h"

namespace partywork::membership {

namespace v1 = ::partywork::membership::v1;

// What the rules need to know of an existing parent.
struct ParentFacts {
  v1::OrganizationKind kind;
  v1::OrganizationType type;
  absl::CivilDay established_on;
  std::optional<absl::CivilDay> dissolved_on;  // set once it has ended (or will)
};

// "base committee (đảng bộ cơ sở)", for messages.
const char* KindName(v1::OrganizationKind kind);

// Whether an organization of `kind` may sit directly under one of
// `parent_kind` (a cell under a base or partial committee, a base
// organization under a higher committee, …).
bool CanBePlacedUnder(v1::OrganizationKind kind, v1::OrganizationKind parent_kind);

// Base organizations (tổ chức cơ sở đảng): đảng bộ cơ sở and chi bộ cơ sở.
bool IsBaseOrganization(v1::OrganizationKind kind);

// Field-level checks of a new organization, as sent in a create request
// (paths under `prefix`, e.g. "organization.").
std::vector<FieldViolation> ValidateNewOrganization(const v1::Organization& organization,
                                                    const std::string& prefix);

// Checks the new organization against its parent (nullopt: no parent) and
// returns the type it gets: its own, or the parent's when a subordinate unit
// leaves it unspecified.
struct Placement {
  std::optional<RuleViolation> violation;
  v1::OrganizationType type = v1::ORGANIZATION_TYPE_UNSPECIFIED;
};
Placement PlaceUnderParent(const v1::Organization& organization,
                           const std::optional<ParentFacts>& parent, absl::CivilDay established_on);

}  // namespace partywork::membership
