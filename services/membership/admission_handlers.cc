// Handlers of admissions (kết nạp). Each step is checked in order, then against the rule in force
// on its date (admission_rules.h); the ceremony and the recognition grow the member's history
// through the member handlers' own functions, in the same transaction.
#include <algorithm>
#include <set>
#include <utility>

#include "absl/strings/str_cat.h"
#include "libs/platform/db/audit.h"
#include "libs/platform/errors.h"
#include "libs/platform/feed/outbox.h"
#include "libs/platform/resource.h"
#include "libs/platform/roles.h"
#include "libs/platform/unary.h"
#include "services/membership/admission_rules.h"
#include "services/membership/admission_store.h"
#include "services/membership/member_support.h"
#include "services/membership/membership_service.h"
#include "services/membership/organization_store.h"

namespace partywork::membership {
namespace {

constexpr char kAdmissions[] = "admissions";
constexpr char kPartyClasses[] = "partyClasses";
constexpr char kMembers[] = "members";
constexpr char kOrganizations[] = "organizations";

// The candidate's record fields checked when a file is opened (the dates of
// membership and the card come later).
const std::vector<std::string>& CandidateFields() {
  static const auto* kFields = new std::vector<std::string>{
      "full_name",         "gender",        "birth_date",       "ethnicity",
      "religion",          "national_id",   "occupation",       "workplace",
      "general_education", "qualification", "political_theory", "background"};
  return *kFields;
}

// A required date of a step: real and not in the future.
std::optional<absl::CivilDay> StepDay(const google::type::Date& date, const std::string& field,
                                      absl::CivilDay today, std::vector<FieldViolation>& v) {
  auto day = ToCivilDay(date);
  if (!day) {
    v.push_back({field, "is required and must be a real date"});
  } else if (*day > today) {
    v.push_back({field, "must not be in the future"});
    return std::nullopt;
  }
  return day;
}

void ForCaller(const CallContext& call, v1::Admission* a) {
  if (!roles::MaySeePersonalData(call.caller->role)) WithoutPersonalData(a->mutable_candidate());
}

void PublishStep(pqxx::work& tx, const v1::Admission& admission, const std::string& step,
                 const std::string& request_id) {
  v1::AdmissionStepRecorded event;
  *event.mutable_admission() = admission;
  WithoutPersonalData(event.mutable_admission()->mutable_candidate());
  event.set_step(step);
  feed::Publish(tx, kSchema, event, admission.name(), request_id);
}

// The step of a request, its date field and its date.
struct StepOf {
  AdmissionStep step;
  std::string date_field;
  google::type::Date date;
};

std::optional<StepOf> StepOfRequest(const v1::RecordAdmissionStepRequest& r) {
  using R = v1::RecordAdmissionStepRequest;
  switch (r.step_case()) {
    case R::kClassCompletion:
      return StepOf{AdmissionStep::kClassCompletion, "class_completion.certified_on",
                    r.class_completion().certified_on()};
    case R::kApplication:
      return StepOf{AdmissionStep::kApplication, "application.applied_on",
                    r.application().applied_on()};
    case R::kVerification:
      return StepOf{AdmissionStep::kVerification, "verification.concluded_on",
                    r.verification().concluded_on()};
    case R::kCellVote:
      return StepOf{AdmissionStep::kCellVote, "cell_vote.resolved_on", r.cell_vote().resolved_on()};
    case R::kDecision:
      return StepOf{AdmissionStep::kDecision, "decision.decided_on", r.decision().decided_on()};
    case R::kCeremony:
      return StepOf{AdmissionStep::kCeremony, "ceremony.held_on", r.ceremony().held_on()};
    case R::kRecognition:
      return StepOf{AdmissionStep::kRecognition, "recognition.considered_on",
                    r.recognition().considered_on()};
    default:
      return std::nullopt;
  }
}

// Field checks of each step beyond its date.
void ValidateStep(const v1::RecordAdmissionStepRequest& r, absl::CivilDay today,
                  std::vector<FieldViolation>& v) {
  using R = v1::RecordAdmissionStepRequest;
  switch (r.step_case()) {
    case R::kClassCompletion:
      if (!ResourceId(r.class_completion().party_class(), kPartyClasses)) {
        v.push_back({"class_completion.party_class", "must be \"partyClasses/{id}\""});
      }
      Required(r.class_completion().certificate_number(), "class_completion.certificate_number", v);
      Required(r.class_completion().responsible(), "class_completion.responsible", v);
      break;
    case R::kApplication: {
      const auto& a = r.application();
      std::set<std::string> seen;
      for (int i = 0; i < a.sponsors_size(); ++i) {
        const std::string field = absl::StrCat("application.sponsors[", i, "]");
        if (!ResourceId(a.sponsors(i).member(), kMembers)) {
          v.push_back({field + ".member", "must be \"members/{id}\""});
        } else if (!seen.insert(a.sponsors(i).member()).second) {
          v.push_back({field + ".member", "names the same sponsor twice"});
        }
        StepDay(a.sponsors(i).worked_together_since(), field + ".worked_together_since", today, v);
      }
      if (a.has_youth_union_resolution()) {
        Required(a.youth_union_resolution().number(), "application.youth_union_resolution.number",
                 v);
        StepDay(a.youth_union_resolution().adopted_on(),
                "application.youth_union_resolution.adopted_on", today, v);
      }
      Required(a.responsible(), "application.responsible", v);
      break;
    }
    case R::kVerification:
      Required(r.verification().conclusion(), "verification.conclusion", v);
      Required(r.verification().responsible(), "verification.responsible", v);
      break;
    case R::kCellVote:
      if (r.cell_vote().votes_in_favour() < 0) {
        v.push_back({"cell_vote.votes_in_favour", "must not be negative"});
      }
      Required(r.cell_vote().resolution(), "cell_vote.resolution", v);
      Required(r.cell_vote().responsible(), "cell_vote.responsible", v);
      break;
    case R::kDecision:
      StepDay(r.decision().base_committee_agreed_on(), "decision.base_committee_agreed_on", today,
              v);
      Required(r.decision().decision(), "decision.decision", v);
      Required(r.decision().responsible(), "decision.responsible", v);
      break;
    case R::kCeremony:
      Required(r.ceremony().responsible(), "ceremony.responsible", v);
      break;
    case R::kRecognition:
      Required(r.recognition().resolution(), "recognition.resolution", v);
      Required(r.recognition().responsible(), "recognition.responsible", v);
      break;
    default:
      v.push_back({"step", "names no step: set one of class_completion … recognition"});
  }
}

// The standing of members/`id` on `day`, or NOT_FOUND.
grpc::Status StandingOn(pqxx::transaction_base& tx, int64_t id, absl::CivilDay day,
                        Standing* standing) {
  auto member = FindMember(tx, id);
  if (!member) return errors::NotFound(ResourceName(kMembers, id));
  *standing = DeriveStanding(LoadHistory(tx, id), FactsOf(member->member), day).standing;
  return grpc::Status::OK;
}

grpc::Status Refuse(const std::optional<RuleViolation>& violation) {
  return violation ? errors::FromRule(*violation) : grpc::Status::OK;
}

// The step's own rules, beyond its order; may fill the step's computed
// fields (`detail`) and the file's dates.
class StepRules {
 public:
  StepRules(pqxx::work& tx, const CallContext& call, const std::string& request_id,
            StoredAdmission& stored, absl::CivilDay day)
      : tx_(tx),
        call_(call),
        request_id_(request_id),
        stored_(stored),
        file_(stored.file),
        day_(day) {}

