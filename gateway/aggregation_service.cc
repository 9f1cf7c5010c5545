#include "gateway/aggregation_service.h"

#include <algorithm>

#include "absl/time/clock.h"
#include "grpcpp/impl/codegen/proto_utils.h"
#include "libs/platform/errors.h"
#include "libs/platform/resource.h"
#include "partywork/inspection/v1/inspection_service.pb.h"
#include "partywork/membership/v1/membership_service.pb.h"
#include "partywork/reporting/v1/reporting_service.pb.h"

namespace partywork::gateway {
namespace {

namespace mv1 = membership::v1;
namespace rv1 = reporting::v1;
namespace iv1 = inspection::v1;

constexpr char kMembership[] = "/partywork.membership.v1.MembershipService/";
constexpr char kInspection[] = "/partywork.inspection.v1.InspectionService/";
const std::string kGetMember = std::string(kMembership) + "GetMember";
const std::string kListMemberEvents = std::string(kMembership) + "ListMemberEvents";
const std::string kListMemberRatings = std::string(kMembership) + "ListMemberRatings";
const std::string kGetOrganization = std::string(kMembership) + "GetOrganization";
const std::string kListOrganizations = std::string(kMembership) + "ListOrganizations";
const std::string kSummarize = std::string(kMembership) + "SummarizeOrganizations";
const std::string kSummarizeRatings = std::string(kMembership) + "SummarizeRatings";
const std::string kListInspections = std::string(kInspection) + "ListInspections";
const std::string kListDisciplineCases = std::string(kInspection) + "ListDisciplineCases";
const std::string kListPetitions = std::string(kInspection) + "ListPetitions";
const std::string kListPrograms = std::string(kInspection) + "ListPrograms";
const std::string kGetProgramProgress = std::string(kInspection) + "GetProgramProgress";
constexpr char kReporting[] = "/partywork.reporting.v1.ReportingService/";
const std::string kMembershipReport = std::string(kReporting) + "GetMembershipReport";
const std::string kAdmissionReport = std::string(kReporting) + "GetAdmissionReport";

// The most a list part holds: one page, the largest inspection serves.
constexpr int kPartLimit = 500;

// The answer about the call's subject itself that fails the whole call: the
// request is wrong, not a service late.
bool FailsTheCall(const grpc::Status& status) {
  switch (status.error_code()) {
    case grpc::StatusCode::INVALID_ARGUMENT:
    case grpc::StatusCode::NOT_FOUND:
    case grpc::StatusCode::PERMISSION_DENIED:
    case grpc::StatusCode::UNAUTHENTICATED:
    case grpc::StatusCode::FAILED_PRECONDITION:
    case grpc::StatusCode::OUT_OF_RANGE:
      return true;
    default:
      return false;
  }
}

grpc::ServerUnaryReactor* Finished(grpc::CallbackServerContext* context, grpc::Status status) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  reactor->Finish(std::move(status));
  return reactor;
}

// The name of a request, checked to be "<collection>/<id>".
std::optional<grpc::Status> BadName(const std::string& name, const char* collection) {
  if (ResourceId(name, collection)) return std::nullopt;
  return errors::InvalidArgument(
      {{"name", absl::StrCat("must be \"", collection, "/{id}\", not \"", name, "\"")}});
}

template <typename Response>
void AddMissing(const FanOut& fan, Response* response) {
  for (v1::MissingPart& part : fan.Missing()) *response->add_missing_parts() = std::move(part);
}

// Moves `part`'s answer into `field` of `out`, if its call succeeded (a
// field left alone stays unset).
template <typename Out, typename T>
void Put(const FanOut& fan, const std::string& part, T* answer, Out* out, T* (Out::*field)()) {
  if (fan.StatusOf(part).ok()) *(out->*field)() = std::move(*answer);
}

// The dossier's calls: the member (the subject), its history and ratings
// from membership, and what inspection holds about the member.
struct DossierCalls {
  std::shared_ptr<mv1::Member> member;
  std::shared_ptr<mv1::ListMemberEventsResponse> events;
  std::shared_ptr<mv1::ListMemberRatingsResponse> ratings;
  std::shared_ptr<iv1::ListInspectionsResponse> inspections;
  std::shared_ptr<iv1::ListDisciplineCasesResponse> cases;
  std::shared_ptr<iv1::ListPetitionsResponse> petitions;

