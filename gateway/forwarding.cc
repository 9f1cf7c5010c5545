#include "gateway/forwarding.h"

#include <atomic>

#include "absl/time/clock.h"
#include "grpcpp/impl/codegen/server_callback_handlers.h"
#include "libs/platform/call_context.h"
#include "libs/platform/errors.h"

namespace partywork::gateway {
namespace {

// One server-streaming call relayed: the client side reads from the backend,
// the server side writes to the caller, one message at a time (so a slow
// caller slows the backend instead of filling memory).
class StreamRelay {
 public:
  class ToCaller : public grpc::ServerWriteReactor<grpc::ByteBuffer> {
   public:
    explicit ToCaller(StreamRelay* relay) : relay_(relay) {}
    void OnWriteDone(bool ok) override {
      if (ok) {
        relay_->from_backend_.StartRead(&relay_->message_);
      } else {
        relay_->backend_context_.TryCancel();
      }
    }
    void OnCancel() override { relay_->backend_context_.TryCancel(); }
    void OnDone() override { relay_->Release(); }

   private:
    StreamRelay* relay_;
  };

  class FromBackend : public grpc::ClientBidiReactor<grpc::ByteBuffer, grpc::ByteBuffer> {
   public:
    explicit FromBackend(StreamRelay* relay) : relay_(relay) {}
    void OnReadDone(bool ok) override {
      if (ok) relay_->to_caller_.StartWrite(&relay_->message_);
      // Otherwise the stream ended: OnDone brings its status.
    }
    void OnDone(const grpc::Status& status) override {
      relay_->to_caller_.Finish(status);
      relay_->Release();
    }

   private:
    StreamRelay* relay_;
  };

  StreamRelay(const grpc::ByteBuffer& request) : request_(request) {}

  // Starts the backend call; `backend_context()` must be prepared first.
  void Start(grpc::GenericStub& stub, const std::string& path) {
    stub.PrepareBidiStreamingCall(&backend_context_, path, grpc::StubOptions(), &from_backend_);
    from_backend_.StartWrite(&request_);
    from_backend_.StartWritesDone();
    from_backend_.StartRead(&message_);
    from_backend_.StartCall();
  }

  grpc::ClientContext* backend_context() { return &backend_context_; }
  ToCaller* to_caller() { return &to_caller_; }

 private:
  // Deleted once both sides are done.
  void Release() {
    if (--pending_ == 0) delete this;
  }

  grpc::ByteBuffer request_;
  grpc::ByteBuffer message_;
  grpc::ClientContext backend_context_;
  ToCaller to_caller_{this};
  FromBackend from_backend_{this};
  std::atomic<int> pending_{2};
};

struct RefusedStream : grpc::ServerWriteReactor<grpc::ByteBuffer> {
  void OnDone() override { delete this; }
};

}  // namespace

ForwardingService::ForwardingService(const google::protobuf::ServiceDescriptor& service,
                                     Backend backend, Authenticate authenticate)
    : full_name_(service.full_name()),
      backend_(std::move(backend)),
      authenticate_(std::move(authenticate)),
      stub_(backend_.channel) {
  for (int i = 0; i < service.method_count(); ++i) {
    const google::protobuf::MethodDescriptor& method = *service.method(i);
    paths_.push_back(std::make_unique<std::string>("/" + full_name_ + "/" + method.name()));
    const std::string* path = paths_.back().get();
    const bool streaming = method.server_streaming();
    AddMethod(new grpc::internal::RpcServiceMethod(path->c_str(),
                                                   streaming
                                                       ? grpc::internal::RpcMethod::SERVER_STREAMING
                                                       : grpc::internal::RpcMethod::NORMAL_RPC,
                                                   nullptr));
    if (streaming) {
      MarkMethodRawCallback(
          i,
          new grpc::internal::CallbackServerStreamingHandler<grpc::ByteBuffer, grpc::ByteBuffer>(
              [this, path](grpc::CallbackServerContext* context, const grpc::ByteBuffer* request) {
                return ForwardStream(context, *path, request);
              }));
    } else {
      MarkMethodRawCallback(
          i, new grpc::internal::CallbackUnaryHandler<grpc::ByteBuffer, grpc::ByteBuffer>(
                 [this, path](grpc::CallbackServerContext* context, const grpc::ByteBuffer* request,
                              grpc::ByteBuffer* response) {
                   return ForwardUnary(context, *path, request, response);
                 }));
    }
  }
}

bool ForwardingService::Prepare(const grpc::CallbackServerContext& context,
                                grpc::ClientContext* backend_context, grpc::Status* refusal) {
  auto caller = authenticate_(context);
  if (!caller.ok()) {
    *refusal = errors::Unauthenticated(std::string(caller.status().message()));
    return false;
  }
  auto call = CallOf(&context);
  backend_context->AddMetadata(kIdentityHeader,
                               IdentitySigner(backend_.identity_secret).Sign(*caller));
  backend_context->AddMetadata(kRequestIdHeader, call->request_id);
  auto traceparent = context.client_metadata().find("traceparent");
  if (traceparent != context.client_metadata().end()) {
    backend_context->AddMetadata(
        "traceparent", std::string(traceparent->second.data(), traceparent->second.size()));
  }
  // The caller's deadline reaches the backend, capped by the backend timeout.
  absl::Time deadline =
      std::min(absl::FromChrono(context.deadline()), absl::Now() + backend_.timeout);
  backend_context->set_deadline(absl::ToChronoTime(deadline));
  return true;
}

grpc::ServerUnaryReactor* ForwardingService::ForwardUnary(grpc::CallbackServerContext* context,
                                                          const std::string& path,
                                                          const grpc::ByteBuffer* request,
                                                          grpc::ByteBuffer* response) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  auto backend_context = std::make_unique<grpc::ClientContext>();
  grpc::Status refusal;
  if (!Prepare(*context, backend_context.get(), &refusal)) {
    reactor->Finish(refusal);
    return reactor;
  }
  grpc::ClientContext* raw = backend_context.release();
  stub_.UnaryCall(raw, path, grpc::StubOptions(), request, response,
                  [reactor, raw](grpc::Status status) {
                    delete raw;
                    reactor->Finish(std::move(status));
                  });
  return reactor;
}

grpc::ServerWriteReactor<grpc::ByteBuffer>* ForwardingService::ForwardStream(
    grpc::CallbackServerContext* context, const std::string& path,
    const grpc::ByteBuffer* request) {
  auto* relay = new StreamRelay(*request);
  grpc::Status refusal;
  if (!Prepare(*context, relay->backend_context(), &refusal)) {
    delete relay;
    auto* refused = new RefusedStream();
    refused->Finish(refusal);
    return refused;
  }
  relay->Start(stub_, path);
  return relay->to_caller();
}

}  // namespace partywork::gateway
