// PostgreSQL access for the servers. DB work never runs on a gRPC thread: a
// Database is a small, bounded set of worker threads, each owning one
// connection (and the statements prepared on it). A job waits for a free
// worker at most `acquire_timeout` and then fails with UNAVAILABLE; a worker
// whose connection broke reconnects before its next job, so a service
// recovers by itself after PostgreSQL restarts.
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "google/protobuf/timestamp.pb.h"
#include "grpcpp/support/status.h"
#include "pqxx/pqxx"

namespace partywork::db {

// A connection that (re)connects on demand.
class Connection {
 public:
  explicit Connection(std::string conninfo) : conninfo_(std::move(conninfo)) {}
  // The open connection; connects first if needed. Throws
  // pqxx::broken_connection when PostgreSQL cannot be reached.
  pqxx::connection& Get();
  // Forgets a connection that is broken, so the next Get() reconnects.
  void ResetIfBroken();

 private:
  std::string conninfo_;
  std::unique_ptr<pqxx::connection> conn_;
};

struct DatabaseOptions {
  std::string conninfo;     // libpq URI or key=value string
  std::string name = "db";  // metrics label
  int workers = 4;
  int queue_limit = 10000;
  absl::Duration acquire_timeout = absl::Seconds(2);
};

class Database {
 public:
  // A job runs on a worker with its connection and returns the call's status.
  using Job = std::function<grpc::Status(pqxx::connection&)>;
  using Done = std::function<void(grpc::Status)>;

  explicit Database(DatabaseOptions options);
  ~Database();  // stops the workers after the queued jobs
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  // Queues `job`; `done` gets its status on the worker thread. A job still
  // queued at `deadline` (or after acquire_timeout) is not run: done gets
  // DEADLINE_EXCEEDED or UNAVAILABLE.
  void Submit(Job job, Done done, absl::Time deadline = absl::InfiniteFuture());
  // Runs `job` and waits for it (for code that is not on a gRPC thread).
  grpc::Status Run(Job job, absl::Time deadline = absl::InfiniteFuture());
  // Queues `job` only when a worker is idle to take it at once (more idle
  // workers than queued jobs), so that a job of this pool may wait for it:
  // a job waiting on one merely queued could wait for itself. nullopt when
  // every worker is busy.
  std::optional<std::future<grpc::Status>> TryRunOnIdleWorker(Job job);

  // The pool whose worker is running the calling thread's job; null on any
  // other thread.
  static Database* Current();

  const DatabaseOptions& options() const { return options_; }

 private:
  struct Task {
    Job job;
    Done done;
    absl::Time enqueued;
    absl::Time deadline;
  };
  void Work();

  DatabaseOptions options_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Task> queue_;
  bool stopping_ = false;
  int busy_ = 0;
  std::vector<std::thread> workers_;
  int collector_id_ = -1;
};

// Maps any exception thrown by database code to a status, in one place:
// lost connection → UNAVAILABLE, unique violation → ALREADY_EXISTS,
// serialization failure or deadlock → ABORTED, statement timeout →
// DEADLINE_EXCEEDED, commit outcome unknown → UNAVAILABLE (retry with the same
// request id), anything else → INTERNAL (logged).
grpc::Status ToStatus(const std::exception& e);

// Runs `body` in one read-committed transaction and commits it if body
// returns OK (rolls back otherwise). Serialization failures and deadlocks are
// retried, `attempts` times in all; any other exception maps through
// ToStatus.
grpc::Status InTransaction(pqxx::connection& conn,
                           const std::function<grpc::Status(pqxx::work&)>& body, int attempts = 3);

// Runs `read` on another idle worker of the pool running this job (a
// helper for a long read split in parts), in a transaction that shares the
// snapshot of `tx`, which must be repeatable read or serializable
// (pg_export_snapshot; std::logic_error otherwise). nullopt when the thread
// is no pool's worker or no worker is idle. The helper waits at most 200 ms
// for a lock, then fails (the caller then reads it itself). The caller waits
// for the future before `tx` ends: once it has, the snapshot can no longer
// be imported and the read fails.
std::optional<std::future<grpc::Status>> ReadAlongside(
    pqxx::transaction_base& tx, std::function<void(pqxx::transaction_base&)> read);

// A date column read as text ("YYYY-MM-DD", as the queries select it).
absl::CivilDay DayOf(const pqxx::field& field);
// A timestamp read as seconds since the epoch, as the queries select it
// (`extract(epoch FROM …)::float8`), to the microsecond.
absl::Time TimeOf(const pqxx::field& field);
// The same, set in whole seconds, as the APIs give record times.
void SetSeconds(const pqxx::field& epoch, google::protobuf::Timestamp* time);

// A statement prepared once per connection, under a unique name.
struct Statement {
  std::string name;
  std::string sql;
};

// Executes a prepared statement, preparing it on this connection first if
// needed.
template <typename... Args>
pqxx::result Exec(pqxx::transaction_base& tx, const Statement& statement, Args&&... args) {
  tx.conn().prepare(statement.name, statement.sql);
  return tx.exec_prepared(statement.name, std::forward<Args>(args)...);
}

// Exec with the parameters in a tuple (e.g. db::AuditParams and
// feed::OutboxParams joined by std::tuple_cat, for one statement that writes
// a change with its audit record and its event).
template <typename Tuple>
pqxx::result ExecParams(pqxx::transaction_base& tx, const Statement& statement,
                        const Tuple& params) {
  return std::apply([&](const auto&... p) { return Exec(tx, statement, p...); }, params);
}

}  // namespace partywork::db
