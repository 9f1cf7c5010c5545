#include "gateway/forwarding.h"

#include <atomic>
#include <mutex>
#include <random>

#include "absl/time/clock.h"
#include "grpcpp/alarm.h"
#include "grpcpp/impl/codegen/server_callback_handlers.h"
#include "libs/platform/errors.h"
#include "libs/platform/metrics.h"

namespace partywork::gateway {
namespace {

constexpr absl::Duration kMaxBackoff = absl::Seconds(2);

metrics::Family<metrics::Counter>& Retries() {
  static auto& family = metrics::Registry::Default().AddCounter(
      "partywork_gateway_backend_retries_total",
      "Attempts of idempotent reads repeated after the backend answered UNAVAILABLE.", {"backend"});
  return family;
}

// A wait in [backoff/2, backoff]: retries of many callers do not move in step.
absl::Duration Jittered(absl::Duration backoff) {
  thread_local std::mt19937_64 random{std::random_device{}()};
  std::uniform_real_distribution<double> half(0.5, 1.0);
  return backoff * half(random);
}

grpc::Status Unfiltered() {
  return errors::Internal("the backend's response could not be checked before it was passed on");
}

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
      relay_->from_backend_.RemoveHold();  // taken when the write started
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
      if (!ok) return;  // the stream ended: OnDone brings its status
      if (relay_->filter_ && !relay_->filter_(&relay_->message_)) {
        relay_->unfiltered_ = true;
        relay_->backend_context_.TryCancel();
        return;
      }
      // The backend's call stays open until the write is done: its end
      // would otherwise finish the relay while OnWriteDone still reads on.
      AddHold();
      relay_->to_caller_.StartWrite(&relay_->message_);
    }
    void OnDone(const grpc::Status& status) override {
      relay_->to_caller_.Finish(relay_->unfiltered_ ? Unfiltered() : status);
      relay_->Release();
    }

   private:
    StreamRelay* relay_;
  };

  StreamRelay(const grpc::ByteBuffer& request, std::function<bool(grpc::ByteBuffer*)> filter)
      : request_(request), filter_(std::move(filter)) {}

  void Start(grpc::GenericStub& stub, const std::string& path, const Outgoing& outgoing) {
    outgoing.Fill(&backend_context_);
    stub.PrepareBidiStreamingCall(&backend_context_, path, grpc::StubOptions(), &from_backend_);
    from_backend_.StartWrite(&request_);
    from_backend_.StartWritesDone();
    from_backend_.StartRead(&message_);
    from_backend_.StartCall();
  }

  ToCaller* to_caller() { return &to_caller_; }

 private:
  // Deleted once both sides are done.
  void Release() {
    if (--pending_ == 0) delete this;
  }

  grpc::ByteBuffer request_;
  grpc::ByteBuffer message_;
  std::function<bool(grpc::ByteBuffer*)> filter_;
  std::atomic<bool> unfiltered_{false};
  grpc::ClientContext backend_context_;
  ToCaller to_caller_{this};
  FromBackend from_backend_{this};
  std::atomic<int> pending_{2};
};

struct RefusedStream : grpc::ServerWriteReactor<grpc::ByteBuffer> {
  void OnDone() override { delete this; }
};

}  // namespace

// One unary call and its attempts. Deleted when the caller's side is done,
// which gRPC reports only after Finish, from another thread. gRPC may run a
// completion inline in the call that starts it, so no lock is held across
// calls into gRPC, and nothing touches the call after starting an attempt.
class ForwardingService::UnaryCall : public grpc::ServerUnaryReactor {
 public:
  UnaryCall(ForwardingService& service, grpc::CallbackServerContext& context,
            const std::string& path, const grpc::ByteBuffer* request, grpc::ByteBuffer* response,
            Admission admission)
      : service_(service),
        caller_context_(context),
        path_(path),
        request_(request),
        response_(response),
        admission_(std::move(admission)),
        outgoing_(context, admission_.caller, service.backend_.signer,
                  BackendDeadline(context, service.backend_)),
        backoff_(service.backend_.backoff) {}

