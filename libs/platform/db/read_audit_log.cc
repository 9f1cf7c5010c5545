#include "libs/platform/db/read_audit_log.h"

#include "absl/strings/str_cat.h"
#include "libs/platform/db/arrays.h"
#include "libs/platform/db/database.h"
#include "libs/platform/errors.h"
#include "libs/platform/metrics.h"

namespace partywork::db {
namespace {

struct LogMetrics {
  metrics::Family<metrics::Counter>& records;
  metrics::Family<metrics::Counter>& batches;
  metrics::Family<metrics::Counter>& failed;
};

LogMetrics& Metrics() {
  auto& r = metrics::Registry::Default();
  static LogMetrics m{
      r.AddCounter("partywork_read_audit_records_total", "Read audit records committed.",
                   {"schema"}),
      r.AddCounter("partywork_read_audit_batches_total",
                   "INSERTs that committed read audit records.", {"schema"}),
      r.AddCounter("partywork_read_audit_failed_total",
                   "Reads refused because their audit record could not be written.", {"schema"})};
  return m;
}

}  // namespace

ReadAuditLog::ReadAuditLog(ReadAuditLogOptions options)
    : schema_(options.schema),
      queue_({options.conninfo, options.max_batch, options.queue_limit},
             [this](Connection& connection, std::vector<Pending>& batch) {
               Write(connection, batch);
             }) {}

void ReadAuditLog::Record(AuditRecord record, Done done) {
  Pending pending{std::move(record), std::move(done)};
  if (queue_.Push(pending)) return;
  Metrics().failed.With({schema_}).Inc();
  pending.done(
      errors::Unavailable("the read could not be audited (too many reads waiting); retry later"));
}

// Every record queued while the last batch was written goes in this one.
void ReadAuditLog::Write(Connection& connection, std::vector<Pending>& batch) {
  const grpc::Status status = Insert(connection, batch);
  for (Pending& p : batch) p.done(status);
}

grpc::Status ReadAuditLog::Insert(Connection& connection, const std::vector<Pending>& batch) {
  // set_config(…, true) lasts until the end of the statement's transaction,
  // so its commit does not wait for the WAL flush.
  const Statement insert{
      schema_ + "_read_audit_insert",
      absl::StrCat("WITH relaxed_commit AS (SELECT set_config('synchronous_commit', 'off', true)) "
                   "INSERT INTO ",
                   schema_,
                   ".audit_log (subject, role, request_id, action, resource, details) "
                   "SELECT r.subject, r.role, r.request_id, r.action, r.resource, r.details::jsonb "
                   "FROM relaxed_commit, unnest($1::text[], $2::text[], $3::text[], $4::text[], "
                   "$5::text[], $6::text[]) AS r(subject, role, request_id, action, resource, "
                   "details)")};
  Columns rows(6);
  for (const Pending& p : batch) {
    const AuditRecord& r = p.record;
    rows.Add(r.subject).Add(r.role).Add(r.request_id).Add(r.action).Add(r.resource).Add(r.details);
  }
  try {
    pqxx::nontransaction tx(connection.Get());
    ExecRows(tx, insert, rows);
  } catch (const std::exception& e) {
    connection.ResetIfBroken();
    Metrics().failed.With({schema_}).Inc(static_cast<double>(batch.size()));
    const grpc::Status cause = ToStatus(e);
    return errors::Unavailable(
        absl::StrCat("the read could not be audited (", cause.error_message(), "); retry later"));
  }
  Metrics().records.With({schema_}).Inc(static_cast<double>(batch.size()));
  Metrics().batches.With({schema_}).Inc();
  return grpc::Status::OK;
}

}  // namespace partywork::db
