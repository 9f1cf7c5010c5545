// Authorization through the real gateway, membership and reporting: every
// role × every forwarded method × an organization inside and one outside the
// caller's scope, personal data only for the roles entitled to it, and the
// tree the gateway learns from membership's feed, read as it was on the
// request's date.
#include <map>
#include <set>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "google/rpc/error_details.pb.h"
#include "gtest/gtest.h"
#include "libs/platform/errors.h"
#include "libs/platform/resource.h"
#include "partywork/common/v1/feed.grpc.pb.h"
#include "partywork/inspection/v1/inspection_service.grpc.pb.h"
#include "partywork/membership/v1/membership_service.grpc.pb.h"
#include "partywork/reporting/v1/reporting_service.grpc.pb.h"
#include "tests/e2e/gateway_fixture.h"
#include "tests/harness/postgres.h"
#include "tests/harness/server_process.h"

PARTYWORK_USE_POSTGRES();

namespace partywork::gateway {
namespace {

using ::partywork::gateway::testing::ContextAs;
using ::partywork::gateway::testing::Eventually;
using ::partywork::gateway::testing::MigrateFresh;
using ::partywork::gateway::testing::Nowhere;
using ::partywork::gateway::testing::StartGateway;
using ::partywork::testing::Postgres;
using ::partywork::testing::ServerProcess;
using ::partywork::testing::SignAs;
namespace mv1 = ::partywork::membership::v1;
namespace rv1 = ::partywork::reporting::v1;
namespace iv1 = ::partywork::inspection::v1;

const absl::CivilDay kFounded(2000, 1, 1);

// Who may call what, written out again from the policy (docs/gateway.md), so
// that a change of the gateway's table shows up here.
const std::set<std::string> kEveryReader = {
    "khoi_admin",       "khoi_office", "inspection_commission", "base_secretary", "cell_secretary",
    "reporting_reader", "read_only"};
const std::set<std::string> kRecordReaders = {
    "khoi_admin",     "khoi_office",    "inspection_commission",
    "base_secretary", "cell_secretary", "read_only"};
const std::set<std::string> kTreeKeepers = {"khoi_admin", "khoi_office"};
const std::set<std::string> kRecordKeepers = {"khoi_admin", "khoi_office", "base_secretary"};
const std::set<std::string> kEntitled = {"khoi_admin", "khoi_office", "inspection_commission",
                                         "base_secretary"};
const std::set<std::string> kInspectors = {"khoi_admin", "inspection_commission"};
const std::set<std::string> kInspectionReaders = {"khoi_admin", "khoi_office",
                                                  "inspection_commission", "base_secretary"};
const std::vector<std::string> kRoles = {
    "khoi_admin",     "khoi_office",    "inspection_commission",
    "base_secretary", "cell_secretary", "reporting_reader",
    "read_only",      "service",        "guest"};

std::string DomainOf(const grpc::Status& status) {
  auto details = errors::Details(status);
  if (!details) return "";
  for (const auto& any : details->details()) {
    google::rpc::ErrorInfo info;
    if (any.UnpackTo(&info)) return info.domain();
  }
  return "";
}

class GatewayAuthorizationTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    ASSERT_NO_FATAL_FAILURE(MigrateFresh({"membership", "reporting", "inspection", "gateway"}));
    membership_ = ServerProcess::Start("membership").release();
    ASSERT_NE(membership_, nullptr);
    reporting_ =
        ServerProcess::Start("reporting", {{"PARTYWORK_MEMBERSHIP_ADDRESS", membership_->address()},
                                           {"PARTYWORK_INSPECTION_ADDRESS", Nowhere()}})
            .release();
    ASSERT_NE(reporting_, nullptr);
    inspection_server_ =
        ServerProcess::Start("inspection",
                             {{"PARTYWORK_MEMBERSHIP_ADDRESS", membership_->address()}})
            .release();
    ASSERT_NE(inspection_server_, nullptr);
    gateway_ = StartGateway(membership_->address(),
                            {{"PARTYWORK_REPORTING_ADDRESS", reporting_->address()},
                             {"PARTYWORK_INSPECTION_ADDRESS", inspection_server_->address()},
                             {"PARTYWORK_RATE_LIMIT_PER_SECOND", "0"}})
                   .release();
    ASSERT_NE(gateway_, nullptr);
    direct_ = mv1::MembershipService::NewStub(membership_->channel()).release();
    inspection_direct_ = iv1::InspectionService::NewStub(inspection_server_->channel()).release();
    stub_ = mv1::MembershipService::NewStub(gateway_->channel()).release();

    // Two Khối side by side: the caller's scope is one base committee of the first.
    khoi_ = Create("Đảng bộ Khối", mv1::ORGANIZATION_KIND_HIGHER_COMMITTEE, "");
    committee_ = Create("Đảng bộ Sở Tài chính", mv1::ORGANIZATION_KIND_BASE_COMMITTEE, khoi_);
    cell_ = Create("Chi bộ Phòng Ngân sách", mv1::ORGANIZATION_KIND_SUBORDINATE_CELL, committee_);
    other_cell_ =
        Create("Chi bộ Phòng Tin học", mv1::ORGANIZATION_KIND_SUBORDINATE_CELL, committee_);
    other_committee_ = Create("Đảng bộ Sở Xây dựng", mv1::ORGANIZATION_KIND_BASE_COMMITTEE, khoi_);
    other_khoi_ = Create("Đảng bộ Khối doanh nghiệp", mv1::ORGANIZATION_KIND_HIGHER_COMMITTEE, "");
    outside_ = Create("Chi bộ Công ty Điện lực", mv1::ORGANIZATION_KIND_BASE_CELL, other_khoi_);
    member_ = Register("Nguyễn Văn An", "012345678901", cell_);
    outsider_ = Register("Trần Thị Bình", "012345678902", outside_);
    admission_ = Open(cell_);
    outside_admission_ = Open(outside_);
    party_class_ = Class(committee_);
    outside_class_ = Class(other_khoi_);
    ASSERT_NO_FATAL_FAILURE(CreateInspectionWork());
    // The gateway has learnt the tree from membership's feed.
    ASSERT_TRUE(Eventually([] {
      return Get({"w", "base_secretary", other_khoi_}, outside_).ok();
    })) << "the gateway did not learn the tree";
  }
  static void TearDownTestSuite() {
    delete stub_;
    delete direct_;
    delete inspection_direct_;
    delete gateway_;
    delete inspection_server_;
    delete reporting_;
    delete membership_;
  }

