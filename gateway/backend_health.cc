#include "gateway/backend_health.h"

#include "absl/time/clock.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "libs/platform/log.h"
#include "libs/platform/metrics.h"

namespace partywork::gateway {
namespace {

metrics::Family<metrics::Gauge>& ServingGauge() {
  static auto& family = metrics::Registry::Default().AddGauge(
      "partywork_gateway_backend_serving",
      "1 while the backend's health check answers SERVING, else 0.", {"backend"});
  return family;
}

}  // namespace

BackendHealth::BackendHealth(std::vector<Watched> backends, absl::Duration interval,
                             std::function<void()> changed)
    : interval_(interval), changed_(std::move(changed)) {
  for (auto& b : backends) {
    states_.push_back(std::make_unique<State>());
    states_.back()->backend = std::move(b);
  }
}

BackendHealth::~BackendHealth() { Stop(); }

void BackendHealth::Start() {
  thread_ = std::thread([this] { Run(); });
}

void BackendHealth::Stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

bool BackendHealth::Serving(const std::string& name) const {
  for (const auto& s : states_) {
    if (s->backend.name == name) return s->serving.load();
  }
  return false;
}

void BackendHealth::Run() {
  while (true) {
    Round();
    changed_();
    std::unique_lock<std::mutex> lock(mu_);
    if (cv_.wait_for(lock, absl::ToChronoNanoseconds(interval_), [this] { return stopping_; })) {
      return;
    }
  }
}

void BackendHealth::Round() {
  struct Check {
    std::unique_ptr<grpc::health::v1::Health::Stub> stub;
    grpc::ClientContext context;
    grpc::health::v1::HealthCheckRequest request;
    grpc::health::v1::HealthCheckResponse response;
  };
  std::vector<std::unique_ptr<Check>> checks;
  std::mutex done_mu;
  std::condition_variable done_cv;
  size_t done = 0;
  // A backend that does not answer within the interval is not serving.
  const absl::Time deadline = absl::Now() + std::min(interval_, absl::Seconds(5));
  for (auto& state : states_) {
    checks.push_back(std::make_unique<Check>());
    Check* check = checks.back().get();
    check->context.set_deadline(absl::ToChronoTime(deadline));
    check->stub = grpc::health::v1::Health::NewStub(state->backend.channel);
    check->stub->async()->Check(
        &check->context, &check->request, &check->response,
        [&, state = state.get(), check](grpc::Status status) {
          const bool serving = status.ok() && check->response.status() ==
                                                  grpc::health::v1::HealthCheckResponse::SERVING;
          if (serving != state->serving.exchange(serving)) {
            log::Info(serving ? "backend serving" : "backend not serving",
                      {{"backend", state->backend.name}, {"error", status.error_message()}});
          }
          ServingGauge().With({state->backend.name}).Set(serving ? 1 : 0);
          std::lock_guard<std::mutex> lock(done_mu);
          ++done;
          done_cv.notify_all();
        });
  }
  std::unique_lock<std::mutex> lock(done_mu);
  done_cv.wait(lock, [&] { return done == checks.size(); });
}

}  // namespace partywork::gateway
