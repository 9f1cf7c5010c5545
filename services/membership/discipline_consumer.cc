#include "services/membership/discipline_consumer.h"

#include <functional>

#include "libs/platform/channel.h"
#include "libs/platform/db/database.h"
#include "libs/platform/feed/consumer.h"
#include "libs/platform/log.h"
#include "libs/platform/resource.h"
#include "libs/platform/roles.h"
#include "partywork/inspection/v1/discipline.pb.h"
#include "services/membership/member_support.h"
#include "services/membership/organization_store.h"
#include "services/membership/reorganize.h"

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

namespace {

// What membership did with a decision before, if anything.
struct Applied {
  bool active = false;  // an expulsion or dissolution in force, not restored
  std::string member_event;
};

std::optional<Applied> LoadApplied(pqxx::work& tx, const std::string& discipline_case) {
  static const db::Statement kLoad{
      "membership_applied_discipline",
      "SELECT member_event, reorganization, restored_by FROM membership.applied_discipline "
      "WHERE discipline_case = $1 FOR UPDATE"};
  auto r = db::Exec(tx, kLoad, discipline_case);
  if (r.empty()) return std::nullopt;
  Applied a;
  a.member_event = r[0][0].as<std::string>();
  a.active = (!a.member_event.empty() || !r[0][1].as<std::string>().empty()) &&
             r[0][2].as<std::string>().empty();
  return a;
}

// The consumer acts for inspection: audit and feed name it as the caller.
CallContext InspectionCaller(const common::v1::Event& event) {
  CallContext call;
  call.method = "/partywork.common.v1.EventFeedService/StreamEvents";
  call.request_id = event.request_id();
  call.caller = Caller{"service:inspection", roles::kService, ""};
  return call;
}

// Appends `e` to the member's history under the rules of RecordMemberEvent;
// the member's absence or a refusal comes back as the reason.
std::string AppendForDiscipline(pqxx::work& tx, const CallContext& call, int64_t member_id,
                                const std::string& discipline_case, const v1::MemberEvent& e,
                                std::optional<int64_t> corrects, v1::MemberEvent* recorded) {
  auto found = FindMemberWithHistory(tx, member_id, /*for_update=*/true);
  if (!found) return "NOT_FOUND";
  // The case's name as request id, so the audit and feed name the decision.
  grpc::Status s =
      AppendMemberEvent(tx, call, discipline_case, found->stored, std::move(found->history), e,
                        std::nullopt, corrects, recorded);
  return s.ok() ? std::string() : s.error_message();
}

void Expel(pqxx::work& tx, const CallContext& call, const iv1::DisciplineCase& c, int64_t member_id,
           const google::type::Date& effective_on) {
  static const db::Statement kRecord{
      "membership_discipline_expelled",
      "INSERT INTO membership.applied_discipline (discipline_case, member_id, member_event, "
      "refused) VALUES ($1, $2, $3, $4)"};
  v1::MemberEvent e;
  e.set_kind(v1::MEMBER_EVENT_KIND_EXPELLED);
  *e.mutable_effective_on() = effective_on;
  e.set_decision(c.decision().document());
  e.set_note(c.name());
  v1::MemberEvent recorded;
  const std::string refused =
      AppendForDiscipline(tx, call, member_id, c.name(), e, std::nullopt, &recorded);
  db::Exec(tx, kRecord, c.name(), member_id, recorded.name(), refused);
}

// Runs `change` to a savepoint, rolled back when membership's rules refuse
// it, so the feed goes on with the reason kept.
grpc::Status InSavepoint(pqxx::work& tx, const std::function<grpc::Status()>& change) {
  tx.exec("SAVEPOINT discipline_change");
  grpc::Status s = change();
  tx.exec(s.ok() ? "RELEASE SAVEPOINT discipline_change"
                 : "ROLLBACK TO SAVEPOINT discipline_change");
  return s;
}

// Giải tán: the reorganization ReorganizeOrganizations would make, its
// members moved to the decision's cell.
void Dissolve(pqxx::work& tx, const CallContext& call, const iv1::DisciplineCase& c,
              int64_t organization_id, const google::type::Date& effective_on) {
  static const db::Statement kRecord{
      "membership_discipline_dissolved",
      "INSERT INTO membership.applied_discipline (discipline_case, organization_id, "
      "reorganization, refused) VALUES ($1, $2, $3, $4)"};
  v1::ReorganizeOrganizationsRequest request;
  *request.mutable_effective_on() = effective_on;
  request.set_decision(c.decision().document());
  request.mutable_dissolve()->set_organization(c.subject());
  request.mutable_dissolve()->set_members_to(c.decision().members_to());
  v1::Reorganization done;
  grpc::Status s = InSavepoint(tx, [&] { return Reorganize(tx, call, c.name(), request, &done); });
  if (!s.ok()) done.clear_name();
  db::Exec(tx, kRecord, c.name(), organization_id, done.name(),
           s.ok() ? std::string() : s.error_message());
}

// An annulled dissolution: the organization is established again from the
// appeal's decision day as it was the day before it ended (name, kind, type,
// parent). It is a new record, since the old one's history ends with the
// dissolution; the members moved away are transferred back by the committee.
std::string Reestablish(pqxx::work& tx, const CallContext& call, const iv1::DisciplineCase& c,
                        std::string* restored_by) {
  const int64_t id = *ResourceId(c.subject(), "organizations");
  // Its last version: as it was when it ended.
  const auto before = FindOrganization(tx, id, kEndOfTime);
  if (!before || !before->dissolved_on) return "the organization is not dissolved";
  v1::Organization wanted;
  wanted.set_display_name(before->display_name);
  wanted.set_kind(static_cast<v1::OrganizationKind>(before->kind));
  wanted.set_type(static_cast<v1::OrganizationType>(before->type));
  if (before->parent_id) wanted.set_parent(ResourceName("organizations", *before->parent_id));
  *wanted.mutable_established_on() = c.appeal().decided_on();
  v1::Organization created;
  grpc::Status s = InSavepoint(tx, [&] {
    return EstablishOrganization(tx, call, c.name() + "/restoration", wanted, &created);
  });
  if (!s.ok()) return s.error_message();
  *restored_by = created.name();
  return "";
}

// An appeal annulled or softened the decision (Quy định 117-QĐ/TW): an
// expulsion is voided by a correction, so the member's history runs on as if
// it had not happened; a dissolved organization is established again.
void Restore(pqxx::work& tx, const CallContext& call, const iv1::DisciplineCase& c,
             const Applied& applied) {
  static const db::Statement kRestored{
      "membership_discipline_restored",
      "UPDATE membership.applied_discipline SET restored_by = $2, restore_refused = $3 "
      "WHERE discipline_case = $1"};
  if (applied.member_event.empty()) {
    std::string restored_by;
    const std::string refused = Reestablish(tx, call, c, &restored_by);
    db::Exec(tx, kRestored, c.name(), restored_by, refused);
    return;
  }
  const int64_t member_id = *ResourceId(c.subject(), "members");
  v1::MemberEvent e;
  e.set_kind(v1::MEMBER_EVENT_KIND_CORRECTION);
  *e.mutable_effective_on() = c.appeal().decided_on();
  e.set_corrects(applied.member_event);
  e.set_decision(c.appeal().document());
  e.set_note(c.name());
  const auto corrects = ChildResourceId(applied.member_event, c.subject(), "events");
  v1::MemberEvent recorded;
  const std::string refused =
      AppendForDiscipline(tx, call, member_id, c.name() + "/restoration", e, corrects, &recorded);
  db::Exec(tx, kRestored, c.name(), recorded.name(), refused);
}

}  // namespace

