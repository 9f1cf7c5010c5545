// The health of the backends as the gateway sees it: each backend's
// grpc.health.v1 Check (the whole server, "") asked every interval, all in
// parallel. The gateway's own health follows it (see gateway_spec.cc).
#pragma once

#include <atomic>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "absl/time/time.h"
#include "grpcpp/channel.h"

namespace partywork::gateway {

class BackendHealth {
 public:
  struct Watched {
    std::string name;  // "membership"
    std::shared_ptr<grpc::Channel> channel;
  };

  // `changed` runs on the watcher's thread after every round.
  BackendHealth(std::vector<Watched> backends, absl::Duration interval,
                std::function<void()> changed);
  ~BackendHealth();  // stops
  BackendHealth(const BackendHealth&) = delete;
  BackendHealth& operator=(const BackendHealth&) = delete;

  void Start();
  void Stop();
  // Whether `name` answered SERVING in the last round.
  bool Serving(const std::string& name) const;

 private:
  void Run();
  void Round();

  struct State {
    Watched backend;
    std::atomic<bool> serving{false};
  };
  std::vector<std::unique_ptr<State>> states_;
  absl::Duration interval_;
  std::function<void()> changed_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;  // guarded by mu_
  std::thread thread_;
};

}  // namespace partywork::gateway
