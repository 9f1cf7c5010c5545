// Members of reorganized organizations: found as they stand on the
// effective date, checked, and moved by TRANSFERRED_WITHIN events.
#include "services/membership/reorganization_transfers.h"

#include <algorithm>

#include "libs/platform/db/database.h"
#include "libs/platform/errors.h"
#include "libs/platform/resource.h"
#include "services/membership/member_support.h"
#include "services/membership/organization_store.h"

namespace partywork::membership {
namespace {

constexpr char kOrganizations[] = "organizations";

bool IsCell(v1::OrganizationKind kind) {
  return kind == v1::ORGANIZATION_KIND_BASE_CELL || kind == v1::ORGANIZATION_KIND_SUBORDINATE_CELL;
}

// Members (locked) whose standing on `day` places them in `organization_id`
// as probationary or official members.
std::vector<StoredMember> MembersOn(pqxx::work& tx, int64_t organization_id, absl::CivilDay day) {
  static const db::Statement kCandidates{
      "membership_reorganization_candidates",
      "SELECT DISTINCT member_id FROM membership.member_events WHERE organization_id = $1 "
      "ORDER BY member_id"};
  std::vector<StoredMember> out;
  for (const auto& row : db::Exec(tx, kCandidates, organization_id)) {
    auto member = FindMember(tx, row[0].as<int64_t>(), /*for_update=*/true);
    if (!member) continue;
    const Standing s =
        DeriveStanding(LoadHistory(tx, member->id), FactsOf(member->member), day).standing;
    if (s.organization_id == organization_id &&
        (s.status == v1::MEMBER_STATUS_PROBATIONARY || s.status == v1::MEMBER_STATUS_OFFICIAL)) {
      out.push_back(std::move(*member));
    }
  }
  return out;
}

// The organization that takes the members, by the kind of reorganization.
std::optional<int64_t> DestinationId(const v1::ReorganizeOrganizationsRequest& r,
                                     const v1::Reorganization& out) {
  switch (r.change_case()) {
    case v1::ReorganizeOrganizationsRequest::kDissolve:
      return r.dissolve().members_to().empty()
                 ? std::nullopt
                 : ResourceId(r.dissolve().members_to(), kOrganizations);
    case v1::ReorganizeOrganizationsRequest::kMerge:
      if (r.merge().into_case() == v1::Merger::kExisting) {
        return ResourceId(r.merge().existing(), kOrganizations);
      }
      [[fallthrough]];
    case v1::ReorganizeOrganizationsRequest::kUpgrade:
      // The merger's new organization, or the upgrade's first new cell:
      // created organizations come first among the results.
      return out.results().empty() ? std::nullopt
                                   : ResourceId(out.results(0).name(), kOrganizations);
    default:
      return std::nullopt;
  }
}

}  // namespace

grpc::Status TransferMembersOfReorganized(pqxx::work& tx, const CallContext& call,
                                          const std::string& request_id,
                                          const ReorganizationPlan& plan,
                                          const v1::ReorganizeOrganizationsRequest& request,
                                          absl::CivilDay day, v1::Reorganization* out) {
  std::vector<int64_t> vacated_ids = plan.ended;
  for (const auto& c : plan.changed) {
    if (!IsCell(c.kind)) vacated_ids.push_back(c.id);
  }
  std::vector<VacatedOrganization> vacated;
  std::vector<std::vector<StoredMember>> members;
  for (int64_t id : vacated_ids) {
    members.push_back(MembersOn(tx, id, day));
    vacated.push_back({ResourceName(kOrganizations, id), static_cast<int>(members.back().size())});
  }
  std::optional<TransferDestination> destination;
  if (auto id = DestinationId(request, *out)) {
    auto row = FindOrganization(tx, *id, day);
    if (!row) return errors::NotFound(ResourceName(kOrganizations, *id));
    if (row->dissolved_on && *row->dissolved_on <= day &&
        !std::count(plan.ended.begin(), plan.ended.end(), *id)) {
      return errors::FailedPrecondition("ORGANIZATION_NOT_IN_EXISTENCE",
                                        ResourceName(kOrganizations, *id) + " has ended");
    }
    destination = TransferDestination{*id, ResourceName(kOrganizations, *id),
                                      static_cast<v1::OrganizationKind>(row->kind),
                                      std::count(vacated_ids.begin(), vacated_ids.end(), *id) > 0};
  }
  if (auto refused = CheckMemberDestination(vacated, destination)) {
    return errors::FromRule(*refused);
  }
  for (const auto& group : members) {
    for (const auto& member : group) {
      v1::MemberEvent e;
      e.set_kind(v1::MEMBER_EVENT_KIND_TRANSFERRED_WITHIN);
      *e.mutable_effective_on() = ToDate(day);
      e.set_organization(destination->name);
      e.set_decision(request.decision());
      e.set_note(out->name());
      v1::MemberEvent stored;
      if (auto s = AppendMemberEvent(tx, call, request_id, member, LoadHistory(tx, member.id), e,
                                     destination->id, std::nullopt, &stored);
          !s.ok()) {
        return s;
      }
      out->add_transferred_members(member.member.name());
    }
  }
  return grpc::Status::OK;
}

}  // namespace partywork::membership