  grpc::Status ClassCompletion(const v1::ClassCompletion& c, std::optional<int64_t>* class_id) {
    *class_id = ResourceId(c.party_class(), kPartyClasses);
    const std::optional<absl::CivilDay> class_ended = PartyClassEnd(tx_, **class_id);
    if (!class_ended) return errors::NotFound(c.party_class());
    if (day_ < *class_ended) {
      return errors::FailedPrecondition(
          "CERTIFICATE_BEFORE_CLASS_ENDED",
          absl::StrCat("the certificate is dated before the class ended (", FormatDay(*class_ended),
                       ")"));
    }
    file_.certified_on = day_;
    return grpc::Status::OK;
  }

  grpc::Status Application(const v1::Application& a) {
    if (auto s = Refuse(CheckCertificate(*file_.certified_on, day_)); !s.ok()) return s;
    std::vector<SponsorFacts> sponsors;
    for (const auto& sponsor : a.sponsors()) {
      Standing standing;
      if (auto s = StandingOn(tx_, *ResourceId(sponsor.member(), kMembers), day_, &standing);
          !s.ok()) {
        return s;
      }
      sponsors.push_back({sponsor.member(), standing.status == v1::MEMBER_STATUS_OFFICIAL,
                          *ToCivilDay(sponsor.worked_together_since())});
    }
    if (auto s = Refuse(CheckSponsors(sponsors, stored_.admission.candidate().youth_union_member(),
                                      a.has_youth_union_resolution(), day_));
        !s.ok()) {
      return s;
    }
    file_.applied_on = day_;
    file_.stage = std::max(file_.stage, v1::ADMISSION_STAGE_APPLIED);  // a renewal keeps its stage
    return grpc::Status::OK;
  }

