// Idempotent mutations. The request id is claimed with
// INSERT … ON CONFLICT DO NOTHING RETURNING in the same transaction as the
// change, never checked first and written later: two concurrent retries
// serialize on the key, and the loser returns the winner's stored response.
#pragma once

#include <functional>
#include <string>

#include "google/protobuf/message.h"
#include "grpcpp/support/status.h"
#include "pqxx/pqxx"

namespace partywork::db {

// Inside `tx`: if `request_id` is new, runs `mutate` (which fills *response)
// and stores the response with the key; if it was used before by the same
// method and an identical request, loads the stored response instead and sets
// *replayed. A request id reused for a different request is
// FAILED_PRECONDITION (REQUEST_ID_REUSED). The caller commits `tx` on OK.
grpc::Status RunOnce(pqxx::work& tx, const std::string& schema, const std::string& method,
                     const std::string& request_id, const google::protobuf::Message& request,
                     google::protobuf::Message* response,
                     const std::function<grpc::Status()>& mutate, bool* replayed = nullptr);

}  // namespace partywork::db
