// Forwarding of the services' client-facing methods. A ForwardingService
// declares every method of one backend service (so reflection on the gateway
// lists it) and relays each call unchanged on the wire, as bytes: the
// request, the response or responses, and the status with its details. The
// caller is authenticated first; the backend receives the caller's identity
// signed for it, the request id and the trace context, under the caller's
// deadline capped by the backend timeout.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "google/protobuf/descriptor.h"
#include "grpcpp/channel.h"
#include "grpcpp/generic/generic_stub.h"
#include "grpcpp/impl/codegen/service_type.h"
#include "grpcpp/server_context.h"
#include "libs/platform/identity.h"

namespace partywork::gateway {

// Who is calling, from the call's metadata; UNAUTHENTICATED otherwise.
using Authenticate = std::function<absl::StatusOr<Caller>(const grpc::CallbackServerContext&)>;

struct Backend {
  std::shared_ptr<grpc::Channel> channel;
  std::string identity_secret;
  absl::Duration timeout = absl::Seconds(10);
};

class ForwardingService : public grpc::Service {
 public:
  // Unary and server-streaming methods are forwarded; the services declare no
  // other kind.
  ForwardingService(const google::protobuf::ServiceDescriptor& service, Backend backend,
                    Authenticate authenticate);

  const std::string& full_name() const { return full_name_; }

 private:
  grpc::ServerUnaryReactor* ForwardUnary(grpc::CallbackServerContext* context,
                                         const std::string& path, const grpc::ByteBuffer* request,
                                         grpc::ByteBuffer* response);
  grpc::ServerWriteReactor<grpc::ByteBuffer>* ForwardStream(grpc::CallbackServerContext* context,
                                                            const std::string& path,
                                                            const grpc::ByteBuffer* request);
  // Authenticates and prepares the backend call's context; false (with
  // *refusal) when the caller is refused.
  bool Prepare(const grpc::CallbackServerContext& context, grpc::ClientContext* backend_context,
               grpc::Status* refusal);

  std::string full_name_;
  std::vector<std::unique_ptr<std::string>> paths_;  // method names must outlive the server
  Backend backend_;
  Authenticate authenticate_;
  grpc::GenericStub stub_;
};

}  // namespace partywork::gateway
