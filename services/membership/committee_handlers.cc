// Handlers of committee members (cấp ủy viên): seats by term, ended or
// flagged with an etag, and the committee as of a day with its secretary
// and whether leadership is unified (nhất thể hóa).
#include "absl/strings/str_cat.h"
#include "libs/platform/db/audit.h"
#include "libs/platform/errors.h"
#include "libs/platform/feed/outbox.h"
#include "libs/platform/resource.h"
#include "libs/platform/unary.h"
#include "services/membership/committee_store.h"
#include "services/membership/member_support.h"
#include "services/membership/membership_service.h"
#include "services/membership/organization_store.h"

namespace partywork::membership {
namespace {

constexpr char kSeats[] = "committeeMembers";
constexpr char kMembers[] = "members";
constexpr char kOrganizations[] = "organizations";

void ToProto(const SeatRow& row, v1::CommitteeMember* c) {
  const Seat& s = row.seat;
  c->set_name(ResourceName(kSeats, s.id));
  c->set_organization(ResourceName(kOrganizations, row.organization_id));
  c->set_member(ResourceName(kMembers, s.member_id));
  c->set_member_full_name(row.member_full_name);
  c->set_role(s.role);
  c->set_term_start_year(s.term_start_year);
  c->set_term_end_year(s.term_end_year);
  *c->mutable_from_on() = ToDate(s.from_on);
  if (s.to_on) *c->mutable_to_on() = ToDate(*s.to_on);
  c->set_also_head_of_unit(s.also_head_of_unit);
  c->set_decision(row.decision);
  c->set_etag(absl::StrCat(row.version));
  c->mutable_create_time()->set_seconds(absl::ToUnixSeconds(row.created_at));
  c->mutable_update_time()->set_seconds(absl::ToUnixSeconds(row.updated_at));
}

// to_on, when set, is a real date after from_on.
void CheckToOn(const v1::CommitteeMember& c, std::optional<absl::CivilDay> from_on,
               std::optional<absl::CivilDay>* to_on, std::vector<FieldViolation>& v) {
  if (!c.has_to_on()) return;
  *to_on = ToCivilDay(c.to_on());
  if (!*to_on) {
    v.push_back({"committee_member.to_on", "must be a real date"});
  } else if (from_on && **to_on <= *from_on) {
    v.push_back({"committee_member.to_on", "must be after from_on"});
  }
}

// The seat against the member's standing on its first day and the
// organization's other seats.
grpc::Status CheckAgainstOthers(pqxx::transaction_base& tx, const SeatRow& row) {
  auto member = FindMember(tx, row.seat.member_id);
  if (!member) return errors::NotFound(ResourceName(kMembers, row.seat.member_id));
  const Standing standing =
      DeriveStanding(LoadHistory(tx, member->id), FactsOf(member->member), row.seat.from_on)
          .standing;
  std::vector<Seat> others;
  for (const auto& other : SeatsOf(tx, row.organization_id)) {
    if (other.seat.id != row.seat.id) others.push_back(other.seat);
  }
  if (auto refused = CheckSeat(row.seat, standing, others)) return errors::FromRule(*refused);
  return grpc::Status::OK;
}

// Audit record and feed event of a stored seat, answered in *out.
void Publish(pqxx::work& tx, const CallContext& call, const std::string& request_id,
             const char* action, int64_t id, v1::CommitteeMember* out) {
  ToProto(*FindSeat(tx, id, /*for_update=*/false), out);
  db::RecordAudit(tx, kSchema, call, action, out->name(),
                  {{"organization", out->organization()},
                   {"member", out->member()},
                   {"role", v1::CommitteeRole_Name(out->role())}});
  v1::CommitteeMemberChanged event;
  *event.mutable_committee_member() = *out;
  feed::Publish(tx, kSchema, event, out->name(), request_id);
}

}  // namespace

grpc::ServerUnaryReactor* MembershipService::CreateCommitteeMember(
    grpc::CallbackServerContext* context, const v1::CreateCommitteeMemberRequest* request,
    v1::CommitteeMember* response) {
  return ServeMutation(
      context, db_, feed_, kSchema, request, response,
      [=](const CallContext& call, pqxx::work& tx, const std::string& request_id) -> grpc::Status {
        const v1::CommitteeMember& c = request->committee_member();
        std::vector<FieldViolation> v;
        auto organization = ResourceId(c.organization(), kOrganizations);
        if (!organization) {
          v.push_back({"committee_member.organization", "must be \"organizations/{id}\""});
        }
        auto member = ResourceId(c.member(), kMembers);
        if (!member) v.push_back({"committee_member.member", "must be \"members/{id}\""});
        if (c.role() == v1::COMMITTEE_ROLE_UNSPECIFIED || !v1::CommitteeRole_IsValid(c.role())) {
          v.push_back({"committee_member.role", "is required"});
        }
        if (c.term_start_year() < 1930 || c.term_end_year() <= c.term_start_year()) {
          v.push_back({"committee_member.term_end_year",
                       "the term is two years from 1930 on, the end after the start"});
        }
        auto from_on = ToCivilDay(c.from_on());
        if (!from_on) v.push_back({"committee_member.from_on", "is required and must be a date"});
        std::optional<absl::CivilDay> to_on;
        CheckToOn(c, from_on, &to_on, v);
        if (!v.empty()) return errors::InvalidArgument(v);
        // Seats of one organization change one at a time.
        if (!FindOrganizationForUpdate(tx, *organization, *from_on)) {
          return errors::NotFound(c.organization());
        }
        if (auto s = CheckScope(tx, call, *organization, *from_on); !s.ok()) return s;
        SeatRow row;
        row.organization_id = *organization;
        row.seat = {0,
                    *member,
                    c.role(),
                    c.term_start_year(),
                    c.term_end_year(),
                    *from_on,
                    to_on,
                    c.also_head_of_unit()};
        row.decision = c.decision();
        if (auto s = CheckAgainstOthers(tx, row); !s.ok()) return s;
        Publish(tx, call, request_id, "CreateCommitteeMember", InsertSeat(tx, row), response);
        return grpc::Status::OK;
      });
}

grpc::ServerUnaryReactor* MembershipService::UpdateCommitteeMember(
    grpc::CallbackServerContext* context, const v1::UpdateCommitteeMemberRequest* request,
    v1::CommitteeMember* response) {
  return ServeMutation(
      context, db_, feed_, kSchema, request, response,
      [=](const CallContext& call, pqxx::work& tx, const std::string& request_id) -> grpc::Status {
        const v1::CommitteeMember& c = request->committee_member();
        std::vector<FieldViolation> v;
        auto id = ResourceId(c.name(), kSeats);
        if (!id) v.push_back({"committee_member.name", "must be \"committeeMembers/{id}\""});
        if (request->update_mask().paths().empty()) v.push_back({"update_mask", "names no field"});
        for (const auto& path : request->update_mask().paths()) {
          if (path != "to_on" && path != "also_head_of_unit" && path != "decision") {
            v.push_back({"update_mask", absl::StrCat("\"", path, "\" is not an updatable field")});
          }
        }
        if (!v.empty()) return errors::InvalidArgument(v);
        auto row = FindSeat(tx, *id, /*for_update=*/true);
        if (!row) return errors::NotFound(c.name());
        if (!c.etag().empty() && c.etag() != absl::StrCat(row->version)) {
          return errors::StaleEtag(c.name());
        }
        if (auto s = CheckScope(tx, call, row->organization_id, row->seat.from_on); !s.ok()) {
          return s;
        }
        for (const auto& path : request->update_mask().paths()) {
          if (path == "to_on") {
            std::optional<absl::CivilDay> to_on;
            CheckToOn(c, row->seat.from_on, &to_on, v);
            row->seat.to_on = to_on;
          } else if (path == "also_head_of_unit") {
            row->seat.also_head_of_unit = c.also_head_of_unit();
          } else {
            row->decision = c.decision();
          }
        }
        if (!v.empty()) return errors::InvalidArgument(v);
        FindOrganizationForUpdate(tx, row->organization_id, row->seat.from_on);
        if (auto s = CheckAgainstOthers(tx, *row); !s.ok()) return s;
        UpdateSeat(tx, *row);
        Publish(tx, call, request_id, "UpdateCommitteeMember", *id, response);
        return grpc::Status::OK;
      });
}

grpc::ServerUnaryReactor* MembershipService::ListCommitteeMembers(
    grpc::CallbackServerContext* context, const v1::ListCommitteeMembersRequest* request,
    v1::ListCommitteeMembersResponse* response) {
  return ServeOnDatabase(context, db_, [=](const CallContext& call, pqxx::connection& conn) {
    std::vector<FieldViolation> v;
    auto organization = ResourceId(request->organization(), kOrganizations);
    if (!organization) v.push_back({"organization", "must be \"organizations/{id}\""});
    auto day = DayOrToday(request->as_of(), "as_of", v);
    if (!v.empty()) return errors::InvalidArgument(v);
    pqxx::read_transaction tx(conn);
    if (!FindOrganization(tx, *organization, kEndOfTime) &&
        !FindOrganization(tx, *organization, *day)) {
      return errors::NotFound(request->organization());
    }
    if (auto s = CheckScope(tx, call, *organization, *day); !s.ok()) return s;
    for (const auto& row : SeatsOf(tx, *organization)) {
      if (!Serving(row.seat, *day)) continue;
      if (request->term_start_year() != 0 &&
          row.seat.term_start_year != request->term_start_year()) {
        continue;
      }
      ToProto(row, response->add_committee_members());
      if (row.seat.role == v1::COMMITTEE_ROLE_SECRETARY) {
        response->set_secretary(ResourceName(kMembers, row.seat.member_id));
        response->set_unified_leadership(row.seat.also_head_of_unit);
      }
    }
    return grpc::Status::OK;
  });
}

}  // namespace partywork::membership
