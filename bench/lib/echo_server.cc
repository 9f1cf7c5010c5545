// partywork-echo: the benchmarks' baseline, a bare gRPC server built with
// the same toolchain and the same server API as partywork's services (the
// callback API, see DESIGN.md's threading facts) that answers every unary
// method with its own request bytes. It does no other work, so its
// throughput is what gRPC itself allows on this machine.
//
// It also serves what lets partywork-gateway use it as a backend: health
// (SERVING), and an empty event feed for StreamEvents (nothing yet; the
// stream stays open when the caller follows it). A call carrying
// "x-echo-status: N" is refused with status code N (to check that the load
// tool counts errors).
//
//   partywork-echo [serve] [--port=N]   (or PARTYWORK_GRPC_PORT; host from
//                                PARTYWORK_LISTEN_HOST, default 127.0.0.1)
// Stops on SIGTERM or SIGINT.
#include <signal.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <string>

#include "absl/synchronization/mutex.h"
#include "grpcpp/generic/async_generic_service.h"
#include "grpcpp/health_check_service_interface.h"
#include "grpcpp/server.h"
#include "grpcpp/server_builder.h"
#include "partywork/common/v1/feed.pb.h"

namespace {

constexpr char kStatusHeader[] = "x-echo-status";

std::string Env(const char* name, const std::string& fallback) {
  const char* value = std::getenv(name);
  return value != nullptr && *value != '\0' ? value : fallback;
}

bool EndsWith(const std::string& s, const std::string& tail) {
  return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

// One call: read the request, write it back, finish.
class EchoReactor : public grpc::ServerGenericBidiReactor {
 public:
  explicit EchoReactor(grpc::GenericCallbackServerContext* context) {
    auto asked = context->client_metadata().find(kStatusHeader);
    if (asked != context->client_metadata().end()) {
      const int code = std::atoi(std::string(asked->second.data(), asked->second.size()).c_str());
      Finish(grpc::Status(static_cast<grpc::StatusCode>(code), "refused as asked"));
      return;
    }
    StartRead(&buffer_);
  }
  void OnReadDone(bool ok) override {
    if (!ok) {
      Finish(grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "no request"));
      return;
    }
    StartWriteAndFinish(&buffer_, grpc::WriteOptions(), grpc::Status::OK);
  }
  void OnDone() override { delete this; }

 private:
  grpc::ByteBuffer buffer_;
};

// StreamEvents of an empty feed: one response saying the head is 0, then
// the end when the caller asked to stop at the head, else an open stream
// until the caller or the server ends it.
class EmptyFeedReactor : public grpc::ServerGenericBidiReactor {
 public:
  EmptyFeedReactor() { StartRead(&buffer_); }
  void OnReadDone(bool ok) override {
    partywork::common::v1::StreamEventsRequest request;
    std::vector<grpc::Slice> slices;
    if (!ok || !buffer_.Dump(&slices).ok()) {
      End(grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "no request"));
      return;
    }
    std::string bytes;
    for (const auto& s : slices) bytes.append(reinterpret_cast<const char*>(s.begin()), s.size());
    request.ParseFromString(bytes);
    stop_at_head_ = request.stop_at_head();
    partywork::common::v1::StreamEventsResponse response;
    response.set_head_sequence(0);
    grpc::Slice slice(response.SerializeAsString());
    reply_ = grpc::ByteBuffer(&slice, 1);
    StartWrite(&reply_);
  }
  void OnWriteDone(bool ok) override {
    if (!ok || stop_at_head_) End(grpc::Status::OK);
  }
  void OnCancel() override { End(grpc::Status::CANCELLED); }
  void OnDone() override { delete this; }

 private:
  void End(const grpc::Status& status) {
    if (!finished_.exchange(true)) Finish(status);
  }
  grpc::ByteBuffer buffer_, reply_;
  bool stop_at_head_ = false;
  std::atomic<bool> finished_{false};
};

class EchoService : public grpc::CallbackGenericService {
  grpc::ServerGenericBidiReactor* CreateReactor(
      grpc::GenericCallbackServerContext* context) override {
    if (EndsWith(context->method(), "/StreamEvents")) return new EmptyFeedReactor();
    return new EchoReactor(context);
  }
};

}  // namespace

int main(int argc, char** argv) {
  std::string port = Env("PARTYWORK_GRPC_PORT", "50071");
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg.rfind("--port=", 0) == 0) {
      port = arg.substr(7);
    } else if (arg != "serve") {  // the services' default mode, as the harness runs them
      std::fprintf(stderr, "usage: partywork-echo [serve] [--port=N]\n");
      return 2;
    }
  }
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);  // before gRPC starts threads
  // As the services run (ServiceMain): abseil's deadlock detector off.
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);

  grpc::EnableDefaultHealthCheckService(true);
  EchoService echo;
  grpc::ServerBuilder builder;
  builder.AddListeningPort(Env("PARTYWORK_LISTEN_HOST", "127.0.0.1") + ":" + port,
                           grpc::InsecureServerCredentials());
  builder.RegisterCallbackGenericService(&echo);
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  if (!server) {
    std::fprintf(stderr, "partywork-echo: cannot listen on port %s\n", port.c_str());
    return 1;
  }
  std::fprintf(stderr, "partywork-echo: listening on port %s\n", port.c_str());
  int signal = 0;
  sigwait(&signals, &signal);
  server->Shutdown(std::chrono::system_clock::now() + std::chrono::seconds(1));
  return 0;
}
