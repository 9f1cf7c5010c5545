// Inspection's part of the dataset, 2021–2025, in inspection's schema: each
// higher committee's yearly programs (its executive committee's and its
// inspection commission's), inspections and supervisions of organizations
// and members (some finding violations), petitions (tố cáo, khiếu nại)
// received, forwarded, not handled, being handled, overdue or resolved, and
// discipline cases (khiển trách, cảnh cáo, cách chức, khai trừ, some
// appealed), each resource with the events inspection publishes at each
// step (one version a step). Steps after 31/12/2025 are not taken, so the
// latest work is still open. Rates: about 7.5 % of base organizations and
// 5 % of cells inspected or supervised a year; a member is inspected by the
// cell (0.5 % a year), disciplined (0.3 % a year, under DOMAIN §6's seeds)
// or the subject of a petition that leads nowhere (0.2 % a year).
//
// Every expulsion (khai trừ) in membership's histories is the decision of a
// discipline case here, opened from an inspection commission's inspection
// of the member; the EXPELLED event names the case (note) and its decision,
// and membership.applied_discipline records it as applied, as membership's
// discipline consumer would have. No other discipline changes membership.
//
// The dates and forms pass inspection's own rules (actor, kind, steps,
// forms allowed, statute of limitations, deadlines in working days).
#include <map>
#include <tuple>

#include "absl/strings/str_cat.h"
#include "libs/platform/resource.h"
#include "partywork/inspection/v1/discipline.pb.h"
#include "partywork/inspection/v1/inspection.pb.h"
#include "partywork/inspection/v1/petition.pb.h"
#include "services/inspection/discipline_rules.h"
#include "services/inspection/inspection_rules.h"
#include "services/inspection/petition_rules.h"
#include "services/inspection/work_store.h"
#include "services/membership/member_rules.h"
#include "tools/bulk_import/copy_text.h"
#include "tools/bulk_import/dataset.h"

namespace partywork::bulk {

namespace iv1 = ::partywork::inspection::v1;
namespace mv1 = ::partywork::membership::v1;
using inspection::Json;
using inspection::Standing;

namespace {

constexpr uint64_t kWorkStream = 2ull << 40;  // apart from the members' and ratings' streams

bool Recorded(absl::CivilDay day) { return day <= kAsOf; }

// A step of a resource: its version (the etag) and update time.
template <class M>
void Stamp(M& m, int version, absl::CivilDay created, absl::CivilDay day) {
  m.set_etag(absl::StrCat(version));
  m.mutable_create_time()->set_seconds(RecordedAt(created));
  m.mutable_update_time()->set_seconds(RecordedAt(day));
}

// The row's version, created and updated columns, after its body.
template <class M>
void Tail(std::string& row, const M& m, int version, absl::CivilDay created, absl::CivilDay day) {
  Field(row, Json(m));
  Field(row, version);
  Field(row, Timestamp(created));
  Field(row, Timestamp(day));
  EndRow(row);
}

std::optional<absl::CivilDay> DayOf(const google::type::Date& date) { return ToCivilDay(date); }

}  // namespace

// What an inspection is to be; the steps after kAsOf are not taken.
struct InspectionPlan {
  iv1::InspectionKind kind = iv1::INSPECTION_KIND_COMMITTEE;
  iv1::ActorKind actor = iv1::ACTOR_KIND_EXECUTIVE_COMMITTEE;
  int64_t actor_organization = 0;
  std::string subject;
  int64_t program = 0;
  absl::CivilDay planned, opened, concluded;
  bool violation = false, warranted = false;
};

// A discipline case to open from a concluded inspection or a resolved
// petition.
struct CasePlan {
  std::string subject;
  int64_t id = 0;  // drawn already (an expulsion), else 0
  int64_t inspection = 0, petition = 0;
  absl::CivilDay origin_concluded;
  Standing standing = Standing::kOfficialMember;
  std::string party_post;
  absl::CivilDay violation_started, violation_ended;
  iv1::DisciplineForm form = iv1::DISCIPLINE_FORM_REPRIMAND;
  absl::CivilDay opened, decided;
  bool appealed = false;
};

// Writes inspection's resources into one chunk, with the generator's ids
// and outbox.
class WorkWriter {
 public:
  WorkWriter(Generator& g, Chunk& out, Rng& rng) : g_(g), out_(out), rng_(rng) {}

