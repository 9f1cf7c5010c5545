// Server bootstrap shared by every partywork binary: the callback-API gRPC
// server with health (NOT_SERVING while starting and draining), reflection,
// the call interceptor (request id, caller identity, logs, metrics), a
// maximum connection age (so clients re-resolve after a scale-out), the
// Prometheus endpoint on its own port, and a graceful shutdown on SIGTERM or
// SIGINT: NOT_SERVING, a drain delay, then in-flight calls get until the
// shutdown grace to finish.
#pragma once

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "grpcpp/server.h"
#include "libs/platform/metrics.h"

namespace partywork {

struct HostOptions {
  std::string service;  // "membership", …: log and metrics labels
  std::string listen_host = "0.0.0.0";
  int grpc_port = 0;     // 0 picks a free port
  int metrics_port = 0;  // 0 picks a free port; -1 disables
  absl::Duration max_connection_age = absl::Minutes(5);
  absl::Duration max_connection_age_grace = absl::Seconds(30);
  absl::Duration drain_delay = absl::ZeroDuration();
  absl::Duration shutdown_grace = absl::Seconds(10);
  std::string identity_secret;
};

// Blocks SIGTERM and SIGINT in the calling thread and the threads it starts
// later, so ServiceHost::Wait() can receive them. Call first in main().
void BlockTerminationSignals();

class ServiceHost {
 public:
  explicit ServiceHost(HostOptions options);
  ~ServiceHost();
  ServiceHost(const ServiceHost&) = delete;
  ServiceHost& operator=(const ServiceHost&) = delete;

  // Before Start(): serves `service`, whose health is reported under
  // `full_name` (e.g. "partywork.membership.v1.MembershipService").
  void Register(grpc::Service* service, const std::string& full_name);
  // Before Start(): runs when draining begins (e.g. ending feed streams).
  void OnDrain(std::function<void()> hook);

  // Starts serving with health NOT_SERVING.
  absl::Status Start();
  void SetServing(bool serving);
  // Holds `name` ("" for the whole server, else a registered service) at
  // NOT_SERVING while not ready, whatever SetServing says: e.g. while a
  // backend it needs is down. Every name is ready until told otherwise.
  void SetReady(const std::string& name, bool ready);
  int grpc_port() const { return grpc_port_; }
  int metrics_port() const { return exporter_ ? exporter_->port() : 0; }

  // Blocks until SIGTERM/SIGINT or RequestShutdown(), then drains and stops.
  void Wait();
  // Makes Wait() return after draining; safe from any thread.
  void RequestShutdown() { shutdown_requested_ = true; }

 private:
  HostOptions options_;
  std::vector<std::pair<grpc::Service*, std::string>> services_;
  std::vector<std::function<void()>> drain_hooks_;
  std::unique_ptr<grpc::Server> server_;
  std::unique_ptr<metrics::HttpExporter> exporter_;
  std::atomic<bool> shutdown_requested_{false};
  int grpc_port_ = 0;
  std::mutex health_mu_;
  bool serving_ = false;                   // guarded by health_mu_
  std::map<std::string, bool> not_ready_;  // guarded by health_mu_

  void ApplyHealth();  // requires health_mu_
};

}  // namespace partywork
