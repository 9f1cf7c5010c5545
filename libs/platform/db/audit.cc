#include "libs/platform/db/audit.h"

#include "absl/strings/str_cat.h"
#include "libs/platform/db/database.h"

namespace partywork::db {

namespace {

const char* Subject(const CallContext& call) {
  return call.caller ? call.caller->subject.c_str() : "anonymous";
}
std::string Role(const CallContext& call) { return call.caller ? call.caller->role : ""; }

}  // namespace

void RecordAudit(pqxx::transaction_base& tx, const std::string& schema, const CallContext& call,
                 const std::string& action, const std::string& resource,
                 const nlohmann::json& details) {
  const Statement insert{
      schema + "_audit_insert",
      absl::StrCat("INSERT INTO ", schema,
                   ".audit_log (subject, role, request_id, action, resource, details) "
                   "VALUES ($1, $2, $3, $4, $5, $6::jsonb)")};
  Exec(tx, insert, std::string(Subject(call)), Role(call), call.request_id, action, resource,
       details.dump());
}

void RecordReadAudit(pqxx::connection& conn, const std::string& schema, const CallContext& call,
                     const std::string& action, const std::string& resource,
                     const nlohmann::json& details) {
  // One prepared statement in its own (implicit) transaction, whose commit
  // sees the local setting.
  const Statement insert{
      schema + "_audit_insert_read",
      absl::StrCat("WITH relaxed AS (SELECT set_config('synchronous_commit', 'off', true)) "
                   "INSERT INTO ",
                   schema,
                   ".audit_log (subject, role, request_id, action, resource, details) "
                   "SELECT $1, $2, $3, $4, $5, $6::jsonb FROM relaxed")};
  pqxx::nontransaction tx(conn);
  Exec(tx, insert, std::string(Subject(call)), Role(call), call.request_id, action, resource,
       details.dump());
}

}  // namespace partywork::db
