// Forwarding of the services' client-facing methods. A ForwardingService
// declares every method of one backend service (so reflection on the gateway
// lists it) and relays each call unchanged on the wire, as bytes: the
// request, the response or responses, and the status with its details. Each
// call is admitted first (authenticated, rate-limited, authorized); the
// backend receives the caller's identity signed for it, the request id and
// the trace context, under the caller's deadline capped by the backend's
// timeout. Idempotent reads are retried on UNAVAILABLE, with backoff, within
// that deadline.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "gateway/backend.h"
#include "google/protobuf/descriptor.h"
#include "grpcpp/channel.h"
#include "grpcpp/generic/generic_stub.h"
#include "grpcpp/impl/codegen/service_type.h"
#include "grpcpp/server_context.h"
#include "libs/platform/identity.h"

namespace partywork::gateway {

// What the gateway decided about one call before it reaches the backend.
struct Admission {
  grpc::Status status;  // OK: forward it; else the refusal
  Caller caller;
  bool retryable = false;  // an idempotent read: retried on UNAVAILABLE
  // Rewrites each response message (e.g. clears personal data); false fails
  // the call rather than let an unchecked response through.
  std::function<bool(grpc::ByteBuffer*)> filter;
};

// `path` is "/package.Service/Method".
using Admit = std::function<Admission(const grpc::CallbackServerContext& context,
                                      const std::string& path, const grpc::ByteBuffer& request)>;

class ForwardingService : public grpc::Service {
 public:
  // Unary and server-streaming methods are forwarded; the services declare no
  // other kind.
  ForwardingService(const google::protobuf::ServiceDescriptor& service, Backend backend,
                    Admit admit);

  const std::string& full_name() const { return full_name_; }

  class UnaryCall;

 private:
  grpc::ServerUnaryReactor* ForwardUnary(grpc::CallbackServerContext* context,
                                         const std::string& path, const grpc::ByteBuffer* request,
                                         grpc::ByteBuffer* response);
  grpc::ServerWriteReactor<grpc::ByteBuffer>* ForwardStream(grpc::CallbackServerContext* context,
                                                            const std::string& path,
                                                            const grpc::ByteBuffer* request);

  std::string full_name_;
  std::vector<std::unique_ptr<std::string>> paths_;  // method names must outlive the server
  Backend backend_;
  Admit admit_;
  grpc::GenericStub stub_;
};

}  // namespace partywork::gateway
