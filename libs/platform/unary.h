// The one way a service serves a unary call that needs the database: check
// the caller, run the handler on a database worker (never on a gRPC thread)
// under the call's deadline, and finish the call with the handler's status.
#pragma once

#include <algorithm>
#include <memory>
#include <optional>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "grpcpp/server_context.h"
#include "grpcpp/support/server_callback.h"
#include "libs/platform/call_context.h"
#include "libs/platform/db/batched_lookup.h"
#include "libs/platform/db/database.h"
#include "libs/platform/db/idempotency.h"
#include "libs/platform/db/read_audit_log.h"
#include "libs/platform/feed/event_feed.h"
#include "libs/platform/feed/outbox.h"
#include "libs/platform/identity.h"

namespace partywork {

namespace detail {

// Checks the caller, then runs `job` (`grpc::Status(const CallContext&,
// pqxx::connection&)`) on a database worker under the call's deadline and
// hands its status to `finish` (`void(grpc::ServerUnaryReactor*,
// grpc::Status)`), which must finish the call.
template <class Job, class Finish>
grpc::ServerUnaryReactor* SubmitCall(grpc::CallbackServerContext* context, db::Database& db,
                                     Job job, Finish finish) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  std::shared_ptr<const CallContext> call = CallOf(context);
  grpc::Status allowed = RequireCaller(*call);
  if (!allowed.ok()) {
    reactor->Finish(allowed);
    return reactor;
  }
  db.Submit(
      [call, job = std::move(job)](pqxx::connection& conn) mutable { return job(*call, conn); },
      [reactor, finish = std::move(finish)](grpc::Status status) mutable {
        finish(reactor, std::move(status));
      },
      call->deadline);
  return reactor;
}

// Finishes an audited read: at once when it was refused or named nothing to
// record, else once `log` has committed its record (UNAVAILABLE if it
// cannot be).
inline void FinishAudited(grpc::ServerUnaryReactor* reactor, grpc::Status status,
                          std::optional<db::AuditRecord>& audit, db::ReadAuditLog& log) {
  if (!status.ok() || !audit.has_value()) {
    reactor->Finish(std::move(status));
    return;
  }
  log.Record(std::move(*audit),
             [reactor](grpc::Status recorded) { reactor->Finish(std::move(recorded)); });
}

}  // namespace detail

// `handler` is `grpc::Status(const CallContext&, pqxx::connection&)`; it may
// use the request and response the call owns until it returns.
template <class Handler>
grpc::ServerUnaryReactor* ServeOnDatabase(grpc::CallbackServerContext* context, db::Database& db,
                                          Handler handler) {
  return detail::SubmitCall(context, db, std::move(handler),
                            [](grpc::ServerUnaryReactor* reactor, grpc::Status status) {
                              reactor->Finish(std::move(status));
                            });
}

// A read that is audited (DOMAIN §3: every read of a full record): as
// ServeOnDatabase, but the handler also names the read's record in `*audit`
// (left empty when there is nothing to record, e.g. a refusal), and the call
// is answered once `log` has committed that record — or refused with
// UNAVAILABLE if it cannot be. `handler` is `grpc::Status(const CallContext&,
// pqxx::connection&, std::optional<db::AuditRecord>* audit)`.
template <class Handler>
grpc::ServerUnaryReactor* ServeAuditedRead(grpc::CallbackServerContext* context, db::Database& db,
                                           db::ReadAuditLog& log, Handler handler) {
  auto audit = std::make_shared<std::optional<db::AuditRecord>>();
  return detail::SubmitCall(
      context, db,
      [audit, handler = std::move(handler)](const CallContext& call, pqxx::connection& conn) {
        return handler(call, conn, audit.get());
      },
      [audit, &log](grpc::ServerUnaryReactor* reactor, grpc::Status status) {
        detail::FinishAudited(reactor, std::move(status), *audit, log);
      });
}

