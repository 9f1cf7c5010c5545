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

ReadAuditLog::ReadAuditLog(ReadAuditLogOptions options) : options_(std::move(options)) {
  writer_ = std::thread([this] { Write(); });
}

ReadAuditLog::~ReadAuditLog() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  writer_.join();
}

void ReadAuditLog::Record(AuditRecord record, Done done) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!stopping_ && static_cast<int>(queue_.size()) < options_.queue_limit) {
      queue_.push_back({std::move(record), std::move(done)});
      cv_.notify_one();
      return;
    }
  }
  Metrics().failed.With({options_.schema}).Inc();
  done(errors::Unavailable("the read could not be audited (too many reads waiting); retry later"));
}

void ReadAuditLog::Write() {
  std::unique_lock<std::mutex> lock(mu_);
  for (;;) {
    cv_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
    if (queue_.empty()) return;  // stopping, and everything written
    // Every record queued while the last batch was written goes in this one.
    std::vector<Pending> batch;
    while (!queue_.empty() && static_cast<int>(batch.size()) < options_.max_batch) {
      batch.push_back(std::move(queue_.front()));
      queue_.pop_front();
    }
    lock.unlock();
    const grpc::Status status = Insert(batch);
    for (Pending& p : batch) p.done(status);
    lock.lock();
  }
}

grpc::Status ReadAuditLog::Insert(const std::vector<Pending>& batch) {
  // set_config(…, true) lasts until the end of the statement's transaction,
  // so its commit does not wait for the WAL flush.
  const Statement insert{
      options_.schema + "_read_audit_insert",
      absl::StrCat("WITH relaxed_commit AS (SELECT set_config('synchronous_commit', 'off', true)) "
                   "INSERT INTO ",
                   options_.schema,
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
    pqxx::nontransaction tx(connection_.Get());
    ExecRows(tx, insert, rows);
  } catch (const std::exception& e) {
    connection_.ResetIfBroken();
    Metrics().failed.With({options_.schema}).Inc(static_cast<double>(batch.size()));
    const grpc::Status cause = ToStatus(e);
    return errors::Unavailable(
        absl::StrCat("the read could not be audited (", cause.error_message(), "); retry later"));
  }
  Metrics().records.With({options_.schema}).Inc(static_cast<double>(batch.size()));
  Metrics().batches.With({options_.schema}).Inc();
  return grpc::Status::OK;
}

}  // namespace partywork::db
