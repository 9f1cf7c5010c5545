// Reporting following the real membership and inspection: a base committee's
// programs, inspections, discipline and petitions driven through inspection's
// gRPC API, and the inspection report of the committee and of the Khối checked
// against hand counts (and its coverage against inspection's own GetCoverage);
// a rebuild from both feeds gives the same reports byte for byte.
#include "partywork/inspection/v1/inspection_service.grpc.pb.h"
#include "partywork/reporting/v1/reporting_service.grpc.pb.h"
#include "tests/e2e/membership_fixture.h"

namespace partywork::testing {
namespace {

PARTYWORK_USE_POSTGRES();

namespace iv1 = ::partywork::inspection::v1;
namespace rv1 = ::partywork::reporting::v1;
using absl::CivilDay;

class ReportingInspectionTest : public MembershipTest {
 protected:
  static void SetUpTestSuite() {
    Postgres::Get().ResetSchema("inspection");
    Postgres::Get().ResetSchema("reporting");
    MembershipTest::SetUpTestSuite();
    ASSERT_EQ(RunBinary("inspection", {"migrate"}), 0);
    ASSERT_EQ(RunBinary("reporting", {"migrate"}), 0);
    inspection_ =
        ServerProcess::Start("inspection", {{"PARTYWORK_MEMBERSHIP_ADDRESS", server_->address()}})
            .release();
    ASSERT_NE(inspection_, nullptr);
    istub_ = iv1::InspectionService::NewStub(inspection_->channel()).release();
    reporting_ = ServerProcess::Start("reporting", ReportingEnvironment()).release();
    ASSERT_NE(reporting_, nullptr);
    reports_ = rv1::ReportingService::NewStub(reporting_->channel()).release();
    const CivilDay founded(2015, 1, 1);
    khoi_ = Create("Đảng bộ Khối", mv1::ORGANIZATION_KIND_HIGHER_COMMITTEE,
                   mv1::ORGANIZATION_TYPE_UNSPECIFIED, "", founded);
    committee_ = Create("Đảng bộ Sở Tài chính", mv1::ORGANIZATION_KIND_BASE_COMMITTEE,
                        mv1::ORGANIZATION_TYPE_ADMINISTRATIVE_AGENCY, khoi_, founded);
    cell_a_ = Create("Chi bộ Phòng Ngân sách", mv1::ORGANIZATION_KIND_SUBORDINATE_CELL,
                     mv1::ORGANIZATION_TYPE_UNSPECIFIED, committee_, founded);
    cell_b_ = Create("Chi bộ Phòng Tin học", mv1::ORGANIZATION_KIND_SUBORDINATE_CELL,
                     mv1::ORGANIZATION_TYPE_UNSPECIFIED, committee_, founded);
    other_ = Create("Chi bộ Công ty Cà phê", mv1::ORGANIZATION_KIND_BASE_CELL,
                    mv1::ORGANIZATION_TYPE_STATE_ENTERPRISE, khoi_, founded);
    // Five official members in cell A, three in cell B, two in the other
    // base cell; one probationary member admitted on 1/7/2024 in cell B.
    for (int k = 0; k < 5; ++k) a_.push_back(Official("Nguyễn Văn A" + std::to_string(k), cell_a_));
    for (int k = 0; k < 3; ++k) b_.push_back(Official("Trần Thị B" + std::to_string(k), cell_b_));
    for (int k = 0; k < 2; ++k) c_.push_back(Official("Lê Văn C" + std::to_string(k), other_));
    Official("Lê Văn Cường", cell_b_, CivilDay(2024, 7, 1));
    // Inspection has its copy of the tree once it counts the eleven members.
    const absl::Time until = absl::Now() + absl::Seconds(20);
    while (absl::Now() < until) {
      iv1::Coverage c;
      if (Coverage(khoi_, 2024, &c).ok() && c.members_inspected().total() == 11) break;
      absl::SleepFor(absl::Milliseconds(100));
    }
  }
  static void TearDownTestSuite() {
    delete reports_;
    delete reporting_;
    delete istub_;
    delete inspection_;
    MembershipTest::TearDownTestSuite();
  }

