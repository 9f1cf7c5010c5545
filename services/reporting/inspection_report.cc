#include "services/reporting/inspection_report.h"

#include <algorithm>
#include <map>
#include <memory>
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
#include "services/reporting/row_stream.h"
#include "services/reporting/subtree.h"

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
// and year, with their progress on `end` (inspection's own fold): each
// program with its work, one program at a time.
void FillPrograms(pqxx::transaction_base& tx, const TreeHistory& tree, int64_t root,
                  absl::CivilDay start, absl::CivilDay end, v1::InspectionReport* out) {
  std::map<std::tuple<int, int64_t, std::string, int>, v1::ActorProgress> by_actor;
  struct Program {
    int64_t id = 0;
    int actor_kind = 0, year = 0;
    int64_t organization = 0;
    std::string board;
    iv1::Program planned;
    std::vector<WorkDates> work;
  };
  std::optional<Program> program;
  auto add = [&](const Program& p) {
    if (!tree.Within(p.organization, root, LastCounted(p.year, end))) return;
    const iv1::ProgramProgress progress = inspection::ProgramProgressOn(p.planned, p.work, end);
    v1::ActorProgress& a = by_actor[{p.actor_kind, p.organization, p.board, p.year}];
    a.mutable_actor()->set_kind(static_cast<iv1::ActorKind>(p.actor_kind));
    a.mutable_actor()->set_organization(ResourceName("organizations", p.organization));
    a.mutable_actor()->set_board(p.board);
    a.set_year(p.year);
    a.set_programs(a.programs() + 1);
    a.set_planned_inspections(a.planned_inspections() + progress.planned_inspections());
    a.set_planned_supervisions(a.planned_supervisions() + progress.planned_supervisions());
    a.set_opened_inspections(a.opened_inspections() + progress.opened_inspections());
    a.set_opened_supervisions(a.opened_supervisions() + progress.opened_supervisions());
    a.set_concluded_inspections(a.concluded_inspections() + progress.concluded_inspections());
    a.set_concluded_supervisions(a.concluded_supervisions() + progress.concluded_supervisions());
  };
  ForEachRow(
      tx,
      "SELECT p.id, p.actor_kind, p.actor_organization, p.board, p.year, p.planned_inspections, "
      "p.planned_supervisions, i.kind, i.opened_on::text, i.concluded_on::text "
      "FROM reporting.programs p LEFT JOIN reporting.inspections i ON i.program_id = p.id "
      "WHERE p.year BETWEEN $1 AND $2 ORDER BY p.id",
      [&](const pqxx::row& r) {
        const int64_t id = r[0].as<int64_t>();
        if (!program || program->id != id) {
          if (program) add(*program);
          program.emplace();
          program->id = id;
          program->actor_kind = r[1].as<int>();
          program->organization = r[2].as<int64_t>();
          program->board = r[3].as<std::string>();
          program->year = r[4].as<int>();
          program->planned.set_planned_inspections(r[5].as<int>());
          program->planned.set_planned_supervisions(r[6].as<int>());
        }
        if (r[7].is_null()) return;  // a program without work
        WorkDates w;
        w.kind = static_cast<iv1::InspectionKind>(r[7].as<int>());
        w.opened_on = OptionalDay(r[8]);
        w.concluded_on = OptionalDay(r[9]);
        program->work.push_back(w);
      },
      start.year(), end.year());
  if (program) add(*program);
  for (auto& [key, a] : by_actor) *out->add_programs() = std::move(a);
}

// Work of the subtree's bodies opened or concluded in the period, by kind.
void FillWork(pqxx::transaction_base& tx, const TreeHistory& tree, int64_t root,
              absl::CivilDay start, absl::CivilDay end, v1::InspectionReport* out) {
  auto in_period = [&](const std::optional<absl::CivilDay>& day) {
    return day && start <= *day && *day <= end;
  };
  std::map<int, v1::WorkCount> by_kind;
  ForEachRow(
      tx,
      "SELECT kind, actor_organization, subject_member IS NOT NULL, opened_on::text, "
      "concluded_on::text, violation FROM reporting.inspections "
      "WHERE opened_on BETWEEN $1::date AND $2::date OR concluded_on BETWEEN $1::date AND "
      "$2::date",
      [&](const pqxx::row& r) {
        const int kind = r[0].as<int>();
        const int64_t actor = r[1].as<int64_t>();
        const std::optional<absl::CivilDay> opened = OptionalDay(r[3]),
                                            concluded = OptionalDay(r[4]);
        v1::WorkCount& c = by_kind[kind];
        c.set_kind(static_cast<iv1::InspectionKind>(kind));
        if (in_period(opened) && tree.Within(actor, root, *opened)) {
          r[2].as<bool>() ? c.set_members(c.members() + 1)
                          : c.set_organizations(c.organizations() + 1);
        }
        if (in_period(concluded) && tree.Within(actor, root, *concluded)) {
          c.set_concluded(c.concluded() + 1);
          if (r[5].as<bool>()) c.set_violations(c.violations() + 1);
        }
      },
      FormatDay(start), FormatDay(end));
  for (auto& [kind, c] : by_kind) {
    if (c.members() + c.organizations() + c.concluded() > 0) *out->add_work() = std::move(c);
  }
}

