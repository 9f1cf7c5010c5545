#include "libs/platform/db/database.h"

#include <cmath>
#include <future>
#include <stdexcept>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "libs/platform/errors.h"
#include "libs/platform/log.h"
#include "libs/platform/metrics.h"
#include "libs/platform/resource.h"

namespace partywork::db {
namespace {

struct PoolMetrics {
  metrics::Family<metrics::Gauge>& in_use;
  metrics::Family<metrics::Gauge>& waiting;
  metrics::Family<metrics::Counter>& acquire_timeouts;
};

PoolMetrics& Metrics() {
  auto& r = metrics::Registry::Default();
  static PoolMetrics m{
      r.AddGauge("partywork_db_pool_in_use", "Database workers running a job.", {"pool"}),
      r.AddGauge("partywork_db_pool_waiting", "Jobs waiting for a database worker.", {"pool"}),
      r.AddCounter("partywork_db_pool_acquire_timeouts_total",
                   "Jobs refused because no database worker was free in time.", {"pool"})};
  return m;
}

// The pool of the worker running on this thread (Database::Current).
thread_local Database* current_pool = nullptr;

}  // namespace

pqxx::connection& Connection::Get() {
  if (!conn_) conn_ = std::make_unique<pqxx::connection>(conninfo_);
  return *conn_;
}

void Connection::ResetIfBroken() {
  if (conn_ && !conn_->is_open()) conn_.reset();
}

Database::Database(DatabaseOptions options) : options_(std::move(options)) {
  for (int i = 0; i < options_.workers; ++i) workers_.emplace_back([this] { Work(); });
  collector_id_ = metrics::Registry::Default().AddCollector([this] {
    std::lock_guard<std::mutex> lock(mu_);
    Metrics().in_use.With({options_.name}).Set(busy_);
    Metrics().waiting.With({options_.name}).Set(static_cast<double>(queue_.size()));
  });
}

Database::~Database() {
  metrics::Registry::Default().RemoveCollector(collector_id_);
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  for (auto& w : workers_) w.join();
}

void Database::Submit(Job job, Done done, absl::Time deadline) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!stopping_ && static_cast<int>(queue_.size()) < options_.queue_limit) {
      queue_.push_back(Task{std::move(job), std::move(done), absl::Now(), deadline});
      cv_.notify_one();
      return;
    }
  }
  Metrics().acquire_timeouts.With({options_.name}).Inc();
  done(errors::Unavailable("the database queue is full or shutting down; retry later"));
}

grpc::Status Database::Run(Job job, absl::Time deadline) {
  std::promise<grpc::Status> result;
  Submit(
      std::move(job), [&result](grpc::Status s) { result.set_value(std::move(s)); }, deadline);
  return result.get_future().get();
}

std::optional<std::future<grpc::Status>> Database::TryRunOnIdleWorker(Job job) {
  auto result = std::make_shared<std::promise<grpc::Status>>();
  std::future<grpc::Status> future = result->get_future();
  {
    std::lock_guard<std::mutex> lock(mu_);
    const auto idle = static_cast<size_t>(options_.workers - busy_);
    if (stopping_ || idle <= queue_.size()) return std::nullopt;
    queue_.push_back(Task{std::move(job),
                          [result](grpc::Status s) { result->set_value(std::move(s)); },
                          absl::Now(), absl::InfiniteFuture()});
  }
  cv_.notify_one();
  return future;
}

Database* Database::Current() { return current_pool; }

void Database::Work() {
  current_pool = this;
  Connection connection(options_.conninfo);
  for (;;) {
    Task task;
    {
      std::unique_lock<std::mutex> lock(mu_);
      cv_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping, and nothing left to run
      task = std::move(queue_.front());
      queue_.pop_front();
      ++busy_;
    }
    absl::Time now = absl::Now();
    grpc::Status status;
    if (now > task.deadline) {
      status = grpc::Status(grpc::StatusCode::DEADLINE_EXCEEDED,
                            "the call's deadline passed while it waited for the database");
    } else if (now - task.enqueued > options_.acquire_timeout) {
      Metrics().acquire_timeouts.With({options_.name}).Inc();
      status = errors::Unavailable(absl::StrCat("no database connection became free within ",
                                                absl::FormatDuration(options_.acquire_timeout)));
    } else {
      try {
        status = task.job(connection.Get());
      } catch (const std::exception& e) {
        status = ToStatus(e);
      }
      connection.ResetIfBroken();
    }
    task.done(std::move(status));
    std::lock_guard<std::mutex> lock(mu_);
    --busy_;
  }
}