  DossierCalls(FanOut& fan, const AggregationBackends& backends, const std::string& name) {
    BackendClient& membership = *backends.membership;
    BackendClient& inspection = *backends.inspection;
    mv1::GetMemberRequest get;
    get.set_name(name);
    member = fan.Call<mv1::Member>(membership, "member", kGetMember, get);
    mv1::ListMemberEventsRequest history;
    history.set_parent(name);
    events = fan.Call<mv1::ListMemberEventsResponse>(membership, "status_history",
                                                     kListMemberEvents, history);
    mv1::ListMemberRatingsRequest rated;
    rated.set_parent(name);
    ratings =
        fan.Call<mv1::ListMemberRatingsResponse>(membership, "ratings", kListMemberRatings, rated);
    iv1::ListInspectionsRequest inspected;
    inspected.set_subject(name);
    inspected.set_page_size(kPartLimit);
    inspections = fan.Call<iv1::ListInspectionsResponse>(inspection, "inspections",
                                                         kListInspections, inspected);
    iv1::ListDisciplineCasesRequest disciplined;
    disciplined.set_subject(name);
    disciplined.set_page_size(kPartLimit);
    cases = fan.Call<iv1::ListDisciplineCasesResponse>(inspection, "discipline_cases",
                                                       kListDisciplineCases, disciplined);
    iv1::ListPetitionsRequest petitioned;
    petitioned.set_subject(name);
    petitioned.set_page_size(kPartLimit);
    petitions =
        fan.Call<iv1::ListPetitionsResponse>(inspection, "petitions", kListPetitions, petitioned);
  }

  // The dossier, or the refusal of its member.
  grpc::Status Fill(const FanOut& fan, v1::MemberDossier* dossier) const {
    const grpc::Status subject = fan.StatusOf("member");
    if (FailsTheCall(subject)) return subject;
    Put(fan, "member", member.get(), dossier, &v1::MemberDossier::mutable_member);
    Put(fan, "status_history", events->mutable_events(), dossier,
        &v1::MemberDossier::mutable_status_history);
    Put(fan, "ratings", ratings->mutable_ratings(), dossier, &v1::MemberDossier::mutable_ratings);
    Put(fan, "inspections", inspections->mutable_inspections(), dossier,
        &v1::MemberDossier::mutable_inspections);
    Put(fan, "discipline_cases", cases->mutable_discipline_cases(), dossier,
        &v1::MemberDossier::mutable_discipline_cases);
    Put(fan, "petitions", petitions->mutable_petitions(), dossier,
        &v1::MemberDossier::mutable_petitions);
    return grpc::Status::OK;
  }
};

// The overview's calls: the organization (the subject), its subtree, its
// members' figures, the inspections open on the day, its bodies' programs of
// the day's year (each program's progress asked for once the programs are
// known), the ratings of its latest rated year and the year's admissions.
struct OverviewCalls {
  struct ProgramRow {
    iv1::Program program;
    std::shared_ptr<iv1::ProgramProgress> progress;
    std::string part;
  };

  std::shared_ptr<mv1::Organization> organization;
  std::shared_ptr<mv1::SummarizeOrganizationsResponse> subtree;
  std::shared_ptr<rv1::MembershipReport> membership_report;
  std::shared_ptr<iv1::ListInspectionsResponse> open_inspections;
  std::shared_ptr<std::vector<ProgramRow>> programs = std::make_shared<std::vector<ProgramRow>>();
  std::shared_ptr<mv1::RatingSummary> ratings;
  std::shared_ptr<rv1::AdmissionReport> admissions;