// An audited read of one record by id, as ServeAuditedRead, looked up
// together with the reads asked at the same moment (db::BatchedLookup: one
// statement for them all) instead of by a statement of its own on a
// database worker. `call` is the call's context (CallOf(context)), which the
// handler has already read to choose this way. `validate` is
// `grpc::Status(int64_t* id)`: it checks the
// request and names the id, on the gRPC thread (no I/O). `answer` is
// `grpc::Status(const CallContext&, const std::vector<pqxx::row>& rows,
// std::optional<db::AuditRecord>* audit)`: it builds the response from the
// id's rows (none when nothing has the id) on the lookup's thread, so it
// must not use the database.
template <class Validate, class Answer>
grpc::ServerUnaryReactor* ServeAuditedLookup(grpc::CallbackServerContext* context,
                                             std::shared_ptr<const CallContext> call,
                                             db::BatchedLookup& lookup, db::ReadAuditLog& log,
                                             Validate validate, Answer answer) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  grpc::Status status = RequireCaller(*call);
  int64_t id = 0;
  if (status.ok()) status = validate(&id);
  if (!status.ok()) {
    reactor->Finish(std::move(status));
    return reactor;
  }
  lookup.Find(id, call->deadline,
              [reactor, call, &log, answer = std::move(answer)](
                  grpc::Status found, const std::vector<pqxx::row>& rows) {
                std::optional<db::AuditRecord> audit;
                if (found.ok()) {
                  try {
                    found = answer(*call, rows, &audit);
                  } catch (const std::exception& e) {
                    found = db::ToStatus(e);
                  }
                }
                detail::FinishAudited(reactor, std::move(found), audit, log);
              });
  return reactor;
}

// The one way a service serves a mutation: as ServeOnDatabase, with the
// change in one transaction applied once per request id (the request's
// `request_id`, else the call's x-request-id), so that a retry gets the
// first response and changes nothing. `mutate` is
// `grpc::Status(const CallContext&, pqxx::work&, const std::string& request_id)`:
// it validates, writes, records the audit and publishes its events; any
// status but OK rolls everything back. Feed readers are woken after commit.
// A caller that sends kFeedPositionHeader gets the feed position of the
// write's last event back in the trailing metadata (not for a retry that
// replays the first answer, nor a write that published nothing).
template <class Request, class Response, class Mutate>
grpc::ServerUnaryReactor* ServeMutation(grpc::CallbackServerContext* context, db::Database& db,
                                        feed::EventFeed& feed, const std::string& schema,
                                        const Request* request, Response* response, Mutate mutate) {
  const bool wants_position = context->client_metadata().count(kFeedPositionHeader) > 0;
  return ServeOnDatabase(context, db, [=, &feed](const CallContext& call, pqxx::connection& conn) {
    const std::string& request_id =
        request->request_id().empty() ? call.request_id : request->request_id();
    bool replayed = false;
    std::optional<int64_t> published;
    grpc::Status status = db::InTransaction(conn, [&](pqxx::work& tx) {
      return db::RunOnce(
          tx, schema, call.method, request_id, *request, response,
          [&]() -> grpc::Status {
            response->Clear();  // a retried transaction starts afresh
            grpc::Status s = mutate(call, tx, request_id);
            if (s.ok() && wants_position) published = feed::LastPublished(tx, schema, request_id);
            return s;
          },
          &replayed);
    });
    if (status.ok() && !replayed) feed.Notify();
    if (status.ok() && published) {
      // At most a second (or the call's deadline); without a position the
      // answer stands.
      const absl::Time until = std::min(call.deadline, absl::Now() + absl::Seconds(1));
      if (auto sequence = feed::WaitForSequence(conn, schema, *published, until)) {
        context->AddTrailingMetadata(kFeedPositionHeader, absl::StrCat(schema, "=", *sequence));
      }
    }
    return status;
  });
}

// A unary call answered from memory (e.g. the rulebook): the caller is
// checked, then `answer()` gives the status, on the gRPC thread since it
// never blocks.
template <class Answer>
grpc::ServerUnaryReactor* ServeFromMemory(grpc::CallbackServerContext* context, Answer answer) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  grpc::Status allowed = RequireCaller(*CallOf(context));
  reactor->Finish(allowed.ok() ? answer() : allowed);
  return reactor;
}

}  // namespace partywork
