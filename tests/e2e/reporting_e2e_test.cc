// Reporting through the real membership and reporting servers: the Khối of
// seed 003 with its 3,369 members of 31/12/2020 loaded through membership's
// API and counted back by reporting figure for figure; the 2019 and current
// structure; a rebuild from the feed giving byte-identical reports; the
// spreadsheet read back with openpyxl and the Vietnamese narrative.
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <map>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "gtest/gtest.h"
#include "tests/e2e/reporting_fixture.h"

PARTYWORK_USE_POSTGRES();

namespace partywork::testing {
namespace {

const absl::CivilDay kCensus(2020, 12, 31);     // seed 003's "tính đến 31/12/2020"
const absl::CivilDay kRegistered(2020, 12, 1);  // when the records were opened
const absl::CivilDay kExempted(2020, 12, 10);
constexpr int kMembers = 3369;
constexpr int64_t kAgeSum = 132637;  // 39.37 × 3,369, rounded: mean 39.3698

// Counts of the generated population, tallied while generating it.
struct Tally {
  int women = 0, minorities = 0, religious = 0, youth_union = 0, probationary = 0, exempted = 0;
  int64_t age_sum = 0;
  std::map<int, int> by_qualification, by_theory, by_type;
};

// Members with exactly the seed's marginals: each attribute is set for the
// first k positions of its own permutation i → (i·p) mod 3,369 (p prime to
// 3,369 = 3 · 1,123), so the counts are exact and the attributes mixed.
bool Among(int i, int prime, int first) {
  return (static_cast<int64_t>(i) * prime) % kMembers < first;
}

int Rank(int i, int prime) {
  return static_cast<int>((static_cast<int64_t>(i) * prime) % kMembers);
}

std::vector<int> Ages() {
  std::vector<int> ages(kMembers);
  int64_t sum = 0;
  for (int i = 0; i < kMembers; ++i) sum += ages[i] = 23 + (i * 7) % 38;  // 23 … 60
  for (int i = 0; sum != kAgeSum; i = (i + 1) % kMembers) {
    const int step = sum < kAgeSum ? 1 : -1;
    if (ages[i] + step >= 22 && ages[i] + step <= 62) {
      ages[i] += step;
      sum += step;
    }
  }
  return ages;
}

struct Cell {
  std::string name;
  mv1::OrganizationType type;
};

class SeedReportingTest : public ReportingTest {
 protected:
  // The cells (base cells and subordinate cells) of `root` on `day`.
  static std::vector<Cell> CellsOf(const std::string& root, absl::CivilDay day) {
    std::vector<Cell> cells;
    std::vector<std::string> parents = {root};
    while (!parents.empty()) {
      const std::string parent = parents.back();
      parents.pop_back();
      std::string token;
      do {
        mv1::ListOrganizationsRequest list;
        list.set_parent(parent);
        list.set_page_size(500);
        list.set_page_token(token);
        *list.mutable_as_of() = ToDate(day);
        mv1::ListOrganizationsResponse page;
        EXPECT_TRUE(stub_->ListOrganizations(Context().get(), list, &page).ok());
        for (const auto& o : page.organizations()) {
          if (o.kind() == kBaseCell || o.kind() == kSubordinateCell) {
            cells.push_back({o.name(), o.type()});
          } else {
            parents.push_back(o.name());
          }
        }
        token = page.next_page_token();
      } while (!token.empty());
    }
    return cells;
  }

