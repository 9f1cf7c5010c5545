// Handlers of admission targets (chỉ tiêu kết nạp): set for an organization
// and period from a resolution or the provincial plan, changed with an
// etag, listed by subtree.
#include "absl/strings/str_cat.h"
#include "libs/platform/db/audit.h"
#include "libs/platform/errors.h"
#include "libs/platform/feed/outbox.h"
#include "libs/platform/resource.h"
#include "libs/platform/unary.h"
#include "services/membership/member_support.h"
#include "services/membership/membership_service.h"
#include "services/membership/organization_store.h"
#include "services/membership/target_rules.h"
#include "services/membership/target_store.h"

namespace partywork::membership {
namespace {

constexpr char kTargets[] = "admissionTargets";
constexpr char kOrganizations[] = "organizations";

void ToProto(const TargetRow& row, v1::AdmissionTarget* t) {
  t->set_name(ResourceName(kTargets, row.id));
  t->set_organization(ResourceName(kOrganizations, row.organization_id));
  t->set_source(static_cast<v1::TargetSource>(row.source));
  *t->mutable_period_start() = ToDate(row.period_start);
  *t->mutable_period_end() = ToDate(row.period_end);
  t->set_document(row.document);
  for (const auto& [category, count] : row.counts) {
    auto* c = t->add_targets();
    c->set_category(static_cast<v1::AdmissionCategory>(category));
    c->set_count(count);
  }
  t->set_etag(absl::StrCat(row.version));
  t->mutable_create_time()->set_seconds(absl::ToUnixSeconds(row.created_at));
  t->mutable_update_time()->set_seconds(absl::ToUnixSeconds(row.updated_at));
}

std::vector<v1::CategoryTarget> CountsOf(const v1::AdmissionTarget& t) {
  return {t.targets().begin(), t.targets().end()};
}

// The counts checked: fields, then the rule; stored in `row`.
grpc::Status TakeCounts(const v1::AdmissionTarget& t, TargetRow& row) {
  const auto counts = CountsOf(t);
  if (auto v = ValidateCategoryTargets(counts, "target.targets"); !v.empty()) {
    return errors::InvalidArgument(v);
  }
  if (auto refused = CheckCategoriesWithinTotal(counts)) return errors::FromRule(*refused);
  row.counts.clear();
  for (const auto& c : counts) row.counts.emplace_back(c.category(), c.count());
  return grpc::Status::OK;
}

// Audit record and feed event of a stored target, answered in *out.
void Publish(pqxx::work& tx, const CallContext& call, const std::string& request_id,
             const char* action, int64_t id, v1::AdmissionTarget* out) {
  ToProto(*FindTarget(tx, id, /*for_update=*/false), out);
  db::RecordAudit(tx, kSchema, call, action, out->name(),
                  {{"organization", out->organization()}, {"document", out->document()}});
  v1::AdmissionTargetChanged event;
  *event.mutable_target() = *out;
  feed::Publish(tx, kSchema, event, out->name(), request_id);
}

}  // namespace

grpc::ServerUnaryReactor* MembershipService::CreateAdmissionTarget(
    grpc::CallbackServerContext* context, const v1::CreateAdmissionTargetRequest* request,
    v1::AdmissionTarget* response) {
  return ServeMutation(
      context, db_, feed_, kSchema, request, response,
      [=](const CallContext& call, pqxx::work& tx, const std::string& request_id) -> grpc::Status {
        const v1::AdmissionTarget& t = request->target();
        std::vector<FieldViolation> v;
        auto organization = ResourceId(t.organization(), kOrganizations);
        if (!organization) v.push_back({"target.organization", "must be \"organizations/{id}\""});
        if (t.source() == v1::TARGET_SOURCE_UNSPECIFIED || !v1::TargetSource_IsValid(t.source())) {
          v.push_back({"target.source", "is required: RESOLUTION or PROVINCIAL_PLAN"});
        }
        auto start = ToCivilDay(t.period_start());
        auto end = ToCivilDay(t.period_end());
        if (!start) v.push_back({"target.period_start", "is required and must be a real date"});
        if (!end) {
          v.push_back({"target.period_end", "is required and must be a real date"});
        } else if (start && *end < *start) {
          v.push_back({"target.period_end", "must not be before period_start"});
        }
        Required(t.document(), "target.document", v);
        if (!v.empty()) return errors::InvalidArgument(v);
        TargetRow row;
        if (auto s = TakeCounts(t, row); !s.ok()) return s;
        if (!FindOrganization(tx, *organization, *start)) return errors::NotFound(t.organization());
        if (auto s = CheckScope(tx, call, *organization, *start); !s.ok()) return s;
        row.organization_id = *organization;
        row.source = t.source();
        row.period_start = *start;
        row.period_end = *end;
        row.document = t.document();
        Publish(tx, call, request_id, "CreateAdmissionTarget", InsertTarget(tx, row), response);
        return grpc::Status::OK;
      });
}

grpc::ServerUnaryReactor* MembershipService::UpdateAdmissionTarget(
    grpc::CallbackServerContext* context, const v1::UpdateAdmissionTargetRequest* request,
    v1::AdmissionTarget* response) {
  return ServeMutation(
      context, db_, feed_, kSchema, request, response,
      [=](const CallContext& call, pqxx::work& tx, const std::string& request_id) -> grpc::Status {
        const v1::AdmissionTarget& t = request->target();
        std::vector<FieldViolation> v;
        auto id = ResourceId(t.name(), kTargets);
        if (!id) v.push_back({"target.name", "must be \"admissionTargets/{id}\""});
        if (request->update_mask().paths().empty()) v.push_back({"update_mask", "names no field"});
        for (const auto& path : request->update_mask().paths()) {
          if (path != "document" && path != "targets") {
            v.push_back({"update_mask", absl::StrCat("\"", path, "\" is not an updatable field")});
          }
        }
        if (!v.empty()) return errors::InvalidArgument(v);
        auto stored = FindTarget(tx, *id, /*for_update=*/true);
        if (!stored) return errors::NotFound(t.name());
        if (!t.etag().empty() && t.etag() != absl::StrCat(stored->version)) {
          return errors::StaleEtag(t.name());
        }
        if (auto s = CheckScope(tx, call, stored->organization_id, stored->period_start); !s.ok()) {
          return s;
        }
        for (const auto& path : request->update_mask().paths()) {
          if (path == "document") {
            Required(t.document(), "target.document", v);
            stored->document = t.document();
          } else if (auto s = TakeCounts(t, *stored); !s.ok()) {
            return s;
          }
        }
        if (!v.empty()) return errors::InvalidArgument(v);
        UpdateTarget(tx, *stored);
        Publish(tx, call, request_id, "UpdateAdmissionTarget", *id, response);
        return grpc::Status::OK;
      });
}

grpc::ServerUnaryReactor* MembershipService::ListAdmissionTargets(
    grpc::CallbackServerContext* context, const v1::ListAdmissionTargetsRequest* request,
    v1::ListAdmissionTargetsResponse* response) {
  return ServeOnDatabase(context, db_, [=](const CallContext& call, pqxx::connection& conn) {
    std::vector<FieldViolation> v;
    const ListWindow window = ReadListWindow(request->organization(), request->page_token(),
                                             request->page_size(), call, v);
    std::optional<absl::CivilDay> on;
    if (request->has_in_force_on()) {
      on = ToCivilDay(request->in_force_on());
      if (!on) v.push_back({"in_force_on", "must be a real date"});
    }
    if (!v.empty()) return errors::InvalidArgument(v);
    const absl::CivilDay day = on.value_or(Today());
    pqxx::read_transaction tx(conn);
    if (auto s = CheckListScope(tx, call, window, day); !s.ok()) return s;
    auto rows = ListTargetRows(tx, window.root, day, on, window.after_id, window.size + 1);
    for (size_t i = 0; i < rows.size() && static_cast<int>(i) < window.size; ++i) {
      ToProto(rows[i], response->add_targets());
    }
    response->set_next_page_token(NextPageToken(rows, window.size));
    return grpc::Status::OK;
  });
}

}  // namespace partywork::membership
