// Inspection's feed into reporting's read models: each event carries the
// program, inspection, case or petition as it is now, so applying one is an
// upsert of the row the reports read.
#include "libs/platform/db/database.h"
#include "libs/platform/resource.h"
#include "partywork/inspection/v1/discipline.pb.h"
#include "partywork/inspection/v1/inspection.pb.h"
#include "partywork/inspection/v1/petition.pb.h"
#include "services/reporting/projections.h"

namespace partywork::reporting {
namespace {

namespace iv1 = ::partywork::inspection::v1;

std::optional<std::string> Day(const google::type::Date& date) {
  auto day = ToCivilDay(date);
  if (!day) return std::nullopt;
  return FormatDay(*day);
}

int64_t OrganizationOf(const std::string& name) {
  return ResourceId(name, "organizations").value_or(0);
}

// A subject, "members/{id}" or "organizations/{id}", as the two columns.
struct Subject {
  std::optional<int64_t> member, organization;
};
Subject SubjectOf(const std::string& name) {
  return {ResourceId(name, "members"), ResourceId(name, "organizations")};
}

void ApplyProgram(pqxx::work& tx, const iv1::Program& p) {
  static const db::Statement kUpsert{
      "reporting_program_upsert",
      "INSERT INTO reporting.programs (id, actor_kind, actor_organization, board, year, "
      "planned_inspections, planned_supervisions) VALUES ($1, $2, $3, $4, $5, $6, $7) "
      "ON CONFLICT (id) DO UPDATE SET actor_kind = EXCLUDED.actor_kind, actor_organization = "
      "EXCLUDED.actor_organization, board = EXCLUDED.board, year = EXCLUDED.year, "
      "planned_inspections = EXCLUDED.planned_inspections, planned_supervisions = "
      "EXCLUDED.planned_supervisions"};
  db::Exec(tx, kUpsert, ResourceId(p.name(), "programs").value_or(0),
           static_cast<int>(p.actor().kind()), OrganizationOf(p.actor().organization()),
           p.actor().board(), p.year(), p.planned_inspections(), p.planned_supervisions());
}

void ApplyInspection(pqxx::work& tx, const iv1::Inspection& i) {
  static const db::Statement kUpsert{
      "reporting_inspection_upsert",
      "INSERT INTO reporting.inspections (id, kind, actor_kind, actor_organization, "
      "subject_member, subject_organization, program_id, planned_on, opened_on, concluded_on, "
      "violation) VALUES ($1, $2, $3, $4, $5, $6, $7, $8::date, $9::date, $10::date, $11) "
      "ON CONFLICT (id) DO UPDATE SET kind = EXCLUDED.kind, actor_kind = EXCLUDED.actor_kind, "
      "actor_organization = EXCLUDED.actor_organization, subject_member = "
      "EXCLUDED.subject_member, subject_organization = EXCLUDED.subject_organization, "
      "program_id = EXCLUDED.program_id, planned_on = EXCLUDED.planned_on, opened_on = "
      "EXCLUDED.opened_on, concluded_on = EXCLUDED.concluded_on, violation = EXCLUDED.violation"};
  const Subject s = SubjectOf(i.subject());
  std::optional<std::string> opened, concluded;
  if (i.has_opening()) opened = Day(i.opening().opened_on());
  if (i.has_conclusion()) concluded = Day(i.conclusion().concluded_on());
  db::Exec(tx, kUpsert, ResourceId(i.name(), "inspections").value_or(0), static_cast<int>(i.kind()),
           static_cast<int>(i.actor().kind()), OrganizationOf(i.actor().organization()), s.member,
           s.organization, ResourceId(i.program(), "programs"), Day(i.planned_on()).value_or(""),
           opened, concluded, i.has_conclusion() && i.conclusion().violation());
}

void ApplyCase(pqxx::work& tx, const iv1::DisciplineCase& c) {
  static const db::Statement kUpsert{
      "reporting_discipline_upsert",
      "INSERT INTO reporting.discipline_cases (id, subject_member, subject_organization, form, "
      "decided_on, annulled) VALUES ($1, $2, $3, $4, $5::date, $6) ON CONFLICT (id) DO UPDATE "
      "SET subject_member = EXCLUDED.subject_member, subject_organization = "
      "EXCLUDED.subject_organization, form = EXCLUDED.form, decided_on = EXCLUDED.decided_on, "
      "annulled = EXCLUDED.annulled"};
  const Subject s = SubjectOf(c.subject());
  std::optional<std::string> decided;
  if (c.has_decision()) decided = Day(c.decision().decided_on());
  db::Exec(tx, kUpsert, ResourceId(c.name(), "disciplineCases").value_or(0), s.member,
           s.organization, static_cast<int>(c.decision().form()), decided,
           c.appeal().outcome() == iv1::APPEAL_OUTCOME_ANNULLED);
}

void ApplyPetition(pqxx::work& tx, const iv1::Petition& p) {
  static const db::Statement kUpsert{
      "reporting_petition_upsert",
      "INSERT INTO reporting.petitions (id, kind, organization_id, received_on, state, "
      "closed_on, due_on) VALUES ($1, $2, $3, $4::date, $5, $6::date, $7::date) "
      "ON CONFLICT (id) DO UPDATE SET kind = EXCLUDED.kind, organization_id = "
      "EXCLUDED.organization_id, received_on = EXCLUDED.received_on, state = EXCLUDED.state, "
      "closed_on = EXCLUDED.closed_on, due_on = EXCLUDED.due_on"};
  // Closed by a resolution, or by forwarding or declining it.
  std::optional<std::string> closed;
  if (p.state() == iv1::PETITION_STATE_RESOLVED) {
    closed = Day(p.resolution().resolved_on());
  } else if (p.state() == iv1::PETITION_STATE_FORWARDED ||
             p.state() == iv1::PETITION_STATE_NOT_HANDLED) {
    closed = Day(p.jurisdiction().decided_on());
  }
  db::Exec(tx, kUpsert, ResourceId(p.name(), "petitions").value_or(0), static_cast<int>(p.kind()),
           OrganizationOf(p.organization()), Day(p.received_on()).value_or(""),
           static_cast<int>(p.state()), closed, Day(p.due_on()));
}

}  // namespace

void ApplyInspectionEvent(pqxx::work& tx, const common::v1::Event& event) {
  const auto& payload = event.payload();
  if (iv1::ProgramAdopted adopted; payload.UnpackTo(&adopted)) {
    ApplyProgram(tx, adopted.program());
  } else if (iv1::InspectionChanged changed; payload.UnpackTo(&changed)) {
    ApplyInspection(tx, changed.inspection());
  } else if (iv1::DisciplineCaseChanged decided; payload.UnpackTo(&decided)) {
    ApplyCase(tx, decided.discipline_case());
  } else if (iv1::PetitionChanged petition; payload.UnpackTo(&petition)) {
    ApplyPetition(tx, petition.petition());
  }
  // Event types reporting has no read model for are acknowledged as applied.
}

}  // namespace partywork::reporting