  static std::string Create(const std::string& display_name, mv1::OrganizationKind kind,
                            const std::string& parent) {
    mv1::CreateOrganizationRequest request;
    auto* o = request.mutable_organization();
    o->set_display_name(display_name);
    o->set_kind(kind);
    if (kind == mv1::ORGANIZATION_KIND_BASE_COMMITTEE || kind == mv1::ORGANIZATION_KIND_BASE_CELL) {
      o->set_type(mv1::ORGANIZATION_TYPE_ADMINISTRATIVE_AGENCY);
    }
    o->set_parent(parent);
    *o->mutable_established_on() = ToDate(kFounded);
    grpc::ClientContext context;
    SignAs(&context);
    mv1::Organization created;
    grpc::Status status = direct_->CreateOrganization(&context, request, &created);
    EXPECT_TRUE(status.ok()) << display_name << ": " << status.error_message();
    return created.name();
  }

  static std::string Register(const std::string& full_name, const std::string& national_id,
                              const std::string& cell) {
    mv1::CreateMemberRequest request;
    auto* m = request.mutable_member();
    m->set_full_name(full_name);
    m->set_gender(mv1::GENDER_FEMALE);
    *m->mutable_birth_date() = ToDate(absl::CivilDay(1980, 5, 1));
    m->set_ethnicity("Kinh");
    *m->mutable_admitted_on() = ToDate(absl::CivilDay(2005, 3, 1));
    *m->mutable_official_on() = ToDate(absl::CivilDay(2006, 3, 1));
    m->set_national_id(national_id);
    m->set_background("Lý lịch gia đình");
    auto* e = request.mutable_first_event();
    e->set_kind(mv1::MEMBER_EVENT_KIND_REGISTERED);
    *e->mutable_effective_on() = ToDate(absl::CivilDay(2020, 1, 1));
    e->set_organization(cell);
    e->set_initial_status(mv1::MEMBER_STATUS_OFFICIAL);
    grpc::ClientContext context;
    SignAs(&context);
    mv1::Member created;
    grpc::Status status = direct_->CreateMember(&context, request, &created);
    EXPECT_TRUE(status.ok()) << full_name << ": " << status.error_message();
    return created.name();
  }

  // An admission file in `cell`, opened directly at membership.
  static std::string Open(const std::string& cell) {
    mv1::CreateAdmissionRequest request;
    auto* c = request.mutable_admission()->mutable_candidate();
    c->set_full_name("Lê Văn Cường");
    c->set_gender(mv1::GENDER_MALE);
    *c->mutable_birth_date() = ToDate(absl::CivilDay(1998, 1, 1));
    c->set_ethnicity("Kinh");
    request.mutable_admission()->set_organization(cell);
    *request.mutable_admission()->mutable_source()->mutable_identified_on() =
        ToDate(absl::CivilDay(2024, 1, 1));
    request.mutable_admission()->mutable_source()->set_responsible("Bí thư chi bộ");
    grpc::ClientContext context;
    SignAs(&context);
    mv1::Admission created;
    grpc::Status status = direct_->CreateAdmission(&context, request, &created);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return created.name();
  }

  static std::string Class(const std::string& organization) {
    mv1::CreatePartyClassRequest request;
    request.mutable_party_class()->set_display_name("Lớp bồi dưỡng nhận thức về Đảng");
    request.mutable_party_class()->set_organization(organization);
    *request.mutable_party_class()->mutable_starts_on() = ToDate(absl::CivilDay(2024, 3, 4));
    *request.mutable_party_class()->mutable_ends_on() = ToDate(absl::CivilDay(2024, 3, 8));
    grpc::ClientContext context;
    SignAs(&context);
    mv1::PartyClass created;
    grpc::Status status = direct_->CreatePartyClass(&context, request, &created);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return created.name();
  }

  // A program, an inspection, a petition being handled and a discipline case
  // on each side of the scope, created directly at inspection (once its copy
  // of the tree knows the organizations).
  static void CreateInspectionWork() {
    auto actor = [](iv1::ActorKind kind, const std::string& organization) {
      iv1::Actor a;
      a.set_kind(kind);
      a.set_organization(organization);
      return a;
    };
    const iv1::Actor inside = actor(iv1::ACTOR_KIND_BASE_COMMITTEE, committee_);
    const iv1::Actor outside = actor(iv1::ACTOR_KIND_EXECUTIVE_COMMITTEE, other_khoi_);
    auto program = [](const iv1::Actor& a) {
      iv1::CreateProgramRequest r;
      *r.mutable_program()->mutable_actor() = a;
      r.mutable_program()->set_year(2024);
      *r.mutable_program()->mutable_adopted_on() = ToDate(absl::CivilDay(2024, 1, 10));
      r.mutable_program()->set_planned_inspections(2);
      iv1::Program created;
      grpc::ClientContext context;
      SignAs(&context);
      grpc::Status status = inspection_direct_->CreateProgram(&context, r, &created);
      return std::make_pair(status, created.name());
    };
    ASSERT_TRUE(Eventually([&] {
      auto [status, name] = program(outside);
      outside_program_ = name;
      return status.ok();
    })) << "inspection did not learn the tree";
    auto [status, name] = program(inside);
    ASSERT_TRUE(status.ok()) << status.error_message();
    program_ = name;
    auto plan = [](const iv1::Actor& a, const std::string& subject) {
      iv1::CreateInspectionRequest r;
      auto* i = r.mutable_inspection();
      i->set_kind(iv1::INSPECTION_KIND_COMMITTEE);
      *i->mutable_actor() = a;
      i->set_subject(subject);
      i->set_content("Việc thực hiện Điều lệ Đảng");
      *i->mutable_planned_on() = ToDate(absl::CivilDay(2024, 6, 3));
      iv1::Inspection created;
      grpc::ClientContext context;
      SignAs(&context);
      grpc::Status status = inspection_direct_->CreateInspection(&context, r, &created);
      EXPECT_TRUE(status.ok()) << status.error_message();
      return created.name();
    };
    planned_inspection_ = plan(inside, member_);
    outside_inspection_ = plan(outside, outsider_);
    auto petition = [](const std::string& organization, const std::string& subject) {
      iv1::CreatePetitionRequest r;
      auto* p = r.mutable_petition();
      p->set_kind(iv1::PETITION_KIND_DENUNCIATION);
      p->set_organization(organization);
      p->set_subject(subject);
      *p->mutable_received_on() = ToDate(absl::CivilDay(2024, 7, 1));
      p->mutable_petitioner()->set_full_name("Hoàng Thị Mai");
      p->mutable_petitioner()->set_address("12 Trần Phú, Đà Lạt");
      p->set_summary("Tố cáo vi phạm trong quản lý tài chính");
      iv1::Petition created;
      grpc::ClientContext context;
      SignAs(&context);
      grpc::Status status = inspection_direct_->CreatePetition(&context, r, &created);
      EXPECT_TRUE(status.ok()) << status.error_message();
      iv1::RecordPetitionStepRequest handle;
      handle.set_name(created.name());
      handle.mutable_decide_jurisdiction()->set_decision(iv1::JURISDICTION_DECISION_HANDLE);
      *handle.mutable_decide_jurisdiction()->mutable_decided_on() =
          ToDate(absl::CivilDay(2024, 7, 2));
      grpc::ClientContext step_context;
      SignAs(&step_context);
      status = inspection_direct_->RecordPetitionStep(&step_context, handle, &created);
      EXPECT_TRUE(status.ok()) << status.error_message();
      return created.name();
    };
    petition_ = petition(committee_, member_);
    outside_petition_ = petition(other_khoi_, outsider_);
    case_ = OpenCase(petition_, member_);
    outside_case_ = OpenCase(outside_petition_, outsider_);
  }

