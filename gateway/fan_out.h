// Calls to several backends in parallel under one deadline, for the
// aggregated methods. Each call is checked against the gateway's
// authorization table as if the caller had made it (a part the caller may
// not see is missing, not an error), carries the caller's identity, and its
// answer is redacted by the same table. Every call's deadline is the
// fan-out's, so all have answered, one way or another, by then.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "gateway/authorization.h"
#include "gateway/backend.h"
#include "google/protobuf/message.h"
#include "grpcpp/generic/generic_stub.h"
#include "partywork/gateway/v1/gateway_service.pb.h"

namespace partywork::gateway {

// A backend and the stub the fan-outs call it with.
struct BackendClient {
  explicit BackendClient(Backend b) : backend(std::move(b)), stub(backend.channel) {}
  Backend backend;
  grpc::GenericStub stub;
};

class FanOut : public std::enable_shared_from_this<FanOut> {
 public:
  // `deadline` is when the answers are due back; the calls end a little
  // before it, leaving the gateway time to assemble and reply.
  static std::shared_ptr<FanOut> Create(const grpc::CallbackServerContext& context, Caller caller,
                                        absl::Time deadline, const Authorizer& authorizer);

  // Calls `method` ("/package.Service/Method") of `client` with `request`.
  // On OK the answer is parsed into the returned message and `then` runs
  // with it (serialized with every other `then`; it may make more calls). Otherwise
  // `part` is recorded as missing. The returned message must be read only
  // once every call has answered (in the function given to Start).
  template <typename Response>
  std::shared_ptr<Response> Call(BackendClient& client, std::string part, std::string method,
                                 const google::protobuf::Message& request,
                                 std::function<void(const Response&)> then = nullptr) {
    auto response = std::make_shared<Response>();
    std::function<void()> erased;
    if (then) erased = [then = std::move(then), answer = response.get()] { then(*answer); };
    Send(client, std::move(part), std::move(method), request, response, std::move(erased));
    return response;
  }

  // Runs `done` once every call, including those made by `then`, has
  // answered; Start is called once, after the first calls.
  void Start(std::function<void()> done);

  // After `done`: the status of `part`'s call (OK if it was never made), and
  // the parts that are missing, in the order they were asked for.
  grpc::Status StatusOf(const std::string& part) const;
  std::vector<v1::MissingPart> Missing() const;

 private:
  FanOut(const grpc::CallbackServerContext& context, Caller caller, absl::Time deadline,
         const Authorizer& authorizer);
  void Send(BackendClient& client, std::string part, std::string method,
            const google::protobuf::Message& request,
            std::shared_ptr<google::protobuf::Message> response, std::function<void()> then);
  void Answered(const std::string& part, grpc::Status status);
  void Release();

  const grpc::CallbackServerContext& context_;
  const Caller caller_;
  const absl::Time calls_deadline_;
  const Authorizer& authorizer_;
  std::mutex then_mu_;  // serializes the `then` functions
  mutable std::mutex mu_;
  int pending_ = 1;             // the calls not answered, plus one until Start; guarded by mu_
  std::function<void()> done_;  // guarded by mu_
  std::vector<std::pair<std::string, std::string>> asked_;  // part, backend; guarded by mu_
  std::map<std::string, grpc::Status> statuses_;            // guarded by mu_
};

}  // namespace partywork::gateway