  static std::map<std::string, std::string> ReportingEnvironment() {
    return {{"PARTYWORK_MEMBERSHIP_ADDRESS", server_->address()},
            {"PARTYWORK_INSPECTION_ADDRESS", inspection_->address()},
            {"PARTYWORK_REBUILD_FEEDS", "membership,inspection"}};
  }

  // An official member registered on 1/1/2016, or admitted on `admitted`.
  static std::string Official(const std::string& name, const std::string& cell,
                              std::optional<CivilDay> admitted = std::nullopt) {
    mv1::CreateMemberRequest r;
    auto* m = r.mutable_member();
    m->set_full_name(name);
    m->set_gender(mv1::GENDER_MALE);
    *m->mutable_birth_date() = ToDate(CivilDay(1985, 5, 1));
    m->set_ethnicity("Kinh");
    *m->mutable_admitted_on() = ToDate(admitted.value_or(CivilDay(2005, 3, 1)));
    auto* e = r.mutable_first_event();
    e->set_organization(cell);
    if (admitted) {
      e->set_kind(mv1::MEMBER_EVENT_KIND_ADMITTED);
      *e->mutable_effective_on() = ToDate(*admitted);
    } else {
      *m->mutable_official_on() = ToDate(CivilDay(2006, 3, 1));
      e->set_kind(mv1::MEMBER_EVENT_KIND_REGISTERED);
      *e->mutable_effective_on() = ToDate(CivilDay(2016, 1, 1));
      e->set_initial_status(mv1::MEMBER_STATUS_OFFICIAL);
    }
    mv1::Member out;
    grpc::Status s = stub_->CreateMember(Context().get(), r, &out);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return out.name();
  }

  static grpc::Status Coverage(const std::string& org, int year, iv1::Coverage* out) {
    iv1::GetCoverageRequest r;
    r.set_organization(org);
    r.set_year(year);
    return istub_->GetCoverage(Context().get(), r, out);
  }

  static iv1::Actor Actor(iv1::ActorKind kind, const std::string& org) {
    iv1::Actor a;
    a.set_kind(kind);
    a.set_organization(org);
    return a;
  }

  static std::string Program(const iv1::Actor& actor, int year, int inspections, int supervisions) {
    iv1::CreateProgramRequest r;
    *r.mutable_program()->mutable_actor() = actor;
    r.mutable_program()->set_year(year);
    *r.mutable_program()->mutable_adopted_on() = ToDate(CivilDay(year, 1, 10));
    r.mutable_program()->set_planned_inspections(inspections);
    r.mutable_program()->set_planned_supervisions(supervisions);
    iv1::Program out;
    grpc::Status s = istub_->CreateProgram(Context().get(), r, &out);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return out.name();
  }

  // An inspection planned a month before it opens, concluded if asked.
  static std::string Work(iv1::InspectionKind kind, const iv1::Actor& actor,
                          const std::string& subject, CivilDay opened,
                          std::optional<CivilDay> concluded, bool violation = false,
                          const std::string& program = "") {
    iv1::CreateInspectionRequest r;
    auto* i = r.mutable_inspection();
    i->set_kind(kind);
    *i->mutable_actor() = actor;
    i->set_subject(subject);
    i->set_content("Việc thực hiện Điều lệ Đảng");
    *i->mutable_planned_on() = ToDate(opened - 30);
    i->set_program(program);
    iv1::Inspection out;
    grpc::Status s = istub_->CreateInspection(Context().get(), r, &out);
    EXPECT_TRUE(s.ok()) << s.error_message();
    iv1::RecordInspectionStepRequest open;
    open.set_name(out.name());
    open.mutable_open()->set_decision("Quyết định số 12-QĐ/UBKTĐUK");
    *open.mutable_open()->mutable_opened_on() = ToDate(opened);
    open.mutable_open()->add_team("Phạm Văn Đức");
    s = istub_->RecordInspectionStep(Context().get(), open, &out);
    EXPECT_TRUE(s.ok()) << s.error_message();
    if (concluded) {
      iv1::RecordInspectionStepRequest conclude;
      conclude.set_name(out.name());
      auto* c = conclude.mutable_conclude();
      *c->mutable_concluded_on() = ToDate(*concluded);
      c->set_violation(violation);
      c->set_discipline_warranted(violation);
      c->set_findings("Vi phạm quy định về những điều đảng viên không được làm");
      s = istub_->RecordInspectionStep(Context().get(), conclude, &out);
      EXPECT_TRUE(s.ok()) << s.error_message();
    }
    return out.name();
  }

