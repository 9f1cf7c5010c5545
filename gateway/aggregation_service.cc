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
const std::string kGetMember = std::string(kMembership) + "GetMember";
const std::string kListMemberEvents = std::string(kMembership) + "ListMemberEvents";
const std::string kGetOrganization = std::string(kMembership) + "GetOrganization";
const std::string kListOrganizations = std::string(kMembership) + "ListOrganizations";
const std::string kSummarize = std::string(kMembership) + "SummarizeOrganizations";
const std::string kListInspections = "/partywork.inspection.v1.InspectionService/ListInspections";
const std::string kMembershipReport =
    "/partywork.reporting.v1.ReportingService/GetMembershipReport";

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

// The overview's calls: the organization (the subject), its subtree and
// its members' figures.
struct OverviewCalls {
  std::shared_ptr<mv1::Organization> organization;
  std::shared_ptr<mv1::SummarizeOrganizationsResponse> subtree;
  std::shared_ptr<rv1::MembershipReport> membership_report;

  OverviewCalls(FanOut& fan, const AggregationBackends& backends, const std::string& name,
                const google::type::Date& as_of) {
    BackendClient& membership = *backends.membership;
    mv1::GetOrganizationRequest get;
    get.set_name(name);
    *get.mutable_as_of() = as_of;
    organization = fan.Call<mv1::Organization>(membership, "organization", kGetOrganization, get);
    mv1::SummarizeOrganizationsRequest summarize;
    summarize.set_root(name);
    *summarize.mutable_as_of() = as_of;
    subtree =
        fan.Call<mv1::SummarizeOrganizationsResponse>(membership, "subtree", kSummarize, summarize);
    rv1::GetMembershipReportRequest report;
    report.set_root(name);
    *report.mutable_as_of() = as_of;
    membership_report = fan.Call<rv1::MembershipReport>(*backends.reporting, "membership",
                                                        kMembershipReport, report);
  }

  // The overview, or the refusal of its organization.
  grpc::Status Fill(const FanOut& fan, v1::OrganizationOverview* overview) const {
    const grpc::Status subject = fan.StatusOf("organization");
    if (FailsTheCall(subject)) return subject;
    if (subject.ok()) *overview->mutable_organization() = std::move(*organization);
    if (fan.StatusOf("subtree").ok()) *overview->mutable_subtree() = std::move(*subtree);
    if (fan.StatusOf("membership").ok()) {
      *overview->mutable_membership() = std::move(*membership_report);
    }
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
  mv1::GetMemberRequest get;
  get.set_name(request->name());
  auto member = fan->Call<mv1::Member>(*backends_.membership, "member", kGetMember, get);
  mv1::ListMemberEventsRequest list;
  list.set_parent(request->name());
  auto events = fan->Call<mv1::ListMemberEventsResponse>(*backends_.membership, "status_history",
                                                         kListMemberEvents, list);
  iv1::ListInspectionsRequest inspected;
  inspected.set_subject(request->name());
  inspected.set_page_size(1000);
  auto inspections = fan->Call<iv1::ListInspectionsResponse>(*backends_.inspection, "inspections",
                                                             kListInspections, inspected);
  fan->Start([fan, reactor, response, member, events, inspections] {
    const grpc::Status subject = fan->StatusOf("member");
    if (FailsTheCall(subject)) return reactor->Finish(subject);
    if (subject.ok()) *response->mutable_member() = std::move(*member);
    if (fan->StatusOf("status_history").ok()) {
      response->mutable_status_history()->Swap(events->mutable_events());
    }
    if (fan->StatusOf("inspections").ok()) {
      response->mutable_inspections()->Swap(inspections->mutable_inspections());
    }
    AddMissing(*fan, response);
    reactor->Finish(grpc::Status::OK);
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
  auto calls = std::make_shared<OverviewCalls>(*fan, backends_, request->name(), request->as_of());
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
      std::make_shared<OverviewCalls>(*fan, backends_, request->name(), request->as_of());
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
      if (fan->StatusOf(row.part).ok()) *out->mutable_subtree() = std::move(*row.subtree);
    }
    AddMissing(*fan, response);
    reactor->Finish(grpc::Status::OK);
  });
  return reactor;
}

}  // namespace partywork::gateway