grpc::Status ToStatus(const std::exception& e) {
  if (dynamic_cast<const pqxx::in_doubt_error*>(&e) != nullptr) {
    return errors::Unavailable(
        "the database connection was lost while committing; the outcome is unknown: retry "
        "with the same request id");
  }
  if (dynamic_cast<const pqxx::broken_connection*>(&e) != nullptr) {
    return errors::Unavailable("the database is unreachable; retry later");
  }
  if (dynamic_cast<const pqxx::transaction_rollback*>(&e) != nullptr) {
    return errors::Error(grpc::StatusCode::ABORTED, "CONCURRENT_UPDATE",
                         "the change conflicted with a concurrent one; retry it")
        .Vietnamese("Xung đột với một thay đổi đồng thời; hãy thực hiện lại.");
  }
  if (auto* unique = dynamic_cast<const pqxx::unique_violation*>(&e)) {
    return errors::Error(grpc::StatusCode::ALREADY_EXISTS, "RESOURCE_ALREADY_EXISTS",
                         "a record with the same identity already exists")
        .Meta("sqlstate", unique->sqlstate());
  }
  if (auto* sql = dynamic_cast<const pqxx::sql_error*>(&e)) {
    const std::string& state = sql->sqlstate();
    if (state == "57014") {  // query_canceled: statement_timeout
      return grpc::Status(grpc::StatusCode::DEADLINE_EXCEEDED, "the database query took too long");
    }
    if (state.rfind("57P", 0) == 0 || state.rfind("08", 0) == 0) {  // shutdown, connection
      return errors::Unavailable("the database is restarting or unreachable; retry later");
    }
    if (state.rfind("23", 0) == 0) {  // integrity constraint violation
      return errors::FailedPrecondition("CONSTRAINT_VIOLATION",
                                        "the change would break a rule of the stored data")
          .Meta("sqlstate", state);
    }
    log::Error("database error",
               {{"sqlstate", state}, {"error", sql->what()}, {"query", sql->query()}});
    return errors::Internal("unexpected database error");
  }
  log::Error("unexpected error", {{"error", e.what()}});
  return errors::Internal("unexpected error");
}

grpc::Status InTransaction(pqxx::connection& conn,
                           const std::function<grpc::Status(pqxx::work&)>& body, int attempts) {
  for (int attempt = 1;; ++attempt) {
    try {
      pqxx::work tx(conn);
      grpc::Status status = body(tx);
      if (!status.ok()) {
        tx.abort();
        return status;
      }
      tx.commit();
      return status;
    } catch (const pqxx::transaction_rollback& e) {
      if (attempt >= attempts) return ToStatus(e);
      absl::SleepFor(absl::Milliseconds(2 * attempt));
    } catch (const std::exception& e) {
      return ToStatus(e);
    }
  }
}

std::optional<std::future<grpc::Status>> ReadAlongside(
    pqxx::transaction_base& tx, std::function<void(pqxx::transaction_base&)> read) {
  Database* pool = Database::Current();
  if (pool == nullptr) return std::nullopt;
  // The worker is taken first and the snapshot exported after, so that a
  // busy pool costs nothing; the helper waits for the snapshot's name.
  auto snapshot = std::make_shared<std::promise<std::string>>();
  auto helper = pool->TryRunOnIdleWorker(
      [name = snapshot->get_future().share(), read = std::move(read)](pqxx::connection& conn) {
        pqxx::transaction<pqxx::isolation_level::repeatable_read, pqxx::read_only> shared(conn);
        shared.exec0(absl::StrCat("SET TRANSACTION SNAPSHOT ", shared.quote(name.get())));
        // The helped transaction may hold a lock that an exclusive request
        // (a migration, a rebuild's TRUNCATE) waits for, and the helper would
        // queue behind that request: a wait PostgreSQL cannot see as a
        // deadlock, since the helped job waits for the helper in C++. So the
        // helper waits for no lock long; failing, it leaves its read to the
        // caller.
        shared.exec0("SET LOCAL lock_timeout = '200ms'");
        read(shared);
        shared.commit();
        return grpc::Status::OK;
      });
  if (!helper) return std::nullopt;
  try {
    const pqxx::row r =
        tx.exec1("SELECT pg_export_snapshot(), current_setting('transaction_isolation')");
    if (r[1].as<std::string>() == "read committed") {
      throw std::logic_error("ReadAlongside needs a repeatable-read or serializable transaction");
    }
    snapshot->set_value(r[0].as<std::string>());
  } catch (...) {
    snapshot->set_exception(std::current_exception());
    helper->wait();
    throw;
  }
  return helper;
}

absl::CivilDay DayOf(const pqxx::field& field) {
  if (field.is_null()) throw pqxx::conversion_error("a null date");
  return ParseDay(absl::string_view(field.c_str(), field.size())).value_or(absl::CivilDay());
}

absl::Time TimeOf(const pqxx::field& field) {
  // Not field.as<double>(): libpqxx parses it through a stream, which cost
  // more than the rest of reading a member.
  double seconds = 0;
  if (!absl::SimpleAtod(absl::string_view(field.c_str(), field.size()), &seconds) ||
      !std::isfinite(seconds)) {  // not a null, and not an infinite timestamp
    throw pqxx::conversion_error(absl::StrCat("not seconds since the epoch: ", field.c_str()));
  }
  return absl::FromUnixMicros(static_cast<int64_t>(std::llround(seconds * 1e6)));
}

void SetSeconds(const pqxx::field& epoch, google::protobuf::Timestamp* time) {
  time->set_seconds(absl::ToUnixSeconds(TimeOf(epoch)));
}

}  // namespace partywork::db
