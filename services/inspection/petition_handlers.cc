// Handlers of petitions (đơn thư): received, jurisdiction decided, the
// deadline extended once, resolved; the overdue ones listed.
#include "absl/strings/str_cat.h"
#include "libs/platform/db/audit.h"
#include "libs/platform/errors.h"
#include "libs/platform/feed/outbox.h"
#include "libs/platform/resource.h"
#include "libs/platform/unary.h"
#include "services/inspection/handler_support.h"
#include "services/inspection/inspection_service.h"
#include "services/inspection/petition_rules.h"

namespace partywork::inspection {
namespace {

void Publish(pqxx::work& tx, const v1::Petition& p, const std::string& request_id) {
  v1::PetitionChanged event;
  *event.mutable_petition() = p;
  feed::Publish(tx, kSchema, event, p.name(), request_id);
}

grpc::Status Refuse(const std::optional<RuleViolation>& rule) {
  return rule ? errors::FromRule(*rule) : grpc::Status::OK;
}

grpc::Status ApplyStep(const v1::RecordPetitionStepRequest& r, v1::Petition& p, std::string* step) {
  std::vector<FieldViolation> v;
  switch (r.step_case()) {
    case v1::RecordPetitionStepRequest::kDecideJurisdiction: {
      *step = "decide_jurisdiction";
      const auto& j = r.decide_jurisdiction();
      RequiredDay(j.decided_on(), "decide_jurisdiction.decided_on", v);
      if (!v1::JurisdictionDecision_IsValid(j.decision()) ||
          j.decision() == v1::JURISDICTION_DECISION_UNSPECIFIED) {
        v.push_back({"decide_jurisdiction.decision", "is required"});
      }
      if (j.decision() == v1::JURISDICTION_DECISION_FORWARD) {
        RequiredText(j.forwarded_to(), "decide_jurisdiction.forwarded_to", 300, v);
      }
      if (j.decision() == v1::JURISDICTION_DECISION_NOT_HANDLED &&
          j.not_handled_reason() == v1::NOT_HANDLED_REASON_UNSPECIFIED) {
        v.push_back({"decide_jurisdiction.not_handled_reason", "is required"});
      }
      const bool defer = j.decision() == v1::JURISDICTION_DECISION_DEFER_TO_NEW_COMMITTEE;
      if (defer) RequiredDay(j.congress_on(), "decide_jurisdiction.congress_on", v);
      if (!v.empty()) return errors::InvalidArgument(v);
      if (auto s = Refuse(CheckPetitionState(p.state(), v1::PETITION_STATE_RECEIVED)); !s.ok()) {
        return s;
      }
      if (auto s = Refuse(CheckJurisdiction(p, j)); !s.ok()) return s;
      if (defer) {
        if (auto s = Refuse(CheckCongressDeferral(p.kind(), *ToCivilDay(p.received_on()),
                                                  *ToCivilDay(j.congress_on())));
            !s.ok()) {
          return s;
        }
      }
      *p.mutable_jurisdiction() = j;
      switch (j.decision()) {
        case v1::JURISDICTION_DECISION_HANDLE:
        case v1::JURISDICTION_DECISION_DEFER_TO_NEW_COMMITTEE: {
          // A deferred denunciation's deadline runs from the congress.
          const Deadline d =
              PetitionDeadline(p.kind(), *ToCivilDay(defer ? j.congress_on() : p.received_on()));
          *p.mutable_due_on() = ToDate(d.due_on);
          p.set_due_rule(d.rule);
          p.set_state(v1::PETITION_STATE_HANDLING);
          break;
        }
        case v1::JURISDICTION_DECISION_FORWARD:
          p.set_state(v1::PETITION_STATE_FORWARDED);
          break;
        default:
          p.set_state(v1::PETITION_STATE_NOT_HANDLED);
      }
      return grpc::Status::OK;
    }
    case v1::RecordPetitionStepRequest::kExtend: {
      *step = "extend";
      RequiredDay(r.extend().extended_on(), "extend.extended_on", v);
      if (r.extend().working_days() <= 0) {
        v.push_back({"extend.working_days", "must be positive"});
      }
      RequiredText(r.extend().reason(), "extend.reason", 2000, v);
      if (!v.empty()) return errors::InvalidArgument(v);
      if (auto s = Refuse(CheckPetitionState(p.state(), v1::PETITION_STATE_HANDLING)); !s.ok()) {
        return s;
      }
      if (auto s = Refuse(CheckExtension(p, r.extend())); !s.ok()) return s;
      *p.mutable_due_on() = ToDate(ExtendedDue(*ToCivilDay(p.due_on()), r.extend().working_days()));
      *p.mutable_extension() = r.extend();
      return grpc::Status::OK;
    }
    case v1::RecordPetitionStepRequest::kResolve: {
      *step = "resolve";
      auto day = RequiredDay(r.resolve().resolved_on(), "resolve.resolved_on", v);
      RequiredText(r.resolve().outcome(), "resolve.outcome", 10000, v);
      if (!v.empty()) return errors::InvalidArgument(v);
      if (auto s = Refuse(CheckPetitionState(p.state(), v1::PETITION_STATE_HANDLING)); !s.ok()) {
        return s;
      }
      if (*day < *ToCivilDay(p.jurisdiction().decided_on())) {
        return errors::FailedPrecondition("DATE_BEFORE_PREVIOUS_STEP",
                                          "the resolution is dated before the jurisdiction "
                                          "decision");
      }
      *p.mutable_resolution() = r.resolve();
      p.set_state(v1::PETITION_STATE_RESOLVED);
      return grpc::Status::OK;
    }
    default:
      return errors::InvalidArgument({{"step", "is required"}});
  }
}

}  // namespace

grpc::ServerUnaryReactor* InspectionService::CreatePetition(
    grpc::CallbackServerContext* context, const v1::CreatePetitionRequest* request,
    v1::Petition* response) {
  return ServeMutation(
      context, db_, feed_, kSchema, request, response,
      [=](const CallContext& call, pqxx::work& tx, const std::string& request_id) -> grpc::Status {
        const v1::Petition& in = request->petition();
        std::vector<FieldViolation> v;
        if (!v1::PetitionKind_IsValid(in.kind()) || in.kind() == v1::PETITION_KIND_UNSPECIFIED) {
          v.push_back({"petition.kind", "is required"});
        }
        auto organization =
            RequiredId(in.organization(), "organizations", "petition.organization", v);
        if (!ParseSubject(in.subject())) {
          v.push_back({"petition.subject", "must be \"organizations/{id}\" or \"members/{id}\""});
        }
        auto received = RequiredDay(in.received_on(), "petition.received_on", v);
        RequiredText(in.summary(), "petition.summary", 10000, v);
        if (!in.petitioner().anonymous()) {
          RequiredText(in.petitioner().full_name(), "petition.petitioner.full_name", 300, v);
        }
        if (!v.empty()) return errors::InvalidArgument(v);
        if (auto s = CheckScope(tx, call, *organization, *received); !s.ok()) return s;
        SubjectOnDay found;
        if (auto s = FindSubject(tx, in.subject(), *received, "petition.received_on", &found);
            !s.ok()) {
          return s;
        }
        v1::Petition stored;
        stored.set_kind(in.kind());
        stored.set_organization(in.organization());
        stored.set_subject(in.subject());
        *stored.mutable_received_on() = in.received_on();
        *stored.mutable_petitioner() = in.petitioner();
        stored.set_summary(in.summary());
        stored.set_state(v1::PETITION_STATE_RECEIVED);
        InsertPetition(tx, stored);
        *response = stored;
        db::RecordAudit(tx, kSchema, call, "CreatePetition", stored.name(),
                        {{"kind", v1::PetitionKind_Name(in.kind())}, {"subject", in.subject()}});
        Publish(tx, stored, request_id);
        return grpc::Status::OK;
      });
}

grpc::ServerUnaryReactor* InspectionService::GetPetition(grpc::CallbackServerContext* context,
                                                         const v1::GetPetitionRequest* request,
                                                         v1::Petition* response) {
  return ServeOnDatabase(
      context, db_, [=](const CallContext& call, pqxx::connection& conn) -> grpc::Status {
        std::vector<FieldViolation> v;
        auto id = RequiredId(request->name(), kPetitions, "name", v);
        if (!v.empty()) return errors::InvalidArgument(v);
        pqxx::read_transaction tx(conn);
        auto found = FindPetition(tx, *id);
        if (!found) return errors::NotFound(request->name());
        if (auto s =
                CheckScope(tx, call, *ResourceId(found->organization(), "organizations"), Today());
            !s.ok()) {
          return s;
        }
        *response = *found;
        return grpc::Status::OK;
      });
}

grpc::ServerUnaryReactor* InspectionService::ListPetitions(grpc::CallbackServerContext* context,
                                                           const v1::ListPetitionsRequest* request,
                                                           v1::ListPetitionsResponse* response) {
  return ServeOnDatabase(
      context, db_, [=](const CallContext& call, pqxx::connection& conn) -> grpc::Status {
        std::vector<FieldViolation> v;
        // By subject alone (a member's dossier), or within a subtree.
        auto root = ReadListFilter(request->organization(), request->subject(), v);
        std::optional<absl::CivilDay> overdue_on;
        if (request->has_overdue_on()) {
          overdue_on = ToCivilDay(request->overdue_on());
          if (!overdue_on) v.push_back({"overdue_on", "must be a real date"});
        }
        const PageWindow page = ReadPage(request->page_token(), request->page_size(), v);
        if (!v.empty()) return errors::InvalidArgument(v);
        pqxx::read_transaction tx(conn);
        std::optional<std::vector<int64_t>> organizations;
        if (auto s = ListedOrganizations(tx, call, root, &organizations); !s.ok()) return s;
        auto rows = ListPetitionPage(tx, organizations, request->subject(), overdue_on, page.after,
                                     page.size + 1);
        response->set_next_page_token(
            TakePage(rows, page.size, kPetitions, response->mutable_petitions()));
        return grpc::Status::OK;
      });
}

grpc::ServerUnaryReactor* InspectionService::RecordPetitionStep(
    grpc::CallbackServerContext* context, const v1::RecordPetitionStepRequest* request,
    v1::Petition* response) {
  return ServeMutation(
      context, db_, feed_, kSchema, request, response,
      [=](const CallContext& call, pqxx::work& tx, const std::string& request_id) -> grpc::Status {
        std::vector<FieldViolation> v;
        auto id = RequiredId(request->name(), kPetitions, "name", v);
        if (!v.empty()) return errors::InvalidArgument(v);
        auto found = FindPetition(tx, *id, /*for_update=*/true);
        if (!found) return errors::NotFound(request->name());
        if (auto s =
                CheckScope(tx, call, *ResourceId(found->organization(), "organizations"), Today());
            !s.ok()) {
          return s;
        }
        std::string step;
        if (auto s = ApplyStep(*request, *found, &step); !s.ok()) return s;
        SavePetition(tx, *found);
        *response = *found;
        db::RecordAudit(tx, kSchema, call, "RecordPetitionStep", found->name(),
                        {{"step", step}, {"state", v1::PetitionState_Name(found->state())}});
        Publish(tx, *found, request_id);
        return grpc::Status::OK;
      });
}

}  // namespace partywork::inspection
