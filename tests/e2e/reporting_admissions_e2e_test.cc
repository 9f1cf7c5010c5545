// Reporting's admissions report against the real membership: admissions of a
// quarter by category (a Youth-Union age at its edge birthday, a private
// enterprise's base cell, a student, women, minorities), the shares of the
// resolution's and the provincial plan's targets (the shortest target period
// holding the report's), a target changed on the feed, and a rebuild giving
// the same reports byte for byte.
#include "tests/e2e/reporting_fixture.h"

PARTYWORK_USE_POSTGRES();

namespace partywork::testing {
namespace {

using absl::CivilDay;

class AdmissionsReportTest : public ReportingTest {
 protected:
  struct Person {
    bool female = false;
    CivilDay born;
    std::string ethnicity = "Kinh";
    bool student = false;
  };

  static void Admit(const Person& p, const std::string& cell, CivilDay day) {
    mv1::CreateMemberRequest r;
    auto* m = r.mutable_member();
    m->set_full_name(p.female ? "Nguyễn Thị Hoa" : "Trần Văn Nam");
    m->set_gender(p.female ? mv1::GENDER_FEMALE : mv1::GENDER_MALE);
    *m->mutable_birth_date() = ToDate(p.born);
    m->set_ethnicity(p.ethnicity);
    m->set_student(p.student);
    *m->mutable_admitted_on() = ToDate(day);
    auto* e = r.mutable_first_event();
    e->set_kind(mv1::MEMBER_EVENT_KIND_ADMITTED);
    *e->mutable_effective_on() = ToDate(day);
    e->set_organization(cell);
    mv1::Member out;
    grpc::Status s = stub_->CreateMember(Context().get(), r, &out);
    EXPECT_TRUE(s.ok()) << s.error_message();
  }

  static mv1::AdmissionTarget Target(const std::string& organization, mv1::TargetSource source,
                                     CivilDay start, CivilDay end,
                                     const std::map<mv1::AdmissionCategory, int>& counts) {
    mv1::CreateAdmissionTargetRequest r;
    auto* t = r.mutable_target();
    t->set_organization(organization);
    t->set_source(source);
    *t->mutable_period_start() = ToDate(start);
    *t->mutable_period_end() = ToDate(end);
    t->set_document(source == mv1::TARGET_SOURCE_RESOLUTION ? "Nghị quyết Đại hội Đảng bộ Khối"
                                                            : "Kế hoạch của Ban Thường vụ Tỉnh ủy");
    for (const auto& [category, count] : counts) {
      auto* c = t->add_targets();
      c->set_category(category);
      c->set_count(count);
    }
    mv1::AdmissionTarget out;
    grpc::Status s = stub_->CreateAdmissionTarget(Context().get(), r, &out);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return out;
  }

  static rv1::AdmissionReport Report(const std::string& root, CivilDay start, CivilDay end) {
    rv1::GetAdmissionReportRequest r;
    r.set_root(root);
    *r.mutable_period_start() = ToDate(start);
    *r.mutable_period_end() = ToDate(end);
    *r.mutable_freshness() = UpToDate();
    rv1::AdmissionReport out;
    grpc::Status s = reports_->GetAdmissionReport(Context().get(), r, &out);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return out;
  }

