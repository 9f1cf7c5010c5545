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

ReadAuditValues::ReadAuditValues(const CallContext& call, std::string action_,
                                 std::string resource_, const nlohmann::json& details_)
    : subject(Subject(call)),
      role(Role(call)),
      request_id(call.request_id),
      action(std::move(action_)),
      resource(std::move(resource_)),
      details(details_.dump()) {}

}  // namespace partywork::db
