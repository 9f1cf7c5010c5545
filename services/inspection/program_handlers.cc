// Handlers of yearly programs, their progress on a date, and coverage of a
// subtree against the targets of the term's resolution.
#include <set>

#include "absl/strings/str_cat.h"
#include "libs/platform/db/audit.h"
#include "libs/platform/errors.h"
#include "libs/platform/feed/outbox.h"
#include "libs/platform/resource.h"
#include "libs/platform/rulebook/rulebook.h"
#include "libs/platform/unary.h"
#include "services/inspection/handler_support.h"
#include "services/inspection/inspection_rules.h"
#include "services/inspection/inspection_service.h"
#include "services/inspection/tree_store.h"

namespace partywork::inspection {
namespace {

bool IsCell(mv1::OrganizationKind kind) {
  return kind == mv1::ORGANIZATION_KIND_BASE_CELL ||
         kind == mv1::ORGANIZATION_KIND_SUBORDINATE_CELL;
}

// The last day of `year` counted: its 31 December, or today in the current year.
absl::CivilDay YearEnd(int year) { return std::min(absl::CivilDay(year, 12, 31), Today()); }

std::set<std::string> Names(const char* collection, const std::vector<int64_t>& ids) {
  std::set<std::string> out;
  for (int64_t id : ids) out.insert(ResourceName(collection, id));
  return out;
}

}  // namespace

grpc::ServerUnaryReactor* InspectionService::CreateProgram(grpc::CallbackServerContext* context,
                                                           const v1::CreateProgramRequest* request,
                                                           v1::Program* response) {
  return ServeMutation(
      context, db_, feed_, kSchema, request, response,
      [=](const CallContext& call, pqxx::work& tx, const std::string& request_id) -> grpc::Status {
        const v1::Program& in = request->program();
        std::vector<FieldViolation> v;
        ValidateActor(in.actor(), "program.actor.", v);
        if (in.year() < 2000 || in.year() > 2100) v.push_back({"program.year", "is required"});
        auto adopted = RequiredDay(in.adopted_on(), "program.adopted_on", v);
        if (in.planned_inspections() < 0) {
          v.push_back({"program.planned_inspections", "must not be negative"});
        }
        if (in.planned_supervisions() < 0) {
          v.push_back({"program.planned_supervisions", "must not be negative"});
        }
        for (int k = 0; k < in.items_size(); ++k) {
          const auto& item = in.items(k);
          const std::string prefix = absl::StrCat("program.items[", k, "].");
          if (!v1::InspectionKind_IsValid(item.kind()) ||
              item.kind() == v1::INSPECTION_KIND_UNSPECIFIED) {
            v.push_back({prefix + "kind", "is required"});
          }
          if (!ParseSubject(item.subject())) {
            v.push_back({prefix + "subject", "must be \"organizations/{id}\" or \"members/{id}\""});
          }
          RequiredText(item.content(), prefix + "content", 2000, v);
          if (item.scheduled_month() < 1 || item.scheduled_month() > 12) {
            v.push_back({prefix + "scheduled_month", "must be 1–12"});
          }
        }
        if (!v.empty()) return errors::InvalidArgument(v);
        if (auto s = CheckActor(tx, call, in.actor(), *adopted); !s.ok()) return s;
        for (const auto& item : in.items()) {
          if (auto refused = CheckKindForActor(
                  item.kind(), in.actor().kind(),
                  ParseSubject(item.subject())->kind == Subject::Kind::kOrganization)) {
            return errors::FromRule(*refused);
          }
        }
        v1::Program stored = in;
        stored.clear_name();
        stored.clear_create_time();
        InsertProgram(tx, stored);
        *response = stored;
        db::RecordAudit(tx, kSchema, call, "CreateProgram", stored.name(),
                        {{"year", in.year()}, {"actor", v1::ActorKind_Name(in.actor().kind())}});
        v1::ProgramAdopted event;
        *event.mutable_program() = stored;
        feed::Publish(tx, kSchema, event, stored.name(), request_id);
        return grpc::Status::OK;
      });
}

grpc::ServerUnaryReactor* InspectionService::GetProgram(grpc::CallbackServerContext* context,
                                                        const v1::GetProgramRequest* request,
                                                        v1::Program* response) {
  return ServeOnDatabase(
      context, db_, [=](const CallContext& call, pqxx::connection& conn) -> grpc::Status {
        std::vector<FieldViolation> v;
        auto id = RequiredId(request->name(), kPrograms, "name", v);
        if (!v.empty()) return errors::InvalidArgument(v);
        pqxx::read_transaction tx(conn);
        auto found = FindProgram(tx, *id);
        if (!found) return errors::NotFound(request->name());
        const int64_t actor = *ResourceId(found->actor().organization(), "organizations");
        if (auto s = CheckScope(tx, call, actor, Today()); !s.ok()) return s;
        *response = *found;
        return grpc::Status::OK;
      });
}

grpc::ServerUnaryReactor* InspectionService::GetProgramProgress(
    grpc::CallbackServerContext* context, const v1::GetProgramProgressRequest* request,
    v1::ProgramProgress* response) {
  return ServeOnDatabase(
      context, db_, [=](const CallContext& call, pqxx::connection& conn) -> grpc::Status {
        std::vector<FieldViolation> v;
        auto id = RequiredId(request->name(), kPrograms, "name", v);
        auto day = DayOrToday(request->as_of(), "as_of", v);
        if (!v.empty()) return errors::InvalidArgument(v);
        pqxx::read_transaction tx(conn);
        auto found = FindProgram(tx, *id);
        if (!found) return errors::NotFound(request->name());
        const int64_t actor = *ResourceId(found->actor().organization(), "organizations");
        if (auto s = CheckScope(tx, call, actor, Today()); !s.ok()) return s;
        *response = ProgramProgressOn(*found, ProgramWork(tx, *id), *day);
        return grpc::Status::OK;
      });
}

grpc::ServerUnaryReactor* InspectionService::GetCoverage(grpc::CallbackServerContext* context,
                                                         const v1::GetCoverageRequest* request,
                                                         v1::Coverage* response) {
  return ServeOnDatabase(
      context, db_, [=](const CallContext& call, pqxx::connection& conn) -> grpc::Status {
        std::vector<FieldViolation> v;
        auto root = RequiredId(request->organization(), "organizations", "organization", v);
        const int year = request->year();
        if (year < 2000 || year > Today().year())
          v.push_back({"year", "is required, not in the future"});
        const int term = request->term_start_year();
        if (term != 0 && (term > year || term < year - 10)) {
          v.push_back({"term_start_year", "must be at most 10 years before `year`"});
        }
        if (!v.empty()) return errors::InvalidArgument(v);
        pqxx::read_transaction tx(conn);
        const absl::CivilDay end = YearEnd(year);
        if (auto s = CheckScope(tx, call, *root, end); !s.ok()) return s;
        std::vector<int64_t> cells, organizations;
        for (const auto& o : Subtree(tx, *root, end)) {
          organizations.push_back(o.id);
          if (IsCell(o.kind)) cells.push_back(o.id);
        }
        if (organizations.empty()) {
          return errors::FailedPrecondition(
              "ORGANIZATION_NOT_IN_EXISTENCE",
              absl::StrCat(request->organization(), " did not exist on ", FormatDay(end)));
        }
        const auto members = Names("members", MembersOfSubtree(tx, *root, end));
        const auto cell_names = Names("organizations", cells);
        const absl::CivilDay start(year, 1, 1);
        const auto work = WorkOpenedBetween(tx, absl::CivilDay(term == 0 ? year : term, 1, 1), end);
        const auto inspected = CoveredSubjects(work, members, start, end, /*supervision=*/false);
        const auto covered = CoveredSubjects(work, cell_names, start, end, std::nullopt);
        response->set_organization(request->organization());
        response->set_year(year);
        namespace k = rulebook::keys;
        *response->mutable_members_inspected() =
            Figure(static_cast<int>(inspected.size()), static_cast<int>(members.size()),
                   k::kCoverageMembersPerYear, end);
        *response->mutable_cells_covered() =
            Figure(static_cast<int>(covered.size()), static_cast<int>(cell_names.size()),
                   k::kCoverageCellsPerYear, end);
        for (const auto& m : inspected) response->add_inspected_members(m);
        for (const auto& c : covered) response->add_covered_cells(c);
        if (term != 0) {
          const absl::CivilDay from(term, 1, 1);
          const auto orgs = Names("organizations", organizations);
          auto figure = [&](const std::set<std::string>& all, bool supervision, const char* rule) {
            return Figure(
                static_cast<int>(CoveredSubjects(work, all, from, end, supervision).size()),
                static_cast<int>(all.size()), rule, end);
          };
          *response->mutable_term_organizations_inspected() =
              figure(orgs, false, k::kCoverageTermInspected);
          *response->mutable_term_organizations_supervised() =
              figure(orgs, true, k::kCoverageTermSupervised);
          *response->mutable_term_members_inspected() =
              figure(members, false, k::kCoverageTermInspected);
          *response->mutable_term_members_supervised() =
              figure(members, true, k::kCoverageTermSupervised);
        }
        return grpc::Status::OK;
      });
}

}  // namespace partywork::inspection
