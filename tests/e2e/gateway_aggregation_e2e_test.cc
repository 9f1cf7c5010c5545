// The gateway's aggregated calls through the real gateway, membership,
// inspection and reporting: a member's dossier (record, history, ratings,
// inspections, discipline, petitions), an organization's overview (record,
// subtree, members' figures, open inspections, program progress, ratings,
// admissions against target) and the Khối dashboard come back whole when
// every service answers; each refuses a wrong subject; and when a service is
// down or too slow for the caller's deadline, the answer still comes back in
// time, naming the missing parts.
#include <memory>

#include "absl/time/clock.h"
#include "gtest/gtest.h"
#include "partywork/gateway/v1/gateway_service.grpc.pb.h"
#include "partywork/inspection/v1/inspection_service.grpc.pb.h"
#include "tests/e2e/gateway_fixture.h"
#include "tests/e2e/inspection_requests.h"
#include "tests/e2e/membership_fixture.h"
#include "tests/harness/local.h"
#include "tests/harness/postgres.h"

PARTYWORK_USE_POSTGRES();

namespace partywork::gateway {
namespace {

using ::partywork::gateway::testing::ContextAs;
using ::partywork::gateway::testing::Eventually;
using ::partywork::gateway::testing::MigrateFresh;
using ::partywork::gateway::testing::Nowhere;
using ::partywork::gateway::testing::StartGateway;
using ::partywork::testing::HealthOf;
using ::partywork::testing::Postgres;
using ::partywork::testing::ServerProcess;
namespace gv1 = ::partywork::gateway::v1;
namespace mv1 = ::partywork::membership::v1;
namespace iv1 = ::partywork::inspection::v1;
namespace rv1 = ::partywork::reporting::v1;

constexpr auto kNoType = mv1::ORGANIZATION_TYPE_UNSPECIFIED;
const Caller kAdmin{"aggregation-admin", "khoi_admin", ""};

class AggregationTest : public ::partywork::testing::MembershipTest {
 protected:
  static void SetUpTestSuite() {
    MembershipTest::SetUpTestSuite();
    ASSERT_NO_FATAL_FAILURE(MigrateFresh({"gateway", "reporting", "inspection"}));
    const absl::CivilDay founded(2015, 1, 1);
    khoi_ = Create("Đảng bộ Khối các cơ quan và doanh nghiệp tỉnh",
                   mv1::ORGANIZATION_KIND_HIGHER_COMMITTEE, kNoType, "", founded);
    committee_ = Create("Đảng bộ Sở Tài chính", mv1::ORGANIZATION_KIND_BASE_COMMITTEE,
                        mv1::ORGANIZATION_TYPE_ADMINISTRATIVE_AGENCY, khoi_, founded);
    cell_ = Create("Chi bộ Phòng Ngân sách", mv1::ORGANIZATION_KIND_SUBORDINATE_CELL, kNoType,
                   committee_, founded);
    Create("Chi bộ Phòng Tin học", mv1::ORGANIZATION_KIND_SUBORDINATE_CELL, kNoType, committee_,
           founded);
    base_cell_ = Create("Chi bộ Cục Quản lý thị trường", mv1::ORGANIZATION_KIND_BASE_CELL,
                        mv1::ORGANIZATION_TYPE_ADMINISTRATIVE_AGENCY, khoi_, founded);
    member_ = Member("Nguyễn Thị Lan", cell_, "066185001234");
    other_member_ = Member("Trần Văn Bình", base_cell_, "066185005678");
    reporting_ =
        ServerProcess::Start("reporting", {{"PARTYWORK_MEMBERSHIP_ADDRESS", server_->address()},
                                           {"PARTYWORK_INSPECTION_ADDRESS", Nowhere()}})
            .release();
    ASSERT_NE(reporting_, nullptr);
    inspection_ = StartInspection().release();
    ASSERT_NE(inspection_, nullptr);
    gateway_ =
        StartGateway(server_->address(), {{"PARTYWORK_REPORTING_ADDRESS", reporting_->address()},
                                          {"PARTYWORK_INSPECTION_ADDRESS", inspection_->address()}})
            .release();
    ASSERT_NE(gateway_, nullptr);
    // Scoped callers are checked against the tree the gateway follows.
    ASSERT_TRUE(Eventually([] { return HealthOf(gateway_->channel(), "") == "SERVING"; }));
  }
  static void TearDownTestSuite() {
    delete gateway_;
    delete reporting_;
    delete inspection_;
    MembershipTest::TearDownTestSuite();
  }