void ApplyInspectionEvent(pqxx::work& tx, const common::v1::Event& event) {
  iv1::DisciplineCaseChanged changed;
  if (!event.payload().UnpackTo(&changed)) return;
  const bool decided = changed.step() == iv1::DISCIPLINE_STEP_DECIDED;
  if (!decided && changed.step() != iv1::DISCIPLINE_STEP_APPEAL_DECIDED) return;
  const iv1::DisciplineCase& c = changed.discipline_case();
  const auto member_id = ResourceId(c.subject(), "members");
  const auto organization_id = ResourceId(c.subject(), "organizations");
  const bool wanted = (member_id && c.form_in_force() == iv1::DISCIPLINE_FORM_EXPULSION) ||
                      (organization_id && c.form_in_force() == iv1::DISCIPLINE_FORM_DISSOLUTION);
  const std::optional<Applied> applied = LoadApplied(tx, c.name());
  const CallContext call = InspectionCaller(event);
  // From the decision's effective day, or from the appeal's decision when an
  // appeal made the form an expulsion or dissolution.
  const google::type::Date& from = decided ? c.decision().effective_on() : c.appeal().decided_on();
  if (wanted && !applied) {
    if (member_id) Expel(tx, call, c, *member_id, from);
    if (organization_id) Dissolve(tx, call, c, *organization_id, from);
  } else if (!wanted && applied && applied->active) {
    Restore(tx, call, c, *applied);
  }
  // Anything else was applied before (a replay, a second delivery) or is not
  // membership's to apply.
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