  void Attempt() {
    grpc::ClientContext* context = nullptr;
    {
      std::lock_guard<std::mutex> lock(mu_);
      waiting_ = false;
      if (!cancelled_) {
        ++attempts_;
        current_ = std::make_shared<grpc::ClientContext>();
        outgoing_.Fill(current_.get());
        context = current_.get();
      }
    }
    if (context == nullptr) return Finish(grpc::Status::CANCELLED);
    service_.stub_.UnaryCall(context, path_, grpc::StubOptions(), request_, response_,
                             [this](grpc::Status status) { OnAttemptDone(std::move(status)); });
  }

  void OnCancel() override {
    std::shared_ptr<grpc::ClientContext> current;
    bool waiting;
    {
      std::lock_guard<std::mutex> lock(mu_);
      cancelled_ = true;
      current = current_;
      waiting = waiting_;
    }
    if (current) current->TryCancel();
    if (waiting) alarm_.Cancel();  // its callback then finishes the call
  }

  void OnDone() override { delete this; }

 private:
  void OnAttemptDone(grpc::Status status) {
    const Backend& backend = service_.backend_;
    absl::Duration wait;
    bool retry = false;
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (status.ok()) PassFeedPosition(*current_);
      current_.reset();
      if (status.error_code() == grpc::StatusCode::UNAVAILABLE && admission_.retryable &&
          attempts_ < backend.attempts && !cancelled_) {
        wait = Jittered(backoff_);
        backoff_ = std::min(backoff_ * 2, kMaxBackoff);
        retry = waiting_ = absl::Now() + wait < outgoing_.deadline;
      }
    }
    if (retry) {
      Retries().With({backend.name}).Inc();
      alarm_.Set(absl::ToChronoTime(absl::Now() + wait), [this](bool fired) {
        if (fired) return Attempt();
        Finish(grpc::Status::CANCELLED);
      });
      return;
    }
    if (status.ok() && admission_.filter && !admission_.filter(response_)) status = Unfiltered();
    Finish(status);
  }

  // The backend's answer to kFeedPositionHeader goes back to the caller.
  void PassFeedPosition(const grpc::ClientContext& backend_context) {
    const auto& trailers = backend_context.GetServerTrailingMetadata();
    auto found = trailers.find(kFeedPositionHeader);
    if (found != trailers.end()) {
      caller_context_.AddTrailingMetadata(kFeedPositionHeader,
                                          std::string(found->second.data(), found->second.size()));
    }
  }

  ForwardingService& service_;
  grpc::CallbackServerContext& caller_context_;
  const std::string& path_;
  const grpc::ByteBuffer* request_;
  grpc::ByteBuffer* response_;
  const Admission admission_;
  const Outgoing outgoing_;
  std::mutex mu_;
  absl::Duration backoff_;                        // guarded by mu_
  int attempts_ = 0;                              // guarded by mu_
  bool cancelled_ = false;                        // guarded by mu_
  bool waiting_ = false;                          // for the alarm; guarded by mu_
  std::shared_ptr<grpc::ClientContext> current_;  // guarded by mu_
  grpc::Alarm alarm_;
};

ForwardingService::ForwardingService(const google::protobuf::ServiceDescriptor& service,
                                     Backend backend, Admit admit)
    : full_name_(service.full_name()),
      backend_(std::move(backend)),
      admit_(std::move(admit)),
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

grpc::ServerUnaryReactor* ForwardingService::ForwardUnary(grpc::CallbackServerContext* context,
                                                          const std::string& path,
                                                          const grpc::ByteBuffer* request,
                                                          grpc::ByteBuffer* response) {
  Admission admission = admit_(*context, path, *request);
  if (!admission.status.ok()) {
    grpc::ServerUnaryReactor* refused = context->DefaultReactor();
    refused->Finish(admission.status);
    return refused;
  }
  auto* call = new UnaryCall(*this, *context, path, request, response, std::move(admission));
  call->Attempt();
  return call;
}

grpc::ServerWriteReactor<grpc::ByteBuffer>* ForwardingService::ForwardStream(
    grpc::CallbackServerContext* context, const std::string& path,
    const grpc::ByteBuffer* request) {
  Admission admission = admit_(*context, path, *request);
  if (!admission.status.ok()) {
    auto* refused = new RefusedStream();
    refused->Finish(admission.status);
    return refused;
  }
  auto* relay = new StreamRelay(*request, std::move(admission.filter));
  relay->Start(
      stub_, path,
      Outgoing(*context, admission.caller, backend_.signer, BackendDeadline(*context, backend_)));
  return relay->to_caller();
}

}  // namespace partywork::gateway