  grpc::Status CellVote(v1::CellVote* vote) {
    const v1::Member& candidate = stored_.admission.candidate();
    for (const auto& check : {CheckFileFresh(*file_.applied_on, day_),
                              CheckAdmissionAge(*ToCivilDay(candidate.birth_date()), day_,
                                                !vote->over_age_consent().empty()),
                              CheckEducation(candidate.general_education(), day_),
                              CheckCertificate(*file_.certified_on, day_)}) {
      if (check) return errors::FromRule(*check);
    }
    if (stored_.former_member_id) {
      Standing former;
      if (auto s = StandingOn(tx_, *stored_.former_member_id, day_, &former); !s.ok()) return s;
      if (auto s = Refuse(
              CheckReadmissionAllowed(LatestLeavingReason(tx_, *stored_.former_member_id), day_));
          !s.ok()) {
        return s;
      }
      if (former.left_on) {
        if (auto s = Refuse(CheckReadmissionWait(*former.left_on, day_)); !s.ok()) return s;
      }
    }
    vote->set_official_members(CountOfficialMembers(tx_, stored_.organization_id, day_));
    if (vote->votes_in_favour() > vote->official_members()) {
      return errors::FailedPrecondition(
          "VOTES_EXCEED_OFFICIAL_MEMBERS",
          absl::StrCat(vote->votes_in_favour(), " votes in favour, but the cell has ",
                       vote->official_members(), " official members on ", FormatDay(day_)));
    }
    if (auto s = Refuse(CheckCellVote(vote->votes_in_favour(), vote->official_members(), day_));
        !s.ok()) {
      return s;
    }
    file_.resolved_on = day_;
    return grpc::Status::OK;
  }

  grpc::Status Decision(const v1::CommitteeDecision& d) {
    const absl::CivilDay agreed = *ToCivilDay(d.base_committee_agreed_on());
    if (agreed < *file_.resolved_on || agreed > day_) {
      return errors::FailedPrecondition(
          "BASE_COMMITTEE_AGREEMENT_OUT_OF_ORDER",
          "the base committee agrees after the cell's resolution and before the decision");
    }
    if (auto s = Refuse(CheckDecisionDay(*file_.resolved_on, day_)); !s.ok()) return s;
    file_.decided_on = day_;
    return grpc::Status::OK;
  }

  // The candidate becomes a probationary member of the cell from the
  // ceremony; party age counts from the decision.
  grpc::Status Ceremony() {
    if (auto s = Refuse(CheckCeremonyDay(*file_.decided_on, day_)); !s.ok()) return s;
    const auto& decision = stored_.admission.decision();
    v1::MemberEvent admitted;
    admitted.set_kind(v1::MEMBER_EVENT_KIND_ADMITTED);
    *admitted.mutable_effective_on() = ToDate(day_);
    admitted.set_organization(stored_.admission.organization());
    admitted.set_decision(decision.decision());
    admitted.set_note(absl::StrCat("Lễ kết nạp, ", stored_.admission.name()));
    *admitted.mutable_considered_on() = ToDate(*file_.resolved_on);  // the cell's vote
    if (stored_.former_member_id) {  // kết nạp lại: the former member's history goes on
      v1::MemberEvent ignored;
      if (auto s = Append(*stored_.former_member_id, admitted, stored_.organization_id, &ignored);
          !s.ok()) {
        return s;
      }
      SetAdmissionMember(tx_, stored_.id, *stored_.former_member_id);
    } else {
      v1::Member record = stored_.admission.candidate();
      *record.mutable_admitted_on() = decision.decided_on();
      std::vector<FieldViolation> v = ValidateMemberRecord(record, "candidate.", Today());
      if (!v.empty()) return errors::InvalidArgument(v);
      v1::Member created;
      if (auto s = CreateMemberWithEvent(tx_, call_, request_id_, record, admitted,
                                         stored_.organization_id, &created);
          !s.ok()) {
        return s;
      }
      SetAdmissionMember(tx_, stored_.id, *ResourceId(created.name(), kMembers));
    }
    file_.held_on = day_;
    return grpc::Status::OK;
  }

