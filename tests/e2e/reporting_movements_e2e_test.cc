// Reporting at the edges of a member's history: a transfer, a death and an
// expulsion recorded through membership, and each member counted in the right
// place the day before and the day of each event; Biểu 1 for the year; and
// reading one's own write by asking for the feed position just written.
#include <thread>

#include "gtest/gtest.h"
#include "libs/platform/errors.h"
#include "tests/e2e/reporting_fixture.h"

PARTYWORK_USE_POSTGRES();

namespace partywork::testing {
namespace {

const absl::CivilDay kOpened(2022, 1, 1);
const absl::CivilDay kTransfer(2023, 3, 15);
const absl::CivilDay kDeath(2023, 4, 10);
const absl::CivilDay kExpulsion(2023, 5, 20);

class MovementsTest : public ReportingTest {
 protected:
  // An official member registered in `cell` on kOpened.
  static std::string Register(const std::string& cell, const std::string& full_name) {
    mv1::CreateMemberRequest r;
    mv1::Member* m = r.mutable_member();
    m->set_full_name(full_name);
    m->set_gender(mv1::GENDER_MALE);
    *m->mutable_birth_date() = ToDate(absl::CivilDay(1980, 4, 2));
    m->set_ethnicity("Kinh");
    *m->mutable_admitted_on() = ToDate(absl::CivilDay(2005, 5, 19));
    *m->mutable_official_on() = ToDate(absl::CivilDay(2006, 5, 19));
    m->set_qualification(mv1::QUALIFICATION_UNIVERSITY);
    auto* e = r.mutable_first_event();
    e->set_kind(mv1::MEMBER_EVENT_KIND_REGISTERED);
    *e->mutable_effective_on() = ToDate(kOpened);
    e->set_organization(cell);
    e->set_initial_status(mv1::MEMBER_STATUS_OFFICIAL);
    mv1::Member created;
    grpc::Status s = stub_->CreateMember(Context().get(), r, &created);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return created.name();
  }

  static void Record(const std::string& member, mv1::MemberEventKind kind, absl::CivilDay day,
                     const std::string& cell = "") {
    mv1::RecordMemberEventRequest r;
    r.set_parent(member);
    r.mutable_event()->set_kind(kind);
    *r.mutable_event()->mutable_effective_on() = ToDate(day);
    r.mutable_event()->set_organization(cell);
    r.mutable_event()->set_decision("Quyết định số 1-QĐ/ĐUK");
    mv1::MemberEvent ignored;
    grpc::Status s = stub_->RecordMemberEvent(Context().get(), r, &ignored);
    EXPECT_TRUE(s.ok()) << s.error_message();
  }

