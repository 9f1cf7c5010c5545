// The audit trail: who did what, in the same transaction as what they did
// (or, for reads, before the read is answered). Append-only: the table
// refuses updates and deletes.
#pragma once

#include <string>
#include <tuple>

#include "libs/platform/call_context.h"
#include "nlohmann/json.hpp"
#include "pqxx/pqxx"

namespace partywork::db {

// Who did what: the caller of `call` performed `action` (e.g.
// "CreateOrganization", "ReadMemberRecord") on `resource`.
struct AuditRecord {
  AuditRecord(const CallContext& call, std::string action, std::string resource,
              const nlohmann::json& details = nlohmann::json::object());
  std::string subject, role, request_id, action, resource, details;
};

// Writes `record` in `tx`.
void RecordAudit(pqxx::transaction_base& tx, const std::string& schema, const AuditRecord& record);
void RecordAudit(pqxx::transaction_base& tx, const std::string& schema, const CallContext& call,
                 const std::string& action, const std::string& resource,
                 const nlohmann::json& details = nlohmann::json::object());

// The INSERT of one record with parameters $first … $first+5, for a
// statement that writes the record beside its change (in a WITH clause): the
// parameters are AuditParams(record), in that order.
std::string AuditInsert(const std::string& schema, int first);
inline auto AuditParams(const AuditRecord& r) {
  return std::tie(r.subject, r.role, r.request_id, r.action, r.resource, r.details);
}

// Records of reads (e.g. "ReadMemberRecord") are written by ReadAuditLog
// (db/read_audit_log.h) before the read is answered.

}  // namespace partywork::db
