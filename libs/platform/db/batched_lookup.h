// Lookups of rows by id asked for at the same moment, answered by one
// statement: a read of one record costs PostgreSQL a parse, a plan, a round
// trip and a wake-up of the caller's thread; sixteen reads looked up
// together cost about what two cost alone. One thread with its own
// connection (a BatchQueue) runs the statement with every id queued while
// the last batch ran, and hands each caller the rows of its id; others
// stand by for when a statement is held up (on the disk, say).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "grpcpp/support/status.h"
#include "libs/platform/db/batch_queue.h"
#include "libs/platform/db/database.h"

namespace partywork::db {

struct BatchedLookupOptions {
  std::string conninfo;  // the service's database, its own role
  // Prepared as `name`: $1 is the ids (bigint[]), the first column of every
  // row the id it belongs to; the rows of one id come in the order the
  // statement gives them.
  std::string name;
  std::string sql;
  int max_batch = 256;
  int queue_limit = 10000;
  // Statements at once, the first thread's and those standing by
  // (BatchQueueOptions): one statement reads its rows one after another, so
  // while one waits on the disk the lookups queued behind it need another.
  int threads = 1;
  absl::Duration acquire_timeout = absl::Seconds(2);  // as DatabaseOptions'
};

class BatchedLookup {
 public:
  // The id's rows (none when nothing has it), or why there are none:
  // DEADLINE_EXCEEDED when the call's deadline passed in the queue,
  // UNAVAILABLE when the queue is full or the lookup waited longer than
  // acquire_timeout, else the statement's failure (db::ToStatus) for every
  // lookup of its batch.
  using Found = std::function<void(grpc::Status, const std::vector<pqxx::row>& rows)>;

  explicit BatchedLookup(BatchedLookupOptions options);

  // Queues the lookup; `found` runs on one of the lookup's threads (at once
  // when the queue is full), where it must not block: it answers from the
  // rows.
  void Find(int64_t id, absl::Time deadline, Found found);

 private:
  struct Pending {
    int64_t id;
    absl::Time enqueued;
    absl::Time deadline;
    Found found;
  };
  void Run(Connection& connection, std::vector<Pending>& batch);

  const Statement statement_;
  const absl::Duration acquire_timeout_;
  BatchQueue<Pending> queue_;  // last: its threads stop before the rest goes
};

}  // namespace partywork::db
