// Carrying out a reorganization (DOMAIN §2) inside a caller's transaction:
// the ReorganizeOrganizations handler and the discipline consumer (a
// dissolution decided by inspection) take the same path.
#pragma once

#include <string>

#include "grpcpp/support/status.h"
#include "libs/platform/call_context.h"
#include "partywork/membership/v1/membership_service.pb.h"
#include "pqxx/pqxx"

namespace partywork::membership {

// Validates `request`, plans it by the rules on its effective date, writes
// it, transfers the members of the organizations it ends, and records the
// audit and the OrganizationsReorganized event. On a non-OK status the
// caller rolls back what was written.
grpc::Status Reorganize(pqxx::work& tx, const CallContext& call, const std::string& request_id,
                        const v1::ReorganizeOrganizationsRequest& request,
                        v1::Reorganization* response);

}  // namespace partywork::membership
