#include "libs/platform/server.h"

#include <csignal>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "grpcpp/ext/proto_server_reflection_plugin.h"
#include "grpcpp/health_check_service_interface.h"
#include "grpcpp/security/server_credentials.h"
#include "grpcpp/server_builder.h"
#include "libs/platform/call_context.h"
#include "libs/platform/log.h"

namespace partywork {
namespace {

sigset_t TerminationSignals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  return set;
}

}  // namespace

void BlockTerminationSignals() {
  sigset_t set = TerminationSignals();
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
}

ServiceHost::ServiceHost(HostOptions options) : options_(std::move(options)) {}

ServiceHost::~ServiceHost() {
  if (server_) {
    server_->Shutdown(absl::ToChronoTime(absl::Now()));
    server_->Wait();
  }
}

void ServiceHost::Register(grpc::Service* service, const std::string& full_name) {
  services_.emplace_back(service, full_name);
}

void ServiceHost::OnDrain(std::function<void()> hook) { drain_hooks_.push_back(std::move(hook)); }

absl::Status ServiceHost::Start() {
  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  grpc::ServerBuilder builder;
  builder.AddListeningPort(absl::StrCat(options_.listen_host, ":", options_.grpc_port),
                           grpc::InsecureServerCredentials(), &grpc_port_);
  builder.AddChannelArgument(
      GRPC_ARG_MAX_CONNECTION_AGE_MS,
      static_cast<int>(absl::ToInt64Milliseconds(options_.max_connection_age)));
  builder.AddChannelArgument(
      GRPC_ARG_MAX_CONNECTION_AGE_GRACE_MS,
      static_cast<int>(absl::ToInt64Milliseconds(options_.max_connection_age_grace)));
  std::vector<std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>> interceptors;
  interceptors.push_back(
      std::make_unique<CallInterceptorFactory>(options_.service, options_.identity_secret));
  builder.experimental().SetInterceptorCreators(std::move(interceptors));
  for (auto& [service, name] : services_) builder.RegisterService(service);
  server_ = builder.BuildAndStart();
  if (!server_ || grpc_port_ == 0) {
    server_.reset();
    return absl::UnavailableError(
        absl::StrCat("cannot listen on ", options_.listen_host, ":", options_.grpc_port));
  }
  // Nothing is ready yet: probes see NOT_SERVING until SetServing(true).
  SetServing(false);
  if (options_.metrics_port >= 0) {
    exporter_ = std::make_unique<metrics::HttpExporter>(
        metrics::Registry::Default(), options_.listen_host, options_.metrics_port);
    if (!exporter_->ok()) {
      return absl::UnavailableError(absl::StrCat("cannot serve metrics on ", options_.listen_host,
                                                 ":", options_.metrics_port));
    }
  }
  log::Info("listening", {{"grpc_port", grpc_port_}, {"metrics_port", metrics_port()}});
  return absl::OkStatus();
}

void ServiceHost::SetServing(bool serving) {
  std::lock_guard<std::mutex> lock(health_mu_);
  serving_ = serving;
  ApplyHealth();
}

void ServiceHost::SetReady(const std::string& name, bool ready) {
  std::lock_guard<std::mutex> lock(health_mu_);
  not_ready_[name] = !ready;
  ApplyHealth();
}

void ServiceHost::ApplyHealth() {
  if (!server_) return;
  auto* health = server_->GetHealthCheckService();
  auto ready = [this](const std::string& name) {
    auto it = not_ready_.find(name);
    return it == not_ready_.end() || !it->second;
  };
  health->SetServingStatus("", serving_ && ready(""));
  for (auto& [service, name] : services_) health->SetServingStatus(name, serving_ && ready(name));
}

void ServiceHost::Wait() {
  sigset_t set = TerminationSignals();
  const struct timespec tick = {0, 100 * 1000 * 1000};
  while (!shutdown_requested_) {
    int signal = sigtimedwait(&set, nullptr, &tick);
    if (signal == SIGTERM || signal == SIGINT) {
      log::Info("shutdown requested", {{"signal", signal == SIGTERM ? "SIGTERM" : "SIGINT"}});
      break;
    }
  }
  if (!server_) return;
  // Load balancers and probes stop sending new calls first…
  SetServing(false);
  absl::SleepFor(options_.drain_delay);
  for (auto& hook : drain_hooks_) hook();
  // …then in-flight calls get the grace period, after which they are cancelled.
  server_->Shutdown(absl::ToChronoTime(absl::Now() + options_.shutdown_grace));
  server_->Wait();
  {
    std::lock_guard<std::mutex> lock(health_mu_);  // SetReady may come from other threads
    server_.reset();
  }
  log::Debug("grpc server stopped");
  exporter_.reset();
  log::Info("stopped");
}

}  // namespace partywork
