// Changing the organization tree (DOMAIN §2) inside a caller's transaction:
// the CreateOrganization and ReorganizeOrganizations handlers and the
// discipline consumer (a dissolution decided by inspection, re-established
// when an appeal annuls it) take the same paths.
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
// Validates `wanted`, places it under its parent by the rules on its
// established_on, writes it, and records the audit and the
// OrganizationEstablished event.
grpc::Status EstablishOrganization(pqxx::work& tx, const CallContext& call,
                                   const std::string& request_id, const v1::Organization& wanted,
                                   v1::Organization* response);

grpc::Status Reorganize(pqxx::work& tx, const CallContext& call, const std::string& request_id,
                        const v1::ReorganizeOrganizationsRequest& request,
                        v1::Reorganization* response);

}  // namespace partywork::membership
