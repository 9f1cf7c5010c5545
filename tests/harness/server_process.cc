#include "tests/harness/server_process.h"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "grpcpp/create_channel.h"
#include "gtest/gtest.h"
#include "tests/harness/postgres.h"

extern char** environ;

namespace partywork::testing {
namespace {

std::map<std::string, std::string> BaseEnvironment(const std::string& service) {
  std::map<std::string, std::string> env;
  for (char** e = environ; *e != nullptr; ++e) {
    std::string entry(*e);
    auto eq = entry.find('=');
    if (eq != std::string::npos) env[entry.substr(0, eq)] = entry.substr(eq + 1);
  }
  env["PARTYWORK_DATABASE_URL"] = Postgres::Get().Url(service);
  env["PARTYWORK_IDENTITY_SECRET"] = kTestIdentitySecret;
  env["PARTYWORK_LISTEN_HOST"] = "127.0.0.1";
  env["PARTYWORK_LOG_LEVEL"] = "debug";
  env["PARTYWORK_SHUTDOWN_GRACE"] = "5s";
  return env;
}

// fork + exec of partywork-<service>, stdout and stderr to `log`.
pid_t Spawn(const std::string& service, const std::vector<std::string>& args,
            const std::map<std::string, std::string>& env, const std::string& log) {
  std::string binary = absl::StrCat(PARTYWORK_BIN_DIR, "/partywork-", service);
  std::vector<std::string> argv_storage = {binary};
  argv_storage.insert(argv_storage.end(), args.begin(), args.end());
  std::vector<std::string> env_storage;
  for (const auto& [k, v] : env) env_storage.push_back(k + "=" + v);
  pid_t pid = fork();
  if (pid == 0) {
    std::vector<char*> argv, envp;
    for (auto& a : argv_storage) argv.push_back(a.data());
    argv.push_back(nullptr);
    for (auto& e : env_storage) envp.push_back(e.data());
    envp.push_back(nullptr);
    FILE* out = fopen(log.c_str(), "a");
    if (out != nullptr) {
      dup2(fileno(out), STDOUT_FILENO);
      dup2(fileno(out), STDERR_FILENO);
    }
    execve(binary.c_str(), argv.data(), envp.data());
    _exit(127);
  }
  return pid;
}

}  // namespace

void SignAs(grpc::ClientContext* context, const Caller& caller) {
  context->AddMetadata(kIdentityHeader, IdentitySigner(kTestIdentitySecret).Sign(caller));
}

std::string HealthOf(const std::shared_ptr<grpc::Channel>& channel, const std::string& service) {
  auto stub = grpc::health::v1::Health::NewStub(channel);
  grpc::ClientContext context;
  context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(1)));
  grpc::health::v1::HealthCheckRequest request;
  request.set_service(service);
  grpc::health::v1::HealthCheckResponse response;
  grpc::Status status = stub->Check(&context, request, &response);
  if (!status.ok())
    return absl::StrCat("error ", status.error_code(), ": ", status.error_message());
  return grpc::health::v1::HealthCheckResponse::ServingStatus_Name(response.status());
}

std::unique_ptr<ServerProcess> ServerProcess::Start(const std::string& service,
                                                    std::map<std::string, std::string> env,
                                                    absl::Duration ready_within) {
  // A free port can be taken by another process before the server binds it:
  // such a start is tried again on other ports.
  for (int attempt = 1;; ++attempt) {
    auto process = std::unique_ptr<ServerProcess>(new ServerProcess());
    process->grpc_port_ = FreePort();
    process->metrics_port_ = FreePort();
    auto full_env = BaseEnvironment(service);
    full_env["PARTYWORK_GRPC_PORT"] = absl::StrCat(process->grpc_port_);
    full_env["PARTYWORK_METRICS_PORT"] = absl::StrCat(process->metrics_port_);
    for (auto& [k, v] : env) full_env[k] = v;
    process->log_path_ =
        absl::StrCat(::testing::TempDir(), "partywork-", service, "-", process->grpc_port_, ".log");
    process->pid_ = Spawn(service, {"serve"}, full_env, process->log_path_);
    absl::Time give_up = absl::Now() + ready_within;
    // Connect only once the port accepts connections: a channel that failed
    // to connect backs off for seconds before trying again.
    while (absl::Now() < give_up && process->Running() && !Listening(process->grpc_port_)) {
      absl::SleepFor(absl::Milliseconds(20));
    }
    process->channel_ = grpc::CreateChannel(process->address(), grpc::InsecureChannelCredentials());
    while (absl::Now() < give_up) {
      if (!process->Running()) break;
      if (HealthOf(process->channel_) == "SERVING") return process;
      absl::SleepFor(absl::Milliseconds(20));
    }
    const std::string log = process->Log();
    if (attempt < 3 && !process->Running() &&
        (absl::StrContains(log, "cannot listen on") ||
         absl::StrContains(log, "cannot serve metrics"))) {
      continue;
    }
    ADD_FAILURE() << "partywork-" << service << " did not become SERVING; its log:\n" << log;
    return nullptr;
  }
}

ServerProcess::~ServerProcess() {
  if (Running()) {
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
  }
}

std::string ServerProcess::address() const { return absl::StrCat("127.0.0.1:", grpc_port_); }

std::string ServerProcess::Log() const {
  std::ifstream in(log_path_);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

bool ServerProcess::Running() {
  if (pid_ <= 0) return false;
  int status;
  pid_t r = waitpid(pid_, &status, WNOHANG);
  if (r == 0) return true;
  exit_code_ = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  pid_ = -1;
  return false;
}

int ServerProcess::Terminate(absl::Duration timeout) {
  if (!Running()) return exit_code_;
  kill(pid_, SIGTERM);
  absl::Time give_up = absl::Now() + timeout;
  while (absl::Now() < give_up) {
    if (!Running()) return exit_code_;
    absl::SleepFor(absl::Milliseconds(20));
  }
  kill(pid_, SIGKILL);
  waitpid(pid_, nullptr, 0);
  pid_ = -1;
  return -1;
}

int RunBinary(const std::string& service, const std::vector<std::string>& args,
              std::map<std::string, std::string> env, std::string* output) {
  auto full_env = BaseEnvironment(service);
  for (auto& [k, v] : env) full_env[k] = v;
  std::string log = absl::StrCat(::testing::TempDir(), "partywork-run-", getpid(), "-",
                                 absl::ToUnixNanos(absl::Now()), ".log");
  pid_t pid = Spawn(service, args, full_env, log);
  int status = 0;
  waitpid(pid, &status, 0);
  if (output != nullptr) {
    std::ifstream in(log);
    std::stringstream text;
    text << in.rdbuf();
    *output = text.str();
  }
  unlink(log.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

}  // namespace partywork::testing
