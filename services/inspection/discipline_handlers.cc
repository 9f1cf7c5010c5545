// Handlers of discipline cases: opened from a concluded inspection or a
// petition, decided (form, statute of limitations, dates), appealed within
// the window, and the appeal decided (upheld, changed, annulled with the
// subject restored). Each step is published for membership and reporting.
#include "absl/strings/str_cat.h"
#include "libs/platform/db/audit.h"
#include "libs/platform/errors.h"
#include "libs/platform/feed/outbox.h"
#include "libs/platform/resource.h"
#include "libs/platform/unary.h"
#include "services/inspection/discipline_rules.h"
#include "services/inspection/handler_support.h"
#include "services/inspection/inspection_service.h"
#include "services/inspection/tree_store.h"

namespace partywork::inspection {
namespace {

grpc::Status Refuse(const std::optional<RuleViolation>& rule) {
  return rule ? errors::FromRule(*rule) : grpc::Status::OK;
}

// The case's origin as the rules need it.
struct Origin {
  std::string name;
  int64_t organization_id = 0;                 // whose scope it is in
  std::optional<absl::CivilDay> concluded_on;  // the inspection's conclusion, the resolution
  bool discipline_warranted = false;
};

grpc::Status LoadOrigin(pqxx::transaction_base& tx, const v1::DisciplineCase& c, Origin* out) {
  if (!c.inspection().empty()) {
    auto i = FindInspection(tx, *ResourceId(c.inspection(), kInspections));
    if (!i) return errors::NotFound(c.inspection());
    out->name = i->name();
    out->organization_id = *ResourceId(i->actor().organization(), "organizations");
    out->concluded_on = ToCivilDay(i->conclusion().concluded_on());
    out->discipline_warranted = i->conclusion().discipline_warranted();
    return grpc::Status::OK;
  }
  auto p = FindPetition(tx, *ResourceId(c.petition(), kPetitions));
  if (!p) return errors::NotFound(c.petition());
  out->name = p->name();
  out->organization_id = *ResourceId(p->organization(), "organizations");
  out->concluded_on = ToCivilDay(p->resolution().resolved_on());
  out->discipline_warranted =
      p->state() == v1::PETITION_STATE_HANDLING ||
      (p->state() == v1::PETITION_STATE_RESOLVED && p->resolution().substantiated());
  return grpc::Status::OK;
}

absl::CivilDay ViolationEnd(const v1::DisciplineCase& c) {
  auto end = ToCivilDay(c.violation_ended_on());
  return end ? *end : *ToCivilDay(c.violation_started_on());
}

// Who the subject was on the violation's last day.
grpc::Status StandingOf(pqxx::transaction_base& tx, const v1::DisciplineCase& c,
                        Standing* standing) {
  SubjectOnDay found;
  if (auto s = FindSubject(tx, c.subject(), ViolationEnd(c), "violation", &found); !s.ok()) {
    return s;
  }
  if (ParseSubject(c.subject())->kind == Subject::Kind::kOrganization) {
    *standing = Standing::kOrganization;
  } else {
    *standing = found.member_status == mv1::MEMBER_STATUS_PROBATIONARY
                    ? Standing::kProbationaryMember
                    : Standing::kOfficialMember;
  }
  return grpc::Status::OK;
}

// A dissolution in force from `day` must be one membership can carry out.
grpc::Status CheckDissolutionOn(pqxx::transaction_base& tx, const v1::DisciplineCase& c,
                                absl::CivilDay day) {
  const int64_t id = *ResourceId(c.subject(), "organizations");
  DissolutionFacts facts;
  facts.subordinates = static_cast<int>(Subtree(tx, id, day).size()) - 1;
  facts.members = static_cast<int>(MembersOfSubtree(tx, id, day).size());
  facts.members_to = c.decision().members_to();
  if (auto to = ResourceId(facts.members_to, "organizations")) {
    if (auto found = FindOrganizationOn(tx, *to, day)) {
      facts.destination_exists = true;
      facts.destination_kind = found->kind;
      facts.destination_inside = IsWithin(tx, *to, id, day);
    }
  }
  return Refuse(CheckDissolution(facts));
}

bool ValidForm(v1::DisciplineForm form) {
  return v1::DisciplineForm_IsValid(form) && form != v1::DISCIPLINE_FORM_UNSPECIFIED;
}

grpc::Status Decide(pqxx::transaction_base& tx, const v1::DisciplineDecision& d,
                    const Origin& origin, v1::DisciplineCase& c) {
  std::vector<FieldViolation> v;
  if (!ValidForm(d.form())) v.push_back({"decide.form", "is required"});
  RequiredText(d.authority(), "decide.authority", 300, v);
  RequiredText(d.document(), "decide.document", 300, v);
  auto decided = RequiredDay(d.decided_on(), "decide.decided_on", v);
  auto effective = ToCivilDay(d.effective_on());
  if (!effective) v.push_back({"decide.effective_on", "is required and must be a real date"});
  auto notified = RequiredDay(d.notified_on(), "decide.notified_on", v);
  if (!d.members_to().empty()) {
    if (d.form() != v1::DISCIPLINE_FORM_DISSOLUTION) {
      v.push_back({"decide.members_to", "is only for a dissolution (giải tán)"});
    } else {
      RequiredId(d.members_to(), "organizations", "decide.members_to", v);
    }
  }
  if (!v.empty()) return errors::InvalidArgument(v);
  if (auto s = Refuse(CheckCaseState(c.state(), v1::DISCIPLINE_STATE_OPEN)); !s.ok()) return s;
  if (!origin.concluded_on) {
    return errors::FailedPrecondition(
               "DECISION_BEFORE_CONCLUSION",
               absl::StrCat(origin.name, " has no conclusion yet: a decision follows it"))
        .Meta("origin", origin.name)
        .Vietnamese(
            "Chưa có kết luận kiểm tra hoặc giải quyết đơn thư: chưa thể quyết định kỷ "
            "luật.");
  }
  if (auto s = Refuse(
          CheckDecisionDates(*origin.concluded_on, origin.name, *decided, *effective, *notified));
      !s.ok()) {
    return s;
  }
  Standing standing;
  if (auto s = StandingOf(tx, c, &standing); !s.ok()) return s;
  if (auto s =
          Refuse(CheckFormAllowed(standing, !c.party_post().empty(), d.form(), ViolationEnd(c)));
      !s.ok()) {
    return s;
  }
  if (auto s = Refuse(CheckLimitation(standing, d.form(), ViolationEnd(c), *decided,
                                      !c.limitation_exemption().empty()));
      !s.ok()) {
    return s;
  }
  *c.mutable_decision() = d;
  if (d.form() == v1::DISCIPLINE_FORM_DISSOLUTION) {
    if (auto s = CheckDissolutionOn(tx, c, *effective); !s.ok()) return s;
  }
  *c.mutable_decision()->mutable_appeal_deadline() = ToDate(AppealDeadline(*notified));
  c.set_form_in_force(d.form());
  c.set_state(v1::DISCIPLINE_STATE_DECIDED);
  return grpc::Status::OK;
}

grpc::Status Appeal(const v1::Appeal& a, v1::DisciplineCase& c) {
  std::vector<FieldViolation> v;
  auto lodged = RequiredDay(a.lodged_on(), "appeal.lodged_on", v);
  RequiredText(a.appealed_to(), "appeal.appealed_to", 300, v);
  if (!v.empty()) return errors::InvalidArgument(v);
  if (auto s = Refuse(CheckCaseState(c.state(), v1::DISCIPLINE_STATE_DECIDED)); !s.ok()) return s;
  if (auto s = Refuse(CheckAppealLodged(*ToCivilDay(c.decision().notified_on()), *lodged));
      !s.ok()) {
    return s;
  }
  v1::Appeal* stored = c.mutable_appeal();
  stored->set_appealed_to(a.appealed_to());
  *stored->mutable_lodged_on() = a.lodged_on();
  *stored->mutable_due_on() = ToDate(AppealDue(*lodged));
  c.set_state(v1::DISCIPLINE_STATE_UNDER_APPEAL);
  return grpc::Status::OK;
}

grpc::Status DecideAppeal(pqxx::transaction_base& tx, const v1::Appeal& a, v1::DisciplineCase& c) {
  std::vector<FieldViolation> v;
  if (!v1::AppealOutcome_IsValid(a.outcome()) || a.outcome() == v1::APPEAL_OUTCOME_UNSPECIFIED) {
    v.push_back({"decide_appeal.outcome", "is required"});
  }
  auto decided = RequiredDay(a.decided_on(), "decide_appeal.decided_on", v);
  RequiredText(a.document(), "decide_appeal.document", 300, v);
  if (a.outcome() == v1::APPEAL_OUTCOME_CHANGED && !ValidForm(a.new_form())) {
    v.push_back({"decide_appeal.new_form", "is required when the form is changed"});
  }
  if (!v.empty()) return errors::InvalidArgument(v);
  if (auto s = Refuse(CheckCaseState(c.state(), v1::DISCIPLINE_STATE_UNDER_APPEAL)); !s.ok()) {
    return s;
  }
  if (*decided < *ToCivilDay(c.appeal().lodged_on())) {
    return errors::FailedPrecondition("DATE_BEFORE_PREVIOUS_STEP",
                                      "the appeal is decided before it was lodged");
  }
  if (a.outcome() == v1::APPEAL_OUTCOME_CHANGED) {
    Standing standing;
    if (auto s = StandingOf(tx, c, &standing); !s.ok()) return s;
    if (auto s = Refuse(
            CheckFormAllowed(standing, !c.party_post().empty(), a.new_form(), ViolationEnd(c)));
        !s.ok()) {
      return s;
    }
    if (a.new_form() == v1::DISCIPLINE_FORM_DISSOLUTION &&
        c.form_in_force() != v1::DISCIPLINE_FORM_DISSOLUTION) {
      if (auto s = CheckDissolutionOn(tx, c, *decided); !s.ok()) return s;
    }
    c.set_form_in_force(a.new_form());
  } else if (a.outcome() == v1::APPEAL_OUTCOME_ANNULLED) {
    c.set_form_in_force(v1::DISCIPLINE_FORM_UNSPECIFIED);
    *c.mutable_restored_on() = a.decided_on();  // Quy định 117-QĐ/TW
  }
  v1::Appeal* stored = c.mutable_appeal();
  stored->set_outcome(a.outcome());
  *stored->mutable_decided_on() = a.decided_on();
  stored->set_document(a.document());
  if (a.outcome() == v1::APPEAL_OUTCOME_CHANGED) stored->set_new_form(a.new_form());
  c.set_state(v1::DISCIPLINE_STATE_APPEAL_DECIDED);
  return grpc::Status::OK;
}

void Publish(pqxx::work& tx, const v1::DisciplineCase& c, v1::DisciplineStep step,
             const std::string& request_id) {
  v1::DisciplineCaseChanged event;
  *event.mutable_discipline_case() = c;
  event.set_step(step);
  feed::Publish(tx, kSchema, event, c.name(), request_id);
}

}  // namespace

grpc::ServerUnaryReactor* InspectionService::CreateDisciplineCase(
    grpc::CallbackServerContext* context, const v1::CreateDisciplineCaseRequest* request,
    v1::DisciplineCase* response) {
  return ServeMutation(
      context, db_, feed_, kSchema, request, response,
      [=](const CallContext& call, pqxx::work& tx, const std::string& request_id) -> grpc::Status {
        const v1::DisciplineCase& in = request->discipline_case();
        std::vector<FieldViolation> v;
        if (in.inspection().empty() == in.petition().empty()) {
          v.push_back({"discipline_case.inspection",
                       "name exactly one origin: an inspection or "
                       "a petition"});
        } else if (!in.inspection().empty()) {
          RequiredId(in.inspection(), kInspections, "discipline_case.inspection", v);
        } else {
          RequiredId(in.petition(), kPetitions, "discipline_case.petition", v);
        }
        if (!ParseSubject(in.subject())) {
          v.push_back(
              {"discipline_case.subject", "must be \"organizations/{id}\" or \"members/{id}\""});
        }
        RequiredText(in.violation(), "discipline_case.violation", 10000, v);
        auto started =
            RequiredDay(in.violation_started_on(), "discipline_case.violation_started_on", v);
        if (in.has_violation_ended_on()) {
          auto ended =
              RequiredDay(in.violation_ended_on(), "discipline_case.violation_ended_on", v);
          if (started && ended && *ended < *started) {
            v.push_back({"discipline_case.violation_ended_on", "is before the violation started"});
          }
        }
        if (!v.empty()) return errors::InvalidArgument(v);
        Origin origin;
        if (auto s = LoadOrigin(tx, in, &origin); !s.ok()) return s;
        if (auto s = CheckScope(tx, call, origin.organization_id, Today()); !s.ok()) return s;
        if (!origin.discipline_warranted) {
          return errors::FailedPrecondition(
                     "ORIGIN_DOES_NOT_WARRANT_DISCIPLINE",
                     absl::StrCat(origin.name,
                                  " does not call for discipline: an inspection concluded with "
                                  "discipline warranted, or a petition being handled or found "
                                  "substantiated"))
              .Meta("origin", origin.name)
              .Vietnamese("Kết luận kiểm tra hoặc giải quyết đơn thư không đề nghị kỷ luật.");
        }
        v1::DisciplineCase stored = in;
        stored.clear_name();
        stored.clear_decision();
        stored.clear_appeal();
        stored.clear_restored_on();
        stored.clear_form_in_force();
        Standing standing;
        if (auto s = StandingOf(tx, stored, &standing); !s.ok()) return s;
        stored.set_state(v1::DISCIPLINE_STATE_OPEN);
        InsertDisciplineCase(tx, stored);
        *response = stored;
        db::RecordAudit(tx, kSchema, call, "CreateDisciplineCase", stored.name(),
                        {{"subject", stored.subject()}, {"origin", origin.name}});
        Publish(tx, stored, v1::DISCIPLINE_STEP_OPENED, request_id);
        return grpc::Status::OK;
      });
}

grpc::ServerUnaryReactor* InspectionService::GetDisciplineCase(
    grpc::CallbackServerContext* context, const v1::GetDisciplineCaseRequest* request,
    v1::DisciplineCase* response) {
  return ServeOnDatabase(
      context, db_, [=](const CallContext& call, pqxx::connection& conn) -> grpc::Status {
        std::vector<FieldViolation> v;
        auto id = RequiredId(request->name(), kDisciplineCases, "name", v);
        if (!v.empty()) return errors::InvalidArgument(v);
        pqxx::read_transaction tx(conn);
        auto found = FindDisciplineCase(tx, *id);
        if (!found) return errors::NotFound(request->name());
        Origin origin;
        if (auto s = LoadOrigin(tx, *found, &origin); !s.ok()) return s;
        if (auto s = CheckScope(tx, call, origin.organization_id, Today()); !s.ok()) return s;
        *response = *found;
        return grpc::Status::OK;
      });
}

grpc::ServerUnaryReactor* InspectionService::RecordDisciplineStep(
    grpc::CallbackServerContext* context, const v1::RecordDisciplineStepRequest* request,
    v1::DisciplineCase* response) {
  return ServeMutation(
      context, db_, feed_, kSchema, request, response,
      [=](const CallContext& call, pqxx::work& tx, const std::string& request_id) -> grpc::Status {
        std::vector<FieldViolation> v;
        auto id = RequiredId(request->name(), kDisciplineCases, "name", v);
        if (!v.empty()) return errors::InvalidArgument(v);
        auto found = FindDisciplineCase(tx, *id, /*for_update=*/true);
        if (!found) return errors::NotFound(request->name());
        Origin origin;
        if (auto s = LoadOrigin(tx, *found, &origin); !s.ok()) return s;
        if (auto s = CheckScope(tx, call, origin.organization_id, Today()); !s.ok()) return s;
        grpc::Status status;
        v1::DisciplineStep step = v1::DISCIPLINE_STEP_UNSPECIFIED;
        switch (request->step_case()) {
          case v1::RecordDisciplineStepRequest::kDecide:
            step = v1::DISCIPLINE_STEP_DECIDED;
            status = Decide(tx, request->decide(), origin, *found);
            break;
          case v1::RecordDisciplineStepRequest::kAppeal:
            step = v1::DISCIPLINE_STEP_APPEALED;
            status = Appeal(request->appeal(), *found);
            break;
          case v1::RecordDisciplineStepRequest::kDecideAppeal:
            step = v1::DISCIPLINE_STEP_APPEAL_DECIDED;
            status = DecideAppeal(tx, request->decide_appeal(), *found);
            break;
          default:
            status = errors::InvalidArgument({{"step", "is required"}});
        }
        if (!status.ok()) return status;
        SaveDisciplineCase(tx, *found);
        *response = *found;
        db::RecordAudit(tx, kSchema, call, "RecordDisciplineStep", found->name(),
                        {{"step", v1::DisciplineStep_Name(step)},
                         {"form_in_force", v1::DisciplineForm_Name(found->form_in_force())}});
        Publish(tx, *found, step, request_id);
        return grpc::Status::OK;
      });
}

}  // namespace partywork::inspection