  // Returns the inspection's id and, if it was concluded by kAsOf, the day.
  std::pair<int64_t, std::optional<absl::CivilDay>> Inspection(const InspectionPlan& p) {
    const bool organization = p.subject.rfind("organizations/", 0) == 0;
    const auto& place = g_.places_[p.actor_organization - 1];
    if (!Recorded(p.planned) ||
        inspection::CheckActorOrganization(p.actor,
                                           static_cast<mv1::OrganizationKind>(place.kind)) ||
        inspection::CheckKindForActor(p.kind, p.actor, organization)) {
      return {0, std::nullopt};
    }
    const int64_t id = ++g_.counts_.inspections;
    iv1::Inspection i;
    i.set_name(ResourceName("inspections", id));
    i.set_kind(p.kind);
    i.mutable_actor()->set_kind(p.actor);
    i.mutable_actor()->set_organization(ResourceName("organizations", p.actor_organization));
    i.set_subject(p.subject);
    if (p.program) i.set_program(ResourceName("programs", p.program));
    i.set_content(inspection::IsSupervision(p.kind) ? "Giám sát việc thực hiện nghị quyết"
                                                    : "Kiểm tra việc chấp hành Điều lệ Đảng");
    *i.mutable_planned_on() = ToDate(p.planned);
    i.set_state(iv1::INSPECTION_STATE_PLANNED);
    int version = 1;
    absl::CivilDay day = p.planned;
    auto publish = [&] {
      Stamp(i, version, p.planned, day);
      iv1::InspectionChanged event;
      *event.mutable_inspection() = i;
      g_.AddInspectionOutbox(out_, i.name(), "partywork.inspection.v1.InspectionChanged",
                             Packed(event));
    };
    publish();
    std::optional<absl::CivilDay> concluded;
    if (Recorded(p.opened) && !inspection::CheckInspectionStep(i, iv1::INSPECTION_STATE_PLANNED,
                                                               p.planned, p.opened, "open")) {
      i.mutable_opening()->set_decision(absl::StrCat("Quyết định số ", id, "-QĐ/KT"));
      *i.mutable_opening()->mutable_opened_on() = ToDate(p.opened);
      i.mutable_opening()->add_team("Tổ trưởng đoàn kiểm tra");
      i.set_state(iv1::INSPECTION_STATE_OPENED);
      day = p.opened, ++version, publish();
      iv1::Conclusion c;
      *c.mutable_concluded_on() = ToDate(p.concluded);
      c.set_violation(p.violation);
      c.set_discipline_warranted(p.warranted);
      c.set_findings(p.violation ? "Có vi phạm" : "Chấp hành tốt");
      c.set_document(absl::StrCat("Thông báo kết luận số ", id, "-TB/KT"));
      if (Recorded(p.concluded) && !inspection::CheckConclusion(c) &&
          !inspection::CheckInspectionStep(i, iv1::INSPECTION_STATE_OPENED, p.opened, p.concluded,
                                           "conclude")) {
        *i.mutable_conclusion() = c;
        i.set_state(iv1::INSPECTION_STATE_CONCLUDED);
        day = p.concluded, ++version, publish();
        concluded = p.concluded;
        if (Recorded(p.concluded + 5)) {  // công khai kết luận
          *i.mutable_published_on() = ToDate(p.concluded + 5);
          day = p.concluded + 5, ++version, publish();
        }
        const absl::CivilDay close = p.concluded + 30 + rng_.Below(60);
        if (Recorded(close) && !inspection::CheckClose(i)) {
          *i.mutable_closed_on() = ToDate(close);
          i.set_state(iv1::INSPECTION_STATE_CLOSED);
          day = close, ++version, publish();
        }
      }
    }
    std::string& row = out_.inspections;
    Field(row, id);
    Field(row, p.kind);
    Field(row, p.actor_organization);
    Field(row, p.subject);
    p.program ? Field(row, p.program) : Null(row);
    Null(row);
    Field(row, i.state());
    Field(row, DayOf(i.opening().opened_on()));
    Field(row, DayOf(i.conclusion().concluded_on()));
    Field(row, DayOf(i.closed_on()));
    Tail(row, i, version, p.planned, day);
    return {id, concluded};
  }