  // Registers the population through CreateMember (and RecordMemberEvent
  // for exemptions), tallying what it registered.
  static Tally Populate(const std::vector<Cell>& cells) {
    static const char* kMinorities[] = {"Ê Đê", "Mnông", "Tày", "Nùng", "Thái"};
    static const char* kReligions[] = {"Công giáo", "Phật giáo", "Tin Lành"};
    const std::vector<int> ages = Ages();
    Tally t;
    for (int i = 0; i < kMembers; ++i) {
      const Cell& cell = cells[i % cells.size()];
      mv1::CreateMemberRequest request;
      request.set_request_id(absl::StrCat("seed-member-", i));
      mv1::Member* m = request.mutable_member();
      m->set_full_name(absl::StrCat("Nguyễn Văn Thử ", i));
      const bool woman = Among(i, 37, 1260);
      m->set_gender(woman ? mv1::GENDER_FEMALE : mv1::GENDER_MALE);
      const int age = ages[i];
      *m->mutable_birth_date() = ToDate(absl::CivilDay(2020 - age, 1 + i % 12, 1 + i % 28));
      const bool minority = Among(i, 101, 130);
      m->set_ethnicity(minority ? kMinorities[i % 5] : "Kinh");
      const bool religious = Among(i, 211, 55);
      if (religious) m->set_religion(kReligions[i % 3]);
      const bool youth = Among(i, 53, 761);
      m->set_youth_union_member(youth);
      m->set_general_education(mv1::GENERAL_EDUCATION_UPPER_SECONDARY);
      const int q = Rank(i, 13);
      m->set_qualification(q < 99     ? mv1::QUALIFICATION_ELEMENTARY
                           : q < 278  ? mv1::QUALIFICATION_INTERMEDIATE
                           : q < 578  ? mv1::QUALIFICATION_COLLEGE
                           : q < 2830 ? mv1::QUALIFICATION_UNIVERSITY
                           : q < 3330 ? mv1::QUALIFICATION_MASTER
                                      : mv1::QUALIFICATION_DOCTOR);
      const int p = Rank(i, 17);
      m->set_political_theory(p < 1200   ? mv1::POLITICAL_THEORY_NONE
                              : p < 2600 ? mv1::POLITICAL_THEORY_ELEMENTARY
                              : p < 3200 ? mv1::POLITICAL_THEORY_INTERMEDIATE
                              : p < 3350 ? mv1::POLITICAL_THEORY_ADVANCED
                                         : mv1::POLITICAL_THEORY_BACHELOR);
      const bool probationary = Among(i, 19, 45);
      const absl::CivilDay admitted = probationary ? absl::CivilDay(2020, 3, 1) + i % 200
                                                   : absl::CivilDay(2020 - age + 20, 5, 19);
      *m->mutable_admitted_on() = ToDate(admitted);
      if (!probationary) *m->mutable_official_on() = ToDate(admitted + 365);
      mv1::MemberEvent* first = request.mutable_first_event();
      first->set_kind(mv1::MEMBER_EVENT_KIND_REGISTERED);
      *first->mutable_effective_on() = ToDate(kRegistered);
      first->set_organization(cell.name);
      first->set_initial_status(probationary ? mv1::MEMBER_STATUS_PROBATIONARY
                                             : mv1::MEMBER_STATUS_OFFICIAL);
      mv1::Member created;
      grpc::Status s = stub_->CreateMember(Context().get(), request, &created);
      if (!s.ok()) {
        ADD_FAILURE() << "member " << i << ": " << s.error_message();
        return t;
      }
      const bool exempted = !probationary && Among(i, 23, 25);
      if (exempted) {
        mv1::RecordMemberEventRequest record;
        record.set_parent(created.name());
        record.mutable_event()->set_kind(mv1::MEMBER_EVENT_KIND_EXEMPTED);
        *record.mutable_event()->mutable_effective_on() = ToDate(kExempted);
        mv1::MemberEvent ignored;
        s = stub_->RecordMemberEvent(Context().get(), record, &ignored);
        EXPECT_TRUE(s.ok()) << s.error_message();
      }
      t.women += woman;
      t.minorities += minority;
      t.religious += religious;
      t.youth_union += youth;
      t.probationary += probationary;
      t.exempted += exempted;
      t.age_sum += age;
      ++t.by_qualification[m->qualification()];
      ++t.by_theory[m->political_theory()];
      ++t.by_type[cell.type];
    }
    return t;
  }

