#include "gateway/fan_out.h"

#include <algorithm>
#include <utility>

#include "absl/time/clock.h"
#include "grpcpp/impl/codegen/proto_utils.h"
#include "libs/platform/errors.h"

namespace partywork::gateway {
namespace {

// Time kept back from the calls to assemble the answer and send it: a tenth
// of what is left, at most 25 ms.
absl::Time CallsDeadline(absl::Time deadline) {
  const absl::Duration left = std::max(deadline - absl::Now(), absl::ZeroDuration());
  return deadline - std::min(left / 10, absl::Milliseconds(25));
}

// One call in flight: what it sends and receives.
struct InFlight {
  grpc::ClientContext context;
  grpc::ByteBuffer request;
  grpc::ByteBuffer response;
};

}  // namespace

std::shared_ptr<FanOut> FanOut::Create(const grpc::CallbackServerContext& context, Caller caller,
                                       absl::Time deadline, const Authorizer& authorizer) {
  return std::shared_ptr<FanOut>(new FanOut(context, std::move(caller), deadline, authorizer));
}

FanOut::FanOut(const grpc::CallbackServerContext& context, Caller caller, absl::Time deadline,
               const Authorizer& authorizer)
    : context_(context),
      caller_(std::move(caller)),
      calls_deadline_(CallsDeadline(deadline)),
      authorizer_(authorizer) {}

void FanOut::Send(BackendClient& client, std::string part, std::string method,
                  const google::protobuf::Message& request,
                  std::shared_ptr<google::protobuf::Message> response, std::function<void()> then) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    ++pending_;
    asked_.emplace_back(part, client.backend.name);
  }
  auto call = std::make_shared<InFlight>();
  bool own_buffer;
  grpc::Status status = grpc::SerializationTraits<google::protobuf::Message>::Serialize(
      request, &call->request, &own_buffer);
  bool redact = false;
  if (status.ok()) {
    Decision decision = authorizer_.Decide(caller_, method, call->request);
    status = decision.status;
    redact = decision.redact;
  }
  if (!status.ok()) return Answered(part, status);
  Outgoing(context_, caller_, client.backend.signer, calls_deadline_).Fill(&call->context);
  auto self = shared_from_this();
  // The call's state lives in `call` until its callback ends.
  client.stub.UnaryCall(
      &call->context, method, grpc::StubOptions(), &call->request, &call->response,
      [self, call, method, part, response, redact, then = std::move(then)](grpc::Status status) {
        if (status.ok() && redact && !self->authorizer_.Redact(method, &call->response)) {
          status = errors::Internal("the answer could not be checked");
        }
        if (status.ok()) {
          status = grpc::SerializationTraits<google::protobuf::Message>::Deserialize(
              &call->response, response.get());
        }
        if (status.ok() && then) {
          std::lock_guard<std::mutex> lock(self->then_mu_);
          then();
        }
        self->Answered(part, status);
      });
}

void FanOut::Answered(const std::string& part, grpc::Status status) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    statuses_[part] = std::move(status);
  }
  Release();
}

void FanOut::Start(std::function<void()> done) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    done_ = std::move(done);
  }
  Release();
}

void FanOut::Release() {
  std::function<void()> done;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (--pending_ > 0) return;
    done = std::move(done_);
  }
  done();
}

grpc::Status FanOut::StatusOf(const std::string& part) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto found = statuses_.find(part);
  return found == statuses_.end() ? grpc::Status::OK : found->second;
}

std::vector<v1::MissingPart> FanOut::Missing() const {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<v1::MissingPart> missing;
  for (const auto& [part, backend] : asked_) {
    const grpc::Status& status = statuses_.at(part);
    if (status.ok()) continue;
    v1::MissingPart& m = missing.emplace_back();
    m.set_part(part);
    m.set_backend(backend);
    m.set_code(static_cast<google::rpc::Code>(status.error_code()));
    m.set_message(status.error_message());
  }
  return missing;
}

}  // namespace partywork::gateway