  // A member found in violation by the Khối's commission and disciplined
  // with `form` on `decided`.
  static void Discipline(const std::string& member, iv1::DisciplineForm form, CivilDay decided) {
    const std::string inspection = Work(iv1::INSPECTION_KIND_SIGNS_OF_VIOLATION,
                                        Actor(iv1::ACTOR_KIND_INSPECTION_COMMISSION, khoi_), member,
                                        decided - 60, decided - 10, /*violation=*/true);
    iv1::CreateDisciplineCaseRequest r;
    auto* c = r.mutable_discipline_case();
    c->set_inspection(inspection);
    c->set_subject(member);
    c->set_violation("Vi phạm quy định về những điều đảng viên không được làm");
    *c->mutable_violation_started_on() = ToDate(decided - 200);
    *c->mutable_violation_ended_on() = ToDate(decided - 150);
    iv1::DisciplineCase out;
    grpc::Status s = istub_->CreateDisciplineCase(Context().get(), r, &out);
    ASSERT_TRUE(s.ok()) << s.error_message();
    iv1::RecordDisciplineStepRequest d;
    d.set_name(out.name());
    d.mutable_decide()->set_form(form);
    d.mutable_decide()->set_authority("Ủy ban kiểm tra Đảng ủy Khối");
    d.mutable_decide()->set_document("Quyết định số 07-QĐ/UBKTĐUK");
    *d.mutable_decide()->mutable_decided_on() = ToDate(decided);
    *d.mutable_decide()->mutable_effective_on() = ToDate(decided);
    *d.mutable_decide()->mutable_notified_on() = ToDate(decided + 1);
    s = istub_->RecordDisciplineStep(Context().get(), d, &out);
    ASSERT_TRUE(s.ok()) << s.error_message();
  }

  static iv1::Petition Petition(iv1::PetitionKind kind, const std::string& organization,
                                const std::string& subject, CivilDay received) {
    iv1::CreatePetitionRequest r;
    auto* p = r.mutable_petition();
    p->set_kind(kind);
    p->set_organization(organization);
    p->set_subject(subject);
    *p->mutable_received_on() = ToDate(received);
    p->mutable_petitioner()->set_full_name("Hoàng Thị Mai");
    p->mutable_petitioner()->set_address("12 Trần Phú, Gia Nghĩa");
    p->set_summary("Phản ánh vi phạm trong quản lý tài chính");
    iv1::Petition out;
    grpc::Status s = istub_->CreatePetition(Context().get(), r, &out);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return out;
  }

  static iv1::Petition Step(const iv1::RecordPetitionStepRequest& r) {
    iv1::Petition out;
    grpc::Status s = istub_->RecordPetitionStep(Context().get(), r, &out);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return out;
  }

  static iv1::Petition Jurisdiction(const iv1::Petition& p, iv1::JurisdictionDecision decision,
                                    CivilDay day) {
    iv1::RecordPetitionStepRequest r;
    r.set_name(p.name());
    r.mutable_decide_jurisdiction()->set_decision(decision);
    *r.mutable_decide_jurisdiction()->mutable_decided_on() = ToDate(day);
    if (decision == iv1::JURISDICTION_DECISION_FORWARD) {
      r.mutable_decide_jurisdiction()->set_forwarded_to("Ủy ban kiểm tra Tỉnh ủy");
    }
    return Step(r);
  }

