#include "services/inspection/inspection_spec.h"

#include "libs/platform/channel.h"
#include "libs/platform/feed/consumer.h"
#include "services/inspection/inspection_service.h"
#include "services/inspection/tree_store.h"

namespace partywork::inspection {

const std::vector<db::Migration>& Migrations();  // embedded from migrations/

namespace {

struct Parts : ServiceParts {
  std::shared_ptr<feed::EventFeed> feed;
  InspectionService service;
  std::unique_ptr<feed::FeedConsumer> membership;
  explicit Parts(ServiceRuntime& rt) : feed(ServeEventFeed(rt)), service(rt.db, *feed) {}
  void Started() override { membership->Start(); }
};

}  // namespace

ServiceSpec Spec() {
  ServiceSpec spec;
  spec.name = "inspection";
  spec.grpc_port = 50062;
  spec.metrics_port = 9062;
  spec.migrations = Migrations();
  spec.settings = FeedSettings();
  spec.settings.push_back(
      {"membership-address", "127.0.0.1:50061",
       "Where membership's event feed is (e.g. dns:///membership:50061): inspection keeps its "
       "own copy of the organization tree and member statuses from it."});
  spec.wire = [](ServiceRuntime& rt) -> absl::StatusOr<std::unique_ptr<ServiceParts>> {
    auto parts = std::make_unique<Parts>(rt);
    feed::ConsumerOptions options;
    options.feed = "membership";
    options.channel = NewChannel(rt.config.String("membership-address"));
    options.conninfo = rt.config.String("database-url");
    options.schema = rt.schema;
    options.identity_secret = rt.identity_secret;
    options.service_name = "inspection";
    parts->membership =
        std::make_unique<feed::FeedConsumer>(std::move(options), ApplyMembershipEvents);
    rt.host.Register(&parts->service, v1::InspectionService::service_full_name());
    return parts;
  };
  return spec;
}

}  // namespace partywork::inspection