  static std::map<int, int> Qualifications(const rv1::MembershipFigures& f) {
    std::map<int, int> out;
    for (const auto& q : f.by_qualification()) out[q.qualification()] = q.members();
    return out;
  }
};

TEST_F(SeedReportingTest, TheKhoiOf2020CountedBackFigureForFigure) {
  const Blocs blocs = BuildBlocs();
  mv1::Reorganization merged;
  ASSERT_TRUE(Reorganize(BlocMerger(blocs), &merged).ok());
  const std::string khoi = merged.results(0).name();
  for (const auto& change : Seed003Reorganizations(khoi)) ASSERT_TRUE(Reorganize(change).ok());

  // DOMAIN §2 from reporting's read models: 2019 and now.
  const auto at_merger = Structure(khoi, kBlocMerger);
  EXPECT_EQ(at_merger.root_display_name(),
            "Đảng bộ Khối các cơ quan và doanh nghiệp tỉnh Đắk Nông");
  ExpectKhoiOf2019(at_merger);
  const auto now = Structure(khoi, kReportDay, kBlocMerger);
  ExpectKhoiOf2021(now);
  // The merger and the five changes of seed 003 (the merger of 04 base
  // cells into 02 is two decisions).
  ASSERT_EQ(now.reorganizations_size(), 6);
  EXPECT_EQ(now.reorganizations(0).kind(), mv1::REORGANIZATION_KIND_MERGE);
  EXPECT_EQ(now.reorganizations(1).kind(), mv1::REORGANIZATION_KIND_DISSOLVE);
  EXPECT_EQ(now.reorganizations(1).dissolved(0), "Chi bộ Người cao tuổi");
  EXPECT_EQ(now.reorganizations(5).kind(), mv1::REORGANIZATION_KIND_UPGRADE);
  // As CSV: the counts by type, then the reorganizations, one a line.
  rv1::ExportReportRequest structure_csv;
  structure_csv.set_format(rv1::EXPORT_FORMAT_CSV);
  structure_csv.mutable_structure()->set_root(khoi);
  *structure_csv.mutable_structure()->mutable_as_of() = ToDate(kReportDay);
  *structure_csv.mutable_structure()->mutable_period_start() = ToDate(kBlocMerger);
  *structure_csv.mutable_structure()->mutable_period_end() = ToDate(kReportDay);
  *structure_csv.mutable_structure()->mutable_freshness() = UpToDate();
  const std::string structure_text = Export(structure_csv).content();
  EXPECT_NE(structure_text.find("\r\n,Tổng cộng,33,42,0,209,0\r\n"), std::string::npos)
      << structure_text;
  EXPECT_NE(structure_text.find("\r\n01/03/2020,Giải thể Chi bộ Người cao tuổi (ngày "
                                "01/03/2020): Quyết định giải thể Chi bộ Người cao tuổi\r\n"),
            std::string::npos)
      << structure_text;
  // The agencies' bloc on its own before the merger.
  EXPECT_EQ(Structure(blocs.agencies, kBeforeMerger).base_organizations(), 60);

  // 3,369 members through membership's API.
  const std::vector<Cell> cells = CellsOf(khoi, kRegistered);
  ASSERT_EQ(cells.size(), 43u + 205u);  // before the college's upgrade of 2021
  const absl::Time started = absl::Now();
  const Tally t = Populate(cells);
  std::printf("registered %d members in %.1f s\n", kMembers,
              absl::ToDoubleSeconds(absl::Now() - started));

  const absl::Time asked = absl::Now();
  const auto report = Members(khoi, kCensus, kCensus - 366);
  std::printf("membership report (with its wait for the feed) in %.0f ms\n",
              absl::ToDoubleMilliseconds(absl::Now() - asked));
  const auto& f = report.figures();
  EXPECT_EQ(f.total(), 3369);
  EXPECT_EQ(f.women(), 1260);
  EXPECT_EQ(f.ethnic_minorities(), 130);
  EXPECT_EQ(f.religious(), 55);
  EXPECT_EQ(f.youth_union(), 761);
  EXPECT_NEAR(f.mean_age(), 39.37, 0.005);
  auto q = Qualifications(f);
  EXPECT_EQ(q[mv1::QUALIFICATION_ELEMENTARY], 99);
  EXPECT_EQ(q[mv1::QUALIFICATION_INTERMEDIATE], 179);
  EXPECT_EQ(q[mv1::QUALIFICATION_COLLEGE] + q[mv1::QUALIFICATION_UNIVERSITY], 2552);
  EXPECT_EQ(q[mv1::QUALIFICATION_MASTER] + q[mv1::QUALIFICATION_DOCTOR], 539);
  EXPECT_EQ(f.probationary(), t.probationary);
  EXPECT_EQ(f.exempted(), t.exempted);
  EXPECT_GT(t.probationary, 0);
  EXPECT_GT(t.exempted, 0);
  for (const auto& p : f.by_political_theory()) {
    EXPECT_EQ(p.members(), t.by_theory.at(p.political_theory())) << p.political_theory();
  }
  EXPECT_EQ(f.by_political_theory_size(), static_cast<int>(t.by_theory.size()));
  for (const auto& p : f.by_organization_type()) {
    EXPECT_EQ(p.members(), t.by_type.at(p.type())) << p.type();
  }
  EXPECT_EQ(f.by_organization_type_size(), static_cast<int>(t.by_type.size()));
  EXPECT_EQ(report.compared().total(), 0);  // a year before the records were opened
  EXPECT_EQ(report.change().total(), 3369);
  ASSERT_EQ(report.reflects_size(), 1);
  EXPECT_EQ(report.reflects(0).feed(), "membership");
  EXPECT_EQ(report.reflects(0).applied_sequence(), MembershipHead());
  // Before the records were opened, nobody.
  EXPECT_EQ(Members(khoi, kRegistered - 1).figures().total(), 0);
  // A base committee's subtree holds only its own cells' members.
  const auto committee = Members(names_["Đảng bộ cơ quan hành chính 1"], kCensus).figures();
  EXPECT_GT(committee.total(), 0);
  EXPECT_LT(committee.total(), 3369);

  // Biểu 3 and Biểu 5 over the year 2020.
  const absl::CivilDay year_start(2020, 1, 1);
  const auto form3 = Form(khoi, rv1::STATISTICS_FORM_KIND_MEMBERSHIP, year_start, kCensus);
  EXPECT_EQ(Value(form3, "1"), 3369);
  EXPECT_EQ(Value(form3, "2"), 1260);
  EXPECT_EQ(Value(form3, "3"), t.probationary);
  EXPECT_NEAR(Value(form3, "8.9"), 39.37, 0.005);
  EXPECT_EQ(Value(form3, "10.1"), 99);
  const auto form5 =
      Form(khoi, rv1::STATISTICS_FORM_KIND_ORGANIZATIONS_BY_TYPE, year_start, kCensus);
  EXPECT_EQ(Value(form5, "1", 0), 22);  // administrative base committees on 31/12/2020
  EXPECT_EQ(Value(form5, "", 4), 3369);
  const auto form4 =
      Form(khoi, rv1::STATISTICS_FORM_KIND_ETHNICITY_AND_RELIGION, year_start, kCensus);
  EXPECT_EQ(Value(form4, "1.1"), 3369 - 130);  // Kinh first
  const auto form1 = Form(khoi, rv1::STATISTICS_FORM_KIND_GAINS_AND_LOSSES, year_start, kCensus);
  EXPECT_EQ(Value(form1, "1"), 0);
  EXPECT_EQ(Value(form1, "4"), 3369);  // records opened: no admission, no transfer
  EXPECT_EQ(Value(form1, "5"), 3369);

  // The narrative of the fourth quarter, in the office's formats.
  rv1::ExportReportRequest narrative;
  narrative.set_format(rv1::EXPORT_FORMAT_TEXT);
  narrative.mutable_narrative()->set_root(khoi);
  *narrative.mutable_narrative()->mutable_period_start() = ToDate(absl::CivilDay(2020, 10, 1));
  *narrative.mutable_narrative()->mutable_period_end() = ToDate(kCensus);
  const std::string text = Export(narrative).content();
  for (const char* expected :
       {"QUÝ IV NĂM 2020", "Tính đến 31/12/2020", "có 3.369 đảng viên", "nữ 1.260 đồng chí",
        "dân tộc thiểu số 130 đồng chí", "đảng viên có đạo 55 đồng chí",
        "đoàn viên TNCS Hồ Chí Minh 761 đồng chí", "độ tuổi bình quân 39,37", "sơ cấp 99 đồng chí",
        "trung cấp 179 đồng chí", "cao đẳng, đại học 2.552 đồng chí",
        "thạc sĩ, tiến sĩ 539 đồng chí", "(37,40 %)",
        "75 tổ chức cơ sở đảng (32 đảng bộ cơ sở, 43 chi bộ cơ sở) với 205 chi bộ trực thuộc"}) {
    EXPECT_NE(text.find(expected), std::string::npos) << expected << " not in:\n" << text;
  }

  // Biểu 3 as a spreadsheet, read back with openpyxl.
  rv1::ExportReportRequest xlsx;
  xlsx.set_format(rv1::EXPORT_FORMAT_XLSX);
  *xlsx.mutable_form() =
      FormRequest(khoi, rv1::STATISTICS_FORM_KIND_MEMBERSHIP, year_start, kCensus);
  const auto file = Export(xlsx);
  EXPECT_EQ(file.filename(), "bieu-3-2020-12-31.xlsx");
  const std::string path = ::testing::TempDir() + "/" + file.filename();
  std::ofstream(path, std::ios::binary) << file.content();
  const std::string read = Python(R"(
import sys, zipfile, openpyxl
ws = openpyxl.load_workbook(sys.argv[1]).active
print(ws["A1"].value)
print(ws["A2"].value)
print(ws["B5"].value, "|", ws["C5"].value, "|", ws["E5"].value)
rows = {r[0].value: r for r in ws.iter_rows(min_row=6)}
print(rows["1"][1].value, rows["1"][2].value, rows["1"][2].number_format)
print("%.4f" % rows["8.9"][2].value)
print(rows["10.5"][1].value, rows["10.5"][2].value)
print(any(n.startswith("xl/charts/chart") for n in zipfile.ZipFile(sys.argv[1]).namelist()))
)",
                                  path);
  EXPECT_EQ(read,
            absl::StrCat("Biểu 3-TCTW: Đảng viên\n"
                         "Đảng bộ Khối các cơ quan và doanh nghiệp tỉnh Đắk Nông\n"
                         "Chỉ tiêu | Cuối kỳ này | So sánh (%)\n"
                         "Tổng số đảng viên 3369 #,##0\n",
                         absl::StrFormat("%.4f", static_cast<double>(t.age_sum) / kMembers), "\n",
                         "Thạc sĩ ", t.by_qualification.at(mv1::QUALIFICATION_MASTER), "\nTrue\n"));