  // A petition about `subject` received by `organization`: not handled
  // when anonymous, forwarded, or handled (due by the rule's working days)
  // and resolved on `resolve_after` days after the decision unless that is
  // after kAsOf (then still handled, overdue once past its deadline).
  // Returns its id and the resolution's day, if resolved.
  std::pair<int64_t, std::optional<absl::CivilDay>> Petition(
      iv1::PetitionKind kind, int64_t organization, const std::string& subject,
      absl::CivilDay received, iv1::JurisdictionDecision decision, int64_t resolve_after,
      bool substantiated) {
    if (!Recorded(received)) return {0, std::nullopt};
    const int64_t id = ++g_.counts_.petitions;
    iv1::Petition p;
    p.set_name(ResourceName("petitions", id));
    p.set_kind(kind);
    p.set_organization(ResourceName("organizations", organization));
    p.set_subject(subject);
    *p.mutable_received_on() = ToDate(received);
    const bool anonymous = decision == iv1::JURISDICTION_DECISION_NOT_HANDLED;
    p.mutable_petitioner()->set_anonymous(anonymous);
    if (!anonymous) {
      p.mutable_petitioner()->set_full_name("Người gửi đơn");
      p.mutable_petitioner()->set_address("Địa chỉ của người gửi đơn");
    }
    p.set_summary(kind == iv1::PETITION_KIND_DENUNCIATION ? "Tố cáo vi phạm" : "Khiếu nại");
    p.set_state(iv1::PETITION_STATE_RECEIVED);
    int version = 1;
    absl::CivilDay day = received;
    auto publish = [&] {
      Stamp(p, version, received, day);
      iv1::PetitionChanged event;
      *event.mutable_petition() = p;
      g_.AddInspectionOutbox(out_, p.name(), "partywork.inspection.v1.PetitionChanged",
                             Packed(event));
    };
    publish();
    std::optional<absl::CivilDay> resolved;
    iv1::Jurisdiction j;
    j.set_decision(decision);
    const absl::CivilDay decided = received + 3 + rng_.Below(10);
    *j.mutable_decided_on() = ToDate(decided);
    if (anonymous) j.set_not_handled_reason(iv1::NOT_HANDLED_REASON_ANONYMOUS);
    if (decision == iv1::JURISDICTION_DECISION_FORWARD) j.set_forwarded_to("Cấp có thẩm quyền");
    if (Recorded(decided) && !inspection::CheckJurisdiction(p, j)) {
      *p.mutable_jurisdiction() = j;
      if (decision == iv1::JURISDICTION_DECISION_HANDLE) {
        const inspection::Deadline due = inspection::PetitionDeadline(kind, received);
        *p.mutable_due_on() = ToDate(due.due_on);
        p.set_due_rule(due.rule);
        p.set_state(iv1::PETITION_STATE_HANDLING);
      } else {
        p.set_state(anonymous ? iv1::PETITION_STATE_NOT_HANDLED : iv1::PETITION_STATE_FORWARDED);
      }
      day = decided, ++version, publish();
      if (p.state() == iv1::PETITION_STATE_HANDLING && Recorded(decided + resolve_after)) {
        iv1::Resolution& r = *p.mutable_resolution();
        *r.mutable_resolved_on() = ToDate(decided + resolve_after);
        r.set_substantiated(substantiated);
        r.set_outcome(substantiated ? "Tố cáo đúng, đề nghị xem xét kỷ luật" : "Không có vi phạm");
        p.set_state(iv1::PETITION_STATE_RESOLVED);
        resolved = decided + resolve_after;
        day = *resolved, ++version, publish();
      }
    }
    std::string& row = out_.petitions;
    Field(row, id);
    Field(row, organization);
    Field(row, subject);
    Field(row, p.state());
    Field(row, DayOf(p.due_on()));
    Field(row, DayOf(p.resolution().resolved_on()));
    Tail(row, p, version, received, day);
    return {id, resolved};
  }

