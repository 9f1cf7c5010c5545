// Handlers of inspections and supervisions: planned → opened → concluded →
// remediation → closed, and the publication of conclusions.
#include "absl/strings/str_cat.h"
#include "libs/platform/db/audit.h"
#include "libs/platform/errors.h"
#include "libs/platform/feed/outbox.h"
#include "libs/platform/resource.h"
#include "libs/platform/unary.h"
#include "services/inspection/handler_support.h"
#include "services/inspection/inspection_rules.h"
#include "services/inspection/inspection_service.h"

namespace partywork::inspection {
namespace {

void Publish(pqxx::work& tx, const v1::Inspection& i, const std::string& request_id) {
  v1::InspectionChanged event;
  *event.mutable_inspection() = i;
  feed::Publish(tx, kSchema, event, i.name(), request_id);
}

// One step of RecordInspectionStep on the locked inspection `i`: checks it
// and changes `i`, or returns why not.
grpc::Status ApplyStep(pqxx::work& tx, const v1::RecordInspectionStepRequest& r, v1::Inspection& i,
                       std::string* step) {
  std::vector<FieldViolation> v;
  const auto opened = ToCivilDay(i.opening().opened_on());
  const auto concluded = ToCivilDay(i.conclusion().concluded_on());
  auto refuse = [](const std::optional<RuleViolation>& rule) {
    return rule ? errors::FromRule(*rule) : grpc::Status::OK;
  };
  switch (r.step_case()) {
    case v1::RecordInspectionStepRequest::kOpen: {
      *step = "open";
      RequiredText(r.open().decision(), "open.decision", 300, v);
      auto day = RequiredDay(r.open().opened_on(), "open.opened_on", v);
      if (r.open().team().empty()) v.push_back({"open.team", "names at least the team's head"});
      if (!v.empty()) return errors::InvalidArgument(v);
      const auto planned = *ToCivilDay(i.planned_on());
      if (auto s = refuse(CheckInspectionStep(i, v1::INSPECTION_STATE_PLANNED,
                                              std::min(planned, *day), *day, *step));
          !s.ok()) {
        return s;
      }
      SubjectOnDay subject;
      if (auto s = FindSubject(tx, i.subject(), *day, "open.opened_on", &subject); !s.ok()) {
        return s;
      }
      *i.mutable_opening() = r.open();
      i.set_state(v1::INSPECTION_STATE_OPENED);
      return grpc::Status::OK;
    }
    case v1::RecordInspectionStepRequest::kConclude: {
      *step = "conclude";
      auto day = RequiredDay(r.conclude().concluded_on(), "conclude.concluded_on", v);
      RequiredText(r.conclude().findings(), "conclude.findings", 10000, v);
      if (!v.empty()) return errors::InvalidArgument(v);
      if (auto s = refuse(CheckInspectionStep(i, v1::INSPECTION_STATE_OPENED, opened.value_or(*day),
                                              *day, *step));
          !s.ok()) {
        return s;
      }
      if (auto s = refuse(CheckConclusion(r.conclude())); !s.ok()) return s;
      *i.mutable_conclusion() = r.conclude();
      i.set_state(v1::INSPECTION_STATE_CONCLUDED);
      return grpc::Status::OK;
    }
    case v1::RecordInspectionStepRequest::kPublishOn: {
      *step = "publish";
      auto day = RequiredDay(r.publish_on(), "publish_on", v);
      if (!v.empty()) return errors::InvalidArgument(v);
      if (i.has_published_on()) {
        return errors::FailedPrecondition("ALREADY_PUBLISHED", "the conclusion is published");
      }
      if (i.state() == v1::INSPECTION_STATE_CLOSED) i.set_state(v1::INSPECTION_STATE_CONCLUDED);
      auto rule = CheckInspectionStep(i, v1::INSPECTION_STATE_CONCLUDED, concluded.value_or(*day),
                                      *day, *step);
      if (auto s = refuse(rule); !s.ok()) return s;
      *i.mutable_published_on() = r.publish_on();
      if (i.has_closed_on()) i.set_state(v1::INSPECTION_STATE_CLOSED);
      return grpc::Status::OK;
    }
    case v1::RecordInspectionStepRequest::kAddRemediation: {
      *step = "add_remediation";
      RequiredText(r.add_remediation().description(), "add_remediation.description", 2000, v);
      auto due = ToCivilDay(r.add_remediation().due_on());
      if (!due) v.push_back({"add_remediation.due_on", "is required and must be a real date"});
      if (!v.empty()) return errors::InvalidArgument(v);
      if (auto s = refuse(CheckInspectionStep(i, v1::INSPECTION_STATE_CONCLUDED,
                                              concluded.value_or(*due), *due, *step));
          !s.ok()) {
        return s;
      }
      v1::RemediationItem* item = i.add_remediation();
      *item = r.add_remediation();
      item->set_status(v1::REMEDIATION_STATUS_PENDING);
      item->clear_done_on();
      return grpc::Status::OK;
    }
    case v1::RecordInspectionStepRequest::kRemediationDone: {
      *step = "remediation_done";
      const int index = r.remediation_done().index();
      auto day = RequiredDay(r.remediation_done().done_on(), "remediation_done.done_on", v);
      if (index < 0 || index >= i.remediation_size()) {
        v.push_back({"remediation_done.index", "names no remediation item"});
      }
      if (!v.empty()) return errors::InvalidArgument(v);
      if (auto s = refuse(CheckInspectionStep(i, v1::INSPECTION_STATE_CONCLUDED,
                                              concluded.value_or(*day), *day, *step));
          !s.ok()) {
        return s;
      }
      v1::RemediationItem* item = i.mutable_remediation(index);
      if (item->status() == v1::REMEDIATION_STATUS_DONE) {
        return errors::FailedPrecondition("REMEDIATION_ALREADY_DONE", "the item is done");
      }
      item->set_status(v1::REMEDIATION_STATUS_DONE);
      *item->mutable_done_on() = r.remediation_done().done_on();
      return grpc::Status::OK;
    }
    case v1::RecordInspectionStepRequest::kCloseOn: {
      *step = "close";
      auto day = RequiredDay(r.close_on(), "close_on", v);
      if (!v.empty()) return errors::InvalidArgument(v);
      if (auto s = refuse(CheckInspectionStep(i, v1::INSPECTION_STATE_CONCLUDED,
                                              concluded.value_or(*day), *day, *step));
          !s.ok()) {
        return s;
      }
      if (auto s = refuse(CheckClose(i)); !s.ok()) return s;
      *i.mutable_closed_on() = r.close_on();
      i.set_state(v1::INSPECTION_STATE_CLOSED);
      return grpc::Status::OK;
    }
    default:
      return errors::InvalidArgument({{"step", "is required"}});
  }
}

}  // namespace

grpc::ServerUnaryReactor* InspectionService::CreateInspection(
    grpc::CallbackServerContext* context, const v1::CreateInspectionRequest* request,
    v1::Inspection* response) {
  return ServeMutation(
      context, db_, feed_, kSchema, request, response,
      [=](const CallContext& call, pqxx::work& tx, const std::string& request_id) -> grpc::Status {
        const v1::Inspection& in = request->inspection();
        std::vector<FieldViolation> v;
        if (!v1::InspectionKind_IsValid(in.kind()) ||
            in.kind() == v1::INSPECTION_KIND_UNSPECIFIED) {
          v.push_back({"inspection.kind", "is required"});
        }
        ValidateActor(in.actor(), "inspection.actor.", v);
        auto subject = ParseSubject(in.subject());
        if (!subject) {
          v.push_back({"inspection.subject", "must be \"organizations/{id}\" or \"members/{id}\""});
        }
        RequiredText(in.content(), "inspection.content", 2000, v);
        auto planned = ToCivilDay(in.planned_on());
        if (!planned) v.push_back({"inspection.planned_on", "is required and must be a real date"});
        std::optional<int64_t> program, petition;
        if (!in.program().empty()) {
          program = RequiredId(in.program(), kPrograms, "inspection.program", v);
        }
        if (!in.petition().empty()) {
          petition = RequiredId(in.petition(), kPetitions, "inspection.petition", v);
        }
        if (!v.empty()) return errors::InvalidArgument(v);
        if (program && !FindProgram(tx, *program)) return errors::NotFound(in.program());
        if (petition && !FindPetition(tx, *petition)) return errors::NotFound(in.petition());
        if (auto s = CheckActor(tx, call, in.actor(), *planned); !s.ok()) return s;
        if (auto refused = CheckKindForActor(in.kind(), in.actor().kind(),
                                             subject->kind == Subject::Kind::kOrganization)) {
          return errors::FromRule(*refused);
        }
        SubjectOnDay found;
        if (auto s = FindSubject(tx, in.subject(), *planned, "inspection.planned_on", &found);
            !s.ok()) {
          return s;
        }
        v1::Inspection stored;
        stored.set_kind(in.kind());
        *stored.mutable_actor() = in.actor();
        stored.set_subject(in.subject());
        stored.set_program(in.program());
        stored.set_petition(in.petition());
        stored.set_content(in.content());
        *stored.mutable_planned_on() = in.planned_on();
        stored.set_state(v1::INSPECTION_STATE_PLANNED);
        InsertInspection(tx, stored);
        *response = stored;
        db::RecordAudit(tx, kSchema, call, "CreateInspection", stored.name(),
                        {{"kind", v1::InspectionKind_Name(in.kind())}, {"subject", in.subject()}});
        Publish(tx, stored, request_id);
        return grpc::Status::OK;
      });
}

grpc::ServerUnaryReactor* InspectionService::GetInspection(grpc::CallbackServerContext* context,
                                                           const v1::GetInspectionRequest* request,
                                                           v1::Inspection* response) {
  return ServeOnDatabase(
      context, db_, [=](const CallContext& call, pqxx::connection& conn) -> grpc::Status {
        std::vector<FieldViolation> v;
        auto id = RequiredId(request->name(), kInspections, "name", v);
        if (!v.empty()) return errors::InvalidArgument(v);
        pqxx::read_transaction tx(conn);
        auto found = FindInspection(tx, *id);
        if (!found) return errors::NotFound(request->name());
        const int64_t actor = *ResourceId(found->actor().organization(), "organizations");
        if (auto s = CheckScope(tx, call, actor, Today()); !s.ok()) return s;
        *response = *found;
        return grpc::Status::OK;
      });
}

grpc::ServerUnaryReactor* InspectionService::ListInspections(
    grpc::CallbackServerContext* context, const v1::ListInspectionsRequest* request,
    v1::ListInspectionsResponse* response) {
  return ServeOnDatabase(
      context, db_, [=](const CallContext& call, pqxx::connection& conn) -> grpc::Status {
        std::vector<FieldViolation> v;
        // By subject alone (a member's dossier), or within a subtree.
        auto root = ReadListFilter(request->organization(), request->subject(), v);
        const PageWindow page = ReadPage(request->page_token(), request->page_size(), v);
        std::optional<absl::CivilDay> open_on;
        if (request->has_open_on()) {
          open_on = ToCivilDay(request->open_on());
          if (!open_on) v.push_back({"open_on", "must be a real date"});
        }
        if (!v.empty()) return errors::InvalidArgument(v);
        pqxx::read_transaction tx(conn);
        std::optional<std::vector<int64_t>> organizations;
        if (auto s = ListedOrganizations(tx, call, root, &organizations); !s.ok()) return s;
        auto rows = ListInspectionPage(tx, organizations, request->subject(), open_on, page.after,
                                       page.size + 1);
        response->set_next_page_token(
            TakePage(rows, page.size, kInspections, response->mutable_inspections()));
        return grpc::Status::OK;
      });
}

grpc::ServerUnaryReactor* InspectionService::RecordInspectionStep(
    grpc::CallbackServerContext* context, const v1::RecordInspectionStepRequest* request,
    v1::Inspection* response) {
  return ServeMutation(
      context, db_, feed_, kSchema, request, response,
      [=](const CallContext& call, pqxx::work& tx, const std::string& request_id) -> grpc::Status {
        std::vector<FieldViolation> v;
        auto id = RequiredId(request->name(), kInspections, "name", v);
        if (!v.empty()) return errors::InvalidArgument(v);
        auto found = FindInspection(tx, *id, /*for_update=*/true);
        if (!found) return errors::NotFound(request->name());
        const int64_t actor = *ResourceId(found->actor().organization(), "organizations");
        if (auto s = CheckScope(tx, call, actor, Today()); !s.ok()) return s;
        std::string step;
        if (auto s = ApplyStep(tx, *request, *found, &step); !s.ok()) return s;
        SaveInspection(tx, *found);
        *response = *found;
        db::RecordAudit(tx, kSchema, call, "RecordInspectionStep", found->name(),
                        {{"step", step}, {"state", v1::InspectionState_Name(found->state())}});
        Publish(tx, *found, request_id);
        return grpc::Status::OK;
      });
}

}  // namespace partywork::inspection