  // A discipline case from a petition being handled.
  static iv1::CreateDisciplineCaseRequest CaseRequest(const std::string& petition,
                                                      const std::string& subject) {
    iv1::CreateDisciplineCaseRequest r;
    auto* c = r.mutable_discipline_case();
    c->set_petition(petition);
    c->set_subject(subject);
    c->set_violation("Vi phạm quy định về những điều đảng viên không được làm");
    *c->mutable_violation_started_on() = ToDate(absl::CivilDay(2024, 3, 1));
    return r;
  }
  static std::string OpenCase(const std::string& petition, const std::string& subject) {
    iv1::DisciplineCase created;
    grpc::ClientContext context;
    SignAs(&context);
    grpc::Status status = inspection_direct_->CreateDisciplineCase(
        &context, CaseRequest(petition, subject), &created);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return created.name();
  }

  static grpc::Status Get(const Caller& caller, const std::string& name,
                          std::optional<absl::CivilDay> as_of = std::nullopt,
                          mv1::Organization* out = nullptr) {
    mv1::GetOrganizationRequest request;
    request.set_name(name);
    if (as_of) *request.mutable_as_of() = ToDate(*as_of);
    mv1::Organization ignored;
    return stub_->GetOrganization(ContextAs(caller).get(), request, out ? out : &ignored);
  }

  static inline ServerProcess* membership_ = nullptr;
  static inline ServerProcess* reporting_ = nullptr;
  static inline ServerProcess* gateway_ = nullptr;
  static inline mv1::MembershipService::Stub* direct_ = nullptr;
  static inline mv1::MembershipService::Stub* stub_ = nullptr;
  static inline std::string khoi_, committee_, cell_, other_cell_, other_committee_, other_khoi_,
      outside_, member_, outsider_;
  static inline std::string admission_, outside_admission_, party_class_, outside_class_;
  static inline ServerProcess* inspection_server_ = nullptr;
  static inline iv1::InspectionService::Stub* inspection_direct_ = nullptr;
  static inline std::string program_, outside_program_, planned_inspection_, outside_inspection_,
      petition_, outside_petition_, case_, outside_case_;
};

// One forwarded method, called on an organization (or member) inside the
// scope of committee_ or outside it. Mutations are sent so that the service
// refuses them (bad input, stale etag, a future date) once past the gateway:
// the matrix changes nothing.
struct Method {
  std::string name;
  std::set<std::string> allowed;
  // Out of scope is refused by membership (it knows the member's cell), not
  // by the gateway; "" where the method names no organization at all.
  std::string out_of_scope_domain;
  std::function<grpc::Status(grpc::ClientContext*, bool inside)> call;
};

