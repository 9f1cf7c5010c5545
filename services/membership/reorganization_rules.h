// Domain rules of reorganizations (DOMAIN §2): giải thể, sáp nhập / hợp
// nhất, nâng cấp, chia tách and moving a subtree. Each Plan… function takes
// what the handler read of the organizations involved, as they are on the
// effective date, and returns either the rule the request breaks or the
// changes to make. Plain functions: no gRPC, no SQL.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "libs/platform/rule.h"
#include "partywork/membership/v1/organization.pb.h"

namespace partywork::membership {

namespace v1 = ::partywork::membership::v1;

// An organization as it stands on the reorganization's effective date.
struct OrganizationFacts {
  int64_t id = 0;
  std::string name;  // "organizations/{id}", for messages
  v1::OrganizationKind kind = v1::ORGANIZATION_KIND_UNSPECIFIED;
  v1::OrganizationType type = v1::ORGANIZATION_TYPE_UNSPECIFIED;
  std::optional<int64_t> parent_id;
  absl::CivilDay established_on;
  std::optional<absl::CivilDay> dissolved_on;
  absl::CivilDay latest_change;  // first day of its newest version
  struct Child {
    int64_t id;
    v1::OrganizationKind kind;
    v1::OrganizationType type;
    absl::CivilDay latest_change;
  };
  // Under it on the effective date or later.
  std::vector<Child> children;
};

// The parent of a changed or new organization: an existing one, or one that
// the same reorganization creates (an index into `created`).
struct ParentRef {
  std::optional<int64_t> existing;
  int created = -1;
};

struct NewOrganization {
  v1::Organization organization;  // established on the effective date; type resolved
  ParentRef parent;
};

// A new version of an existing organization from the effective date.
struct VersionChange {
  int64_t id;
  v1::OrganizationKind kind;
  v1::OrganizationType type;
  ParentRef parent;
};

struct ReorganizationPlan {
  v1::ReorganizationKind kind = v1::REORGANIZATION_KIND_UNSPECIFIED;
  std::vector<int64_t> ended;            // cease to exist on the effective date
  std::vector<NewOrganization> created;  // established on the effective date
  std::vector<VersionChange> changed;    // kind or parent changes
};

// The plan, or the rule that refuses it (and then nothing changes).
struct PlanResult {
  std::optional<RuleViolation> violation;
  ReorganizationPlan plan;
};

// Giải thể. An organization with subordinate organizations still in
// existence is refused: they are dissolved or moved first, each by its own
// recorded decision.
PlanResult PlanDissolution(const OrganizationFacts& organization, absl::CivilDay effective_on);

// Sáp nhập (into an existing organization) or hợp nhất (into a new one,
// `into_new` with its parent's facts in `new_parent`). The sources end and
// their subordinate organizations move under the result; with
// `sources_become_subordinate_cells` (base cells merged into a new base
// committee) the sources continue as its subordinate cells instead.
struct MergerFacts {
  std::vector<OrganizationFacts> sources;
  std::optional<OrganizationFacts> into_existing;
  std::optional<v1::Organization> into_new;
  std::optional<OrganizationFacts> new_parent;
  bool sources_become_subordinate_cells = false;
};
PlanResult PlanMerger(const MergerFacts& merger, absl::CivilDay effective_on);

// Nâng cấp: a base cell becomes a base committee with new subordinate cells.
PlanResult PlanUpgrade(const OrganizationFacts& organization,
                       const std::vector<v1::Organization>& new_cells, absl::CivilDay effective_on);

// Chia tách: the source ends and the results are established in its place,
// each under an existing parent (`result_parents[i]` for `results[i]`).
// A source that still has subordinate organizations is refused: which
// result takes which is a decision of its own, recorded by moves first.
PlanResult PlanSplit(const OrganizationFacts& source, const std::vector<v1::Organization>& results,
                     const std::vector<std::optional<OrganizationFacts>>& result_parents,
                     absl::CivilDay effective_on);

// An organization and its subtree move under `new_parent`; `ancestors` are
// the ids of new_parent's ancestors on the effective date (to refuse a move
// into the organization's own subtree).
PlanResult PlanMove(const OrganizationFacts& organization, const OrganizationFacts& new_parent,
                    const std::vector<int64_t>& ancestors, absl::CivilDay effective_on);

}  // namespace partywork::membership
