#include "libs/platform/db/batched_lookup.h"

#include <unordered_map>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "libs/platform/errors.h"
#include "libs/platform/metrics.h"

namespace partywork::db {
namespace {

struct LookupMetrics {
  metrics::Family<metrics::Counter>& lookups;
  metrics::Family<metrics::Counter>& batches;
};

LookupMetrics& Metrics() {
  auto& r = metrics::Registry::Default();
  static LookupMetrics m{
      r.AddCounter("partywork_batched_lookups_total", "Lookups by id answered.", {"statement"}),
      r.AddCounter("partywork_batched_lookup_batches_total",
                   "Statements that answered lookups by id.", {"statement"})};
  return m;
}

}  // namespace

BatchedLookup::BatchedLookup(BatchedLookupOptions options)
    : statement_{options.name, options.sql},
      acquire_timeout_(options.acquire_timeout),
      queue_(
          {options.conninfo, options.max_batch, options.queue_limit, options.threads},
          [this](Connection& connection, std::vector<Pending>& batch) { Run(connection, batch); }) {
}

void BatchedLookup::Find(int64_t id, absl::Time deadline, Found found) {
  Pending pending{id, absl::Now(), deadline, std::move(found)};
  if (queue_.Push(pending)) return;
  pending.found(errors::Unavailable("too many reads waiting; retry later"), {});
}

void BatchedLookup::Run(Connection& connection, std::vector<Pending>& batch) {
  const absl::Time now = absl::Now();
  // As a database worker would: a lookup that waited past its call's
  // deadline, or longer than acquire_timeout, is not run.
  auto expired = [&](const Pending& p) {
    if (p.deadline <= now) {
      return grpc::Status(grpc::StatusCode::DEADLINE_EXCEEDED,
                          "the call's deadline passed while it waited for the database");
    }
    if (now - p.enqueued > acquire_timeout_) {
      return errors::Unavailable("the database is busy; retry later");
    }
    return grpc::Status::OK;
  };
  std::vector<int64_t> ids;
  for (const Pending& p : batch) {
    if (expired(p).ok()) ids.push_back(p.id);
  }
  std::unordered_map<int64_t, std::vector<pqxx::row>> rows;
  grpc::Status status = grpc::Status::OK;
  if (!ids.empty()) {
    try {
      pqxx::nontransaction tx(connection.Get());
      const pqxx::result result =
          Exec(tx, statement_, absl::StrCat("{", absl::StrJoin(ids, ","), "}"));
      for (const pqxx::row& row : result) rows[row[0].as<int64_t>()].push_back(row);
      Metrics().lookups.With({statement_.name}).Inc(static_cast<double>(ids.size()));
      Metrics().batches.With({statement_.name}).Inc();
    } catch (const std::exception& e) {
      connection.ResetIfBroken();
      status = ToStatus(e);
    }
  }
  static const std::vector<pqxx::row> kNone;
  for (Pending& p : batch) {
    if (grpc::Status late = expired(p); !late.ok()) {
      p.found(late, kNone);
    } else if (!status.ok()) {
      p.found(status, kNone);
    } else {
      auto it = rows.find(p.id);
      p.found(status, it == rows.end() ? kNone : it->second);
    }
  }
}

}  // namespace partywork::db