  // Reflecting every event both services have recorded, waiting up to 30 s.
  static rv1::Freshness UpToDate() {
    rv1::Freshness f;
    for (const char* feed : {"membership", "inspection"}) {
      auto* p = f.add_min_positions();
      p->set_feed(feed);
      p->set_applied_sequence(
          Postgres::Get()
              .Admin(absl::StrCat("SELECT count(*) FROM ", feed, ".outbox"))[0][0]
              .as<int64_t>());
    }
    f.mutable_max_wait()->set_seconds(30);
    return f;
  }

  static rv1::GetInspectionReportRequest Request(const std::string& root, CivilDay start,
                                                 CivilDay end) {
    rv1::GetInspectionReportRequest r;
    r.set_root(root);
    *r.mutable_period_start() = ToDate(start);
    *r.mutable_period_end() = ToDate(end);
    *r.mutable_freshness() = UpToDate();
    return r;
  }

  static rv1::InspectionReport Report(const std::string& root, CivilDay start, CivilDay end) {
    rv1::InspectionReport out;
    grpc::Status s =
        reports_->GetInspectionReport(Context().get(), Request(root, start, end), &out);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return out;
  }

  static const rv1::WorkCount* WorkOf(const rv1::InspectionReport& r, iv1::InspectionKind kind) {
    for (const auto& w : r.work()) {
      if (w.kind() == kind) return &w;
    }
    return nullptr;
  }

  static const rv1::DisciplineCount* FormOf(const rv1::InspectionReport& r,
                                            iv1::DisciplineForm form) {
    for (const auto& d : r.discipline()) {
      if (d.form() == form) return &d;
    }
    return nullptr;
  }

