// What a server knows about one call: its method, request id, trace id and
// verified caller. The CallInterceptor records it when the call's metadata
// arrives, echoes the request id to the client, and writes the call's log line
// and metrics when its status is sent; handlers read it with CallOf().
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "absl/time/time.h"
#include "grpcpp/server_context.h"
#include "grpcpp/support/server_interceptor.h"
#include "libs/platform/identity.h"

namespace partywork {

struct CallContext {
  std::string method;  // "/package.Service/Method"
  std::string request_id;
  std::string trace_id;
  std::string peer;
  std::optional<Caller> caller;  // set only when its token verified
  std::string identity_error;    // why identity metadata was refused, if it was
  absl::Time start;
  absl::Time deadline = absl::InfiniteFuture();
};

// The context of a call being served; a fresh one (with a generated request
// id) for a call that did not pass through the interceptor.
std::shared_ptr<const CallContext> CallOf(const grpc::ServerContextBase* server_context);

// OK with the caller if a verified identity came with the call, else
// UNAUTHENTICATED saying why.
grpc::Status RequireCaller(const CallContext& call);

// A new random request id (32 hex digits).
std::string NewRequestId();

class CallInterceptorFactory : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  CallInterceptorFactory(std::string service, std::string identity_secret);
  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override;

 private:
  std::string service_;
  IdentitySigner signer_;
};

}  // namespace partywork
