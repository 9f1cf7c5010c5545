// The audit records of reads (DOMAIN §3: every read of a full record is
// audited), committed together. A read hands its record over and is answered
// once the record is committed: no answer goes out without its record, yet
// the reads that finish while one batch is being written share the next
// INSERT and its commit, instead of each paying a statement and a commit.
// One thread and one connection of its own write the batches; they commit
// with synchronous_commit off (a PostgreSQL crash can lose the last fraction
// of a second of read records, never a change's record, which commits with
// the change).
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "grpcpp/support/status.h"
#include "libs/platform/db/audit.h"
#include "libs/platform/db/batch_queue.h"

namespace partywork::db {

struct ReadAuditLogOptions {
  std::string conninfo;  // the service's database, its own role
  std::string schema;    // whose audit_log
  int max_batch = 1000;  // most records in one INSERT
  int queue_limit = 10000;
};

class ReadAuditLog {
 public:
  // Called with OK once the record is committed, else UNAVAILABLE (the read
  // is then refused: it could not be audited).
  using Done = std::function<void(grpc::Status)>;

  explicit ReadAuditLog(ReadAuditLogOptions options);
  // The destructor writes what is queued, then stops.

  // Queues `record`; `done` runs on the log's thread (or at once, with
  // UNAVAILABLE, when the queue is full or the log is stopping).
  void Record(AuditRecord record, Done done);

 private:
  struct Pending {
    AuditRecord record;
    Done done;
  };
  void Write(Connection& connection, std::vector<Pending>& batch);
  grpc::Status Insert(Connection& connection, const std::vector<Pending>& batch);

  const std::string schema_;
  BatchQueue<Pending> queue_;  // last: its thread stops before the rest goes
};

}  // namespace partywork::db
