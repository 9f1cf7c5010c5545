// Runs the real partywork binaries for end-to-end tests: each on free ports,
// with the harness's database and a test identity secret, waited for until
// its health says SERVING.
#pragma once

#include <sys/types.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "grpcpp/channel.h"
#include "grpcpp/client_context.h"
#include "libs/platform/identity.h"

namespace partywork::testing {

inline constexpr char kTestIdentitySecret[] = "test-identity-secret";

// Signs `caller` into the call's metadata, as the gateway does.
void SignAs(grpc::ClientContext* context, const Caller& caller = {"tester", "khoi_admin", ""});

// Health of `service` ("" for the whole server) at `channel`: "SERVING",
// "NOT_SERVING", or the error.
std::string HealthOf(const std::shared_ptr<grpc::Channel>& channel,
                     const std::string& service = "");

class ServerProcess {
 public:
  // Starts partywork-<service> serving, with the harness's database URL for
  // that service, free gRPC and metrics ports, and `env` on top. Fails the
  // test (and returns nullptr) if it is not SERVING within `ready_within`
  // (a gateway is SERVING once it has followed membership's whole feed).
  static std::unique_ptr<ServerProcess> Start(const std::string& service,
                                              std::map<std::string, std::string> env = {},
                                              absl::Duration ready_within = absl::Seconds(15));
  ~ServerProcess();  // kills it if it still runs

  pid_t pid() const { return pid_; }
  int grpc_port() const { return grpc_port_; }
  int metrics_port() const { return metrics_port_; }
  std::string address() const;
  std::shared_ptr<grpc::Channel> channel() const { return channel_; }
  const std::string& log_path() const { return log_path_; }
  std::string Log() const;

  // SIGTERM, then waits up to `timeout` for it to exit; returns its exit code
  // (-1 if it had to be killed).
  int Terminate(absl::Duration timeout = absl::Seconds(20));
  bool Running();

 private:
  pid_t pid_ = -1;
  int exit_code_ = -1;
  int grpc_port_ = 0;
  int metrics_port_ = 0;
  std::string log_path_;
  std::shared_ptr<grpc::Channel> channel_;
};

// Runs partywork-<service> with `args` (e.g. {"migrate"}) and the harness's
// database; returns its exit code.
int RunBinary(const std::string& service, const std::vector<std::string>& args,
              std::map<std::string, std::string> env = {}, std::string* output = nullptr);

}  // namespace partywork::testing
