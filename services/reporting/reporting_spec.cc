#include "services/reporting/reporting_spec.h"

#include "absl/strings/str_split.h"
#include "libs/platform/channel.h"
#include "libs/platform/feed/consumer.h"
#include "libs/platform/identity.h"
#include "libs/platform/log.h"
#include "partywork/common/v1/feed.grpc.pb.h"
#include "services/reporting/count_anchors.h"
#include "services/reporting/freshness.h"
#include "services/reporting/member_counts.h"
#include "services/reporting/projections.h"
#include "services/reporting/reporting_service.h"

namespace partywork::reporting {

const std::vector<db::Migration>& Migrations();  // embedded from migrations/

namespace {

struct Feed {
  const char* name;
  const char* address_setting;
  feed::FeedConsumer::ApplyAll apply;
};
const Feed kFeeds[] = {
    {"membership", "membership-address", ApplyMembershipEvents},
    {"inspection", "inspection-address", feed::FeedConsumer::EachEvent(ApplyInspectionEvent)},
};

struct Parts : ServiceParts {
  // Destroyed in reverse: the anchors' keeper, the service, then the waiter
  // (which watches the consumers), then the consumers.
  std::vector<std::unique_ptr<feed::FeedConsumer>> consumers;
  FreshnessWaiter waiter;
  ReportingService service;
  AnchorKeeper anchors;
  Parts(db::Database& db, int anchor_years)
      : service(db, waiter), anchors(db, anchor_years, [this] { return MembershipCaughtUp(); }) {}
  // The spells come from membership's feed (kFeeds[0]), the first consumer.
  bool MembershipCaughtUp() const {
    const int64_t lag = consumers.empty() ? -1 : consumers.front()->lag();
    return lag >= 0 && lag < 1000;
  }
  void Started() override {
    for (auto& consumer : consumers) consumer->Start();
    anchors.Start();
  }
};

std::unique_ptr<feed::FeedConsumer> Consumer(ServiceRuntime& rt, const Feed& f) {
  feed::ConsumerOptions options;
  options.feed = f.name;
  options.channel = NewChannel(rt.config.String(f.address_setting));
  options.conninfo = rt.config.String("database-url");
  options.schema = rt.schema;
  options.identity_secret = rt.identity_secret;
  options.service_name = "reporting";
  return std::make_unique<feed::FeedConsumer>(std::move(options), f.apply);
}

// Replays one feed from its beginning to its head into the emptied models.
// A replay may outlive a connection (servers close them after
// max-connection-age: a country's feed takes longer): it then resumes from
// what it applied, as long as each stream moved it on.
absl::Status Replay(const Config& config, pqxx::connection& conn, const Feed& f) {
  auto stub = common::v1::EventFeedService::NewStub(NewChannel(config.String(f.address_setting)));
  const IdentitySigner signer(config.String("identity-secret"));
  int64_t applied = feed::FeedConsumer::LoadCheckpoint(conn, kSchema, f.name);
  for (;;) {
    grpc::ClientContext context;
    context.AddMetadata(kIdentityHeader,
                        signer.Sign({"service:reporting", "service", ""}, absl::Hours(1)));
    common::v1::StreamEventsRequest request;
    request.set_after_sequence(applied);
    request.set_stop_at_head(true);
    auto reader = stub->StreamEvents(&context, request);
    common::v1::StreamEventsResponse response;
    const int64_t resumed_at = applied;
    while (reader->Read(&response)) {
      if (response.events().empty()) continue;
      applied = feed::FeedConsumer::ApplyBatch(conn, kSchema, f.name, response.events(), f.apply);
    }
    const grpc::Status status = reader->Finish();
    if (status.ok()) break;
    if (status.error_code() != grpc::StatusCode::UNAVAILABLE || applied == resumed_at) {
      return absl::UnavailableError(
          absl::StrCat("the ", f.name, " feed: ", status.error_message()));
    }
    log::Info("feed replay resumed",
              {{"feed", f.name}, {"applied_sequence", applied}, {"error", status.error_message()}});
  }
  log::Info("feed replayed", {{"feed", f.name}, {"applied_sequence", applied}});
  return absl::OkStatus();
}

// `rebuild`: empties the read models and the checkpoints in one
// transaction, then replays the feeds named by rebuild-feeds.
int Rebuild(const Config& config) {
  try {
    pqxx::connection conn(config.String("database-url"));
    {
      pqxx::work tx(conn);
      ClearReadModels(tx);
      tx.commit();
    }
    for (absl::string_view name :
         absl::StrSplit(config.String("rebuild-feeds"), ',', absl::SkipWhitespace())) {
      const Feed* f = nullptr;
      for (const auto& candidate : kFeeds) {
        if (name == candidate.name) f = &candidate;
      }
      if (f == nullptr) {
        log::Error("unknown feed in rebuild-feeds", {{"feed", std::string(name)}});
        return 2;
      }
      if (auto s = Replay(config, conn, *f); !s.ok()) {
        log::Error("rebuild failed", {{"error", std::string(s.message())}});
        return 1;
      }
    }
  } catch (const std::exception& e) {
    log::Error("rebuild failed", {{"error", e.what()}});
    return 1;
  }
  return 0;
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
      {"rebuild-feeds", "membership,inspection",
       "The feeds the rebuild mode replays after emptying the read models."},
      {"count-from-totals", "true",
       "Whether the whole tree on a day is counted from the totals of the nearest anchor day, "
       "reading only the spells begun or ended in between (same figures, quicker)."},
      {"split-count-organizations", "1000",
       "A subtree of at least this many organizations on the day is counted in two halves, the "
       "second on another idle database worker sharing the report's snapshot (0: never)."},
      {"count-anchor-years", "3",
       "The year-ends of this many last years are anchor days (besides the ends of the last "
       "four quarters): their totals are kept, so the whole tree on them is counted at once."},
  };
  spec.wire = [](ServiceRuntime& rt) -> absl::StatusOr<std::unique_ptr<ServiceParts>> {
    SetCountFromTotals(rt.config.Bool("count-from-totals"));
    SetSplitCountFrom(rt.config.Int("split-count-organizations"));
    auto parts = std::make_unique<Parts>(rt.db, rt.config.Int("count-anchor-years"));
    for (const Feed& f : kFeeds) {
      parts->consumers.push_back(Consumer(rt, f));
      parts->waiter.Watch(f.name, parts->consumers.back().get());
    }
    rt.host.Register(&parts->service, v1::ReportingService::service_full_name());
    // Waiting calls are answered before the server stops taking calls.
    rt.host.OnDrain([waiter = &parts->waiter] { waiter->ReleaseAll(); });
    return parts;
  };
  spec.extra_modes["rebuild"] = Rebuild;
  return spec;
}

}  // namespace partywork::reporting