TEST_F(GatewayAuthorizationTest, EveryRoleEveryMethodInsideAndOutsideTheScope) {
  auto* s = stub_;
  const std::string gw = "gateway.partywork", ms = "membership.partywork",
                    is = "inspection.partywork";
  auto i = iv1::InspectionService::NewStub(gateway_->channel());
  mv1::Member stored_outsider;
  {
    grpc::ClientContext context;
    SignAs(&context);
    mv1::GetMemberRequest request;
    request.set_name(outsider_);
    ASSERT_TRUE(direct_->GetMember(&context, request, &stored_outsider).ok());
  }
  auto in = [](bool inside, const std::string& a, const std::string& b) { return inside ? a : b; };
  const std::vector<Method> methods = {
      {"CreateOrganization", kTreeKeepers, gw,
       [&](grpc::ClientContext* c, bool inside) {
         mv1::CreateOrganizationRequest r;  // no display name: INVALID_ARGUMENT past the gateway
         r.mutable_organization()->set_kind(mv1::ORGANIZATION_KIND_SUBORDINATE_CELL);
         r.mutable_organization()->set_parent(in(inside, committee_, other_khoi_));
         *r.mutable_organization()->mutable_established_on() = ToDate(absl::CivilDay(2024, 1, 1));
         mv1::Organization o;
         return s->CreateOrganization(c, r, &o);
       }},
      {"GetOrganization", kEveryReader, gw,
       [&](grpc::ClientContext* c, bool inside) {
         mv1::GetOrganizationRequest r;
         r.set_name(in(inside, cell_, outside_));
         mv1::Organization o;
         return s->GetOrganization(c, r, &o);
       }},
      {"ListOrganizations", kEveryReader, gw,
       [&](grpc::ClientContext* c, bool inside) {
         mv1::ListOrganizationsRequest r;
         r.set_parent(in(inside, committee_, other_khoi_));
         mv1::ListOrganizationsResponse o;
         return s->ListOrganizations(c, r, &o);
       }},
      {"ReorganizeOrganizations", kTreeKeepers, gw,
       [&](grpc::ClientContext* c, bool inside) {
         mv1::ReorganizeOrganizationsRequest r;  // no decision: INVALID_ARGUMENT
         *r.mutable_effective_on() = ToDate(absl::CivilDay(2024, 1, 1));
         r.mutable_dissolve()->set_organization(in(inside, other_cell_, outside_));
         mv1::Reorganization o;
         return s->ReorganizeOrganizations(c, r, &o);
       }},
      {"SummarizeOrganizations", kEveryReader, gw,
       [&](grpc::ClientContext* c, bool inside) {
         mv1::SummarizeOrganizationsRequest r;
         r.set_root(in(inside, committee_, other_khoi_));
         mv1::SummarizeOrganizationsResponse o;
         return s->SummarizeOrganizations(c, r, &o);
       }},
      {"CreateMember", kRecordKeepers, gw,
       [&](grpc::ClientContext* c, bool inside) {
         mv1::CreateMemberRequest r;  // no record: INVALID_ARGUMENT
         r.mutable_first_event()->set_kind(mv1::MEMBER_EVENT_KIND_ADMITTED);
         r.mutable_first_event()->set_organization(in(inside, cell_, outside_));
         mv1::Member o;
         return s->CreateMember(c, r, &o);
       }},
      {"GetMember", kRecordReaders, ms,
       [&](grpc::ClientContext* c, bool inside) {
         mv1::GetMemberRequest r;
         r.set_name(in(inside, member_, outsider_));
         mv1::Member o;
         return s->GetMember(c, r, &o);
       }},
      {"ListMembers", kRecordReaders, gw,
       [&](grpc::ClientContext* c, bool inside) {
         mv1::ListMembersRequest r;
         r.set_organization(in(inside, committee_, other_khoi_));
         mv1::ListMembersResponse o;
         return s->ListMembers(c, r, &o);
       }},
      {"UpdateMember", kRecordKeepers, ms,
       [&](grpc::ClientContext* c, bool inside) {
         // Inside: a stale etag (ABORTED); outside: the right one, refused for its scope.
         mv1::UpdateMemberRequest r;
         r.mutable_member()->set_name(in(inside, member_, outsider_));
         r.mutable_member()->set_etag(inside ? "stale" : stored_outsider.etag());
         r.mutable_member()->set_occupation("Chuyên viên");
         r.mutable_update_mask()->add_paths("occupation");
         mv1::Member o;
         return s->UpdateMember(c, r, &o);
       }},
      {"RecordMemberEvent", kRecordKeepers, gw,
       [&](grpc::ClientContext* c, bool inside) {
         mv1::RecordMemberEventRequest r;  // dated tomorrow: INVALID_ARGUMENT
         r.set_parent(member_);
         r.mutable_event()->set_kind(mv1::MEMBER_EVENT_KIND_TRANSFERRED_WITHIN);
         r.mutable_event()->set_organization(in(inside, other_cell_, outside_));
         *r.mutable_event()->mutable_effective_on() = ToDate(Today() + 1);
         mv1::MemberEvent o;
         return s->RecordMemberEvent(c, r, &o);
       }},
      {"ListMemberEvents", kRecordReaders, ms,
       [&](grpc::ClientContext* c, bool inside) {
         mv1::ListMemberEventsRequest r;
         r.set_parent(in(inside, member_, outsider_));
         mv1::ListMemberEventsResponse o;
         return s->ListMemberEvents(c, r, &o);
       }},
      {"CreateAdmission", kRecordKeepers, gw,
       [&](grpc::ClientContext* c, bool inside) {
         mv1::CreateAdmissionRequest r;  // no candidate: INVALID_ARGUMENT
         r.mutable_admission()->set_organization(in(inside, cell_, outside_));
         *r.mutable_admission()->mutable_source()->mutable_identified_on() =
             ToDate(absl::CivilDay(2024, 1, 1));
         mv1::Admission o;
         return s->CreateAdmission(c, r, &o);
       }},
      {"GetAdmission", kRecordReaders, ms,
       [&](grpc::ClientContext* c, bool inside) {
         mv1::GetAdmissionRequest r;
         r.set_name(in(inside, admission_, outside_admission_));
         mv1::Admission o;
         return s->GetAdmission(c, r, &o);
       }},
      {"ListAdmissions", kRecordReaders, gw,
       [&](grpc::ClientContext* c, bool inside) {
         mv1::ListAdmissionsRequest r;
         r.set_organization(in(inside, committee_, other_khoi_));
         mv1::ListAdmissionsResponse o;
         return s->ListAdmissions(c, r, &o);
       }},
      {"RecordAdmissionStep", kRecordKeepers, ms,
       [&](grpc::ClientContext* c, bool inside) {
         // Inside: no step (INVALID_ARGUMENT); outside: a valid step, refused for its scope.
         mv1::RecordAdmissionStepRequest r;
         r.set_name(in(inside, admission_, outside_admission_));
         if (!inside) {
           *r.mutable_verification()->mutable_concluded_on() = ToDate(absl::CivilDay(2024, 2, 1));
           r.mutable_verification()->set_conclusion("Đủ tiêu chuẩn");
           r.mutable_verification()->set_responsible("Đảng ủy");
         }
         mv1::Admission o;
         return s->RecordAdmissionStep(c, r, &o);
       }},
      {"ListOverdueAdmissions", kRecordReaders, gw,
       [&](grpc::ClientContext* c, bool inside) {
         mv1::ListOverdueAdmissionsRequest r;
         r.set_organization(in(inside, committee_, other_khoi_));
         mv1::ListOverdueAdmissionsResponse o;
         return s->ListOverdueAdmissions(c, r, &o);
       }},
      {"CreatePartyClass", kRecordKeepers, gw,
       [&](grpc::ClientContext* c, bool inside) {
         mv1::CreatePartyClassRequest r;  // no name: INVALID_ARGUMENT
         r.mutable_party_class()->set_organization(in(inside, committee_, other_khoi_));
         *r.mutable_party_class()->mutable_starts_on() = ToDate(absl::CivilDay(2024, 3, 4));
         mv1::PartyClass o;
         return s->CreatePartyClass(c, r, &o);
       }},
      {"GetPartyClass", kRecordReaders, ms,
       [&](grpc::ClientContext* c, bool inside) {
         mv1::GetPartyClassRequest r;
         r.set_name(in(inside, party_class_, outside_class_));
         mv1::PartyClass o;
         return s->GetPartyClass(c, r, &o);
       }},
      {"ListPartyClasses", kRecordReaders, gw,
       [&](grpc::ClientContext* c, bool inside) {
         mv1::ListPartyClassesRequest r;
         r.set_organization(in(inside, committee_, other_khoi_));
         mv1::ListPartyClassesResponse o;
         return s->ListPartyClasses(c, r, &o);
       }},
      {"CreateRating", kRecordKeepers, ms,
       [&](grpc::ClientContext* c, bool inside) {
         // Inside: points for 2024, before the 100-point scale (FAILED_PRECONDITION).
         mv1::CreateRatingRequest r;
         r.mutable_rating()->set_subject(in(inside, member_, outsider_));
         r.mutable_rating()->set_year(2024);
         r.mutable_rating()->set_grade(mv1::RATING_GRADE_GOOD);
         if (inside) r.mutable_rating()->set_points(75);
         mv1::Rating o;
         return s->CreateRating(c, r, &o);
       }},
      {"ListRatings", kRecordReaders, gw,
       [&](grpc::ClientContext* c, bool inside) {
         mv1::ListRatingsRequest r;
         r.set_organization(in(inside, committee_, other_khoi_));
         r.set_year(2024);
         mv1::ListRatingsResponse o;
         return s->ListRatings(c, r, &o);
       }},
      {"ListRepeatedNotCompleted", kRecordReaders, gw,
       [&](grpc::ClientContext* c, bool inside) {
         mv1::ListRepeatedNotCompletedRequest r;
         r.set_organization(in(inside, committee_, other_khoi_));
         r.set_year(2024);
         mv1::ListRepeatedNotCompletedResponse o;
         return s->ListRepeatedNotCompleted(c, r, &o);
       }},
      {"ListMemberRatings", kRecordReaders, ms,
       [&](grpc::ClientContext* c, bool inside) {
         mv1::ListMemberRatingsRequest r;
         r.set_parent(in(inside, member_, outsider_));
         mv1::ListMemberRatingsResponse o;
         return s->ListMemberRatings(c, r, &o);
       }},
      {"CreateMemberAward", kRecordKeepers, ms,
       [&](grpc::ClientContext* c, bool inside) {
         // Inside: awarded tomorrow (INVALID_ARGUMENT); outside: refused for its scope.
         mv1::CreateMemberAwardRequest r;
         r.set_parent(in(inside, member_, outsider_));
         r.mutable_award()->set_kind(mv1::AWARD_KIND_COMMENDATION);
         r.mutable_award()->set_decision("Quyết định số 5-QĐ/ĐUK");
         *r.mutable_award()->mutable_awarded_on() =
             ToDate(inside ? Today() + 1 : absl::CivilDay(2024, 1, 2));
         mv1::MemberAward o;
         return s->CreateMemberAward(c, r, &o);
       }},
      {"ListMemberAwards", kRecordReaders, ms,
       [&](grpc::ClientContext* c, bool inside) {
         mv1::ListMemberAwardsRequest r;
         r.set_parent(in(inside, member_, outsider_));
         mv1::ListMemberAwardsResponse o;
         return s->ListMemberAwards(c, r, &o);
       }},
      {"SummarizeRatings", kEveryReader, gw,
       [&](grpc::ClientContext* c, bool inside) {
         mv1::SummarizeRatingsRequest r;
         r.set_organization(in(inside, committee_, other_khoi_));
         mv1::RatingSummary o;
         return s->SummarizeRatings(c, r, &o);
       }},
      // Inspection: mutations inside lack a required field (INVALID_ARGUMENT),
      // so nothing changes; outside, inspection itself refuses what the
      // gateway cannot place.
      {"CreateProgram", kInspectors, gw,
       [&](grpc::ClientContext* c, bool inside) {
         iv1::CreateProgramRequest r;  // no year: INVALID_ARGUMENT
         r.mutable_program()->mutable_actor()->set_kind(iv1::ACTOR_KIND_BASE_COMMITTEE);
         r.mutable_program()->mutable_actor()->set_organization(
             in(inside, committee_, other_khoi_));
         *r.mutable_program()->mutable_adopted_on() = ToDate(absl::CivilDay(2024, 1, 10));
         iv1::Program o;
         return i->CreateProgram(c, r, &o);
       }},
      {"GetProgram", kInspectionReaders, is,
       [&](grpc::ClientContext* c, bool inside) {
         iv1::GetProgramRequest r;
         r.set_name(in(inside, program_, outside_program_));
         iv1::Program o;
         return i->GetProgram(c, r, &o);
       }},
      {"GetProgramProgress", kInspectionReaders, is,
       [&](grpc::ClientContext* c, bool inside) {
         iv1::GetProgramProgressRequest r;
         r.set_name(in(inside, program_, outside_program_));
         iv1::ProgramProgress o;
         return i->GetProgramProgress(c, r, &o);
       }},
      {"CreateInspection", kInspectors, gw,
       [&](grpc::ClientContext* c, bool inside) {
         iv1::CreateInspectionRequest r;  // no kind: INVALID_ARGUMENT
         r.mutable_inspection()->mutable_actor()->set_kind(iv1::ACTOR_KIND_BASE_COMMITTEE);
         r.mutable_inspection()->mutable_actor()->set_organization(
             in(inside, committee_, other_khoi_));
         *r.mutable_inspection()->mutable_planned_on() = ToDate(absl::CivilDay(2024, 6, 3));
         iv1::Inspection o;
         return i->CreateInspection(c, r, &o);
       }},
      {"GetInspection", kInspectionReaders, is,
       [&](grpc::ClientContext* c, bool inside) {
         iv1::GetInspectionRequest r;
         r.set_name(in(inside, planned_inspection_, outside_inspection_));
         iv1::Inspection o;
         return i->GetInspection(c, r, &o);
       }},
      {"ListInspections", kInspectionReaders, gw,
       [&](grpc::ClientContext* c, bool inside) {
         iv1::ListInspectionsRequest r;
         r.set_organization(in(inside, committee_, other_khoi_));
         iv1::ListInspectionsResponse o;
         return i->ListInspections(c, r, &o);
       }},
      {"RecordInspectionStep", kInspectors, is,
       [&](grpc::ClientContext* c, bool inside) {
         iv1::RecordInspectionStepRequest r;  // no step
         r.set_name(in(inside, planned_inspection_, outside_inspection_));
         iv1::Inspection o;
         return i->RecordInspectionStep(c, r, &o);
       }},
      {"GetCoverage", kInspectionReaders, gw,
       [&](grpc::ClientContext* c, bool inside) {
         iv1::GetCoverageRequest r;
         r.set_organization(in(inside, committee_, other_khoi_));
         r.set_year(2024);
         iv1::Coverage o;
         return i->GetCoverage(c, r, &o);
       }},
      {"CreatePetition", kInspectors, gw,
       [&](grpc::ClientContext* c, bool inside) {
         iv1::CreatePetitionRequest r;  // no kind: INVALID_ARGUMENT
         r.mutable_petition()->set_organization(in(inside, committee_, other_khoi_));
         *r.mutable_petition()->mutable_received_on() = ToDate(absl::CivilDay(2024, 7, 1));
         iv1::Petition o;
         return i->CreatePetition(c, r, &o);
       }},
      {"GetPetition", kInspectionReaders, is,
       [&](grpc::ClientContext* c, bool inside) {
         iv1::GetPetitionRequest r;
         r.set_name(in(inside, petition_, outside_petition_));
         iv1::Petition o;
         return i->GetPetition(c, r, &o);
       }},
      {"ListPetitions", kInspectionReaders, gw,
       [&](grpc::ClientContext* c, bool inside) {
         iv1::ListPetitionsRequest r;
         r.set_organization(in(inside, committee_, other_khoi_));
         iv1::ListPetitionsResponse o;
         return i->ListPetitions(c, r, &o);
       }},
      {"RecordPetitionStep", kInspectors, is,
       [&](grpc::ClientContext* c, bool inside) {
         iv1::RecordPetitionStepRequest r;  // no step
         r.set_name(in(inside, petition_, outside_petition_));
         iv1::Petition o;
         return i->RecordPetitionStep(c, r, &o);
       }},
      {"CreateDisciplineCase", kInspectors, is,
       [&](grpc::ClientContext* c, bool inside) {
         // Inside: no violation described (INVALID_ARGUMENT); outside: a whole
         // case, refused for the scope of its origin.
         auto r =
             CaseRequest(in(inside, petition_, outside_petition_), in(inside, member_, outsider_));
         if (inside) r.mutable_discipline_case()->clear_violation();
         iv1::DisciplineCase o;
         return i->CreateDisciplineCase(c, r, &o);
       }},
      {"GetDisciplineCase", kInspectionReaders, is,
       [&](grpc::ClientContext* c, bool inside) {
         iv1::GetDisciplineCaseRequest r;
         r.set_name(in(inside, case_, outside_case_));
         iv1::DisciplineCase o;
         return i->GetDisciplineCase(c, r, &o);
       }},
      {"RecordDisciplineStep", kInspectors, is,
       [&](grpc::ClientContext* c, bool inside) {
         iv1::RecordDisciplineStepRequest r;  // no step
         r.set_name(in(inside, case_, outside_case_));
         iv1::DisciplineCase o;
         return i->RecordDisciplineStep(c, r, &o);
       }},
      {"ListPrograms", kInspectionReaders, gw,
       [&](grpc::ClientContext* c, bool inside) {
         iv1::ListProgramsRequest r;
         r.set_organization(in(inside, committee_, other_khoi_));
         iv1::ListProgramsResponse o;
         return i->ListPrograms(c, r, &o);
       }},
      {"ListDisciplineCases", kInspectionReaders, gw,
       [&](grpc::ClientContext* c, bool inside) {
         iv1::ListDisciplineCasesRequest r;
         r.set_organization(in(inside, committee_, other_khoi_));
         iv1::ListDisciplineCasesResponse o;
         return i->ListDisciplineCases(c, r, &o);
       }},
      {"CreateAdmissionTarget", kRecordKeepers, gw,
       [&](grpc::ClientContext* c, bool inside) {
         mv1::CreateAdmissionTargetRequest r;  // no period: INVALID_ARGUMENT
         r.mutable_target()->set_organization(in(inside, committee_, other_khoi_));
         mv1::AdmissionTarget o;
         return s->CreateAdmissionTarget(c, r, &o);
       }},
      {"UpdateAdmissionTarget", kRecordKeepers, "",
       [&](grpc::ClientContext* c, bool) {
         mv1::UpdateAdmissionTargetRequest r;  // no such target: NOT_FOUND
         r.mutable_target()->set_name("admissionTargets/999999");
         r.mutable_update_mask()->add_paths("document");
         mv1::AdmissionTarget o;
         return s->UpdateAdmissionTarget(c, r, &o);
       }},
      {"ListAdmissionTargets", kRecordReaders, gw,
       [&](grpc::ClientContext* c, bool inside) {
         mv1::ListAdmissionTargetsRequest r;
         r.set_organization(in(inside, committee_, other_khoi_));
         mv1::ListAdmissionTargetsResponse o;
         return s->ListAdmissionTargets(c, r, &o);
       }},
      {"CreatePartyCardIssue", kRecordKeepers, ms,
       [&](grpc::ClientContext* c, bool inside) {
         // Inside: issued tomorrow (INVALID_ARGUMENT); outside: refused for its scope.
         mv1::CreatePartyCardIssueRequest r;
         r.mutable_issue()->set_member(in(inside, member_, outsider_));
         r.mutable_issue()->set_kind(mv1::PARTY_CARD_ISSUE_KIND_ISSUE);
         r.mutable_issue()->set_card_number("79000001");
         *r.mutable_issue()->mutable_issued_on() =
             ToDate(inside ? Today() + 1 : absl::CivilDay(2024, 1, 2));
         mv1::PartyCardIssue o;
         return s->CreatePartyCardIssue(c, r, &o);
       }},
      {"ListPartyCardIssues", kRecordReaders, gw,
       [&](grpc::ClientContext* c, bool inside) {
         mv1::ListPartyCardIssuesRequest r;
         r.set_organization(in(inside, committee_, other_khoi_));
         mv1::ListPartyCardIssuesResponse o;
         return s->ListPartyCardIssues(c, r, &o);
       }},
      {"ListBadgeCandidates", kRecordReaders, gw,
       [&](grpc::ClientContext* c, bool inside) {
         mv1::ListBadgeCandidatesRequest r;  // no period: INVALID_ARGUMENT past the gateway
         r.set_organization(in(inside, committee_, other_khoi_));
         mv1::ListBadgeCandidatesResponse o;
         return s->ListBadgeCandidates(c, r, &o);
       }},
      {"CreateCommitteeMember", kRecordKeepers, gw,
       [&](grpc::ClientContext* c, bool inside) {
         mv1::CreateCommitteeMemberRequest r;  // no member: INVALID_ARGUMENT
         r.mutable_committee_member()->set_organization(in(inside, committee_, other_khoi_));
         *r.mutable_committee_member()->mutable_from_on() = ToDate(absl::CivilDay(2024, 1, 2));
         mv1::CommitteeMember o;
         return s->CreateCommitteeMember(c, r, &o);
       }},
      {"UpdateCommitteeMember", kRecordKeepers, "",
       [&](grpc::ClientContext* c, bool) {
         mv1::UpdateCommitteeMemberRequest r;  // no such seat: NOT_FOUND
         r.mutable_committee_member()->set_name("committeeMembers/999999");
         r.mutable_update_mask()->add_paths("decision");
         mv1::CommitteeMember o;
         return s->UpdateCommitteeMember(c, r, &o);
       }},
      {"ListCommitteeMembers", kRecordReaders, gw,
       [&](grpc::ClientContext* c, bool inside) {
         mv1::ListCommitteeMembersRequest r;
         r.set_organization(in(inside, committee_, other_khoi_));
         mv1::ListCommitteeMembersResponse o;
         return s->ListCommitteeMembers(c, r, &o);
       }},
      {"ListRules", kEveryReader, "",
       [&](grpc::ClientContext* c, bool) {
         partywork::common::v1::ListRulesResponse o;
         return s->ListRules(c, partywork::common::v1::ListRulesRequest(), &o);
       }},
      {"GetRuleHistory", kEveryReader, "",
       [&](grpc::ClientContext* c, bool) {
         partywork::common::v1::GetRuleHistoryRequest r;
         r.set_key("admission.probation_months");
         partywork::common::v1::GetRuleHistoryResponse o;
         return s->GetRuleHistory(c, r, &o);
       }},
      {"ListHolidays", kEveryReader, "",
       [&](grpc::ClientContext* c, bool) {
         partywork::common::v1::ListHolidaysRequest r;
         r.set_year(2025);
         partywork::common::v1::ListHolidaysResponse o;
         return s->ListHolidays(c, r, &o);
       }},
      {"GetFeedPositions", kEveryReader, "",
       [&](grpc::ClientContext* c, bool) {
         rv1::GetFeedPositionsResponse o;
         return rv1::ReportingService::NewStub(gateway_->channel())
             ->GetFeedPositions(c, rv1::GetFeedPositionsRequest(), &o);
       }},
      {"GetMembershipReport", kEveryReader, gw,
       [&](grpc::ClientContext* c, bool inside) {
         rv1::GetMembershipReportRequest r;
         r.set_root(in(inside, committee_, other_khoi_));
         rv1::MembershipReport o;
         return rv1::ReportingService::NewStub(gateway_->channel())->GetMembershipReport(c, r, &o);
       }},
      {"GetStructureReport", kEveryReader, gw,
       [&](grpc::ClientContext* c, bool inside) {
         rv1::GetStructureReportRequest r;
         r.set_root(in(inside, committee_, other_khoi_));
         rv1::StructureReport o;
         return rv1::ReportingService::NewStub(gateway_->channel())->GetStructureReport(c, r, &o);
       }},
      {"GetStatisticsForm", kEveryReader, gw,
       [&](grpc::ClientContext* c, bool inside) {
         rv1::GetStatisticsFormRequest r;  // no form: INVALID_ARGUMENT past the gateway
         r.set_root(in(inside, committee_, other_khoi_));
         rv1::StatisticsForm o;
         return rv1::ReportingService::NewStub(gateway_->channel())->GetStatisticsForm(c, r, &o);
       }},
      {"ExportReport", kEveryReader, gw,
       [&](grpc::ClientContext* c, bool inside) {
         rv1::ExportReportRequest r;  // no format: INVALID_ARGUMENT past the gateway
         r.mutable_membership()->set_root(in(inside, committee_, other_khoi_));
         rv1::ExportReportResponse o;
         return rv1::ReportingService::NewStub(gateway_->channel())->ExportReport(c, r, &o);
       }},
      {"GetInspectionReport", kEveryReader, gw,
       [&](grpc::ClientContext* c, bool inside) {
         rv1::GetInspectionReportRequest r;  // no period: INVALID_ARGUMENT past the gateway
         r.set_root(in(inside, committee_, other_khoi_));
         rv1::InspectionReport o;
         return rv1::ReportingService::NewStub(gateway_->channel())->GetInspectionReport(c, r, &o);
       }},
      {"GetAdmissionReport", kEveryReader, gw,
       [&](grpc::ClientContext* c, bool inside) {
         rv1::GetAdmissionReportRequest r;  // no period: INVALID_ARGUMENT past the gateway
         r.set_root(in(inside, committee_, other_khoi_));
         rv1::AdmissionReport o;
         return rv1::ReportingService::NewStub(gateway_->channel())->GetAdmissionReport(c, r, &o);
       }},
      {"GetRatingReport", kEveryReader, gw,
       [&](grpc::ClientContext* c, bool inside) {
         rv1::GetRatingReportRequest r;  // no year: INVALID_ARGUMENT past the gateway
         r.set_root(in(inside, committee_, other_khoi_));
         rv1::RatingReport o;
         return rv1::ReportingService::NewStub(gateway_->channel())->GetRatingReport(c, r, &o);
       }},
      {"GetCommitteeReport", kEveryReader, gw,
       [&](grpc::ClientContext* c, bool inside) {
         rv1::GetCommitteeReportRequest r;  // no term: INVALID_ARGUMENT past the gateway
         r.set_root(in(inside, committee_, other_khoi_));
         rv1::CommitteeReport o;
         return rv1::ReportingService::NewStub(gateway_->channel())->GetCommitteeReport(c, r, &o);
       }},
  };
  // Every method the gateway forwards is in the matrix.
  size_t forwarded = 0;
  for (const char* service :
       {"partywork.membership.v1.MembershipService", "partywork.reporting.v1.ReportingService",
        "partywork.inspection.v1.InspectionService"}) {
    forwarded += google::protobuf::DescriptorPool::generated_pool()
                     ->FindServiceByName(service)
                     ->method_count();
  }
  EXPECT_EQ(methods.size(), forwarded);

  int checked = 0;
  for (const auto& role : kRoles) {
    for (const auto& m : methods) {
      const bool allowed = m.allowed.count(role) > 0;
      // The whole deployment, then a base committee on its own subtree and outside it.
      struct Variant {
        std::string scope;
        bool inside;
      } variants[] = {{"", true}, {committee_, true}, {committee_, false}};
      for (const auto& v : variants) {
        const std::string what = absl::StrCat(role, " scoped to \"", v.scope, "\" ", m.name,
                                              v.inside ? " inside" : " outside");
        grpc::Status status = m.call(ContextAs({"matrix-" + role, role, v.scope}).get(), v.inside);
        ++checked;
        if (!allowed) {
          EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED) << what;
          EXPECT_EQ(errors::Reason(status), "ROLE_NOT_ALLOWED")
              << what << ": " << status.error_message();
          EXPECT_EQ(DomainOf(status), gw) << what;
        } else if (!v.inside && !m.out_of_scope_domain.empty()) {
          EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED) << what;
          EXPECT_EQ(errors::Reason(status), "OUT_OF_SCOPE")
              << what << ": " << status.error_message();
          EXPECT_EQ(DomainOf(status), m.out_of_scope_domain) << what;
        } else {
          // Past the gateway: the service answered (OK, or its own refusal of the input).
          EXPECT_NE(status.error_code(), grpc::StatusCode::PERMISSION_DENIED)
              << what << ": " << status.error_message();
          EXPECT_NE(status.error_code(), grpc::StatusCode::UNAUTHENTICATED) << what;
          EXPECT_NE(status.error_code(), grpc::StatusCode::UNAVAILABLE) << what;
          EXPECT_NE(DomainOf(status), gw) << what << ": " << status.error_message();
        }
      }
    }
  }
  EXPECT_EQ(checked, static_cast<int>(kRoles.size() * methods.size() * 3));
  // Nothing the matrix sent changed the tree or the records.
  EXPECT_EQ(Postgres::Get().Admin("SELECT count(*) FROM membership.members")[0][0].as<int>(), 2);
}