  // Official from the end of the probation, even if the meeting is late; or
  // struck off (xóa tên, not a discipline).
  grpc::Status Recognition(v1::Recognition* r) {
    if (auto s = Refuse(CheckRecognitionDay(*file_.held_on, day_)); !s.ok()) return s;
    const absl::CivilDay end = ProbationEnd(*file_.held_on);
    v1::MemberEvent event;
    event.set_kind(r->recognized() ? v1::MEMBER_EVENT_KIND_RECOGNIZED_OFFICIAL
                                   : v1::MEMBER_EVENT_KIND_STRUCK_OFF);
    *event.mutable_effective_on() = ToDate(r->recognized() ? end : day_);
    event.set_decision(r->resolution());
    event.set_note(absl::StrCat("Xét công nhận đảng viên chính thức, ", stored_.admission.name()));
    v1::MemberEvent ignored;
    if (auto s = Append(*stored_.member_id, event, std::nullopt, &ignored); !s.ok()) return s;
    if (r->recognized()) *r->mutable_official_on() = ToDate(end);
    r->set_late(day_ > RecognitionDeadline(*file_.held_on));
    if (!r->recognized()) file_.stage = v1::ADMISSION_STAGE_STRUCK_OFF;
    return grpc::Status::OK;
  }

 private:
  grpc::Status Append(int64_t member_id, const v1::MemberEvent& event, std::optional<int64_t> cell,
                      v1::MemberEvent* stored) {
    auto member = FindMemberWithHistory(tx_, member_id, /*for_update=*/true);
    if (!member) return errors::NotFound(ResourceName(kMembers, member_id));
    return AppendMemberEvent(tx_, call_, request_id_, member->stored, std::move(member->history),
                             event, cell, std::nullopt, stored);
  }