// Coverage in the year of `end` up to it, as inspection's GetCoverage counts
// it. Of the subtree's members and cells on `end`, only those the year's
// work names are read (with how many there are in all): the others cannot
// be covered.
void FillCoverage(pqxx::transaction_base& tx, int64_t root, absl::CivilDay end,
                  v1::InspectionReport* out) {
  // The work opened from $1 to $2.
  constexpr char kOpened[] =
      "SELECT kind, subject_member, subject_organization, opened_on::text "
      "FROM reporting.inspections WHERE opened_on BETWEEN $1::date AND $2::date";
  // The members of the subtree's cells $1 on $2 (a first row: how many) and
  // those of them the work opened from $3 names.
  static const db::Statement kMembers{
      "reporting_coverage_members",
      "WITH members AS (SELECT DISTINCT s.member_id FROM unnest($1::bigint[]) AS "
      "t(organization_id) JOIN reporting.member_spells s ON s.organization_id = t.organization_id "
      "WHERE s.valid_to > $2::date AND s.valid_from <= $2::date) "
      "SELECT NULL::bigint, count(*) FROM members UNION ALL SELECT member_id, 0 FROM members "
      "WHERE member_id IN (SELECT subject_member FROM reporting.inspections "
      "WHERE opened_on BETWEEN $3::date AND $2::date)"};
  // The subtree's cells on $2 (base and subordinate), the same way.
  static const db::Statement kCells{
      "reporting_coverage_cells",
      absl::StrCat(kSubtree,
                   ", cells AS (SELECT organization_id FROM tree WHERE kind = ANY($3::smallint[])) "
                   "SELECT NULL::bigint, count(*) FROM cells UNION ALL SELECT organization_id, 0 "
                   "FROM cells WHERE organization_id IN (SELECT subject_organization FROM "
                   "reporting.inspections WHERE opened_on BETWEEN $4::date AND $2::date)")};
  const absl::CivilDay from(end.year(), 1, 1);
  std::vector<WorkDates> work;
  ForEachRow(
      tx, kOpened,
      [&](const pqxx::row& r) {
        WorkDates w;
        w.kind = static_cast<iv1::InspectionKind>(r[0].as<int>());
        w.subject = SubjectName(r[1], r[2]);
        w.opened_on = OptionalDay(r[3]);
        work.push_back(std::move(w));
      },
      FormatDay(from), FormatDay(end));
  // The candidates named by the work, and how many there are in all.
  auto named = [](const pqxx::result& rows, const char* collection, std::set<std::string>* out) {
    int total = 0;
    for (const auto& r : rows) {
      if (r[0].is_null()) {
        total = r[1].as<int>();
      } else {
        out->insert(ResourceName(collection, r[0].as<int64_t>()));
      }
    }
    return total;
  };
  std::set<std::string> members, cells;
  const int all_members =
      named(db::Exec(tx, kMembers, SubtreeOf(tx, root, end).ids, FormatDay(end), FormatDay(from)),
            "members", &members);
  const int all_cells = named(db::Exec(tx, kCells, root, FormatDay(end),
                                       absl::StrCat("{", mv1::ORGANIZATION_KIND_BASE_CELL, ",",
                                                    mv1::ORGANIZATION_KIND_SUBORDINATE_CELL, "}"),
                                       FormatDay(from)),
                              "organizations", &cells);
  namespace k = rulebook::keys;
  const auto inspected = inspection::CoveredSubjects(work, members, from, end, false);
  const auto covered = inspection::CoveredSubjects(work, cells, from, end, std::nullopt);
  out->set_coverage_year(end.year());
  *out->mutable_members_inspected() = inspection::Figure(
      static_cast<int>(inspected.size()), all_members, k::kCoverageMembersPerYear, end);
  *out->mutable_cells_covered() = inspection::Figure(static_cast<int>(covered.size()), all_cells,
                                                     k::kCoverageCellsPerYear, end);
}