  // An official member of `cell`, with a recorded transfer in its history.
  static std::string Member(const std::string& full_name, const std::string& cell,
                            const std::string& national_id) {
    mv1::CreateMemberRequest request;
    mv1::Member* m = request.mutable_member();
    m->set_full_name(full_name);
    m->set_gender(mv1::GENDER_FEMALE);
    *m->mutable_birth_date() = ToDate(absl::CivilDay(1985, 4, 2));
    m->set_ethnicity("Kinh");
    m->set_national_id(national_id);
    m->set_qualification(mv1::QUALIFICATION_UNIVERSITY);
    *m->mutable_admitted_on() = ToDate(absl::CivilDay(2010, 3, 1));
    *m->mutable_official_on() = ToDate(absl::CivilDay(2011, 3, 1));
    mv1::MemberEvent* first = request.mutable_first_event();
    first->set_kind(mv1::MEMBER_EVENT_KIND_REGISTERED);
    first->set_initial_status(mv1::MEMBER_STATUS_OFFICIAL);
    first->set_organization(cell);
    *first->mutable_effective_on() = ToDate(absl::CivilDay(2018, 1, 1));
    mv1::Member created;
    grpc::Status status = stub_->CreateMember(Context().get(), request, &created);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return created.name();
  }

  static std::unique_ptr<ServerProcess> StartInspection() {
    return ServerProcess::Start("inspection",
                                {{"PARTYWORK_MEMBERSHIP_ADDRESS", server_->address()}});
  }

  // An inspection of `member` by the committee, planned at `inspection`
  // once its copy of the tree knows the member.
  static std::string PlanInspection(ServerProcess* inspection, const std::string& member) {
    iv1::CreateInspectionRequest request;
    auto* i = request.mutable_inspection();
    i->set_kind(iv1::INSPECTION_KIND_COMMITTEE);
    i->mutable_actor()->set_kind(iv1::ACTOR_KIND_BASE_COMMITTEE);
    i->mutable_actor()->set_organization(committee_);
    i->set_subject(member);
    i->set_content("Việc thực hiện Điều lệ Đảng");
    *i->mutable_planned_on() = ToDate(absl::CivilDay(2024, 6, 3));
    auto stub = iv1::InspectionService::NewStub(inspection->channel());
    iv1::Inspection created;
    EXPECT_TRUE(Eventually([&] {
      return stub->CreateInspection(Context().get(), request, &created).ok();
    })) << "inspection did not learn the member";
    return created.name();
  }

  static iv1::InspectionService::Stub& Inspection() {
    static auto* stub = iv1::InspectionService::NewStub(inspection_->channel()).release();
    return *stub;
  }

  static void Rate(const std::string& subject, int year, mv1::RatingGrade grade) {
    mv1::CreateRatingRequest request;
    request.mutable_rating()->set_subject(subject);
    request.mutable_rating()->set_year(year);
    request.mutable_rating()->set_grade(grade);
    mv1::Rating created;
    grpc::Status status = stub_->CreateRating(Context().get(), request, &created);
    EXPECT_TRUE(status.ok()) << subject << " " << year << ": " << status.error_message();
  }

