#include "services/reporting/reporting_spec.h"

#include "libs/platform/channel.h"
#include "libs/platform/feed/consumer.h"
#include "services/reporting/projections.h"
#include "services/reporting/reporting_service.h"

namespace partywork::reporting {

const std::vector<db::Migration>& Migrations();  // embedded from migrations/

namespace {

struct Parts : ServiceParts {
  ReportingService service;
  std::vector<std::unique_ptr<feed::FeedConsumer>> consumers;
  explicit Parts(db::Database& db) : service(db) {}
  void Started() override {
    for (auto& consumer : consumers) consumer->Start();
  }
};

std::unique_ptr<feed::FeedConsumer> Consumer(ServiceRuntime& rt, const std::string& feed,
                                             const std::string& address_setting,
                                             feed::FeedConsumer::Apply apply) {
  feed::ConsumerOptions options;
  options.feed = feed;
  options.channel = NewChannel(rt.config.String(address_setting));
  options.conninfo = rt.config.String("database-url");
  options.schema = rt.schema;
  options.identity_secret = rt.identity_secret;
  options.service_name = "reporting";
  return std::make_unique<feed::FeedConsumer>(std::move(options), std::move(apply));
}

}  // namespace

ServiceSpec Spec() {
  ServiceSpec spec;
  spec.name = "reporting";
  spec.grpc_port = 50063;
  spec.metrics_port = 9063;
  spec.migrations = Migrations();
  spec.settings = {
      {"membership-address", "127.0.0.1:50061",
       "Where membership's event feed is (e.g. dns:///membership:50061)."},
      {"inspection-address", "127.0.0.1:50062",
       "Where inspection's event feed is (e.g. dns:///inspection:50062)."},
  };
  spec.wire = [](ServiceRuntime& rt) -> absl::StatusOr<std::unique_ptr<ServiceParts>> {
    auto parts = std::make_unique<Parts>(rt.db);
    parts->consumers.push_back(
        Consumer(rt, "membership", "membership-address", ApplyMembershipEvent));
    parts->consumers.push_back(
        Consumer(rt, "inspection", "inspection-address", ApplyInspectionEvent));
    rt.host.Register(&parts->service, v1::ReportingService::service_full_name());
    return parts;
  };
  return spec;
}

}  // namespace partywork::reporting
