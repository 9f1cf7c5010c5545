#include "libs/platform/db/audit.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/substitute.h"
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

std::string ReadAuditWith(const std::string& schema, int first, const std::string& condition) {
  // set_config(…, true) lasts until the end of the statement's transaction,
  // so its commit does not wait for the WAL flush.
  return absl::Substitute(
      "relaxed_commit AS (SELECT set_config('synchronous_commit', 'off', true)), "
      "read_audit AS (INSERT INTO $0.audit_log (subject, role, request_id, action, resource, "
      "details) SELECT $$$1, $$$2, $$$3, $$$4, $$$5, $$$6::jsonb FROM relaxed_commit WHERE $7)",
      schema, first, first + 1, first + 2, first + 3, first + 4, first + 5, condition);
}

ReadAuditValues::ReadAuditValues(const CallContext& call, std::string action_,
                                 std::string resource_, const nlohmann::json& details_)
    : subject(Subject(call)),
      role(Role(call)),
      request_id(call.request_id),
      action(std::move(action_)),
      resource(std::move(resource_)),
      details(details_.dump()) {}

void RecordReadAudit(pqxx::connection& conn, const std::string& schema, const CallContext& call,
                     const std::string& action, const std::string& resource,
                     const nlohmann::json& details) {
  const Statement insert{schema + "_audit_insert_read",
                         absl::StrCat("WITH ", ReadAuditWith(schema, 1, "true"), " SELECT 1")};
  const ReadAuditValues v(call, action, resource, details);
  pqxx::nontransaction tx(conn);
  Exec(tx, insert, v.subject, v.role, v.request_id, v.action, v.resource, v.details);
}

}  // namespace partywork::db