  OverviewCalls(const std::shared_ptr<FanOut>& fan, const AggregationBackends& backends,
                const std::string& name, const google::type::Date& as_of) {
    BackendClient& membership = *backends.membership;
    BackendClient& inspection = *backends.inspection;
    BackendClient& reporting = *backends.reporting;
    // The day shown, for the parts that need it spelt out.
    const absl::CivilDay day = ToCivilDay(as_of).value_or(Today());
    mv1::GetOrganizationRequest get;
    get.set_name(name);
    *get.mutable_as_of() = as_of;
    organization = fan->Call<mv1::Organization>(membership, "organization", kGetOrganization, get);
    mv1::SummarizeOrganizationsRequest summarize;
    summarize.set_root(name);
    *summarize.mutable_as_of() = as_of;
    subtree = fan->Call<mv1::SummarizeOrganizationsResponse>(membership, "subtree", kSummarize,
                                                             summarize);
    rv1::GetMembershipReportRequest report;
    report.set_root(name);
    *report.mutable_as_of() = as_of;
    membership_report =
        fan->Call<rv1::MembershipReport>(reporting, "membership", kMembershipReport, report);
    iv1::ListInspectionsRequest open;
    open.set_organization(name);
    *open.mutable_open_on() = ToDate(day);
    open.set_page_size(kPartLimit);
    open_inspections = fan->Call<iv1::ListInspectionsResponse>(inspection, "open_inspections",
                                                               kListInspections, open);
    iv1::ListProgramsRequest adopted;
    adopted.set_organization(name);
    adopted.set_year(static_cast<int32_t>(day.year()));
    adopted.set_page_size(kPartLimit);
    std::weak_ptr<FanOut> weak = fan;  // the calls hold the fan-out, not the other way round
    fan->Call<iv1::ListProgramsResponse>(
        inspection, "programs", kListPrograms, adopted,
        [weak, rows = programs, &inspection, day](const iv1::ListProgramsResponse& listed) {
          auto fan = weak.lock();
          for (const iv1::Program& program : listed.programs()) {
            ProgramRow& row = rows->emplace_back();
            row.program = program;
            row.part = absl::StrCat("programs.", program.name(), ".progress");
            iv1::GetProgramProgressRequest progress;
            progress.set_name(program.name());
            *progress.mutable_as_of() = ToDate(day);
            row.progress = fan->Call<iv1::ProgramProgress>(inspection, row.part,
                                                           kGetProgramProgress, progress);
          }
        });
    mv1::SummarizeRatingsRequest rated;
    rated.set_organization(name);
    *rated.mutable_as_of() = ToDate(day);
    ratings = fan->Call<mv1::RatingSummary>(membership, "ratings", kSummarizeRatings, rated);
    rv1::GetAdmissionReportRequest admitted;
    admitted.set_root(name);
    *admitted.mutable_period_start() = ToDate(absl::CivilDay(day.year(), 1, 1));
    *admitted.mutable_period_end() = ToDate(day);
    admissions =
        fan->Call<rv1::AdmissionReport>(reporting, "admissions", kAdmissionReport, admitted);
  }

  // The overview, or the refusal of its organization.
  grpc::Status Fill(const FanOut& fan, v1::OrganizationOverview* overview) const {
    const grpc::Status subject = fan.StatusOf("organization");
    if (FailsTheCall(subject)) return subject;
    Put(fan, "organization", organization.get(), overview,
        &v1::OrganizationOverview::mutable_organization);
    Put(fan, "subtree", subtree.get(), overview, &v1::OrganizationOverview::mutable_subtree);
    Put(fan, "membership", membership_report.get(), overview,
        &v1::OrganizationOverview::mutable_membership);
    Put(fan, "open_inspections", open_inspections->mutable_inspections(), overview,
        &v1::OrganizationOverview::mutable_open_inspections);
    for (ProgramRow& row : *programs) {
      v1::ProgramStatus* out = overview->add_programs();
      *out->mutable_program() = std::move(row.program);
      Put(fan, row.part, row.progress.get(), out, &v1::ProgramStatus::mutable_progress);
    }
    Put(fan, "ratings", ratings.get(), overview, &v1::OrganizationOverview::mutable_ratings);
    Put(fan, "admissions", admissions.get(), overview,
        &v1::OrganizationOverview::mutable_admissions);
    return grpc::Status::OK;
  }
};

}  // namespace

std::shared_ptr<FanOut> AggregationService::Begin(grpc::CallbackServerContext* context,
                                                  const char* method,
                                                  const google::protobuf::Message& request,
                                                  grpc::ServerUnaryReactor* reactor) {
  grpc::ByteBuffer buffer;
  bool own_buffer;
  grpc::Status serialized = grpc::SerializationTraits<google::protobuf::Message>::Serialize(
      request, &buffer, &own_buffer);
  Admission admission;
  admission.status = serialized;
  if (serialized.ok()) {
    admission =
        admit_(*context, absl::StrCat("/partywork.gateway.v1.GatewayService/", method), buffer);
  }
  if (!admission.status.ok()) {
    reactor->Finish(admission.status);
    return nullptr;
  }
  const absl::Time deadline =
      std::min(absl::FromChrono(context->deadline()), absl::Now() + timeout_);
  return FanOut::Create(*context, std::move(admission.caller), deadline, authorizer_);
}