  static int Total(const std::string& root, absl::CivilDay day) {
    return Members(root, day).figures().total();
  }
};

TEST_F(MovementsTest, TransferDeathAndExpulsionCountEachMemberInTheRightPlace) {
  const std::string khoi = Create("Đảng bộ Khối thử nghiệm", kHigher, kNoType, "", kFounded);
  const std::string committee =
      Create("Đảng bộ Sở Tài chính", kBaseCommittee, kAdministrative, khoi, kFounded);
  const std::string a =
      Create("Chi bộ Phòng Ngân sách", kSubordinateCell, kNoType, committee, kFounded);
  const std::string b =
      Create("Chi bộ Phòng Đầu tư", kSubordinateCell, kNoType, committee, kFounded);
  const std::string c = Create("Chi bộ Sở Nội vụ", kBaseCell, kAdministrative, khoi, kFounded);

  const std::string moved = Register(a, "Trần Văn Chuyển");
  const std::string deceased = Register(a, "Lê Văn Mất");
  const std::string expelled = Register(c, "Phạm Văn Khai");
  Record(moved, mv1::MEMBER_EVENT_KIND_TRANSFERRED_WITHIN, kTransfer, b);
  Record(deceased, mv1::MEMBER_EVENT_KIND_DECEASED, kDeath);
  Record(expelled, mv1::MEMBER_EVENT_KIND_EXPELLED, kExpulsion);

  // Chuyển sinh hoạt: in A up to the day before, in B from the day.
  EXPECT_EQ(Total(a, kTransfer - 1), 2);
  EXPECT_EQ(Total(b, kTransfer - 1), 0);
  EXPECT_EQ(Total(a, kTransfer), 1);
  EXPECT_EQ(Total(b, kTransfer), 1);
  EXPECT_EQ(Total(committee, kTransfer - 1), 2);  // the committee keeps both
  EXPECT_EQ(Total(committee, kTransfer), 2);
  // Từ trần: counted the day before, not from the day.
  EXPECT_EQ(Total(a, kDeath - 1), 1);
  EXPECT_EQ(Total(a, kDeath), 0);
  EXPECT_EQ(Total(committee, kDeath), 1);
  // Khai trừ likewise.
  EXPECT_EQ(Total(c, kExpulsion - 1), 1);
  EXPECT_EQ(Total(c, kExpulsion), 0);
  EXPECT_EQ(Total(khoi, kExpulsion - 1), 2);
  EXPECT_EQ(Total(khoi, kExpulsion), 1);
  EXPECT_EQ(Total(khoi, kOpened - 1), 0);
  EXPECT_EQ(Total(khoi, kOpened), 3);
  // Compared with the day the records were opened.
  const auto report = Members(khoi, kExpulsion, kOpened);
  EXPECT_EQ(report.change().total(), -2);

  // Biểu 1 of 2023: the Khối loses a member by death and one by expulsion;
  // the transfer moves one between its cells.
  const absl::CivilDay start(2023, 1, 1), end(2023, 12, 31);
  const auto khoi_form = Form(khoi, rv1::STATISTICS_FORM_KIND_GAINS_AND_LOSSES, start, end);
  EXPECT_EQ(Value(khoi_form, "1"), 3);
  EXPECT_EQ(Value(khoi_form, "2"), 0);
  EXPECT_EQ(Value(khoi_form, "3.1"), 1);
  EXPECT_EQ(Value(khoi_form, "3.2"), 1);
  EXPECT_EQ(Value(khoi_form, "3.6"), 0);
  EXPECT_EQ(Value(khoi_form, "4"), 0);
  EXPECT_EQ(Value(khoi_form, "5"), 1);
  EXPECT_EQ(Value(khoi_form, "1", 1), 0);  // 2022: nobody at its start
  EXPECT_EQ(Value(khoi_form, "4", 1), 3);  // records opened in 2022
  const auto a_form = Form(a, rv1::STATISTICS_FORM_KIND_GAINS_AND_LOSSES, start, end);
  EXPECT_EQ(Value(a_form, "3.6"), 1);
  EXPECT_EQ(Value(a_form, "3.1"), 1);
  EXPECT_EQ(Value(a_form, "5"), 0);
  const auto b_form = Form(b, rv1::STATISTICS_FORM_KIND_GAINS_AND_LOSSES, start, end);
  EXPECT_EQ(Value(b_form, "2.3"), 1);
  EXPECT_EQ(Value(b_form, "5"), 1);

  // A CSV of the form: a header line, then one line per row.
  rv1::ExportReportRequest csv;
  csv.set_format(rv1::EXPORT_FORMAT_CSV);
  *csv.mutable_form() = FormRequest(khoi, rv1::STATISTICS_FORM_KIND_GAINS_AND_LOSSES, start, end);
  const std::string text = Export(csv).content();
  EXPECT_EQ(text.substr(0, text.find("\r\n")),
            "Mã số,Chỉ tiêu,Kỳ này,Cùng kỳ năm trước,So sánh (%)");
  EXPECT_NE(text.find("\r\n3.1,Từ trần,1,0,0.00\r\n"), std::string::npos) << text;
  // A membership report without a day to compare with has one column.
  rv1::ExportReportRequest members;
  members.set_format(rv1::EXPORT_FORMAT_CSV);
  members.mutable_membership()->set_root(committee);
  *members.mutable_membership()->mutable_as_of() = ToDate(kDeath);
  const std::string lines = Export(members).content();
  EXPECT_EQ(lines.substr(0, lines.find("\r\n")), "Mã số,Chỉ tiêu,Ngày 10/04/2023");
  EXPECT_NE(lines.find("\r\n1,Tổng số đảng viên,1\r\n"), std::string::npos) << lines;
}

TEST_F(MovementsTest, AWriterReadsItsOwnWriteAndAnUnreachedPositionIsRefused) {
  const std::string khoi = Create("Đảng bộ Khối đọc lại", kHigher, kNoType, "", kFounded);
  const std::string cell = Create("Chi bộ Sở Xây dựng", kBaseCell, kAdministrative, khoi, kFounded);
  Register(cell, "Đỗ Thị Vừa Ghi");
  const int64_t written = MembershipHead();

  rv1::GetMembershipReportRequest r;
  r.set_root(khoi);
  *r.mutable_as_of() = ToDate(kOpened);
  auto* wanted = r.mutable_freshness()->add_min_positions();
  wanted->set_feed("membership");
  wanted->set_applied_sequence(written);
  r.mutable_freshness()->mutable_max_wait()->set_seconds(10);
  rv1::MembershipReport report;
  grpc::Status s = reports_->GetMembershipReport(Context().get(), r, &report);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(report.figures().total(), 1);
  ASSERT_EQ(report.reflects_size(), 1);
  EXPECT_GE(report.reflects(0).applied_sequence(), written);

  // A position the feed has not reached: refused once the wait is over.
  wanted->set_applied_sequence(written + 1000);
  r.mutable_freshness()->mutable_max_wait()->set_seconds(0);
  r.mutable_freshness()->mutable_max_wait()->set_nanos(300'000'000);
  const absl::Time asked = absl::Now();
  s = reports_->GetMembershipReport(Context().get(), r, &report);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_EQ(errors::Reason(s), "NOT_CAUGHT_UP");
  EXPECT_GE(absl::Now() - asked, absl::Milliseconds(300));
  EXPECT_LT(absl::Now() - asked, absl::Seconds(5));

  // Bad requests name their fields.
  r.mutable_freshness()->mutable_max_wait()->set_seconds(31);
  r.set_root("members/1");
  s = reports_->GetMembershipReport(Context().get(), r, &report);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  const auto fields = errors::FieldViolations(s);
  ASSERT_EQ(fields.size(), 2u);
  EXPECT_EQ(fields[0].field, "freshness.max_wait");
  EXPECT_EQ(fields[1].field, "root");
  r.set_root("organizations/999999");
  r.clear_freshness();
  s = reports_->GetMembershipReport(Context().get(), r, &report);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::NOT_FOUND);
  // A caller scoped to another subtree is refused.
  grpc::ClientContext scoped;
  SignAs(&scoped, {"secretary", "base_secretary", cell});
  r.set_root(khoi);
  s = reports_->GetMembershipReport(&scoped, r, &report);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(errors::Reason(s), "OUT_OF_SCOPE");
}

TEST_F(MovementsTest, CatchesUpAfterDowntimeFromItsCheckpoint) {
  const std::string khoi = Create("Đảng bộ Khối khởi động lại", kHigher, kNoType, "", kFounded);
  const std::string cell = Create("Chi bộ Sở Y tế", kBaseCell, kAdministrative, khoi, kFounded);
  Register(cell, "Vũ Văn Trước");
  EXPECT_EQ(Total(khoi, kOpened), 1);

  // Reporting stops; membership goes on recording.
  ASSERT_EQ(reporting_->Terminate(), 0);
  delete reports_;
  delete reporting_;
  reports_ = nullptr;
  const std::string later = Register(cell, "Vũ Văn Trong Lúc Dừng");
  Record(later, mv1::MEMBER_EVENT_KIND_DECEASED, kDeath);
  Register(cell, "Vũ Thị Sau");

  reporting_ = ServerProcess::Start("reporting", ReportingEnvironment()).release();
  ASSERT_NE(reporting_, nullptr);
  reports_ = rv1::ReportingService::NewStub(reporting_->channel()).release();
  EXPECT_EQ(Total(khoi, kDeath - 1), 3);
  EXPECT_EQ(Total(khoi, kDeath), 2);
  // Nothing applied twice: one spell per member still open, none repeated.
  EXPECT_EQ(Postgres::Get().Admin("SELECT count(*) FROM reporting.member_events")[0][0].as<int>(),
            Postgres::Get().Admin("SELECT count(*) FROM membership.member_events")[0][0].as<int>());
}

TEST_F(MovementsTest, AWaitingRequestIsAnsweredWhenTheServerDrains) {
  const std::string khoi = Create("Đảng bộ Khối dừng máy", kHigher, kNoType, "", kFounded);
  rv1::GetMembershipReportRequest r;
  r.set_root(khoi);
  auto* wanted = r.mutable_freshness()->add_min_positions();
  wanted->set_feed("membership");
  wanted->set_applied_sequence(MembershipHead() + 1000);  // never reached
  r.mutable_freshness()->mutable_max_wait()->set_seconds(20);
  grpc::Status status;
  absl::Time answered;
  std::thread caller([&] {
    rv1::MembershipReport report;
    status = reports_->GetMembershipReport(Context().get(), r, &report);
    answered = absl::Now();
  });
  absl::SleepFor(absl::Milliseconds(500));  // the request is waiting
  const absl::Time stopping = absl::Now();
  EXPECT_EQ(reporting_->Terminate(), 0);
  caller.join();
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE) << status.error_message();
  EXPECT_LT(answered - stopping, absl::Seconds(10));
  // The suite's later tests get a fresh server.
  delete reports_;
  delete reporting_;
  reporting_ = ServerProcess::Start("reporting", ReportingEnvironment()).release();
  ASSERT_NE(reporting_, nullptr);
  reports_ = rv1::ReportingService::NewStub(reporting_->channel()).release();
}

}  // namespace
}  // namespace partywork::testing
