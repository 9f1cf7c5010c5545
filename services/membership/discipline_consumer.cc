#include "services/membership/discipline_consumer.h"

#include "libs/platform/channel.h"
#include "libs/platform/db/database.h"
#include "libs/platform/feed/consumer.h"
#include "libs/platform/log.h"
#include "libs/platform/resource.h"
#include "libs/platform/roles.h"
#include "partywork/inspection/v1/discipline.pb.h"
#include "services/membership/member_support.h"

namespace partywork::membership {
namespace {

namespace iv1 = ::partywork::inspection::v1;

// The service's parts, plus the consumer started with them.
struct WithConsumer : ServiceParts {
  std::unique_ptr<ServiceParts> inner;
  std::unique_ptr<feed::FeedConsumer> consumer;
  ~WithConsumer() override { consumer.reset(); }  // stopped before the parts it writes for
  void Started() override {
    inner->Started();
    consumer->Start();
  }
};

}  // namespace

void ApplyInspectionEvent(pqxx::work& tx, const common::v1::Event& event) {
  iv1::DisciplineCaseChanged changed;
  if (!event.payload().UnpackTo(&changed) || changed.step() != iv1::DISCIPLINE_STEP_DECIDED ||
      changed.discipline_case().decision().form() != iv1::DISCIPLINE_FORM_EXPULSION) {
    return;
  }
  const iv1::DisciplineCase& c = changed.discipline_case();
  auto member_id = ResourceId(c.subject(), "members");
  if (!member_id) return;
  static const db::Statement kClaim{
      "membership_claim_discipline",
      "INSERT INTO membership.applied_discipline (discipline_case, member_id) VALUES ($1, $2) "
      "ON CONFLICT DO NOTHING RETURNING 1"};
  static const db::Statement kOutcome{
      "membership_discipline_outcome",
      "UPDATE membership.applied_discipline SET member_event = $2, refused = $3 "
      "WHERE discipline_case = $1"};
  if (db::Exec(tx, kClaim, c.name(), *member_id).empty()) return;  // applied before
  auto stored = FindMember(tx, *member_id, /*for_update=*/true);
  if (!stored) {
    db::Exec(tx, kOutcome, c.name(), std::string(), std::string("NOT_FOUND"));
    return;
  }
  CallContext call;
  call.method = "/partywork.common.v1.EventFeedService/StreamEvents";
  call.request_id = event.request_id();
  call.caller = Caller{"service:inspection", roles::kService, ""};
  v1::MemberEvent e;
  e.set_kind(v1::MEMBER_EVENT_KIND_EXPELLED);
  *e.mutable_effective_on() = c.decision().effective_on();
  e.set_decision(c.decision().document());
  e.set_note(c.name());
  v1::MemberEvent recorded;
  // A request id of its own, so the audit and feed name the decision.
  grpc::Status s = AppendMemberEvent(tx, call, c.name(), *stored, LoadHistory(tx, *member_id), e,
                                     std::nullopt, std::nullopt, &recorded);
  if (!s.ok()) {
    // The history refuses it (e.g. the member left meanwhile): kept with the
    // reason rather than blocking the feed.
    log::Warn("discipline decision not applied",
              {{"discipline_case", c.name()}, {"error", s.error_message()}});
  }
  db::Exec(tx, kOutcome, c.name(), recorded.name(), s.ok() ? std::string() : s.error_message());
}

void AddDisciplineConsumer(ServiceSpec& spec) {
  spec.settings.push_back({"inspection-address", "127.0.0.1:50062",
                           "Where inspection's event feed is (e.g. dns:///inspection:50062): "
                           "membership applies its expulsion decisions."});
  spec.wire = [wire =
                   spec.wire](ServiceRuntime& rt) -> absl::StatusOr<std::unique_ptr<ServiceParts>> {
    auto inner = wire(rt);
    if (!inner.ok()) return inner.status();
    auto parts = std::make_unique<WithConsumer>();
    parts->inner = *std::move(inner);
    feed::ConsumerOptions options;
    options.feed = "inspection";
    options.channel = NewChannel(rt.config.String("inspection-address"));
    options.conninfo = rt.config.String("database-url");
    options.schema = rt.schema;
    options.identity_secret = rt.identity_secret;
    options.service_name = "membership";
    parts->consumer =
        std::make_unique<feed::FeedConsumer>(std::move(options), ApplyInspectionEvent);
    return parts;
  };
}

}  // namespace partywork::membership