  pqxx::work& tx_;
  const CallContext& call_;
  const std::string& request_id_;
  const StoredAdmission& stored_;
  AdmissionFile& file_;
  absl::CivilDay day_;
};

}  // namespace

grpc::ServerUnaryReactor* MembershipService::CreateAdmission(
    grpc::CallbackServerContext* context, const v1::CreateAdmissionRequest* request,
    v1::Admission* response) {
  return ServeMutation(
      context, db_, feed_, kSchema, request, response,
      [=](const CallContext& call, pqxx::work& tx, const std::string& request_id) -> grpc::Status {
        const absl::CivilDay today = Today();
        const v1::Admission& a = request->admission();
        std::vector<FieldViolation> v =
            ValidateMemberRecord(a.candidate(), "admission.candidate.", today, CandidateFields());
        auto cell = ResourceId(a.organization(), kOrganizations);
        if (!cell)
          v.push_back({"admission.organization", "must name the cell: \"organizations/{id}\""});
        std::optional<int64_t> former;
        if (!a.former_member().empty()) {
          former = ResourceId(a.former_member(), kMembers);
          if (!former) v.push_back({"admission.former_member", "must be \"members/{id}\""});
        }
        auto day = StepDay(a.source().identified_on(), "admission.source.identified_on", today, v);
        Required(a.source().responsible(), "admission.source.responsible", v);
        if (!v.empty()) return errors::InvalidArgument(v);
        if (auto s = CheckCell(tx, *cell, *day); !s.ok()) return s;
        if (auto s = CheckScope(tx, call, *cell, *day); !s.ok()) return s;
        if (former) {
          Standing standing;
          if (auto s = StandingOn(tx, *former, *day, &standing); !s.ok()) return s;
          if (standing.status != v1::MEMBER_STATUS_LEFT_PARTY) {
            return errors::FailedPrecondition(
                "NOT_A_FORMER_MEMBER",
                absl::StrCat(a.former_member(), " has not left the Party on ", FormatDay(*day),
                             ": only a former member is readmitted"));
          }
        }
        v1::Admission opened = a;
        for (auto* clear : {opened.mutable_candidate()}) {
          clear->clear_admitted_on();
          clear->clear_official_on();
          clear->clear_party_card_number();
          clear->clear_state();
        }
        const int64_t id = InsertAdmission(tx, opened, *cell, former, call.caller->subject);
        *response = FindAdmission(tx, id)->admission;
        db::RecordAudit(tx, kSchema, call, "CreateAdmission", response->name(),
                        {{"organization", a.organization()}});
        PublishStep(tx, *response, "source", request_id);
        ForCaller(call, response);
        return grpc::Status::OK;
      });
}

grpc::ServerUnaryReactor* MembershipService::GetAdmission(grpc::CallbackServerContext* context,
                                                          const v1::GetAdmissionRequest* request,
                                                          v1::Admission* response) {
  return ServeAuditedRead(
      context, db_, read_audit_,
      [=](const CallContext& call, pqxx::connection& conn, std::optional<db::AuditRecord>* audit) {
        auto id = ResourceId(request->name(), kAdmissions);
        if (!id) return errors::InvalidArgument({{"name", "must be \"admissions/{id}\""}});
        pqxx::read_transaction tx(conn);
        auto stored = FindAdmission(tx, *id);
        if (!stored) return errors::NotFound(request->name());
        if (auto s = CheckScope(tx, call, stored->organization_id, Today()); !s.ok()) return s;
        *response = stored->admission;
        const bool personal = roles::MaySeePersonalData(call.caller->role);
        ForCaller(call, response);
        // A candidate's file is a personal record: every read is audited.
        audit->emplace(call, "ReadAdmission", response->name(),
                       nlohmann::json{{"personal_data", personal}});
        return grpc::Status::OK;
      });
}

grpc::ServerUnaryReactor* MembershipService::ListAdmissions(
    grpc::CallbackServerContext* context, const v1::ListAdmissionsRequest* request,
    v1::ListAdmissionsResponse* response) {
  return ServeOnDatabase(context, db_, [=](const CallContext& call, pqxx::connection& conn) {
    std::vector<FieldViolation> v;
    const ListWindow window = ReadListWindow(request->organization(), request->page_token(),
                                             request->page_size(), call, v);
    std::vector<int> stages;
    for (int stage : request->stages()) {
      if (!v1::AdmissionStage_IsValid(stage) || stage == 0) {
        v.push_back({"stages", "holds an unknown stage"});
      }
      stages.push_back(stage);
    }
    if (!v.empty()) return errors::InvalidArgument(v);
    const absl::CivilDay today = Today();
    pqxx::read_transaction tx(conn);
    if (auto s = CheckListScope(tx, call, window, today); !s.ok()) return s;
    auto rows = ListAdmissionRows(tx, window.root, today, stages, window.after_id, window.size);
    for (int i = 0; i < std::min<int>(window.size, rows.size()); ++i) {
      v1::Admission* a = response->add_admissions();
      *a = std::move(rows[i].admission);
      WithoutPersonalData(a->mutable_candidate());  // lists never carry personal data
    }
    response->set_next_page_token(NextPageToken(rows, window.size));
    return grpc::Status::OK;
  });
}

grpc::ServerUnaryReactor* MembershipService::RecordAdmissionStep(
    grpc::CallbackServerContext* context, const v1::RecordAdmissionStepRequest* request,
    v1::Admission* response) {
  return ServeMutation(
      context, db_, feed_, kSchema, request, response,
      [=](const CallContext& call, pqxx::work& tx, const std::string& request_id) -> grpc::Status {
        const absl::CivilDay today = Today();
        std::vector<FieldViolation> v;
        auto id = ResourceId(request->name(), kAdmissions);
        if (!id) v.push_back({"name", "must be \"admissions/{id}\""});
        ValidateStep(*request, today, v);
        const auto step = StepOfRequest(*request);
        std::optional<absl::CivilDay> day;
        if (step) day = StepDay(step->date, step->date_field, today, v);
        if (!v.empty()) return errors::InvalidArgument(v);
        auto stored = FindAdmission(tx, *id, /*for_update=*/true);
        if (!stored) return errors::NotFound(request->name());
        if (!request->etag().empty() && request->etag() != stored->admission.etag()) {
          return errors::StaleEtag(request->name());
        }
        if (auto s = CheckScope(tx, call, stored->organization_id, today); !s.ok()) return s;
        if (auto s = Refuse(CheckStepOrder(stored->file, step->step, *day)); !s.ok()) return s;
        // The step as stored: the request's message with what the rules computed.
        v1::RecordAdmissionStepRequest detail = *request;
        const auto* field = detail.GetDescriptor()->FindFieldByName(StepField(step->step));
        google::protobuf::Message* message = detail.GetReflection()->MutableMessage(&detail, field);
        const v1::AdmissionStage before = stored->file.stage;
        stored->file.stage = StageAfter(step->step);
        StepRules rules(tx, call, request_id, *stored, *day);
        std::optional<int64_t> class_id;
        grpc::Status status;
        switch (step->step) {
          case AdmissionStep::kClassCompletion:
            status = rules.ClassCompletion(detail.class_completion(), &class_id);
            break;
          case AdmissionStep::kApplication:
            stored->file.stage = before;
            status = rules.Application(detail.application());
            break;
          case AdmissionStep::kVerification:
            break;
          case AdmissionStep::kCellVote:
            status = rules.CellVote(detail.mutable_cell_vote());
            break;
          case AdmissionStep::kDecision:
            status = rules.Decision(detail.decision());
            break;
          case AdmissionStep::kCeremony:
            status = rules.Ceremony();
            break;
          case AdmissionStep::kRecognition:
            status = rules.Recognition(detail.mutable_recognition());
            break;
        }
        if (!status.ok()) return status;
        stored->file.last_step_on = *day;
        RecordStep(tx, *stored, StepField(step->step), *day, *message, class_id,
                   call.caller->subject);
        *response = FindAdmission(tx, *id)->admission;
        db::RecordAudit(tx, kSchema, call, "RecordAdmissionStep", response->name(),
                        {{"step", StepField(step->step)}, {"effective_on", FormatDay(*day)}});
        PublishStep(tx, *response, StepField(step->step), request_id);
        ForCaller(call, response);
        return grpc::Status::OK;
      });
}

grpc::ServerUnaryReactor* MembershipService::ListOverdueAdmissions(
    grpc::CallbackServerContext* context, const v1::ListOverdueAdmissionsRequest* request,
    v1::ListOverdueAdmissionsResponse* response) {
  return ServeOnDatabase(context, db_, [=](const CallContext& call, pqxx::connection& conn) {
    std::vector<FieldViolation> v;
    const ListWindow window = ReadListWindow(request->organization(), request->page_token(),
                                             request->page_size(), call, v);
    const auto day = DayOrToday(request->as_of(), "as_of", v);
    if (!v.empty()) return errors::InvalidArgument(v);
    pqxx::read_transaction tx(conn);
    if (auto s = CheckListScope(tx, call, window, *day); !s.ok()) return s;
    const int size = window.size;
    int64_t after = window.after_id;
    // Files waiting for a dated step, scanned by id; each is overdue or not
    // by the working-day calendar, which SQL does not know.
    const std::vector<int> waiting = {v1::ADMISSION_STAGE_APPLIED, v1::ADMISSION_STAGE_VERIFIED,
                                      v1::ADMISSION_STAGE_CELL_VOTED, v1::ADMISSION_STAGE_DECIDED,
                                      v1::ADMISSION_STAGE_ADMITTED};
    constexpr int kBatch = 500;
    while (true) {
      auto rows = ListAdmissionRows(tx, window.root, *day, waiting, after, kBatch);
      const int scanned = std::min<int>(kBatch, rows.size());
      for (int i = 0; i < scanned; ++i) {
        after = rows[i].id;
        auto overdue = OverdueOn(rows[i].file, *day);
        if (!overdue) continue;
        if (response->overdue_size() == size) {
          response->set_next_page_token(EncodePageToken(rows[i].id - 1));
          return grpc::Status::OK;
        }
        v1::OverdueAdmission* o = response->add_overdue();
        o->set_admission(rows[i].admission.name());
        o->set_full_name(rows[i].admission.candidate().full_name());
        o->set_organization(rows[i].admission.organization());
        o->set_stage(rows[i].file.stage);
        o->set_overdue_step(overdue->step);
        *o->mutable_due_on() = ToDate(overdue->due_on);
        *o->mutable_overdue_since() = ToDate(overdue->due_on + 1);
        o->set_rule(overdue->rule);
      }
      if (static_cast<int>(rows.size()) <= kBatch) return grpc::Status::OK;
    }
  });
}

}  // namespace partywork::membership
