#include "services/reporting/inspection_report.h"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include "libs/platform/db/database.h"
#include "libs/platform/resource.h"
#include "libs/platform/rulebook/rulebook.h"
#include "partywork/inspection/v1/petition.pb.h"
#include "partywork/membership/v1/organization.pb.h"
#include "services/inspection/inspection_rules.h"
#include "services/reporting/member_counts.h"
#include "services/reporting/report_store.h"

namespace partywork::reporting {
namespace {

namespace iv1 = ::partywork::inspection::v1;
namespace mv1 = ::partywork::membership::v1;
using inspection::WorkDates;

std::optional<absl::CivilDay> OptionalDay(const pqxx::field& f) {
  if (f.is_null()) return std::nullopt;
  return db::DayOf(f);
}

std::string SubjectName(const pqxx::field& member, const pqxx::field& organization) {
  return member.is_null() ? ResourceName("organizations", organization.as<int64_t>())
                          : ResourceName("members", member.as<int64_t>());
}

// The last day of `year` counted in a period ending on `end`.
absl::CivilDay LastCounted(int year, absl::CivilDay end) {
  return std::min(absl::CivilDay(year, 12, 31), end);
}

// Programs of the period's years by the subtree's actors, summed per actor
// and year, with their progress on `end` (inspection's own fold).
void FillPrograms(pqxx::transaction_base& tx, const TreeHistory& tree, int64_t root,
                  absl::CivilDay start, absl::CivilDay end, v1::InspectionReport* out) {
  static const db::Statement kPrograms{
      "reporting_programs_of_years",
      "SELECT id, actor_kind, actor_organization, board, year, planned_inspections, "
      "planned_supervisions FROM reporting.programs WHERE year BETWEEN $1 AND $2 ORDER BY id"};
  static const db::Statement kWork{
      "reporting_program_work",
      "SELECT i.program_id, i.kind, i.opened_on::text, i.concluded_on::text "
      "FROM reporting.inspections i JOIN reporting.programs p ON p.id = i.program_id "
      "WHERE p.year BETWEEN $1 AND $2"};
  std::map<int64_t, std::vector<WorkDates>> work;
  for (const auto& r : db::Exec(tx, kWork, start.year(), end.year())) {
    WorkDates w;
    w.kind = static_cast<iv1::InspectionKind>(r[1].as<int>());
    w.opened_on = OptionalDay(r[2]);
    w.concluded_on = OptionalDay(r[3]);
    work[r[0].as<int64_t>()].push_back(w);
  }
  std::map<std::tuple<int, int64_t, std::string, int>, v1::ActorProgress> by_actor;
  for (const auto& r : db::Exec(tx, kPrograms, start.year(), end.year())) {
    const int year = r[4].as<int>();
    const int64_t organization = r[2].as<int64_t>();
    if (!tree.Within(organization, root, LastCounted(year, end))) continue;
    iv1::Program program;
    program.set_planned_inspections(r[5].as<int>());
    program.set_planned_supervisions(r[6].as<int>());
    const iv1::ProgramProgress p =
        inspection::ProgramProgressOn(program, work[r[0].as<int64_t>()], end);
    v1::ActorProgress& a = by_actor[{r[1].as<int>(), organization, r[3].as<std::string>(), year}];
    a.mutable_actor()->set_kind(static_cast<iv1::ActorKind>(r[1].as<int>()));
    a.mutable_actor()->set_organization(ResourceName("organizations", organization));
    a.mutable_actor()->set_board(r[3].as<std::string>());
    a.set_year(year);
    a.set_programs(a.programs() + 1);
    a.set_planned_inspections(a.planned_inspections() + p.planned_inspections());
    a.set_planned_supervisions(a.planned_supervisions() + p.planned_supervisions());
    a.set_opened_inspections(a.opened_inspections() + p.opened_inspections());
    a.set_opened_supervisions(a.opened_supervisions() + p.opened_supervisions());
    a.set_concluded_inspections(a.concluded_inspections() + p.concluded_inspections());
    a.set_concluded_supervisions(a.concluded_supervisions() + p.concluded_supervisions());
  }
  for (auto& [key, a] : by_actor) *out->add_programs() = std::move(a);
}

// Work of the subtree's bodies opened or concluded in the period, by kind.
void FillWork(pqxx::transaction_base& tx, const TreeHistory& tree, int64_t root,
              absl::CivilDay start, absl::CivilDay end, v1::InspectionReport* out) {
  static const db::Statement kWork{
      "reporting_work_of_period",
      "SELECT kind, actor_organization, subject_member IS NOT NULL, opened_on::text, "
      "concluded_on::text, violation FROM reporting.inspections "
      "WHERE opened_on BETWEEN $1::date AND $2::date OR concluded_on BETWEEN $1::date AND "
      "$2::date"};
  auto in_period = [&](const std::optional<absl::CivilDay>& day) {
    return day && start <= *day && *day <= end;
  };
  std::map<int, v1::WorkCount> by_kind;
  for (const auto& r : db::Exec(tx, kWork, FormatDay(start), FormatDay(end))) {
    const int kind = r[0].as<int>();
    const int64_t actor = r[1].as<int64_t>();
    const std::optional<absl::CivilDay> opened = OptionalDay(r[3]), concluded = OptionalDay(r[4]);
    v1::WorkCount& c = by_kind[kind];
    c.set_kind(static_cast<iv1::InspectionKind>(kind));
    if (in_period(opened) && tree.Within(actor, root, *opened)) {
      r[2].as<bool>() ? c.set_members(c.members() + 1) : c.set_organizations(c.organizations() + 1);
    }
    if (in_period(concluded) && tree.Within(actor, root, *concluded)) {
      c.set_concluded(c.concluded() + 1);
      if (r[5].as<bool>()) c.set_violations(c.violations() + 1);
    }
  }
  for (auto& [kind, c] : by_kind) {
    if (c.members() + c.organizations() + c.concluded() > 0) *out->add_work() = std::move(c);
  }
}

// Coverage in the year of `end` up to it, as inspection's GetCoverage counts it.
void FillCoverage(pqxx::transaction_base& tx, int64_t root, absl::CivilDay end,
                  v1::InspectionReport* out) {
  static const db::Statement kOpened{
      "reporting_work_opened_between",
      "SELECT kind, subject_member, subject_organization, opened_on::text "
      "FROM reporting.inspections WHERE opened_on BETWEEN $1::date AND $2::date"};
  const absl::CivilDay from(end.year(), 1, 1);
  std::vector<WorkDates> work;
  for (const auto& r : db::Exec(tx, kOpened, FormatDay(from), FormatDay(end))) {
    WorkDates w;
    w.kind = static_cast<iv1::InspectionKind>(r[0].as<int>());
    w.subject = SubjectName(r[1], r[2]);
    w.opened_on = OptionalDay(r[3]);
    work.push_back(std::move(w));
  }
  std::set<std::string> members, cells;
  for (int64_t id : MembersOn(tx, root, end)) members.insert(ResourceName("members", id));
  for (int64_t id : OrganizationsOn(
           tx, root, end,
           {mv1::ORGANIZATION_KIND_BASE_CELL, mv1::ORGANIZATION_KIND_SUBORDINATE_CELL})) {
    cells.insert(ResourceName("organizations", id));
  }
  namespace k = rulebook::keys;
  const auto inspected = inspection::CoveredSubjects(work, members, from, end, false);
  const auto covered = inspection::CoveredSubjects(work, cells, from, end, std::nullopt);
  out->set_coverage_year(end.year());
  *out->mutable_members_inspected() =
      inspection::Figure(static_cast<int>(inspected.size()), static_cast<int>(members.size()),
                         k::kCoverageMembersPerYear, end);
  *out->mutable_cells_covered() =
      inspection::Figure(static_cast<int>(covered.size()), static_cast<int>(cells.size()),
                         k::kCoverageCellsPerYear, end);
}

// Decisions of the period by form and subject, and the violation rate of
// each year the period touches. A member belongs where their last spell
// begun on or before the decision was.
void FillDiscipline(pqxx::transaction_base& tx, const TreeHistory& tree, int64_t root,
                    absl::CivilDay start, absl::CivilDay end, v1::InspectionReport* out) {
  static const db::Statement kDecided{
      "reporting_discipline_decided",
      "SELECT d.subject_member, coalesce(d.subject_organization, s.organization_id), d.form, "
      "d.decided_on::text, d.annulled FROM reporting.discipline_cases d "
      "LEFT JOIN LATERAL (SELECT organization_id FROM reporting.member_spells s "
      "WHERE s.member_id = d.subject_member AND s.valid_from <= d.decided_on "
      "ORDER BY s.valid_from DESC LIMIT 1) s ON true "
      "WHERE d.decided_on BETWEEN $1::date AND $2::date ORDER BY d.id"};
  const absl::CivilDay first_year(start.year(), 1, 1);
  std::map<int, v1::DisciplineCount> by_form;
  std::map<int, std::set<int64_t>> disciplined;  // by year
  for (const auto& r : db::Exec(tx, kDecided, FormatDay(first_year), FormatDay(end))) {
    const absl::CivilDay day = db::DayOf(r[3]);
    if (r[1].is_null() || !tree.Within(r[1].as<int64_t>(), root, day)) continue;
    const bool member = !r[0].is_null();
    if (member) disciplined[day.year()].insert(r[0].as<int64_t>());
    if (day < start) continue;  // only the violation rate's year counts it
    v1::DisciplineCount& c = by_form[r[2].as<int>()];
    c.set_form(static_cast<iv1::DisciplineForm>(r[2].as<int>()));
    member ? c.set_members(c.members() + 1) : c.set_organizations(c.organizations() + 1);
    if (r[4].as<bool>()) out->set_discipline_annulled(out->discipline_annulled() + 1);
  }
  for (auto& [form, c] : by_form) *out->add_discipline() = std::move(c);
  for (int year = start.year(); year <= end.year(); ++year) {
    v1::ViolationRate* rate = out->add_violation_rates();
    rate->set_year(year);
    rate->set_members_disciplined(static_cast<int>(disciplined[year].size()));
    rate->set_members(static_cast<int>(CountMembers(tx, root, LastCounted(year, end)).total));
    rate->set_percent(rate->members() == 0 ? 0
                                           : 100.0 * rate->members_disciplined() / rate->members());
  }
}

// Petitions received by the subtree's bodies: in the period, closed in it,
// and pending and overdue on its last day.
void FillPetitions(pqxx::transaction_base& tx, const TreeHistory& tree, int64_t root,
                   absl::CivilDay start, absl::CivilDay end, v1::InspectionReport* out) {
  static const db::Statement kPetitions{
      "reporting_petitions_until",
      "SELECT kind, organization_id, received_on::text, state, closed_on::text, due_on::text "
      "FROM reporting.petitions WHERE received_on <= $1::date ORDER BY id"};
  v1::PetitionFigures& f = *out->mutable_petitions();
  for (const auto& r : db::Exec(tx, kPetitions, FormatDay(end))) {
    const absl::CivilDay received = db::DayOf(r[2]);
    if (!tree.Within(r[1].as<int64_t>(), root, received)) continue;
    if (received >= start) {
      f.set_received(f.received() + 1);
      r[0].as<int>() == iv1::PETITION_KIND_COMPLAINT ? f.set_complaints(f.complaints() + 1)
                                                     : f.set_denunciations(f.denunciations() + 1);
    }
    const std::optional<absl::CivilDay> closed = OptionalDay(r[4]), due = OptionalDay(r[5]);
    if (closed && *closed <= end) {
      if (*closed < start) continue;
      switch (r[3].as<int>()) {
        case iv1::PETITION_STATE_RESOLVED:
          f.set_resolved(f.resolved() + 1);
          break;
        case iv1::PETITION_STATE_FORWARDED:
          f.set_forwarded(f.forwarded() + 1);
          break;
        default:
          f.set_not_handled(f.not_handled() + 1);
      }
      continue;
    }
    f.set_pending(f.pending() + 1);
    if (due && *due < end) f.set_overdue(f.overdue() + 1);
  }
}

}  // namespace

void FillInspectionReport(pqxx::transaction_base& tx, int64_t root, absl::CivilDay start,
                          absl::CivilDay end, v1::InspectionReport* out) {
  const TreeHistory tree = TreeHistory::Load(tx);
  FillPrograms(tx, tree, root, start, end, out);
  FillWork(tx, tree, root, start, end, out);
  FillCoverage(tx, root, end, out);
  FillDiscipline(tx, tree, root, start, end, out);
  FillPetitions(tx, tree, root, start, end, out);
}

}  // namespace partywork::reporting