grpc::ServerUnaryReactor* AggregationService::GetMemberDossier(
    grpc::CallbackServerContext* context, const v1::GetMemberDossierRequest* request,
    v1::MemberDossier* response) {
  if (auto bad = BadName(request->name(), "members")) return Finished(context, *bad);
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  auto fan = Begin(context, "GetMemberDossier", *request, reactor);
  if (!fan) return reactor;
  auto calls = std::make_shared<DossierCalls>(*fan, backends_, request->name());
  fan->Start([fan, reactor, response, calls] {
    grpc::Status status = calls->Fill(*fan, response);
    if (status.ok()) AddMissing(*fan, response);
    reactor->Finish(status);
  });
  return reactor;
}

grpc::ServerUnaryReactor* AggregationService::GetOrganizationOverview(
    grpc::CallbackServerContext* context, const v1::GetOrganizationOverviewRequest* request,
    v1::OrganizationOverview* response) {
  if (auto bad = BadName(request->name(), "organizations")) return Finished(context, *bad);
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  auto fan = Begin(context, "GetOrganizationOverview", *request, reactor);
  if (!fan) return reactor;
  auto calls = std::make_shared<OverviewCalls>(fan, backends_, request->name(), request->as_of());
  fan->Start([fan, reactor, response, calls] {
    grpc::Status status = calls->Fill(*fan, response);
    if (status.ok()) AddMissing(*fan, response);
    reactor->Finish(status);
  });
  return reactor;
}

grpc::ServerUnaryReactor* AggregationService::GetDashboard(grpc::CallbackServerContext* context,
                                                           const v1::GetDashboardRequest* request,
                                                           v1::Dashboard* response) {
  if (auto bad = BadName(request->name(), "organizations")) return Finished(context, *bad);
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  auto fan = Begin(context, "GetDashboard", *request, reactor);
  if (!fan) return reactor;
  BackendClient& membership = *backends_.membership;
  auto overview =
      std::make_shared<OverviewCalls>(fan, backends_, request->name(), request->as_of());
  // Each child's counts, asked for as soon as the children are known.
  struct Row {
    mv1::Organization organization;
    std::shared_ptr<mv1::SummarizeOrganizationsResponse> subtree;
    std::string part;
  };
  auto rows = std::make_shared<std::vector<Row>>();
  mv1::ListOrganizationsRequest list;
  list.set_parent(request->name());
  list.set_page_size(1000);
  *list.mutable_as_of() = request->as_of();
  std::weak_ptr<FanOut> weak = fan;  // the calls hold the fan-out, not the other way round
  fan->Call<mv1::ListOrganizationsResponse>(
      membership, "rows", kListOrganizations, list,
      [weak, rows, &membership,
       as_of = request->as_of()](const mv1::ListOrganizationsResponse& children) {
        auto fan = weak.lock();
        for (const mv1::Organization& child : children.organizations()) {
          Row& row = rows->emplace_back();
          row.organization = child;
          row.part = absl::StrCat("rows.", child.name(), ".subtree");
          mv1::SummarizeOrganizationsRequest summarize;
          summarize.set_root(child.name());
          *summarize.mutable_as_of() = as_of;
          row.subtree = fan->Call<mv1::SummarizeOrganizationsResponse>(membership, row.part,
                                                                       kSummarize, summarize);
        }
      });
  fan->Start([fan, reactor, response, overview, rows] {
    grpc::Status status = overview->Fill(*fan, response->mutable_overview());
    if (!status.ok()) return reactor->Finish(status);
    for (Row& row : *rows) {
      v1::DashboardRow* out = response->add_rows();
      *out->mutable_organization() = std::move(row.organization);
      Put(*fan, row.part, row.subtree.get(), out, &v1::DashboardRow::mutable_subtree);
    }
    AddMissing(*fan, response);
    reactor->Finish(grpc::Status::OK);
  });
  return reactor;
}

}  // namespace partywork::gateway
