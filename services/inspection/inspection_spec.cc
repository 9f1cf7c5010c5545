#include "services/inspection/inspection_spec.h"

namespace partywork::inspection {

const std::vector<db::Migration>& Migrations();  // embedded from migrations/

namespace {

struct Parts : ServiceParts {
  std::shared_ptr<feed::EventFeed> feed;
};

}  // namespace

ServiceSpec Spec() {
  ServiceSpec spec;
  spec.name = "inspection";
  spec.grpc_port = 50062;
  spec.metrics_port = 9062;
  spec.migrations = Migrations();
  spec.settings = FeedSettings();
  spec.wire = [](ServiceRuntime& rt) -> absl::StatusOr<std::unique_ptr<ServiceParts>> {
    auto parts = std::make_unique<Parts>();
    parts->feed = ServeEventFeed(rt);
    return parts;
  };
  return spec;
}

}  // namespace partywork::inspection