  static inline ServerProcess *inspection_ = nullptr, *reporting_ = nullptr;
  static inline iv1::InspectionService::Stub* istub_ = nullptr;
  static inline rv1::ReportingService::Stub* reports_ = nullptr;
  static inline std::string khoi_, committee_, cell_a_, cell_b_, other_;
  static inline std::vector<std::string> a_, b_, c_;
};

TEST_F(ReportingInspectionTest, ProgramsWorkDisciplineAndPetitionsCountedByHand) {
  // 2023: the committee's program (3 inspections, 2 supervisions planned)
  // and four of its works; a base cell outside the committee has its own.
  const iv1::Actor committee = Actor(iv1::ACTOR_KIND_BASE_COMMITTEE, committee_);
  const std::string program = Program(committee, 2023, 3, 2);
  Work(iv1::INSPECTION_KIND_COMMITTEE, committee, a_[1], CivilDay(2023, 3, 1), CivilDay(2023, 5, 1),
       false, program);
  Work(iv1::INSPECTION_KIND_COMMITTEE, committee, a_[2], CivilDay(2023, 6, 30),
       CivilDay(2023, 9, 1), false, program);
  Work(iv1::INSPECTION_KIND_REGULAR_SUPERVISION, committee, cell_a_, CivilDay(2023, 8, 1),
       CivilDay(2023, 11, 1), false, program);
  Work(iv1::INSPECTION_KIND_THEMATIC_SUPERVISION, committee, b_[1], CivilDay(2023, 10, 1),
       std::nullopt, false, program);
  const iv1::Actor cell = Actor(iv1::ACTOR_KIND_CELL, other_);
  const std::string cell_program = Program(cell, 2023, 1, 1);
  Work(iv1::INSPECTION_KIND_COMMITTEE, cell, c_[0], CivilDay(2023, 4, 1), CivilDay(2023, 4, 20),
       false, cell_program);

  rv1::InspectionReport half = Report(committee_, CivilDay(2023, 1, 1), CivilDay(2023, 6, 30));
  ASSERT_EQ(half.programs_size(), 1);
  EXPECT_EQ(half.programs(0).actor().organization(), committee_);
  EXPECT_EQ(half.programs(0).planned_inspections(), 3);
  EXPECT_EQ(half.programs(0).opened_inspections(), 2);
  EXPECT_EQ(half.programs(0).concluded_inspections(), 1);
  EXPECT_EQ(half.programs(0).opened_supervisions(), 0);
  ASSERT_EQ(half.work_size(), 1);
  EXPECT_EQ(half.work(0).members(), 2);
  EXPECT_EQ(half.work(0).concluded(), 1);

  rv1::InspectionReport year = Report(committee_, CivilDay(2023, 1, 1), CivilDay(2023, 12, 31));
  ASSERT_EQ(year.programs_size(), 1);
  const rv1::ActorProgress& p = year.programs(0);
  EXPECT_EQ(p.programs(), 1);
  EXPECT_EQ(p.planned_supervisions(), 2);
  EXPECT_EQ(p.opened_inspections(), 2);
  EXPECT_EQ(p.concluded_inspections(), 2);
  EXPECT_EQ(p.opened_supervisions(), 2);
  EXPECT_EQ(p.concluded_supervisions(), 1);
  ASSERT_NE(WorkOf(year, iv1::INSPECTION_KIND_COMMITTEE), nullptr);
  EXPECT_EQ(WorkOf(year, iv1::INSPECTION_KIND_COMMITTEE)->members(), 2);
  EXPECT_EQ(WorkOf(year, iv1::INSPECTION_KIND_COMMITTEE)->concluded(), 2);
  ASSERT_NE(WorkOf(year, iv1::INSPECTION_KIND_REGULAR_SUPERVISION), nullptr);
  EXPECT_EQ(WorkOf(year, iv1::INSPECTION_KIND_REGULAR_SUPERVISION)->organizations(), 1);
  ASSERT_NE(WorkOf(year, iv1::INSPECTION_KIND_THEMATIC_SUPERVISION), nullptr);
  EXPECT_EQ(WorkOf(year, iv1::INSPECTION_KIND_THEMATIC_SUPERVISION)->members(), 1);
  EXPECT_EQ(WorkOf(year, iv1::INSPECTION_KIND_THEMATIC_SUPERVISION)->concluded(), 0);
  // Coverage of 2023: 2 of the 8 members inspected (under 30 %), 1 of the 2
  // cells covered; the same as inspection counts it.
  EXPECT_EQ(year.coverage_year(), 2023);
  EXPECT_EQ(year.members_inspected().total(), 8);
  EXPECT_EQ(year.members_inspected().covered(), 2);
  EXPECT_FALSE(year.members_inspected().met());
  EXPECT_EQ(year.cells_covered().total(), 2);
  EXPECT_EQ(year.cells_covered().covered(), 1);
  EXPECT_TRUE(year.cells_covered().met());
  for (const std::string& root : {committee_, khoi_}) {
    iv1::Coverage own;
    ASSERT_TRUE(Coverage(root, 2023, &own).ok());
    rv1::InspectionReport r = Report(root, CivilDay(2023, 1, 1), CivilDay(2023, 12, 31));
    EXPECT_EQ(r.members_inspected().SerializeAsString(),
              own.members_inspected().SerializeAsString())
        << root;
    EXPECT_EQ(r.cells_covered().SerializeAsString(), own.cells_covered().SerializeAsString())
        << root;
  }
  // The Khối: both actors, three members inspected of ten.
  rv1::InspectionReport khoi = Report(khoi_, CivilDay(2023, 1, 1), CivilDay(2023, 12, 31));
  EXPECT_EQ(khoi.programs_size(), 2);
  EXPECT_EQ(WorkOf(khoi, iv1::INSPECTION_KIND_COMMITTEE)->members(), 3);
  EXPECT_EQ(khoi.members_inspected().total(), 10);
  EXPECT_EQ(khoi.members_inspected().covered(), 3);

  // 2024: the Khối's commission finds three members in violation; two are
  // the committee's.
  Discipline(a_[3], iv1::DISCIPLINE_FORM_REPRIMAND, CivilDay(2024, 4, 1));
  Discipline(b_[0], iv1::DISCIPLINE_FORM_WARNING, CivilDay(2024, 5, 10));
  Discipline(c_[1], iv1::DISCIPLINE_FORM_REPRIMAND, CivilDay(2024, 6, 3));
  rv1::InspectionReport y2024 = Report(committee_, CivilDay(2024, 1, 1), CivilDay(2024, 12, 31));
  ASSERT_EQ(y2024.discipline_size(), 2);
  EXPECT_EQ(FormOf(y2024, iv1::DISCIPLINE_FORM_REPRIMAND)->members(), 1);
  EXPECT_EQ(FormOf(y2024, iv1::DISCIPLINE_FORM_WARNING)->members(), 1);
  EXPECT_EQ(y2024.work_size(), 0);  // the commission is the Khối's, not the committee's
  ASSERT_EQ(y2024.violation_rates_size(), 1);
  EXPECT_EQ(y2024.violation_rates(0).members_disciplined(), 2);
  EXPECT_EQ(y2024.violation_rates(0).members(), 9);  // the probationary member counts
  EXPECT_DOUBLE_EQ(y2024.violation_rates(0).percent(), 100.0 * 2 / 9);
  rv1::InspectionReport trend = Report(khoi_, CivilDay(2023, 1, 1), CivilDay(2024, 12, 31));
  EXPECT_EQ(FormOf(trend, iv1::DISCIPLINE_FORM_REPRIMAND)->members(), 2);
  EXPECT_EQ(FormOf(trend, iv1::DISCIPLINE_FORM_WARNING)->members(), 1);
  EXPECT_EQ(WorkOf(trend, iv1::INSPECTION_KIND_SIGNS_OF_VIOLATION)->members(), 3);
  EXPECT_EQ(WorkOf(trend, iv1::INSPECTION_KIND_SIGNS_OF_VIOLATION)->violations(), 3);
  ASSERT_EQ(trend.violation_rates_size(), 2);
  EXPECT_EQ(trend.violation_rates(0).year(), 2023);
  EXPECT_EQ(trend.violation_rates(0).members_disciplined(), 0);
  EXPECT_EQ(trend.violation_rates(0).members(), 10);
  EXPECT_EQ(trend.violation_rates(1).members_disciplined(), 3);
  EXPECT_EQ(trend.violation_rates(1).members(), 11);

  // Petitions to the committee: one left undecided from 2024, a
  // denunciation handled and still open, a complaint resolved, one forwarded;
  // one to the other cell.
  Petition(iv1::PETITION_KIND_COMPLAINT, committee_, a_[0], CivilDay(2024, 12, 20));
  iv1::Petition denunciation =
      Petition(iv1::PETITION_KIND_DENUNCIATION, committee_, a_[4], CivilDay(2025, 1, 2));
  denunciation =
      Jurisdiction(denunciation, iv1::JURISDICTION_DECISION_HANDLE, CivilDay(2025, 1, 6));
  iv1::Petition resolved =
      Petition(iv1::PETITION_KIND_COMPLAINT, committee_, cell_b_, CivilDay(2025, 2, 3));
  resolved = Jurisdiction(resolved, iv1::JURISDICTION_DECISION_HANDLE, CivilDay(2025, 2, 5));
  iv1::RecordPetitionStepRequest resolve;
  resolve.set_name(resolved.name());
  *resolve.mutable_resolve()->mutable_resolved_on() = ToDate(CivilDay(2025, 3, 10));
  resolve.mutable_resolve()->set_outcome("Khiếu nại sai");
  Step(resolve);
  iv1::Petition forwarded =
      Petition(iv1::PETITION_KIND_COMPLAINT, committee_, b_[2], CivilDay(2025, 3, 3));
  Jurisdiction(forwarded, iv1::JURISDICTION_DECISION_FORWARD, CivilDay(2025, 3, 5));
  Petition(iv1::PETITION_KIND_COMPLAINT, other_, c_[0], CivilDay(2025, 2, 10));

  const CivilDay end(2025, 6, 30);
  const CivilDay due = *ToCivilDay(denunciation.due_on());
  rv1::InspectionReport h1 = Report(committee_, CivilDay(2025, 1, 1), end);
  const rv1::PetitionFigures& f = h1.petitions();
  EXPECT_EQ(f.received(), 3);
  EXPECT_EQ(f.complaints(), 2);
  EXPECT_EQ(f.denunciations(), 1);
  EXPECT_EQ(f.resolved(), 1);
  EXPECT_EQ(f.forwarded(), 1);
  EXPECT_EQ(f.not_handled(), 0);
  EXPECT_EQ(f.pending(), 2);
  EXPECT_EQ(f.overdue(), due < end ? 1 : 0);
  // On the deadline itself the denunciation is not yet overdue.
  EXPECT_EQ(Report(committee_, CivilDay(2025, 1, 1), due).petitions().overdue(), 0);
  EXPECT_EQ(Report(committee_, CivilDay(2025, 1, 1), due + 1).petitions().overdue(), 1);
  // Before the complaint was resolved it was pending too.
  rv1::InspectionReport q1 = Report(committee_, CivilDay(2025, 1, 1), CivilDay(2025, 3, 9));
  EXPECT_EQ(q1.petitions().resolved(), 0);
  EXPECT_EQ(q1.petitions().pending(), 3);
  EXPECT_EQ(Report(khoi_, CivilDay(2025, 1, 1), end).petitions().received(), 4);

  // The same report as CSV: the petitions' lines.
  rv1::ExportReportRequest csv;
  *csv.mutable_inspection() = Request(committee_, CivilDay(2025, 1, 1), end);
  csv.set_format(rv1::EXPORT_FORMAT_CSV);
  rv1::ExportReportResponse file;
  ASSERT_TRUE(reports_->ExportReport(Context().get(), csv, &file).ok());
  EXPECT_EQ(file.filename(), "bao-cao-kiem-tra-2025-06-30.csv");
  EXPECT_NE(file.content().find("\r\n5.1,Đơn nhận trong kỳ,3\r\n5.1.1,Khiếu nại,2\r\n"),
            std::string::npos)
      << file.content();
  EXPECT_NE(file.content().find(absl::StrCat("\r\n5.5.1,Quá hạn,", due < end ? 1 : 0, "\r\n")),
            std::string::npos);
  csv.set_format(rv1::EXPORT_FORMAT_XLSX);
  ASSERT_TRUE(reports_->ExportReport(Context().get(), csv, &file).ok());
  EXPECT_EQ(file.content().substr(0, 2), "PK");  // a zip: the spreadsheet

  // A request without its period names the fields.
  rv1::GetInspectionReportRequest bad;
  bad.set_root(committee_);
  rv1::InspectionReport ignored;
  grpc::Status s = reports_->GetInspectionReport(Context().get(), bad, &ignored);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);

  // A rebuild from both feeds gives the same reports, byte for byte.
  auto snapshot = [&] {
    std::vector<std::string> out;
    for (const std::string& root : {committee_, khoi_}) {
      out.push_back(Report(root, CivilDay(2023, 1, 1), end).SerializeAsString());
      out.push_back(Report(root, CivilDay(2023, 1, 1), CivilDay(2023, 6, 30)).SerializeAsString());
    }
    return out;
  };
  const std::vector<std::string> before = snapshot();
  const absl::Time started = absl::Now();
  ASSERT_EQ(RunBinary("reporting", {"rebuild"}, ReportingEnvironment()), 0);
  std::printf("rebuilt in %.1f s\n", absl::ToDoubleSeconds(absl::Now() - started));
  const std::vector<std::string> after = snapshot();
  for (size_t i = 0; i < before.size(); ++i) EXPECT_EQ(after[i], before[i]) << "report " << i;
}

}  // namespace
}  // namespace partywork::testing
