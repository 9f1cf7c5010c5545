#include "services/membership/membership_spec.h"

#include "services/membership/member_store.h"
#include "services/membership/membership_service.h"

namespace partywork::membership {

const std::vector<db::Migration>& Migrations();  // embedded from migrations/

namespace {

// GetMember's reads, many in one statement.
db::BatchedLookupOptions MemberLookup(ServiceRuntime& rt) {
  db::BatchedLookupOptions o;
  o.conninfo = rt.config.String("database-url");
  o.name = "membership_members_with_history";
  o.sql = MembersWithHistorySql();
  o.acquire_timeout = rt.db.options().acquire_timeout;
  o.threads = rt.db.options().workers;  // as many statements at once as the workers
  return o;
}

struct Parts : ServiceParts {
  std::shared_ptr<feed::EventFeed> feed;
  db::ReadAuditLog read_audit;
  db::BatchedLookup member_lookup;
  MembershipService service;
  explicit Parts(ServiceRuntime& rt)
      : feed(ServeEventFeed(rt)),
        read_audit({rt.config.String("database-url"), rt.schema}),
        member_lookup(MemberLookup(rt)),
        service(rt.db, *feed, read_audit, member_lookup) {}
};

}  // namespace

ServiceSpec Spec() {
  ServiceSpec spec;
  spec.name = "membership";
  spec.grpc_port = 50061;
  spec.metrics_port = 9061;
  spec.migrations = Migrations();
  spec.settings = FeedSettings();
  spec.wire = [](ServiceRuntime& rt) -> absl::StatusOr<std::unique_ptr<ServiceParts>> {
    auto parts = std::make_unique<Parts>(rt);
    rt.host.Register(&parts->service, v1::MembershipService::service_full_name());
    return parts;
  };
  return spec;
}

}  // namespace partywork::membership