  // A denunciation about `subject` received by `organization`, being handled.
  static iv1::Petition HandledPetition(const std::string& organization,
                                       const std::string& subject) {
    using ::partywork::testing::DenunciationRequest;
    using ::partywork::testing::HandleRequest;
    iv1::Petition petition;
    EXPECT_TRUE(
        Inspection()
            .CreatePetition(Context().get(),
                            DenunciationRequest(organization, subject, absl::CivilDay(2024, 7, 1)),
                            &petition)
            .ok());
    grpc::Status status = Inspection().RecordPetitionStep(
        Context().get(), HandleRequest(petition.name(), absl::CivilDay(2024, 7, 2)), &petition);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return petition;
  }

  static grpc::Status Step(const std::string& inspection,
                           const std::function<void(iv1::RecordInspectionStepRequest&)>& fill) {
    iv1::RecordInspectionStepRequest request;
    request.set_name(inspection);
    fill(request);
    iv1::Inspection moved;
    return Inspection().RecordInspectionStep(Context().get(), request, &moved);
  }

  static grpc::Status Dossier(ServerProcess* gateway, const std::string& name,
                              gv1::MemberDossier* dossier, const Caller& caller = kAdmin,
                              absl::Duration deadline = absl::Seconds(10)) {
    gv1::GetMemberDossierRequest request;
    request.set_name(name);
    return gv1::GatewayService::NewStub(gateway->channel())
        ->GetMemberDossier(ContextAs(caller, deadline).get(), request, dossier);
  }