  // Opens, decides and maybe appeals a case, each step if by kAsOf and as
  // the rules allow; false if the case is not opened.
  bool DisciplineCase(CasePlan c) {
    if (!Recorded(c.opened) || inspection::CheckFormAllowed(c.standing, !c.party_post.empty(),
                                                            c.form, c.violation_ended)) {
      return false;
    }
    const int64_t id = c.id ? c.id : g_.NextDisciplineCase();
    iv1::DisciplineCase d;
    d.set_name(ResourceName("disciplineCases", id));
    if (c.inspection) d.set_inspection(ResourceName("inspections", c.inspection));
    if (c.petition) d.set_petition(ResourceName("petitions", c.petition));
    d.set_subject(c.subject);
    d.set_party_post(c.party_post);
    d.set_violation("Vi phạm quy định của Đảng");
    *d.mutable_violation_started_on() = ToDate(c.violation_started);
    if (c.violation_ended != c.violation_started) {
      *d.mutable_violation_ended_on() = ToDate(c.violation_ended);
    }
    d.set_state(iv1::DISCIPLINE_STATE_OPEN);
    int version = 1;
    absl::CivilDay day = c.opened;
    auto publish = [&](iv1::DisciplineStep step) {
      Stamp(d, version, c.opened, day);
      iv1::DisciplineCaseChanged event;
      *event.mutable_discipline_case() = d;
      event.set_step(step);
      g_.AddInspectionOutbox(out_, d.name(), "partywork.inspection.v1.DisciplineCaseChanged",
                             Packed(event));
    };
    publish(iv1::DISCIPLINE_STEP_OPENED);
    const absl::CivilDay notified = std::min(kAsOf, c.decided + (c.id ? 0 : rng_.Below(4)));
    if (Recorded(c.decided) &&
        !inspection::CheckDecisionDates(c.origin_concluded, "origin", c.decided, c.decided,
                                        notified) &&
        !inspection::CheckLimitation(c.standing, c.form, c.violation_ended, c.decided, false)) {
      iv1::DisciplineDecision& decision = *d.mutable_decision();
      decision.set_form(c.form);
      decision.set_authority(c.standing == Standing::kOrganization
                                 ? "Ban Thường vụ"
                                 : "Ủy ban Kiểm tra cấp ủy cấp trên");
      decision.set_document(DisciplineDocument(id));
      *decision.mutable_decided_on() = ToDate(c.decided);
      *decision.mutable_effective_on() = ToDate(c.decided);
      *decision.mutable_notified_on() = ToDate(notified);
      *decision.mutable_appeal_deadline() = ToDate(inspection::AppealDeadline(notified));
      d.set_form_in_force(c.form);
      d.set_state(iv1::DISCIPLINE_STATE_DECIDED);
      day = c.decided, ++version, publish(iv1::DISCIPLINE_STEP_DECIDED);
      const absl::CivilDay lodged = notified + 5 + rng_.Below(15);
      if (c.appealed && Recorded(lodged) && !inspection::CheckAppealLodged(notified, lodged)) {
        iv1::Appeal& a = *d.mutable_appeal();
        *a.mutable_lodged_on() = ToDate(lodged);
        a.set_appealed_to("Cấp ủy cấp trên");
        const absl::CivilDay due = inspection::AppealDue(lodged);
        *a.mutable_due_on() = ToDate(due);
        d.set_state(iv1::DISCIPLINE_STATE_UNDER_APPEAL);
        day = lodged, ++version, publish(iv1::DISCIPLINE_STEP_APPEALED);
        const absl::CivilDay appeal_decided =
            lodged + rng_.Below(std::max<int64_t>(1, due - lodged));
        if (Recorded(appeal_decided)) {  // upheld: the form stays in force
          a.set_outcome(iv1::APPEAL_OUTCOME_UPHELD);
          *a.mutable_decided_on() = ToDate(appeal_decided);
          a.set_document(absl::StrCat("Quyết định giải quyết khiếu nại số ", id));
          d.set_state(iv1::DISCIPLINE_STATE_APPEAL_DECIDED);
          day = appeal_decided, ++version, publish(iv1::DISCIPLINE_STEP_APPEAL_DECIDED);
        }
      }
    }
    std::string& row = out_.discipline_cases;
    Field(row, id);
    Field(row, c.subject);
    c.inspection ? Field(row, c.inspection) : Null(row);
    c.petition ? Field(row, c.petition) : Null(row);
    Field(row, d.state());
    Tail(row, d, version, c.opened, day);
    return true;
  }