  // A rebuild from the feed gives the same reports, byte for byte.
  std::vector<std::string> before;
  auto snapshot = [&] {
    std::vector<std::string> out;
    out.push_back(Members(khoi, kCensus, kCensus - 366).SerializeAsString());
    out.push_back(Structure(khoi, kReportDay, kBlocMerger).SerializeAsString());
    out.push_back(Structure(khoi, kBlocMerger).SerializeAsString());
    for (auto kind :
         {rv1::STATISTICS_FORM_KIND_GAINS_AND_LOSSES, rv1::STATISTICS_FORM_KIND_MEMBERSHIP,
          rv1::STATISTICS_FORM_KIND_ETHNICITY_AND_RELIGION,
          rv1::STATISTICS_FORM_KIND_ORGANIZATIONS_BY_TYPE}) {
      out.push_back(Form(khoi, kind, year_start, kCensus).SerializeAsString());
    }
    out.push_back(Export(narrative).SerializeAsString());
    return out;
  };
  before = snapshot();
  const absl::Time rebuild_started = absl::Now();
  ASSERT_EQ(RunBinary("reporting", {"rebuild"}, ReportingEnvironment()), 0);
  std::printf("rebuilt from %lld events in %.1f s\n", static_cast<long long>(MembershipHead()),
              absl::ToDoubleSeconds(absl::Now() - rebuild_started));
  const std::vector<std::string> after = snapshot();
  ASSERT_EQ(after.size(), before.size());
  for (size_t i = 0; i < before.size(); ++i) EXPECT_EQ(after[i], before[i]) << "report " << i;

  // Counted as a country is — from the open spells' totals, or in two
  // stages over the spells — the figures are the same.
  for (const char* from_totals : {"true", "false"}) {
    ASSERT_EQ(reporting_->Terminate(), 0);
    delete reports_;
    delete reporting_;
    auto environment = ReportingEnvironment();
    environment["PARTYWORK_LARGE_SUBTREE"] = "0";
    environment["PARTYWORK_COUNT_FROM_TOTALS"] = from_totals;
    reporting_ = ServerProcess::Start("reporting", environment).release();
    ASSERT_NE(reporting_, nullptr);
    reports_ = rv1::ReportingService::NewStub(reporting_->channel()).release();
    EXPECT_EQ(Members(khoi, kCensus, kCensus - 366).SerializeAsString(), before[0]) << from_totals;
  }
}

}  // namespace
}  // namespace partywork::testing