TEST_F(GatewayAuthorizationTest, FeedsAreNotOfferedToClients) {
  auto feed = common::v1::EventFeedService::NewStub(gateway_->channel());
  auto context = ContextAs({"svc", "service", ""});
  auto reader = feed->StreamEvents(context.get(), common::v1::StreamEventsRequest());
  common::v1::StreamEventsResponse response;
  while (reader->Read(&response)) {
  }
  EXPECT_EQ(reader->Finish().error_code(), grpc::StatusCode::UNIMPLEMENTED);
}

TEST_F(GatewayAuthorizationTest, PersonalDataOnlyForEntitledRoles) {
  for (const auto& role : kRecordReaders) {
    mv1::GetMemberRequest request;
    request.set_name(member_);
    mv1::Member member;
    grpc::Status status = stub_->GetMember(ContextAs({"p", role, cell_}).get(), request, &member);
    ASSERT_TRUE(status.ok()) << role << ": " << status.error_message();
    EXPECT_EQ(member.full_name(), "Nguyễn Văn An") << role;
    const bool entitled = kEntitled.count(role) > 0;
    EXPECT_EQ(member.national_id(), entitled ? "012345678901" : "") << role;
    EXPECT_EQ(member.background(), entitled ? "Lý lịch gia đình" : "") << role;
  }
}