  Generator& g_;
  Chunk& out_;
  Rng& rng_;
};

void Generator::OrganizationWork(Chunk& out) {
  Rng rng(seed_, kWorkStream - 1);
  WorkWriter w(*this, out, rng);
  using ProgramKey = std::tuple<int, int64_t, iv1::ActorKind>;  // year, committee, body
  std::map<ProgramKey, std::vector<InspectionPlan>> planned;
  for (int year = kHistoryFrom.year(); year <= kAsOf.year(); ++year) {
    const absl::CivilDay from(year, 2, 1), to(year, 11, 30);
    for (int64_t org = 1; org <= static_cast<int64_t>(places_.size()); ++org) {
      const Place& place = places_[org - 1];
      if (IsHigherCommittee(org) && (!shape_.national || place.parent != 0)) {
        planned[{year, org, iv1::ACTOR_KIND_EXECUTIVE_COMMITTEE}];
        planned[{year, org, iv1::ACTOR_KIND_INSPECTION_COMMISSION}];
      }
      InspectionPlan p;
      p.subject = ResourceName("organizations", org);
      p.planned = rng.DayIn(from, to);
      p.opened = p.planned + rng.Below(10);
      p.concluded = p.opened + 15 + rng.Below(30);
      p.violation = rng.Chance(0.12);
      p.warranted = p.violation && rng.Chance(0.05);
      const double u = rng.Unit();
      if (place.kind == mv1::ORGANIZATION_KIND_SUBORDINATE_CELL) {
        if (u >= 0.05) continue;  // its base committee's inspection
        p.actor = iv1::ACTOR_KIND_BASE_COMMITTEE;
        p.actor_organization = ParentOn(org, p.planned);
        w.Inspection(p);  // outside the higher committees' programs
        continue;
      }
      if (IsHigherCommittee(org) || u >= 0.075) continue;
      // Base organizations: the committee over them inspects (4 %),
      // supervises (2 %), or its commission checks their inspection work.
      p.kind = u < 0.04   ? iv1::INSPECTION_KIND_COMMITTEE
               : u < 0.06 ? iv1::INSPECTION_KIND_THEMATIC_SUPERVISION
                          : iv1::INSPECTION_KIND_LOWER_LEVEL_WORK;
      p.actor =
          u < 0.06 ? iv1::ACTOR_KIND_EXECUTIVE_COMMITTEE : iv1::ACTOR_KIND_INSPECTION_COMMISSION;
      p.actor_organization = place.parent;
      planned[{year, place.parent, p.actor}].push_back(p);
    }
  }
  for (auto& [key, plans] : planned) {
    const auto& [year, committee, actor] = key;
    iv1::ProgramAdopted event;
    iv1::Program& program = *event.mutable_program();
    const int64_t id = ++counts_.programs;
    const absl::CivilDay adopted(year, 1, 15);
    program.set_name(ResourceName("programs", id));
    program.mutable_actor()->set_kind(actor);
    program.mutable_actor()->set_organization(ResourceName("organizations", committee));
    program.set_year(year);
    *program.mutable_adopted_on() = ToDate(adopted);
    for (const InspectionPlan& p : plans) {
      const bool supervision = inspection::IsSupervision(p.kind);
      program.set_planned_inspections(program.planned_inspections() + !supervision);
      program.set_planned_supervisions(program.planned_supervisions() + supervision);
    }
    program.mutable_create_time()->set_seconds(RecordedAt(adopted));
    AddInspectionOutbox(out, program.name(), "partywork.inspection.v1.ProgramAdopted",
                        Packed(event));
    std::string& row = out.programs;
    Field(row, id);
    Field(row, actor);
    Field(row, committee);
    Field(row, "");
    Field(row, year);
    Field(row, Json(program));
    Field(row, 1);
    Field(row, Timestamp(adopted));
    Field(row, Timestamp(adopted));
    EndRow(row);
    for (InspectionPlan& p : plans) {
      p.program = id;
      const auto [inspection, concluded] = w.Inspection(p);
      if (!p.warranted || !concluded) continue;
      CasePlan c;  // khiển trách or cảnh cáo of the organization
      c.subject = p.subject;
      c.inspection = inspection;
      c.origin_concluded = *concluded;
      c.standing = Standing::kOrganization;
      c.violation_started = p.planned - 180;
      c.violation_ended = p.planned - 30;
      c.form = rng.Chance(0.7) ? iv1::DISCIPLINE_FORM_REPRIMAND : iv1::DISCIPLINE_FORM_WARNING;
      c.opened = *concluded + 1 + rng.Below(10);
      c.decided = c.opened + 10 + rng.Below(30);
      w.DisciplineCase(c);
    }
  }
}

void Generator::MemberWork(Chunk& out, int64_t member,
                           const std::vector<membership::HistoryEvent>& history,
                           const membership::MemberFacts& facts,
                           const std::optional<Expulsion>& expulsion) {
  Rng rng(seed_, kWorkStream + static_cast<uint64_t>(member));
  WorkWriter w(*this, out, rng);
  const std::string subject = ResourceName("members", member);
  auto standing = [&](absl::CivilDay day) {
    return membership::DeriveStanding(history, facts, day).standing;
  };
  auto active = [&](absl::CivilDay day) {
    const auto status = standing(day).status;
    return status == mv1::MEMBER_STATUS_PROBATIONARY || status == mv1::MEMBER_STATUS_OFFICIAL;
  };
  auto top_over = [&](int64_t cell, absl::CivilDay day) {
    return ParentOn(BaseOrganizationOn(cell, day), day);
  };
  if (expulsion) {
    // The commission's inspection on signs of violation, concluded with
    // discipline warranted, and the expulsion decided on its effective day.
    const absl::CivilDay x = expulsion->day;
    absl::CivilDay v = x - 1;  // the day before: the member was official to be expelled
    for (int64_t back : {150, 60}) {
      if (standing(x - back).status == mv1::MEMBER_STATUS_OFFICIAL) {
        v = x - back;
        break;
      }
    }
    InspectionPlan p;
    p.kind = iv1::INSPECTION_KIND_SIGNS_OF_VIOLATION;
    p.actor = iv1::ACTOR_KIND_INSPECTION_COMMISSION;
    p.actor_organization = top_over(standing(v).organization_id.value_or(leaves_[0]), v);
    p.subject = subject;
    p.planned = v;
    p.opened = v + (x - v) / 4;
    p.concluded = v + (x - v) / 2;
    p.violation = p.warranted = true;
    const auto [inspection, concluded] = w.Inspection(p);
    CasePlan c;
    c.id = expulsion->discipline_case;
    c.subject = subject;
    c.inspection = inspection;
    c.origin_concluded = p.concluded;
    c.violation_started = c.violation_ended = v;
    c.form = iv1::DISCIPLINE_FORM_EXPULSION;
    c.opened = p.concluded;
    c.decided = x;
    w.DisciplineCase(c);
    Field(out.applied_discipline, ResourceName("disciplineCases", c.id));
    Field(out.applied_discipline, member);
    Field(out.applied_discipline, absl::StrCat(subject, "/events/", expulsion->member_event));
    EndRow(out.applied_discipline);
  }
  for (int year = kHistoryFrom.year(); year <= kAsOf.year(); ++year) {
    const double u = rng.Unit();
    if (u >= 0.01) continue;
    // Something happened on `v`; the work on it starts some weeks later.
    const absl::CivilDay v = rng.DayIn(absl::CivilDay(year, 1, 1), absl::CivilDay(year, 12, 31));
    const absl::CivilDay planned = v + 20 + rng.Below(60);
    const absl::CivilDay opened = planned + rng.Below(10);
    if (!active(v) || !active(planned) || !active(opened)) continue;
    const membership::Standing then = standing(v);
    const int64_t cell = *then.organization_id;
    InspectionPlan p;
    p.subject = subject;
    p.planned = planned;
    p.opened = opened;
    p.concluded = opened + 20 + rng.Below(40);
    if (u < 0.005) {  // the cell inspects the member (Article 30)
      p.actor = iv1::ACTOR_KIND_CELL;
      p.actor_organization = standing(planned).organization_id.value_or(cell);
      p.violation = rng.Chance(0.05);
      w.Inspection(p);
      continue;
    }
    const int64_t base = BaseOrganizationOn(cell, planned);
    if (u < 0.008) {  // a violation, disciplined
      CasePlan c;
      c.subject = subject;
      c.standing = then.status == mv1::MEMBER_STATUS_PROBATIONARY ? Standing::kProbationaryMember
                                                                  : Standing::kOfficialMember;
      const double f = rng.Unit();
      c.form = f < 0.75 ? iv1::DISCIPLINE_FORM_REPRIMAND
               : f < 0.95 || c.standing == Standing::kProbationaryMember
                   ? iv1::DISCIPLINE_FORM_WARNING
                   : iv1::DISCIPLINE_FORM_REMOVAL_FROM_POST;
      if (c.form == iv1::DISCIPLINE_FORM_REMOVAL_FROM_POST) c.party_post = "Phó Bí thư chi bộ";
      c.violation_started = v - rng.Below(90);
      c.violation_ended = v;
      c.appealed = rng.Chance(0.05);
      std::optional<absl::CivilDay> concluded;
      if (rng.Chance(0.65)) {  // found by the commission's inspection (Article 32)
        p.kind = iv1::INSPECTION_KIND_SIGNS_OF_VIOLATION;
        p.actor = iv1::ACTOR_KIND_INSPECTION_COMMISSION;
        p.actor_organization = top_over(cell, planned);
        p.violation = p.warranted = true;
        std::tie(c.inspection, concluded) = w.Inspection(p);
      } else {  // denounced, and the denunciation found true
        std::tie(c.petition, concluded) =
            w.Petition(iv1::PETITION_KIND_DENUNCIATION, base, subject, planned,
                       iv1::JURISDICTION_DECISION_HANDLE, 20 + rng.Below(50), true);
      }
      if (!concluded) continue;
      c.origin_concluded = *concluded;
      c.opened = *concluded + 1 + rng.Below(10);
      c.decided = c.opened + 10 + rng.Below(30);
      w.DisciplineCase(c);
      continue;
    }
    // A petition that leads to no discipline: not handled (anonymous),
    // forwarded, resolved as unfounded, or still handled (late ones overdue).
    const double k = rng.Unit();
    const auto decision = k < 0.1   ? iv1::JURISDICTION_DECISION_NOT_HANDLED
                          : k < 0.2 ? iv1::JURISDICTION_DECISION_FORWARD
                                    : iv1::JURISDICTION_DECISION_HANDLE;
    w.Petition(rng.Chance(0.7) ? iv1::PETITION_KIND_DENUNCIATION : iv1::PETITION_KIND_COMPLAINT,
               base, subject, planned, decision, k < 0.9 ? 20 + rng.Below(60) : 400, false);
  }
}

}  // namespace partywork::bulk
