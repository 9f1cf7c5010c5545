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

AuditRecord::AuditRecord(const CallContext& call, std::string action_, std::string resource_,
                         const nlohmann::json& details_)
    : subject(Subject(call)),
      role(Role(call)),
      request_id(call.request_id),
      action(std::move(action_)),
      resource(std::move(resource_)),
      details(details_.dump()) {}

std::string AuditInsert(const std::string& schema, int first) {
  return absl::StrCat("INSERT INTO ", schema,
                      ".audit_log (subject, role, request_id, action, resource, details) VALUES ($",
                      first, ", $", first + 1, ", $", first + 2, ", $", first + 3, ", $", first + 4,
                      ", $", first + 5, "::jsonb)");
}

void RecordAudit(pqxx::transaction_base& tx, const std::string& schema, const AuditRecord& r) {
  const Statement insert{schema + "_audit_insert", AuditInsert(schema, 1)};
  ExecParams(tx, insert, AuditParams(r));
}

void RecordAudit(pqxx::transaction_base& tx, const std::string& schema, const CallContext& call,
                 const std::string& action, const std::string& resource,
                 const nlohmann::json& details) {
  RecordAudit(tx, schema, AuditRecord(call, action, resource, details));
}

}  // namespace partywork::db