TEST_F(GatewayAuthorizationTest, ScopedListsNameAParentAndUnknownOrganizationsAreOutOfScope) {
  const Caller secretary{"s", "base_secretary", committee_};
  mv1::ListOrganizationsResponse listed;
  grpc::Status everything = stub_->ListOrganizations(ContextAs(secretary).get(),
                                                     mv1::ListOrganizationsRequest(), &listed);
  EXPECT_EQ(errors::Reason(everything), "OUT_OF_SCOPE") << everything.error_message();
  mv1::ListOrganizationsRequest children;
  children.set_parent(committee_);
  ASSERT_TRUE(stub_->ListOrganizations(ContextAs(secretary).get(), children, &listed).ok());
  std::set<std::string> names;
  for (const auto& o : listed.organizations()) names.insert(o.name());
  EXPECT_EQ(names, (std::set<std::string>{cell_, other_cell_}));

  grpc::Status unknown = Get(secretary, "organizations/987654");
  EXPECT_EQ(errors::Reason(unknown), "OUT_OF_SCOPE");
  EXPECT_NE(unknown.error_message().find("not known"), std::string::npos);
  // The whole Khối is told the truth by membership.
  EXPECT_EQ(Get({"k", "khoi_office", ""}, "organizations/987654").error_code(),
            grpc::StatusCode::NOT_FOUND);
}

