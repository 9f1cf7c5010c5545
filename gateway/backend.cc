#include "gateway/backend.h"

#include <algorithm>

#include "absl/time/clock.h"
#include "libs/platform/call_context.h"

namespace partywork::gateway {

absl::Time BackendDeadline(const grpc::CallbackServerContext& context, const Backend& backend) {
  return std::min(absl::FromChrono(context.deadline()), absl::Now() + backend.timeout);
}

Outgoing::Outgoing(const grpc::CallbackServerContext& context, const Caller& caller,
                   const IdentitySigner& signer, absl::Time deadline)
    : identity(signer.Sign(caller)), request_id(CallOf(&context)->request_id), deadline(deadline) {
  auto found = context.client_metadata().find("traceparent");
  if (found != context.client_metadata().end()) {
    traceparent.assign(found->second.data(), found->second.size());
  }
  wants_feed_position = context.client_metadata().count(kFeedPositionHeader) > 0;
}

void Outgoing::Fill(grpc::ClientContext* backend_context) const {
  backend_context->AddMetadata(kIdentityHeader, identity);
  backend_context->AddMetadata(kRequestIdHeader, request_id);
  if (!traceparent.empty()) backend_context->AddMetadata("traceparent", traceparent);
  if (wants_feed_position) backend_context->AddMetadata(kFeedPositionHeader, "1");
  backend_context->set_deadline(absl::ToChronoTime(deadline));
}

}  // namespace partywork::gateway
