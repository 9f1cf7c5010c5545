// Handlers of the organization tree: create, read at a date, reorganize,
// summarize.
#include <map>
#include <set>

#include "absl/strings/str_cat.h"
#include "libs/platform/db/audit.h"
#include "libs/platform/errors.h"
#include "libs/platform/feed/outbox.h"
#include "libs/platform/resource.h"
#include "libs/platform/unary.h"
#include "services/membership/membership_service.h"
#include "services/membership/organization_rules.h"
#include "services/membership/organization_store.h"
#include "services/membership/reorganization_rules.h"
#include "services/membership/reorganization_transfers.h"
#include "services/membership/reorganize.h"

namespace partywork::membership {
namespace {

constexpr char kOrganizations[] = "organizations";
constexpr char kReorganizations[] = "reorganizations";
constexpr char kNameShape[] = "must be \"organizations/{id}\"";
constexpr int kDefaultPageSize = 100;
constexpr int kMaxPageSize = 1000;
constexpr int kMaxResults = 500;  // organizations one reorganization may establish

// The organization as it was on `day` (dissolved_on only once it had ended).
void ToProto(const OrganizationRow& row, absl::CivilDay day, v1::Organization* o) {
  o->set_name(ResourceName(kOrganizations, row.id));
  o->set_display_name(row.display_name);
  o->set_kind(static_cast<v1::OrganizationKind>(row.kind));
  o->set_type(static_cast<v1::OrganizationType>(row.type));
  if (row.parent_id) o->set_parent(ResourceName(kOrganizations, *row.parent_id));
  *o->mutable_established_on() = ToDate(row.established_on);
  if (row.dissolved_on && *row.dissolved_on <= day) {
    *o->mutable_dissolved_on() = ToDate(*row.dissolved_on);
  }
  *o->mutable_version_from() = ToDate(row.version_from);
  o->set_etag(absl::StrCat(row.version));
  o->mutable_create_time()->set_seconds(absl::ToUnixSeconds(row.created_at));
}

OrganizationFacts FactsOf(const OrganizationRow& row) {
  OrganizationFacts f;
  f.id = row.id;
  f.name = ResourceName(kOrganizations, row.id);
  f.kind = static_cast<v1::OrganizationKind>(row.kind);
  f.type = static_cast<v1::OrganizationType>(row.type);
  f.parent_id = row.parent_id;
  f.established_on = row.established_on;
  f.dissolved_on = row.dissolved_on;
  f.latest_change = row.latest_change;
  return f;
}

// An organization as it stands on `day` (or, if it did not exist yet, as it
// was first: the rules then refuse it by its dates), with its subordinates.
std::optional<OrganizationFacts> LoadFacts(pqxx::transaction_base& tx, const std::string& name,
                                           absl::CivilDay day) {
  const int64_t id = *ResourceId(name, kOrganizations);
  auto row = FindOrganization(tx, id, day);
  if (!row) row = FindOrganization(tx, id, kEndOfTime);
  if (!row) return std::nullopt;
  OrganizationFacts facts = FactsOf(*row);
  for (const auto& child : ChildrenFrom(tx, id, day)) {
    facts.children.push_back({child.id, static_cast<v1::OrganizationKind>(child.kind),
                              static_cast<v1::OrganizationType>(child.type), child.latest_change});
  }
  return facts;
}

void CheckName(const std::string& name, const std::string& field, std::vector<FieldViolation>& v) {
  if (!ResourceId(name, kOrganizations)) v.push_back({field, kNameShape});
}

// A new organization inside a reorganization: established on its date.
void CheckNewOrganization(v1::Organization o, const std::string& field,
                          std::vector<FieldViolation>& v) {
  o.mutable_established_on()->set_year(2000);  // set by the reorganization
  o.mutable_established_on()->set_month(1);
  o.mutable_established_on()->set_day(1);
  for (auto& violation : ValidateNewOrganization(o, field + ".")) v.push_back(violation);
}

std::vector<FieldViolation> ValidateReorganization(const v1::ReorganizeOrganizationsRequest& r) {
  std::vector<FieldViolation> v;
  if (!ToCivilDay(r.effective_on())) {
    v.push_back({"effective_on", "is required and must be a real date"});
  }
  if (r.decision().empty()) v.push_back({"decision", "is required: the decision implemented"});
  switch (r.change_case()) {
    case v1::ReorganizeOrganizationsRequest::kDissolve:
      CheckName(r.dissolve().organization(), "dissolve.organization", v);
      if (!r.dissolve().members_to().empty()) {
        CheckName(r.dissolve().members_to(), "dissolve.members_to", v);
      }
      break;
    case v1::ReorganizeOrganizationsRequest::kMerge: {
      const auto& m = r.merge();
      if (m.sources().empty()) v.push_back({"merge.sources", "is required"});
      std::set<std::string> seen;
      for (int i = 0; i < m.sources_size(); ++i) {
        const std::string field = absl::StrCat("merge.sources[", i, "]");
        CheckName(m.sources(i), field, v);
        if (!seen.insert(m.sources(i)).second) v.push_back({field, "is listed twice"});
      }
      if (m.into_case() == v1::Merger::kExisting) {
        CheckName(m.existing(), "merge.existing", v);
      } else if (m.into_case() == v1::Merger::kNewOrganization) {
        CheckNewOrganization(m.new_organization(), "merge.new_organization", v);
        if (m.sources_size() < 2) {
          v.push_back({"merge.sources", "a merger into a new organization needs two sources"});
        }
      } else {
        v.push_back({"merge.into", "is required: existing or new_organization"});
      }
      break;
    }
    case v1::ReorganizeOrganizationsRequest::kUpgrade:
      CheckName(r.upgrade().organization(), "upgrade.organization", v);
      for (int i = 0; i < r.upgrade().new_subordinate_cells_size(); ++i) {
        CheckNewOrganization(r.upgrade().new_subordinate_cells(i),
                             absl::StrCat("upgrade.new_subordinate_cells[", i, "]"), v);
      }
      if (r.upgrade().new_subordinate_cells_size() > kMaxResults) {
        v.push_back({"upgrade.new_subordinate_cells", "has more than 500 cells"});
      }
      break;
    case v1::ReorganizeOrganizationsRequest::kSplit:
      CheckName(r.split().source(), "split.source", v);
      for (int i = 0; i < r.split().results_size(); ++i) {
        CheckNewOrganization(r.split().results(i), absl::StrCat("split.results[", i, "]"), v);
      }
      if (r.split().results_size() > kMaxResults) {
        v.push_back({"split.results", "has more than 500 organizations"});
      }
      break;
    case v1::ReorganizeOrganizationsRequest::kMove:
      CheckName(r.move().organization(), "move.organization", v);
      CheckName(r.move().new_parent(), "move.new_parent", v);
      break;
    default:
      v.push_back({"change", "is required: dissolve, merge, upgrade, split or move"});
  }
  return v;
}

// Loads what the rules need and plans the change; NOT_FOUND when a named
// organization does not exist at all.
grpc::Status Plan(pqxx::transaction_base& tx, const v1::ReorganizeOrganizationsRequest& r,
                  absl::CivilDay day, PlanResult* planned) {
  auto load = [&](const std::string& name, std::optional<OrganizationFacts>* out) {
    *out = LoadFacts(tx, name, day);
    return out->has_value() ? grpc::Status::OK : errors::NotFound(name);
  };
  std::optional<OrganizationFacts> o, other;
  grpc::Status s;
  switch (r.change_case()) {
    case v1::ReorganizeOrganizationsRequest::kDissolve:
      if (!(s = load(r.dissolve().organization(), &o)).ok()) return s;
      *planned = PlanDissolution(*o, day);
      return s;
    case v1::ReorganizeOrganizationsRequest::kMerge: {
      const auto& m = r.merge();
      MergerFacts facts;
      for (const auto& name : m.sources()) {
        if (!(s = load(name, &o)).ok()) return s;
        facts.sources.push_back(*o);
      }
      if (m.into_case() == v1::Merger::kExisting) {
        if (!(s = load(m.existing(), &facts.into_existing)).ok()) return s;
      } else {
        facts.into_new = m.new_organization();
        const std::string& parent = m.new_organization().parent();
        if (!parent.empty() && !(s = load(parent, &facts.new_parent)).ok()) return s;
      }
      facts.sources_become_subordinate_cells = m.sources_become_subordinate_cells();
      *planned = PlanMerger(facts, day);
      return s;
    }
    case v1::ReorganizeOrganizationsRequest::kUpgrade:
      if (!(s = load(r.upgrade().organization(), &o)).ok()) return s;
      *planned = PlanUpgrade(
          *o,
          {r.upgrade().new_subordinate_cells().begin(), r.upgrade().new_subordinate_cells().end()},
          day);
      return s;
    case v1::ReorganizeOrganizationsRequest::kSplit: {
      if (!(s = load(r.split().source(), &o)).ok()) return s;
      std::vector<std::optional<OrganizationFacts>> parents;
      for (const auto& result : r.split().results()) {
        parents.emplace_back();
        if (!result.parent().empty() && !(s = load(result.parent(), &parents.back())).ok()) {
          return s;
        }
      }
      *planned =
          PlanSplit(*o, {r.split().results().begin(), r.split().results().end()}, parents, day);
      return s;
    }
    case v1::ReorganizeOrganizationsRequest::kMove:
      if (!(s = load(r.move().organization(), &o)).ok()) return s;
      if (!(s = load(r.move().new_parent(), &other)).ok()) return s;
      *planned = PlanMove(*o, *other, AncestorIds(tx, other->id, day), day);
      return s;
    default:
      return errors::Internal("unknown reorganization");
  }
}

// Writes the plan and describes it in *out.
void Apply(pqxx::transaction_base& tx, const ReorganizationPlan& plan,
           const v1::ReorganizeOrganizationsRequest& r, absl::CivilDay day,
           v1::Reorganization* out) {
  const NewReorganization reorganization = InsertReorganization(tx, plan.kind, day, r.decision());
  std::vector<int64_t> created_ids;
  auto resolve = [&](const ParentRef& p) -> std::optional<int64_t> {
    return p.created >= 0 ? std::optional(created_ids[p.created]) : p.existing;
  };
  std::vector<int64_t> results;
  for (const auto& n : plan.created) {
    OrganizationRow row;
    row.display_name = n.organization.display_name();
    row.kind = n.organization.kind();
    row.type = n.organization.type();
    row.parent_id = resolve(n.parent);
    row.established_on = day;
    created_ids.push_back(InsertOrganization(tx, row, reorganization.id).id);
    results.push_back(created_ids.back());
  }
  for (const auto& c : plan.changed) {
    StartVersion(tx, c.id, day, c.kind, c.type, resolve(c.parent), reorganization.id);
    results.push_back(c.id);
  }
  for (int64_t id : plan.ended) {
    EndOrganization(tx, id, day, reorganization.id);
    out->add_dissolved(ResourceName(kOrganizations, id));
  }
  out->set_name(ResourceName(kReorganizations, reorganization.id));
  out->set_kind(plan.kind);
  *out->mutable_effective_on() = ToDate(day);
  out->set_decision(r.decision());
  for (int64_t id : results) ToProto(*FindOrganization(tx, id, day), day, out->add_results());
  out->mutable_create_time()->set_seconds(absl::ToUnixSeconds(reorganization.created_at));
}

}  // namespace

grpc::Status EstablishOrganization(pqxx::work& tx, const CallContext& call,
                                   const std::string& request_id, const v1::Organization& wanted,
                                   v1::Organization* response) {
  if (auto v = ValidateNewOrganization(wanted, "organization."); !v.empty()) {
    return errors::InvalidArgument(v);
  }
  const absl::CivilDay established_on = *ToCivilDay(wanted.established_on());
  LockTree(tx, /*exclusive=*/false);
  std::optional<ParentFacts> parent;
  std::optional<int64_t> parent_id;
  if (!wanted.parent().empty()) {
    parent_id = ResourceId(wanted.parent(), kOrganizations);
    auto row = FindOrganization(tx, *parent_id, established_on);
    if (!row) row = FindOrganization(tx, *parent_id, kEndOfTime);
    if (!row) return errors::NotFound(wanted.parent());
    parent = ParentFacts{static_cast<v1::OrganizationKind>(row->kind),
                         static_cast<v1::OrganizationType>(row->type), row->established_on,
                         row->dissolved_on};
  }
  Placement placement = PlaceUnderParent(wanted, parent, established_on);
  if (placement.violation) return errors::FromRule(*placement.violation);
  OrganizationRow row;
  row.display_name = wanted.display_name();
  row.kind = wanted.kind();
  row.type = placement.type;
  row.parent_id = parent_id;
  row.established_on = established_on;
  ToProto(InsertOrganization(tx, row), established_on, response);
  db::RecordAudit(tx, kSchema, call, "CreateOrganization", response->name(),
                  {{"display_name", response->display_name()}});
  v1::OrganizationEstablished event;
  *event.mutable_organization() = *response;
  feed::Publish(tx, kSchema, event, response->name(), request_id);
  return grpc::Status::OK;
}

grpc::Status Reorganize(pqxx::work& tx, const CallContext& call, const std::string& request_id,
                        const v1::ReorganizeOrganizationsRequest& request,
                        v1::Reorganization* response) {
  if (auto v = ValidateReorganization(request); !v.empty()) return errors::InvalidArgument(v);
  const absl::CivilDay day = *ToCivilDay(request.effective_on());
  LockTree(tx, /*exclusive=*/true);
  PlanResult planned;
  if (grpc::Status s = Plan(tx, request, day, &planned); !s.ok()) return s;
  if (planned.violation) return errors::FromRule(*planned.violation);
  Apply(tx, planned.plan, request, day, response);
  if (auto s =
          TransferMembersOfReorganized(tx, call, request_id, planned.plan, request, day, response);
      !s.ok()) {
    return s;
  }
  db::RecordAudit(tx, kSchema, call, "ReorganizeOrganizations", response->name(),
                  {{"kind", v1::ReorganizationKind_Name(response->kind())},
                   {"decision", response->decision()},
                   {"effective_on", FormatDay(day)}});
  v1::OrganizationsReorganized event;
  *event.mutable_reorganization() = *response;
  feed::Publish(tx, kSchema, event, response->name(), request_id);
  return grpc::Status::OK;
}

grpc::ServerUnaryReactor* MembershipService::CreateOrganization(
    grpc::CallbackServerContext* context, const v1::CreateOrganizationRequest* request,
    v1::Organization* response) {
  return ServeMutation(context, db_, feed_, kSchema, request, response,
                       [=](const CallContext& call, pqxx::work& tx, const std::string& request_id) {
                         return EstablishOrganization(tx, call, request_id, request->organization(),
                                                      response);
                       });
}

grpc::ServerUnaryReactor* MembershipService::GetOrganization(
    grpc::CallbackServerContext* context, const v1::GetOrganizationRequest* request,
    v1::Organization* response) {
  return ServeOnDatabase(context, db_, [=](const CallContext&, pqxx::connection& conn) {
    std::vector<FieldViolation> v;
    auto id = ResourceId(request->name(), kOrganizations);
    if (!id) v.push_back({"name", kNameShape});
    auto day = DayOrToday(request->as_of(), "as_of", v);
    if (!v.empty()) return errors::InvalidArgument(v);
    pqxx::read_transaction tx(conn);
    auto row = FindOrganization(tx, *id, *day);
    if (!row) return errors::NotFound(request->name());
    ToProto(*row, *day, response);
    return grpc::Status::OK;
  });
}

grpc::ServerUnaryReactor* MembershipService::ListOrganizations(
    grpc::CallbackServerContext* context, const v1::ListOrganizationsRequest* request,
    v1::ListOrganizationsResponse* response) {
  return ServeOnDatabase(context, db_, [=](const CallContext&, pqxx::connection& conn) {
    std::vector<FieldViolation> v;
    std::optional<int64_t> parent;
    if (!request->parent().empty()) {
      parent = ResourceId(request->parent(), kOrganizations);
      if (!parent) v.push_back({"parent", kNameShape});
    }
    if (request->page_size() < 0) v.push_back({"page_size", "must not be negative"});
    int64_t after = 0;
    if (!request->page_token().empty()) {
      auto token = DecodePageToken(request->page_token());
      if (!token) v.push_back({"page_token", "is not a token this service issued"});
      after = token.value_or(0);
    }
    auto day = DayOrToday(request->as_of(), "as_of", v);
    if (!v.empty()) return errors::InvalidArgument(v);
    int size =
        request->page_size() == 0 ? kDefaultPageSize : std::min(request->page_size(), kMaxPageSize);
    pqxx::read_transaction tx(conn);
    auto rows = ListOrganizationRows(tx, *day, parent, after, size + 1);
    for (size_t i = 0; i < rows.size() && static_cast<int>(i) < size; ++i) {
      ToProto(rows[i], *day, response->add_organizations());
    }
    if (static_cast<int>(rows.size()) > size) {
      response->set_next_page_token(EncodePageToken(rows[size - 1].id));
    }
    return grpc::Status::OK;
  });
}

grpc::ServerUnaryReactor* MembershipService::ReorganizeOrganizations(
    grpc::CallbackServerContext* context, const v1::ReorganizeOrganizationsRequest* request,
    v1::Reorganization* response) {
  return ServeMutation(context, db_, feed_, kSchema, request, response,
                       [=](const CallContext& call, pqxx::work& tx, const std::string& request_id) {
                         return Reorganize(tx, call, request_id, *request, response);
                       });
}

grpc::ServerUnaryReactor* MembershipService::SummarizeOrganizations(
    grpc::CallbackServerContext* context, const v1::SummarizeOrganizationsRequest* request,
    v1::SummarizeOrganizationsResponse* response) {
  return ServeOnDatabase(context, db_, [=](const CallContext&, pqxx::connection& conn) {
    std::vector<FieldViolation> v;
    auto root = ResourceId(request->root(), kOrganizations);
    if (!root) v.push_back({"root", kNameShape});
    auto day = DayOrToday(request->as_of(), "as_of", v);
    if (!v.empty()) return errors::InvalidArgument(v);
    pqxx::read_transaction tx(conn);
    std::map<v1::OrganizationType, v1::TypeCount> by_type;
    for (const auto& c : CountSubtree(tx, *root, *day)) {
      const auto kind = static_cast<v1::OrganizationKind>(c.kind);
      const auto type = static_cast<v1::OrganizationType>(c.type);
      if (IsBaseOrganization(kind)) {
        response->set_base_organizations(response->base_organizations() + c.count);
        auto& t = by_type[type];
        t.set_type(type);
        if (kind == v1::ORGANIZATION_KIND_BASE_COMMITTEE) {
          t.set_base_committees(t.base_committees() + c.count);
          response->set_base_committees(response->base_committees() + c.count);
        } else {
          t.set_base_cells(t.base_cells() + c.count);
          response->set_base_cells(response->base_cells() + c.count);
        }
      } else if (kind == v1::ORGANIZATION_KIND_PARTIAL_COMMITTEE) {
        response->set_partial_committees(response->partial_committees() + c.count);
      } else if (kind == v1::ORGANIZATION_KIND_SUBORDINATE_CELL) {
        response->set_subordinate_cells(response->subordinate_cells() + c.count);
      }
    }
    if (response->ByteSizeLong() == 0 && !FindOrganization(tx, *root, *day)) {
      return errors::NotFound(request->root());
    }
    for (auto& [type, count] : by_type) *response->add_by_type() = count;
    return grpc::Status::OK;
  });
}

}  // namespace partywork::membership
