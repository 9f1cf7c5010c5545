// The one way a service serves a unary call that needs the database: check
// the caller, run the handler on a database worker (never on a gRPC thread)
// under the call's deadline, and finish the call with the handler's status.
#pragma once

#include <utility>

#include "grpcpp/server_context.h"
#include "grpcpp/support/server_callback.h"
#include "libs/platform/call_context.h"
#include "libs/platform/db/database.h"

namespace partywork {

// `handler` is `grpc::Status(const CallContext&, pqxx::connection&)`; it may
// use the request and response the call owns until it returns.
template <class Handler>
grpc::ServerUnaryReactor* ServeOnDatabase(grpc::CallbackServerContext* context, db::Database& db,
                                          Handler handler) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  std::shared_ptr<const CallContext> call = CallOf(context);
  grpc::Status allowed = RequireCaller(*call);
  if (!allowed.ok()) {
    reactor->Finish(allowed);
    return reactor;
  }
  db.Submit([call, handler = std::move(handler)](
                pqxx::connection& conn) mutable { return handler(*call, conn); },
            [reactor](grpc::Status status) { reactor->Finish(std::move(status)); }, call->deadline);
  return reactor;
}

}  // namespace partywork
