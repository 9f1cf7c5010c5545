// Handlers of members' awards: party badges (trao tặng Huy hiệu Đảng) and
// commendations (khen thưởng).
#include "absl/strings/str_cat.h"
#include "libs/platform/db/audit.h"
#include "libs/platform/errors.h"
#include "libs/platform/feed/outbox.h"
#include "libs/platform/resource.h"
#include "libs/platform/unary.h"
#include "services/membership/award_rules.h"
#include "services/membership/award_store.h"
#include "services/membership/member_support.h"
#include "services/membership/membership_service.h"

namespace partywork::membership {
namespace {

constexpr char kMembers[] = "members";
constexpr char kAwards[] = "awards";

void ToProto(const AwardRow& row, v1::MemberAward* a) {
  a->set_name(
      absl::StrCat(ResourceName(kMembers, row.member_id), "/", ResourceName(kAwards, row.id)));
  a->set_kind(static_cast<v1::AwardKind>(row.kind));
  a->set_badge_years(row.badge_years);
  *a->mutable_awarded_on() = ToDate(row.awarded_on);
  a->set_decision(row.decision);
  a->set_awarded_by(row.awarded_by);
  a->set_note(row.note);
  a->mutable_record_time()->set_seconds(absl::ToUnixSeconds(row.created_at));
  a->set_recorded_by(row.recorded_by);
}

}  // namespace

grpc::ServerUnaryReactor* MembershipService::CreateMemberAward(
    grpc::CallbackServerContext* context, const v1::CreateMemberAwardRequest* request,
    v1::MemberAward* response) {
  return ServeMutation(
      context, db_, feed_, kSchema, request, response,
      [=](const CallContext& call, pqxx::work& tx, const std::string& request_id) -> grpc::Status {
        const v1::MemberAward& a = request->award();
        std::vector<FieldViolation> v = ValidateAward(a, Today());
        const auto member_id = ResourceId(request->parent(), kMembers);
        if (!member_id) v.insert(v.begin(), {"parent", "must be \"members/{id}\""});
        if (!v.empty()) return errors::InvalidArgument(v);
        // Locked: two awards of the same badge wait for each other.
        auto member = FindMember(tx, *member_id, /*for_update=*/true);
        if (!member) return errors::NotFound(request->parent());
        if (auto s = CheckScope(tx, call, *member->standing.organization_id, Today()); !s.ok()) {
          return s;
        }
        const absl::CivilDay awarded_on = *ToCivilDay(a.awarded_on());
        const MemberFacts facts = FactsOf(member->member);
        const Standing standing =
            DeriveStanding(LoadHistory(tx, *member_id), facts, awarded_on).standing;
        if (auto refused = CheckAward(standing, facts.admitted_on, a, BadgesHeld(tx, *member_id))) {
          return errors::FromRule(*refused);
        }
        AwardRow row;
        row.member_id = *member_id;
        row.kind = a.kind();
        row.badge_years = a.badge_years();
        row.awarded_on = awarded_on;
        row.decision = a.decision();
        row.awarded_by = a.awarded_by();
        row.note = a.note();
        row.recorded_by = call.caller->subject;
        ToProto(InsertAward(tx, row), response);
        db::RecordAudit(tx, kSchema, call, "CreateMemberAward", response->name(),
                        {{"member", request->parent()},
                         {"kind", v1::AwardKind_Name(response->kind())},
                         {"badge_years", response->badge_years()},
                         {"awarded_on", FormatDay(awarded_on)}});
        v1::MemberAwardRecorded event;
        *event.mutable_award() = *response;
        event.set_member(request->parent());
        event.set_full_name(member->member.full_name());
        feed::Publish(tx, kSchema, event, response->name(), request_id);
        return grpc::Status::OK;
      });
}

grpc::ServerUnaryReactor* MembershipService::ListMemberAwards(
    grpc::CallbackServerContext* context, const v1::ListMemberAwardsRequest* request,
    v1::ListMemberAwardsResponse* response) {
  return ServeOnDatabase(context, db_, [=](const CallContext& call, pqxx::connection& conn) {
    pqxx::read_transaction tx(conn);
    int64_t id = 0;
    if (auto s = FindReadableMember(tx, call, request->parent(), "parent", &id); !s.ok()) return s;
    for (const AwardRow& row : ListAwardRows(tx, id)) ToProto(row, response->add_awards());
    return grpc::Status::OK;
  });
}

}  // namespace partywork::membership
