#include "gateway/gateway_spec.h"

namespace partywork::gateway {

const std::vector<db::Migration>& Migrations();  // embedded from migrations/

ServiceSpec Spec() {
  ServiceSpec spec;
  spec.name = "gateway";
  spec.grpc_port = 50051;
  spec.metrics_port = 9051;
  spec.migrations = Migrations();
  // The gateway serves health and reflection on the platform; authentication,
  // forwarding and aggregation are registered here as they are built.
  spec.wire = [](ServiceRuntime&) -> absl::StatusOr<std::unique_ptr<ServiceParts>> {
    return std::make_unique<ServiceParts>();
  };
  return spec;
}

}  // namespace partywork::gateway
