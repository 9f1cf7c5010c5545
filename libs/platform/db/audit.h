// The audit trail: who did what, in the same transaction as what they did
// (or, for reads, before the read is answered). Append-only: the table
// refuses updates and deletes.
#pragma once

#include <string>

#include "libs/platform/call_context.h"
#include "nlohmann/json.hpp"
#include "pqxx/pqxx"

namespace partywork::db {

// Records that the caller of `call` performed `action` (e.g.
// "CreateOrganization", "ReadMemberRecord") on `resource`.
void RecordAudit(pqxx::transaction_base& tx, const std::string& schema, const CallContext& call,
                 const std::string& action, const std::string& resource,
                 const nlohmann::json& details = nlohmann::json::object());

// The record of a read (e.g. "ReadMemberRecord"), written by ReadAuditLog
// (db/read_audit_log.h) before the read is answered.
struct ReadAuditValues {
  ReadAuditValues(const CallContext& call, std::string action, std::string resource,
                  const nlohmann::json& details);
  std::string subject, role, request_id, action, resource, details;
};

}  // namespace partywork::db