// Decisions of the period by form and subject, and the violation rate of
// each year the period touches. A member belongs where their last spell
// begun on or before the decision was. Decisions come by year and member,
// so that the members disciplined in a year are counted without a set.
void FillDiscipline(pqxx::transaction_base& tx, const TreeHistory& tree, int64_t root,
                    absl::CivilDay start, absl::CivilDay end, v1::InspectionReport* out) {
  const absl::CivilDay first_year(start.year(), 1, 1);
  std::map<int, v1::DisciplineCount> by_form;
  std::map<int, int> disciplined;               // members, by year
  std::optional<std::pair<int, int64_t>> last;  // the year and member counted last
  ForEachRow(
      tx,
      "SELECT d.subject_member, coalesce(d.subject_organization, s.organization_id), d.form, "
      "d.decided_on::text, d.annulled FROM reporting.discipline_cases d "
      "LEFT JOIN LATERAL (SELECT organization_id FROM reporting.member_spells s "
      "WHERE s.member_id = d.subject_member AND s.valid_from <= d.decided_on "
      "ORDER BY s.valid_from DESC LIMIT 1) s ON true "
      "WHERE d.decided_on BETWEEN $1::date AND $2::date "
      "ORDER BY extract(year FROM d.decided_on), d.subject_member, d.id",
      [&](const pqxx::row& r) {
        const absl::CivilDay day = db::DayOf(r[3]);
        if (r[1].is_null() || !tree.Within(r[1].as<int64_t>(), root, day)) return;
        const bool member = !r[0].is_null();
        if (member) {
          const std::pair<int, int64_t> counted{static_cast<int>(day.year()), r[0].as<int64_t>()};
          if (last != counted) ++disciplined[counted.first];
          last = counted;
        }
        if (day < start) return;  // only the violation rate's year counts it
        v1::DisciplineCount& c = by_form[r[2].as<int>()];
        c.set_form(static_cast<iv1::DisciplineForm>(r[2].as<int>()));
        member ? c.set_members(c.members() + 1) : c.set_organizations(c.organizations() + 1);
        if (r[4].as<bool>()) out->set_discipline_annulled(out->discipline_annulled() + 1);
      },
      FormatDay(first_year), FormatDay(end));
  for (auto& [form, c] : by_form) *out->add_discipline() = std::move(c);
  for (int year = start.year(); year <= end.year(); ++year) {
    v1::ViolationRate* rate = out->add_violation_rates();
    rate->set_year(year);
    rate->set_members_disciplined(disciplined[year]);
    rate->set_members(static_cast<int>(CountMembers(tx, root, LastCounted(year, end)).total));
    rate->set_percent(rate->members() == 0 ? 0
                                           : 100.0 * rate->members_disciplined() / rate->members());
  }
}

// Petitions received by the subtree's bodies: in the period, closed in it,
// and pending and overdue on its last day.
void FillPetitions(pqxx::transaction_base& tx, const TreeHistory& tree, int64_t root,
                   absl::CivilDay start, absl::CivilDay end, v1::InspectionReport* out) {
  v1::PetitionFigures& f = *out->mutable_petitions();
  ForEachRow(
      tx,
      "SELECT kind, organization_id, received_on::text, state, closed_on::text, due_on::text "
      "FROM reporting.petitions WHERE received_on <= $1::date ORDER BY id",
      [&](const pqxx::row& r) {
        const absl::CivilDay received = db::DayOf(r[2]);
        if (!tree.Within(r[1].as<int64_t>(), root, received)) return;
        if (received >= start) {
          f.set_received(f.received() + 1);
          r[0].as<int>() == iv1::PETITION_KIND_COMPLAINT
              ? f.set_complaints(f.complaints() + 1)
              : f.set_denunciations(f.denunciations() + 1);
        }
        const std::optional<absl::CivilDay> closed = OptionalDay(r[4]), due = OptionalDay(r[5]);
        if (closed && *closed <= end) {
          if (*closed < start) return;
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
          return;
        }
        f.set_pending(f.pending() + 1);
        if (due && *due < end) f.set_overdue(f.overdue() + 1);
      },
      FormatDay(end));
}

}  // namespace

void FillInspectionReport(pqxx::transaction_base& tx, int64_t root, absl::CivilDay start,
                          absl::CivilDay end, v1::InspectionReport* out) {
  const std::shared_ptr<const TreeHistory> shared_tree = TreeHistory::Shared(tx);
  const TreeHistory& tree = *shared_tree;
  FillPrograms(tx, tree, root, start, end, out);
  FillWork(tx, tree, root, start, end, out);
  FillCoverage(tx, root, end, out);
  FillDiscipline(tx, tree, root, start, end, out);
  FillPetitions(tx, tree, root, start, end, out);
}

}  // namespace partywork::reporting