  static inline ServerProcess* gateway_ = nullptr;
  static inline ServerProcess* reporting_ = nullptr;
  static inline ServerProcess* inspection_ = nullptr;
  static inline std::string khoi_, committee_, cell_, base_cell_, member_, other_member_;
};

std::vector<std::string> PartsOf(const google::protobuf::RepeatedPtrField<gv1::MissingPart>& m) {
  std::vector<std::string> parts;
  for (const auto& part : m) parts.push_back(part.part());
  return parts;
}

TEST_F(AggregationTest, DossierHoldsRecordHistoryRatingsInspectionsDisciplineAndPetitions) {
  const std::string inspection = PlanInspection(inspection_, member_);
  Rate(member_, 2024, mv1::RATING_GRADE_GOOD);
  Rate(member_, 2023, mv1::RATING_GRADE_COMPLETED);
  const iv1::Petition petition = HandledPetition(committee_, member_);
  iv1::CreateDisciplineCaseRequest open_case;
  open_case.mutable_discipline_case()->set_petition(petition.name());
  open_case.mutable_discipline_case()->set_subject(member_);
  open_case.mutable_discipline_case()->set_violation(
      "Vi phạm quy định về những điều đảng viên không được làm");
  *open_case.mutable_discipline_case()->mutable_violation_started_on() =
      ToDate(absl::CivilDay(2024, 3, 1));
  iv1::DisciplineCase discipline_case;
  ASSERT_TRUE(Inspection().CreateDisciplineCase(Context().get(), open_case, &discipline_case).ok());
  // Someone else's petition is not the member's.
  HandledPetition(base_cell_, other_member_);

  gv1::MemberDossier dossier;
  ASSERT_TRUE(Dossier(gateway_, member_, &dossier).ok());
  EXPECT_EQ(dossier.member().name(), member_);
  EXPECT_EQ(dossier.member().full_name(), "Nguyễn Thị Lan");
  EXPECT_EQ(dossier.member().national_id(), "066185001234");
  ASSERT_EQ(dossier.status_history_size(), 1);
  EXPECT_EQ(dossier.status_history(0).kind(), mv1::MEMBER_EVENT_KIND_REGISTERED);
  EXPECT_EQ(dossier.status_history(0).organization(), cell_);
  ASSERT_EQ(dossier.inspections_size(), 1);
  EXPECT_EQ(dossier.inspections(0).name(), inspection);
  // Ratings oldest first.
  ASSERT_EQ(dossier.ratings_size(), 2);
  EXPECT_EQ(dossier.ratings(0).year(), 2023);
  EXPECT_EQ(dossier.ratings(0).grade(), mv1::RATING_GRADE_COMPLETED);
  EXPECT_EQ(dossier.ratings(1).year(), 2024);
  EXPECT_EQ(dossier.ratings(1).grade(), mv1::RATING_GRADE_GOOD);
  EXPECT_EQ(dossier.ratings(1).organization(), cell_);
  ASSERT_EQ(dossier.discipline_cases_size(), 1);
  EXPECT_EQ(dossier.discipline_cases(0).name(), discipline_case.name());
  EXPECT_EQ(dossier.discipline_cases(0).petition(), petition.name());
  EXPECT_EQ(dossier.discipline_cases(0).state(), iv1::DISCIPLINE_STATE_OPEN);
  ASSERT_EQ(dossier.petitions_size(), 1);
  EXPECT_EQ(dossier.petitions(0).name(), petition.name());
  EXPECT_EQ(dossier.petitions(0).state(), iv1::PETITION_STATE_HANDLING);
  EXPECT_TRUE(dossier.missing_parts().empty()) << dossier.DebugString();

  // A cell secretary reads the member's record, history and ratings; the
  // inspection parts are not its role's, so they are missing, not an error.
  dossier.Clear();
  ASSERT_TRUE(
      Dossier(gateway_, member_, &dossier, {"aggregation-cell", "cell_secretary", cell_}).ok());
  EXPECT_EQ(dossier.ratings_size(), 2);
  EXPECT_EQ(PartsOf(dossier.missing_parts()),
            (std::vector<std::string>{"inspections", "discipline_cases", "petitions"}));
  for (const auto& part : dossier.missing_parts()) {
    EXPECT_EQ(part.code(), google::rpc::PERMISSION_DENIED) << part.DebugString();
  }
}

TEST_F(AggregationTest, DossierRefusesAWrongSubject) {
  gv1::MemberDossier dossier;
  EXPECT_EQ(Dossier(gateway_, "organizations/1", &dossier).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(Dossier(gateway_, "members/999999", &dossier).error_code(),
            grpc::StatusCode::NOT_FOUND);
  // A base committee's secretary sees its own members only.
  const Caller secretary{"aggregation-secretary", "base_secretary", committee_};
  EXPECT_TRUE(Dossier(gateway_, member_, &dossier, secretary).ok());
  EXPECT_EQ(Dossier(gateway_, other_member_, &dossier, secretary).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  // A role without member records is refused by the gateway's table.
  const Caller reporter{"aggregation-reporter", "reporting_reader", ""};
  EXPECT_EQ(Dossier(gateway_, member_, &dossier, reporter).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
}

TEST_F(AggregationTest, DossierWithholdsPersonalDataFromReadOnlyCallers) {
  gv1::MemberDossier dossier;
  ASSERT_TRUE(Dossier(gateway_, member_, &dossier, {"aggregation-reader", "read_only", ""}).ok());
  EXPECT_EQ(dossier.member().full_name(), "Nguyễn Thị Lan");
  EXPECT_EQ(dossier.member().national_id(), "");
}

TEST_F(AggregationTest, OverviewAndDashboardCountTheSubtrees) {
  auto stub = gv1::GatewayService::NewStub(gateway_->channel());
  gv1::GetOrganizationOverviewRequest request;
  request.set_name(committee_);
  gv1::OrganizationOverview overview;
  // Reporting counts the committee's member once it has followed membership's feed.
  ASSERT_TRUE(Eventually([&] {
    overview.Clear();
    return stub->GetOrganizationOverview(ContextAs(kAdmin).get(), request, &overview).ok() &&
           overview.membership().figures().total() == 1;
  })) << overview.DebugString();
  EXPECT_EQ(overview.membership().figures().women(), 1);
  EXPECT_EQ(overview.organization().display_name(), "Đảng bộ Sở Tài chính");
  EXPECT_EQ(overview.subtree().base_committees(), 1);
  EXPECT_EQ(overview.subtree().subordinate_cells(), 2);
  EXPECT_TRUE(overview.missing_parts().empty());

  gv1::GetDashboardRequest dashboard_request;
  dashboard_request.set_name(khoi_);
  gv1::Dashboard dashboard;
  ASSERT_TRUE(stub->GetDashboard(ContextAs(kAdmin).get(), dashboard_request, &dashboard).ok());
  EXPECT_EQ(dashboard.overview().subtree().base_organizations(), 2);
  EXPECT_EQ(dashboard.overview().membership().figures().total(), 2);
  ASSERT_EQ(dashboard.rows_size(), 2);
  for (const gv1::DashboardRow& row : dashboard.rows()) {
    const bool committee = row.organization().name() == committee_;
    EXPECT_EQ(row.subtree().subordinate_cells(), committee ? 2 : 0) << row.DebugString();
    EXPECT_EQ(row.subtree().base_cells(), committee ? 0 : 1) << row.DebugString();
  }
  EXPECT_TRUE(dashboard.missing_parts().empty());

  // Outside a scoped caller's subtree: refused by the gateway's table.
  request.set_name(base_cell_);
  EXPECT_EQ(stub->GetOrganizationOverview(
                    ContextAs({"aggregation-secretary", "base_secretary", committee_}).get(),
                    request, &overview)
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
}

// A Khối of its own (the other tests' counts stay as they are) on 30/6/2025:
// the committee's 2025 program of three inspections, one opened 10/2,
// concluded 1/4 and closed 2/5, one opened 3/3 and open, one only planned;
// ratings of 2023 and 2024 (the latest); one admission in the year against
// the resolution's 4.
TEST_F(AggregationTest, OverviewHoldsTheYearsInspectionRatingsAndAdmissions) {
  const absl::CivilDay founded(2015, 1, 1), as_of(2025, 6, 30);
  const std::string khoi = Create("Đảng bộ Khối Doanh nghiệp tỉnh",
                                  mv1::ORGANIZATION_KIND_HIGHER_COMMITTEE, kNoType, "", founded);
  const std::string committee =
      Create("Đảng bộ Công ty Điện lực", mv1::ORGANIZATION_KIND_BASE_COMMITTEE,
             mv1::ORGANIZATION_TYPE_ADMINISTRATIVE_AGENCY, khoi, founded);
  const std::string cell = Create("Chi bộ Phòng Kỹ thuật", mv1::ORGANIZATION_KIND_SUBORDINATE_CELL,
                                  kNoType, committee, founded);
  const std::string first = Member("Phạm Thị Hương", cell, "066185009012");
  const std::string second = Member("Võ Thị Hạnh", cell, "066185003456");
  Rate(first, 2023, mv1::RATING_GRADE_COMPLETED);
  Rate(first, 2024, mv1::RATING_GRADE_GOOD);
  Rate(second, 2024, mv1::RATING_GRADE_NOT_COMPLETED);
  Rate(cell, 2024, mv1::RATING_GRADE_GOOD);
  // Admitted on 10/3/2025; the resolution's target for 2025 is 4.
  mv1::CreateMemberRequest admit;
  admit.mutable_member()->set_full_name("Đỗ Văn Toàn");
  admit.mutable_member()->set_gender(mv1::GENDER_MALE);
  *admit.mutable_member()->mutable_birth_date() = ToDate(absl::CivilDay(1990, 8, 1));
  admit.mutable_member()->set_ethnicity("Kinh");
  *admit.mutable_member()->mutable_admitted_on() = ToDate(absl::CivilDay(2025, 3, 10));
  admit.mutable_first_event()->set_kind(mv1::MEMBER_EVENT_KIND_ADMITTED);
  admit.mutable_first_event()->set_organization(cell);
  *admit.mutable_first_event()->mutable_effective_on() = ToDate(absl::CivilDay(2025, 3, 10));
  mv1::Member admitted;
  ASSERT_TRUE(stub_->CreateMember(Context().get(), admit, &admitted).ok());
  mv1::CreateAdmissionTargetRequest target;
  target.mutable_target()->set_organization(committee);
  target.mutable_target()->set_source(mv1::TARGET_SOURCE_RESOLUTION);
  *target.mutable_target()->mutable_period_start() = ToDate(absl::CivilDay(2025, 1, 1));
  *target.mutable_target()->mutable_period_end() = ToDate(absl::CivilDay(2025, 12, 31));
  target.mutable_target()->set_document("Nghị quyết Đại hội Đảng bộ Công ty");
  target.mutable_target()->add_targets()->set_category(mv1::ADMISSION_CATEGORY_TOTAL);
  target.mutable_target()->mutable_targets(0)->set_count(4);
  mv1::AdmissionTarget created_target;
  ASSERT_TRUE(stub_->CreateAdmissionTarget(Context().get(), target, &created_target).ok());

  // The program, once inspection's copy of the tree knows the committee.
  iv1::CreateProgramRequest adopt;
  adopt.mutable_program()->mutable_actor()->set_kind(iv1::ACTOR_KIND_BASE_COMMITTEE);
  adopt.mutable_program()->mutable_actor()->set_organization(committee);
  adopt.mutable_program()->set_year(2025);
  *adopt.mutable_program()->mutable_adopted_on() = ToDate(absl::CivilDay(2025, 1, 10));
  adopt.mutable_program()->set_planned_inspections(3);
  iv1::Program program;
  ASSERT_TRUE(Eventually([&] {
    return Inspection().CreateProgram(Context().get(), adopt, &program).ok();
  })) << "inspection did not learn the committee";
  auto plan = [&](const std::string& subject) {
    iv1::CreateInspectionRequest request;
    auto* i = request.mutable_inspection();
    i->set_kind(iv1::INSPECTION_KIND_COMMITTEE);
    *i->mutable_actor() = adopt.program().actor();
    i->set_subject(subject);
    i->set_program(program.name());
    i->set_content("Việc thực hiện Điều lệ Đảng");
    *i->mutable_planned_on() = ToDate(absl::CivilDay(2025, 2, 3));
    iv1::Inspection created;
    EXPECT_TRUE(Eventually([&] {
      return Inspection().CreateInspection(Context().get(), request, &created).ok();
    })) << subject;
    return created.name();
  };
  auto open = [](absl::CivilDay day) {
    return [day](iv1::RecordInspectionStepRequest& r) {
      r.mutable_open()->set_decision("Quyết định số 03-QĐ/ĐU");
      *r.mutable_open()->mutable_opened_on() = ToDate(day);
      r.mutable_open()->add_team("Nguyễn Văn Sơn");
    };
  };
  const std::string closed = plan(first);
  ASSERT_TRUE(Step(closed, open(absl::CivilDay(2025, 2, 10))).ok());
  ASSERT_TRUE(Step(closed, [](iv1::RecordInspectionStepRequest& r) {
                *r.mutable_conclude()->mutable_concluded_on() = ToDate(absl::CivilDay(2025, 4, 1));
                r.mutable_conclude()->set_findings("Thực hiện tốt");
              }).ok());
  ASSERT_TRUE(Step(closed, [](iv1::RecordInspectionStepRequest& r) {
                *r.mutable_close_on() = ToDate(absl::CivilDay(2025, 5, 2));
              }).ok());
  const std::string under_way = plan(second);
  ASSERT_TRUE(Step(under_way, open(absl::CivilDay(2025, 3, 3))).ok());
  plan(cell);

  auto stub = gv1::GatewayService::NewStub(gateway_->channel());
  gv1::GetOrganizationOverviewRequest request;
  request.set_name(committee);
  *request.mutable_as_of() = ToDate(as_of);
  gv1::OrganizationOverview overview;
  // Reporting counts the admission once it has followed membership's feed.
  ASSERT_TRUE(Eventually([&] {
    overview.Clear();
    return stub->GetOrganizationOverview(ContextAs(kAdmin).get(), request, &overview).ok() &&
           overview.admissions().figures_size() > 0 &&
           overview.admissions().figures(0).admitted() == 1 &&
           overview.admissions().resolution().target() == created_target.name();
  })) << overview.DebugString();
  EXPECT_TRUE(overview.missing_parts().empty()) << overview.DebugString();
  const rv1::AdmissionFigure& total = overview.admissions().figures(0);
  EXPECT_EQ(total.category(), mv1::ADMISSION_CATEGORY_TOTAL);
  EXPECT_EQ(total.resolution_target(), 4);
  EXPECT_DOUBLE_EQ(total.resolution_percent(), 25.0);
  EXPECT_EQ(*ToCivilDay(overview.admissions().period_start()), absl::CivilDay(2025, 1, 1));
  EXPECT_EQ(*ToCivilDay(overview.admissions().period_end()), as_of);
  // Open on the day: the one opened and not closed.
  ASSERT_EQ(overview.open_inspections_size(), 1);
  EXPECT_EQ(overview.open_inspections(0).name(), under_way);
  ASSERT_EQ(overview.programs_size(), 1);
  EXPECT_EQ(overview.programs(0).program().name(), program.name());
  EXPECT_EQ(overview.programs(0).progress().planned_inspections(), 3);
  EXPECT_EQ(overview.programs(0).progress().opened_inspections(), 2);
  EXPECT_EQ(overview.programs(0).progress().concluded_inspections(), 1);
  EXPECT_EQ(*ToCivilDay(overview.programs(0).progress().as_of()), as_of);
  // 2024, the latest year rated.
  EXPECT_EQ(overview.ratings().year(), 2024);
  EXPECT_EQ(overview.ratings().members().good(), 1);
  EXPECT_EQ(overview.ratings().members().not_completed(), 1);
  EXPECT_EQ(overview.ratings().members().excellent(), 0);
  EXPECT_EQ(overview.ratings().organizations().good(), 1);
  EXPECT_EQ(overview.membership().figures().total(), 3);

  // A reporting reader sees the figures, not the inspection work.
  overview.Clear();
  ASSERT_TRUE(
      stub->GetOrganizationOverview(
              ContextAs({"aggregation-reporter", "reporting_reader", ""}).get(), request, &overview)
          .ok());
  EXPECT_EQ(PartsOf(overview.missing_parts()),
            (std::vector<std::string>{"open_inspections", "programs"}));
  EXPECT_EQ(overview.missing_parts(0).code(), google::rpc::PERMISSION_DENIED);
  EXPECT_EQ(overview.ratings().year(), 2024);
  EXPECT_EQ(overview.admissions().figures(0).admitted(), 1);
}

TEST_F(AggregationTest, ADownServiceLeavesItsPartsMissing) {
  // A gateway of its own, in front of a membership that then stops.
  auto membership = ServerProcess::Start("membership");
  ASSERT_NE(membership, nullptr);
  auto gateway = StartGateway(membership->address());
  ASSERT_NE(gateway, nullptr);
  ASSERT_TRUE(Eventually([&] { return HealthOf(gateway->channel(), "") == "SERVING"; }));
  ASSERT_EQ(membership->Terminate(), 0);

  gv1::MemberDossier dossier;
  const absl::Time start = absl::Now();
  grpc::Status status = Dossier(gateway.get(), member_, &dossier);
  EXPECT_LT(absl::Now() - start, absl::Seconds(1));
  ASSERT_TRUE(status.ok()) << status.error_message();
  // Its inspection is nowhere either (StartGateway's default).
  EXPECT_EQ(PartsOf(dossier.missing_parts()),
            (std::vector<std::string>{"member", "status_history", "ratings", "inspections",
                                      "discipline_cases", "petitions"}));
  EXPECT_EQ(dossier.missing_parts(0).backend(), "membership");
  EXPECT_EQ(dossier.missing_parts(0).code(), google::rpc::UNAVAILABLE);
  EXPECT_FALSE(dossier.has_member());
}

TEST_F(AggregationTest, AStoppedInspectionServiceLeavesItsPartsMissing) {
  // A gateway of its own, in front of an inspection service that then stops.
  auto inspection = StartInspection();
  ASSERT_NE(inspection, nullptr);
  PlanInspection(inspection.get(), other_member_);
  auto gateway =
      StartGateway(server_->address(), {{"PARTYWORK_INSPECTION_ADDRESS", inspection->address()}});
  ASSERT_NE(gateway, nullptr);
  gv1::MemberDossier dossier;
  ASSERT_TRUE(Dossier(gateway.get(), other_member_, &dossier).ok());
  EXPECT_EQ(dossier.inspections_size(), 1) << dossier.DebugString();
  ASSERT_EQ(inspection->Terminate(), 0);

  dossier.Clear();
  const absl::Duration deadline = absl::Seconds(2);
  const absl::Time start = absl::Now();
  grpc::Status status = Dossier(gateway.get(), other_member_, &dossier, kAdmin, deadline);
  EXPECT_LT(absl::Now() - start, deadline);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(dossier.member().name(), other_member_);
  EXPECT_EQ(dossier.status_history_size(), 1);
  EXPECT_EQ(dossier.inspections_size(), 0);
  EXPECT_EQ(PartsOf(dossier.missing_parts()),
            (std::vector<std::string>{"inspections", "discipline_cases", "petitions"}));
  for (const auto& part : dossier.missing_parts()) {
    EXPECT_EQ(part.backend(), "inspection") << part.DebugString();
    EXPECT_EQ(part.code(), google::rpc::UNAVAILABLE) << part.DebugString();
  }

  // The overview too: membership's parts, inspection's missing (and
  // reporting's, which this gateway does not know).
  gv1::GetOrganizationOverviewRequest request;
  request.set_name(committee_);
  gv1::OrganizationOverview overview;
  const absl::Time overview_start = absl::Now();
  ASSERT_TRUE(gv1::GatewayService::NewStub(gateway->channel())
                  ->GetOrganizationOverview(ContextAs(kAdmin, deadline).get(), request, &overview)
                  .ok());
  EXPECT_LT(absl::Now() - overview_start, deadline);
  EXPECT_EQ(overview.organization().name(), committee_);
  EXPECT_EQ(overview.subtree().subordinate_cells(), 2);
  EXPECT_EQ(overview.ratings().organization(), committee_);
  EXPECT_EQ(PartsOf(overview.missing_parts()),
            (std::vector<std::string>{"membership", "open_inspections", "programs", "admissions"}));
  for (const auto& part : overview.missing_parts()) {
    EXPECT_EQ(part.backend(), part.part() == "membership" || part.part() == "admissions"
                                  ? "reporting"
                                  : "inspection")
        << part.DebugString();
  }
}

TEST_F(AggregationTest, ASlowServiceDoesNotDelayTheAnswer) {
  // Membership's member reads wait behind a lock held past the deadline.
  pqxx::connection connection(Postgres::Get().AdminUrl());
  pqxx::work lock(connection);
  lock.exec("LOCK TABLE membership.members IN ACCESS EXCLUSIVE MODE");

  gv1::MemberDossier dossier;
  const absl::Duration deadline = absl::Milliseconds(400);
  const absl::Time start = absl::Now();
  grpc::Status status = Dossier(gateway_, member_, &dossier, kAdmin, deadline);
  const absl::Duration took = absl::Now() - start;
  lock.abort();
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_LT(took, deadline) << "the answer came after the caller's deadline";
  EXPECT_GT(took, absl::Milliseconds(300)) << "the parts were given up too early";
  EXPECT_EQ(PartsOf(dossier.missing_parts()),
            (std::vector<std::string>{"member", "status_history", "ratings"}));
  for (const auto& part : dossier.missing_parts()) {
    EXPECT_EQ(part.code(), google::rpc::DEADLINE_EXCEEDED) << part.DebugString();
  }
}

}  // namespace
}  // namespace partywork::gateway
