// Members of the organizations a reorganization ends (or turns into a
// committee, which holds no members) move to another cell by recorded
// transfers (TRANSFERRED_WITHIN) dated on the reorganization's effective
// date, in the reorganization's transaction.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "grpcpp/support/status.h"
#include "libs/platform/call_context.h"
#include "libs/platform/rule.h"
#include "partywork/membership/v1/membership_service.pb.h"
#include "pqxx/pqxx"
#include "services/membership/reorganization_rules.h"

namespace partywork::membership {

// The cell that takes the members, as it is from the effective date.
struct TransferDestination {
  int64_t id = 0;
  std::string name;
  v1::OrganizationKind kind = v1::ORGANIZATION_KIND_UNSPECIFIED;
  bool ends = false;  // the same reorganization ends it
};

// An organization that can no longer hold members and still has some.
struct VacatedOrganization {
  std::string name;
  int members = 0;
};

// Plain rule: members of `vacated` need a destination that is a cell going
// on after the date (MEMBERS_WITHOUT_DESTINATION, MEMBERS_DESTINATION_NOT_A_CELL,
// MEMBERS_DESTINATION_ENDS).
std::optional<RuleViolation> CheckMemberDestination(
    const std::vector<VacatedOrganization>& vacated,
    const std::optional<TransferDestination>& destination);

// After the plan was written: transfers the members of every organization
// the plan ended or turned into a committee to the reorganization's
// destination — dissolve.members_to, the merger's result, the upgrade's
// first new cell; a split has none — and names them in out->transferred_members.
grpc::Status TransferMembersOfReorganized(pqxx::work& tx, const CallContext& call,
                                          const std::string& request_id,
                                          const ReorganizationPlan& plan,
                                          const v1::ReorganizeOrganizationsRequest& request,
                                          absl::CivilDay day, v1::Reorganization* out);

}  // namespace partywork::membership