  static const rv1::AdmissionFigure& Of(const rv1::AdmissionReport& r,
                                        mv1::AdmissionCategory category) {
    for (const auto& f : r.figures()) {
      if (f.category() == category) return f;
    }
    static const rv1::AdmissionFigure kNone;
    ADD_FAILURE() << "no figure for " << mv1::AdmissionCategory_Name(category);
    return kNone;
  }
};

TEST_F(AdmissionsReportTest, QuarterByCategoryAgainstResolutionAndPlan) {
  const CivilDay founded(2015, 1, 1);
  const std::string khoi = Create("Đảng bộ Khối Doanh nghiệp", kHigher, kNoType, "", founded);
  const std::string committee = Create("Đảng bộ Sở Công Thương", kBaseCommittee,
                                       mv1::ORGANIZATION_TYPE_ADMINISTRATIVE_AGENCY, khoi, founded);
  const std::string cell =
      Create("Chi bộ Phòng Kế hoạch", kSubordinateCell, kNoType, committee, founded);
  const std::string private_cell =
      Create("Chi bộ Công ty Cổ phần Cà phê", kBaseCell, mv1::ORGANIZATION_TYPE_PRIVATE_JOINT_STOCK,
             khoi, founded);
  const std::string elsewhere = Create("Đảng bộ Khối khác", kHigher, kNoType, "", founded);
  const std::string elsewhere_cell =
      Create("Chi bộ Sở Y tế", kBaseCell, mv1::ORGANIZATION_TYPE_ADMINISTRATIVE_AGENCY, elsewhere,
             founded);
  // Q1 2024 in the Khối: a woman student of 24; a Tày man of 30 (his 31st
  // birthday is the next day) and a Kinh man of 31 that very day; a woman in
  // the private enterprise. Outside the quarter or the Khối: two more.
  Admit({true, CivilDay(2000, 1, 1), "Kinh", true}, cell, CivilDay(2024, 2, 1));
  Admit({false, CivilDay(1993, 3, 16), "Tày"}, cell, CivilDay(2024, 3, 15));
  Admit({false, CivilDay(1993, 3, 15)}, cell, CivilDay(2024, 3, 15));
  Admit({true, CivilDay(1990, 1, 1)}, private_cell, CivilDay(2024, 1, 10));
  Admit({false, CivilDay(1995, 1, 1)}, cell, CivilDay(2024, 4, 2));
  Admit({false, CivilDay(1995, 1, 1)}, elsewhere_cell, CivilDay(2024, 2, 1));

  // The year's resolution (20, of them 10 women) and plan (16); the term's
  // resolution (100) holds the quarter too but is longer.
  Target(khoi, mv1::TARGET_SOURCE_RESOLUTION, CivilDay(2020, 1, 1), CivilDay(2025, 12, 31),
         {{mv1::ADMISSION_CATEGORY_TOTAL, 100}});
  const mv1::AdmissionTarget year_resolution =
      Target(khoi, mv1::TARGET_SOURCE_RESOLUTION, CivilDay(2024, 1, 1), CivilDay(2024, 12, 31),
             {{mv1::ADMISSION_CATEGORY_TOTAL, 20}, {mv1::ADMISSION_CATEGORY_WOMEN, 10}});
  mv1::AdmissionTarget plan = Target(khoi, mv1::TARGET_SOURCE_PROVINCIAL_PLAN, CivilDay(2024, 1, 1),
                                     CivilDay(2024, 12, 31), {{mv1::ADMISSION_CATEGORY_TOTAL, 16}});

  const CivilDay q1_start(2024, 1, 1), q1_end(2024, 3, 31);
  rv1::AdmissionReport q1 = Report(khoi, q1_start, q1_end);
  ASSERT_EQ(q1.figures_size(), 6);
  EXPECT_EQ(q1.figures(0).category(), mv1::ADMISSION_CATEGORY_TOTAL);
  EXPECT_EQ(Of(q1, mv1::ADMISSION_CATEGORY_TOTAL).admitted(), 4);
  EXPECT_EQ(Of(q1, mv1::ADMISSION_CATEGORY_STUDENTS).admitted(), 1);
  EXPECT_EQ(Of(q1, mv1::ADMISSION_CATEGORY_YOUTH_UNION_AGE).admitted(), 2);
  EXPECT_EQ(Of(q1, mv1::ADMISSION_CATEGORY_WOMEN).admitted(), 2);
  EXPECT_EQ(Of(q1, mv1::ADMISSION_CATEGORY_ETHNIC_MINORITIES).admitted(), 1);
  EXPECT_EQ(Of(q1, mv1::ADMISSION_CATEGORY_PRIVATE_ENTERPRISE).admitted(), 1);
  EXPECT_EQ(q1.resolution().target(), year_resolution.name());
  EXPECT_EQ(q1.plan().target(), plan.name());
  const rv1::AdmissionFigure& total = Of(q1, mv1::ADMISSION_CATEGORY_TOTAL);
  EXPECT_TRUE(total.has_resolution_target());
  EXPECT_EQ(total.resolution_target(), 20);
  EXPECT_DOUBLE_EQ(total.resolution_percent(), 20.0);
  EXPECT_DOUBLE_EQ(total.plan_percent(), 25.0);
  EXPECT_DOUBLE_EQ(Of(q1, mv1::ADMISSION_CATEGORY_WOMEN).resolution_percent(), 20.0);
  EXPECT_FALSE(Of(q1, mv1::ADMISSION_CATEGORY_WOMEN).has_plan_target());
  EXPECT_FALSE(Of(q1, mv1::ADMISSION_CATEGORY_STUDENTS).has_resolution_target());
  EXPECT_EQ(q1.summary(),
            "Đã kết nạp 4 đảng viên, đạt 20,0 % Nghị quyết, 25,0 % kế hoạch Tỉnh ủy giao.");

  // The committee alone: three admitted, no targets of its own.
  rv1::AdmissionReport own = Report(committee, q1_start, q1_end);
  EXPECT_EQ(Of(own, mv1::ADMISSION_CATEGORY_TOTAL).admitted(), 3);
  EXPECT_EQ(Of(own, mv1::ADMISSION_CATEGORY_PRIVATE_ENTERPRISE).admitted(), 0);
  EXPECT_FALSE(own.has_resolution());
  EXPECT_EQ(own.summary(), "Đã kết nạp 3 đảng viên.");
  // A period across two years: only the term's resolution holds it.
  rv1::AdmissionReport across = Report(khoi, CivilDay(2023, 12, 1), q1_end);
  EXPECT_EQ(across.figures(0).resolution_target(), 100);
  EXPECT_FALSE(across.has_plan());
  EXPECT_EQ(Report(khoi, q1_start, CivilDay(2024, 6, 30)).figures(0).admitted(), 5);

  // The plan lowered to 8: the report follows the feed.
  mv1::UpdateAdmissionTargetRequest update;
  *update.mutable_target() = plan;
  update.mutable_target()->mutable_targets(0)->set_count(8);
  update.mutable_update_mask()->add_paths("targets");
  grpc::Status s = stub_->UpdateAdmissionTarget(Context().get(), update, &plan);
  ASSERT_TRUE(s.ok()) << s.error_message();
  q1 = Report(khoi, q1_start, q1_end);
  EXPECT_DOUBLE_EQ(q1.figures(0).plan_percent(), 50.0);

  // As CSV: one line per category, the shares with two decimals.
  rv1::ExportReportRequest csv;
  csv.mutable_admission()->set_root(khoi);
  *csv.mutable_admission()->mutable_period_start() = ToDate(q1_start);
  *csv.mutable_admission()->mutable_period_end() = ToDate(q1_end);
  *csv.mutable_admission()->mutable_freshness() = UpToDate();
  csv.set_format(rv1::EXPORT_FORMAT_CSV);
  const rv1::ExportReportResponse file = Export(csv);
  EXPECT_EQ(file.filename(), "bao-cao-ket-nap-2024-03-31.csv");
  EXPECT_NE(file.content().find("\r\n1,Tổng số đảng viên kết nạp,4,20,20.00,8,50.00\r\n"),
            std::string::npos)
      << file.content();
  EXPECT_NE(file.content().find("\r\n4,Nữ,2,10,20.00,0,0.00\r\n"), std::string::npos);
  // As a spreadsheet: the same lines, and a column chart of the admitted
  // against the resolution's target by category.
  csv.set_format(rv1::EXPORT_FORMAT_XLSX);
  const rv1::ExportReportResponse xlsx = Export(csv);
  const std::string path = ::testing::TempDir() + "/" + xlsx.filename();
  std::ofstream(path, std::ios::binary) << xlsx.content();
  EXPECT_EQ(Python(R"(
import sys, zipfile, openpyxl
ws = openpyxl.load_workbook(sys.argv[1]).active
rows = {r[0].value: r for r in ws.iter_rows(min_row=6)}
print(rows["1"][1].value, rows["1"][2].value, rows["1"][3].value)
chart = zipfile.ZipFile(sys.argv[1]).read("xl/charts/chart1.xml").decode()
print("barChart" in chart, chart.count("<c:ser>"))
)",
                   path),
            "Tổng số đảng viên kết nạp 4 20\nTrue 2\n");

  // A rebuild from the feed gives the same reports, byte for byte.
  auto snapshot = [&] {
    return std::vector<std::string>{
        Report(khoi, q1_start, q1_end).SerializeAsString(),
        Report(committee, q1_start, q1_end).SerializeAsString(),
        Report(khoi, CivilDay(2023, 12, 1), q1_end).SerializeAsString()};
  };
  const std::vector<std::string> before = snapshot();
  ASSERT_EQ(RunBinary("reporting", {"rebuild"}, ReportingEnvironment()), 0);
  const std::vector<std::string> after = snapshot();
  for (size_t i = 0; i < before.size(); ++i) EXPECT_EQ(after[i], before[i]) << "report " << i;
}

}  // namespace
}  // namespace partywork::testing