TEST_F(GatewayAuthorizationTest, ScopeFollowsTheTreeAsItWasOnTheDay) {
  // A cell established through the gateway soon reaches its committee's scope.
  mv1::CreateOrganizationRequest create;
  create.mutable_organization()->set_display_name("Chi bộ Phòng Quản lý giá");
  create.mutable_organization()->set_kind(mv1::ORGANIZATION_KIND_SUBORDINATE_CELL);
  create.mutable_organization()->set_parent(committee_);
  *create.mutable_organization()->mutable_established_on() = ToDate(kFounded);
  mv1::Organization created;
  ASSERT_TRUE(
      stub_->CreateOrganization(ContextAs({"o", "khoi_office", khoi_}).get(), create, &created)
          .ok());
  const Caller committee{"s", "base_secretary", committee_};
  EXPECT_TRUE(Eventually([&] { return Get(committee, created.name()).ok(); }));

  // It moves to another base organization on 1 June 2024.
  const absl::CivilDay moved(2024, 6, 1);
  mv1::ReorganizeOrganizationsRequest move;
  move.set_decision("Quyết định số 12-QĐ/ĐUK");
  *move.mutable_effective_on() = ToDate(moved);
  move.mutable_move()->set_organization(created.name());
  move.mutable_move()->set_new_parent(other_committee_);
  mv1::Reorganization done;
  grpc::Status status =
      stub_->ReorganizeOrganizations(ContextAs({"o", "khoi_office", ""}).get(), move, &done);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_TRUE(Eventually([&] {
    return errors::Reason(Get(committee, created.name())) == "OUT_OF_SCOPE";
  })) << "the gateway did not learn the move";
  // Before the move it was the committee's; since, the other committee's.
  EXPECT_TRUE(Get(committee, created.name(), moved - 1).ok());
  EXPECT_EQ(errors::Reason(Get(committee, created.name(), moved)), "OUT_OF_SCOPE");
  EXPECT_TRUE(Get({"b", "base_secretary", other_committee_}, created.name(), moved).ok());
  EXPECT_EQ(
      errors::Reason(Get({"b", "base_secretary", other_committee_}, created.name(), moved - 1)),
      "OUT_OF_SCOPE");
  // The Khối sees it on both days.
  EXPECT_TRUE(Get({"k", "cell_secretary", khoi_}, created.name(), moved - 1).ok());
  EXPECT_TRUE(Get({"k", "cell_secretary", khoi_}, created.name(), moved).ok());
}

}  // namespace
}  // namespace partywork::gateway
