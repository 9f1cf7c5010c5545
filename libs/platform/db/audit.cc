#include "libs/platform/db/audit.h"

#include "absl/strings/str_cat.h"
#include "libs/platform/db/database.h"

namespace partywork::db {

void RecordAudit(pqxx::transaction_base& tx, const std::string& schema, const CallContext& call,
                 const std::string& action, const std::string& resource,
                 const nlohmann::json& details) {
  const Statement insert{
      schema + "_audit_insert",
      absl::StrCat("INSERT INTO ", schema,
                   ".audit_log (subject, role, request_id, action, resource, details) "
                   "VALUES ($1, $2, $3, $4, $5, $6::jsonb)")};
  Exec(tx, insert, call.caller ? call.caller->subject : std::string("anonymous"),
       call.caller ? call.caller->role : std::string(), call.request_id, action, resource,
       details.dump());
}

}  // namespace partywork::db
