// A backend service as the gateway calls it, and what every call to it
// carries: the caller's identity signed for the services, the request id, the
// trace context and a deadline. Forwarded and aggregated calls share them.
#pragma once

#include <memory>
#include <string>

#include "absl/time/time.h"
#include "grpcpp/channel.h"
#include "grpcpp/client_context.h"
#include "grpcpp/server_context.h"
#include "libs/platform/identity.h"

namespace partywork::gateway {

struct Backend {
  std::string name;  // "membership": the label of its metrics
  std::shared_ptr<grpc::Channel> channel;
  IdentitySigner signer;  // signs the caller's identity for the backend
  absl::Duration timeout = absl::Seconds(10);
  int attempts = 3;                                  // of a retryable call, the first included
  absl::Duration backoff = absl::Milliseconds(100);  // before the first retry; then doubled
};

// The caller's deadline, capped by the backend's timeout.
absl::Time BackendDeadline(const grpc::CallbackServerContext& context, const Backend& backend);

// What every attempt of a call sends the backend.
struct Outgoing {
  std::string identity;
  std::string request_id;
  std::string traceparent;
  bool wants_feed_position = false;  // read your own writes (kFeedPositionHeader)
  absl::Time deadline;

  Outgoing(const grpc::CallbackServerContext& context, const Caller& caller,
           const IdentitySigner& signer, absl::Time deadline);

  void Fill(grpc::ClientContext* backend_context) const;
};

}  // namespace partywork::gateway
