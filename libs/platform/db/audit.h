// The audit trail: who did what, in the same transaction as what they did
// (or, for reads of personal data, as they read it). Append-only: the table
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

// Records a read (e.g. "ReadMemberRecord") in a transaction of its own, sent
// in one round trip and committed without waiting for the disk
// (synchronous_commit off): a read then costs no WAL flush, and a crash can
// lose at most the last fraction of a second of read records (never a
// change's record, which commits with the change). Run it on `conn` with no
// transaction open, after the read succeeded.
void RecordReadAudit(pqxx::connection& conn, const std::string& schema, const CallContext& call,
                     const std::string& action, const std::string& resource,
                     const nlohmann::json& details = nlohmann::json::object());

// The same record written by the reading statement itself, so a read and its
// audit are one round trip and one (relaxed) commit: ReadAuditWith() is a
// WITH clause (without the WITH) inserting the record when `condition` (SQL)
// holds, its values the parameters $first … $first+5 given by
// ReadAuditValues(), in that order.
std::string ReadAuditWith(const std::string& schema, int first, const std::string& condition);
struct ReadAuditValues {
  ReadAuditValues(const CallContext& call, std::string action, std::string resource,
                  const nlohmann::json& details);
  std::string subject, role, request_id, action, resource, details;
};

}  // namespace partywork::db
