// Reporting of party work against the real membership: a year's ratings of
// members and organizations (the members not rated and why, at the edge of
// the new-member months), against the rulebook's targets; committee members
// of a term (a seat ended and another taken, a member promoted, ages at a
// birthday's edge) against the term before; Biểu 2 (new members: a
// readmission, occupations, ages at a birthday's edge) and Biểu 7 (badges on
// 29 February and on a member's day of death, cards, official and temporary
// transfers, badges given and commendations where the member was that day)
// against the same period last year; each checked against
// figures counted by hand and against a rebuild from the feed, byte for byte.
#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "libs/platform/errors.h"
#include "tests/e2e/party_work_fixture.h"

PARTYWORK_USE_POSTGRES();

namespace partywork::testing {
namespace {

TEST_F(PartyWorkTest, RatingsOfTheYearAgainstTheTargets) {
  const CivilDay founded(2010, 1, 1);
  const std::string khoi = Create("Đảng bộ Khối các cơ quan tỉnh", kHigher, kNoType, "", founded);
  const std::string committee =
      Create("Đảng bộ Sở Tài chính", kBaseCommittee, kAdministrative, khoi, founded);
  const std::string budget =
      Create("Chi bộ Phòng Ngân sách", kSubordinateCell, kNoType, committee, founded);
  const std::string prices =
      Create("Chi bộ Phòng Giá", kSubordinateCell, kNoType, committee, founded);
  const std::string power =
      Create("Chi bộ Công ty Điện lực", kBaseCell, kStateEnterprise, khoi, founded);
  const std::string elders = Create("Chi bộ Hội Cựu chiến binh", kBaseCell, kOther, khoi, founded);
  const std::string other_khoi = Create("Đảng bộ Khối Doanh nghiệp", kHigher, kNoType, "", founded);
  const std::string other_cell =
      Create("Chi bộ Công ty Xổ số", kBaseCell, kStateEnterprise, other_khoi, founded);

  // The budget cell: five good and then one excellent (exactly the 20 %
  // cap of the base committee), one admitted on 1 July (new on 31
  // December: not rated), one transferred in from the other Khối in
  // November (rated completed where they are on 31 December).
  std::vector<std::string> good;
  for (int i = 0; i < 5; ++i) good.push_back(Official(budget));
  const std::string excellent = Official(budget);
  const std::string new_member = Admitted(budget, CivilDay(2024, 7, 1));
  const std::string moved = Official(other_cell);
  Record(moved, mv1::MEMBER_EVENT_KIND_TRANSFERRED_WITHIN, CivilDay(2024, 11, 1), budget);
  // The prices cell: completed, not completed, exempted since 2023, two
  // admitted on 30 June (six months on 31 December: one rated, one not),
  // and one who died on 31 December (no longer a member that day).
  const std::string completed = Official(prices);
  const std::string failed = Official(prices);
  const std::string exempted = Official(prices);
  Record(exempted, mv1::MEMBER_EVENT_KIND_EXEMPTED, CivilDay(2023, 5, 1));
  const std::string june_rated = Admitted(prices, CivilDay(2024, 6, 30));
  Admitted(prices, CivilDay(2024, 6, 30));
  const std::string died = Official(prices);
  Record(died, mv1::MEMBER_EVENT_KIND_DECEASED, CivilDay(2024, 12, 31));
  // The power company's cell: two good, one completed; the veterans' cell:
  // one member without a rating.
  const std::vector<std::string> power_members = {Official(power), Official(power),
                                                  Official(power)};
  Official(elders);

  for (const auto& m : good) Rate(m, 2024, mv1::RATING_GRADE_GOOD);
  Rate(excellent, 2024, mv1::RATING_GRADE_EXCELLENT);
  Rate(moved, 2024, mv1::RATING_GRADE_COMPLETED);
  Rate(completed, 2024, mv1::RATING_GRADE_COMPLETED);
  Rate(failed, 2024, mv1::RATING_GRADE_NOT_COMPLETED);
  Rate(june_rated, 2024, mv1::RATING_GRADE_COMPLETED);
  Rate(power_members[0], 2024, mv1::RATING_GRADE_GOOD);
  Rate(power_members[1], 2024, mv1::RATING_GRADE_GOOD);
  Rate(power_members[2], 2024, mv1::RATING_GRADE_COMPLETED);
  Rate(Official(other_cell), 2024, mv1::RATING_GRADE_GOOD);  // another Khối
  // Organizations: the committee and the power company's cell good, the
  // veterans' cell not rated; the budget cell good, the prices cell
  // completed. A rating of 2023 counts in no 2024 figure.
  Rate(committee, 2024, mv1::RATING_GRADE_GOOD);
  Rate(power, 2024, mv1::RATING_GRADE_GOOD);
  Rate(budget, 2024, mv1::RATING_GRADE_GOOD);
  Rate(prices, 2024, mv1::RATING_GRADE_COMPLETED);
  Rate(elders, 2023, mv1::RATING_GRADE_NOT_COMPLETED);

  // Counted by hand. Members on 31/12/2024: 8 in the budget cell, 5 in the
  // prices cell, 3 and 1 in the base cells: 17; rated 13 (excellent 1,
  // good 7, completed 4, not completed 1); not rated: the exempted, the
  // member admitted on 1 July, and two others.
  const rv1::RatingReport r = Ratings(khoi, 2024);
  EXPECT_EQ(r.root_display_name(), "Đảng bộ Khối các cơ quan tỉnh");
  EXPECT_EQ(ToCivilDay(r.rating_day()), CivilDay(2024, 12, 31));
  EXPECT_EQ(r.members().total(), 17);
  EXPECT_EQ(r.members().rated(), 13);
  EXPECT_EQ(Grades(r.members()), (std::vector<int>{1, 7, 4, 1}));
  EXPECT_EQ(r.members().not_rated(), 4);
  EXPECT_EQ(r.not_rated_exempted(), 1);
  EXPECT_EQ(r.not_rated_new_members(), 1);
  EXPECT_EQ(r.not_rated_other(), 2);
  EXPECT_NEAR(r.members().grades(1).percent(), 700.0 / 13, 1e-9);
  // Base organizations: the committee and two base cells, two rated.
  EXPECT_EQ(r.base_organizations().total(), 3);
  EXPECT_EQ(r.base_organizations().rated(), 2);
  EXPECT_EQ(Grades(r.base_organizations()), (std::vector<int>{0, 2, 0, 0}));
  EXPECT_EQ(r.subordinate_organizations().total(), 2);
  EXPECT_EQ(Grades(r.subordinate_organizations()), (std::vector<int>{0, 1, 1, 0}));
  // Targets: base organizations 2/2 good or better (over 90 %: met), none
  // not completed (met); members 12/13 completed or better (not over 98 %),
  // 8/13 good or better (not 95 %).
  ASSERT_EQ(r.targets_size(), 4);
  const auto& base_good = TargetOf(r, "rating.target.base_organizations_good_or_better");
  EXPECT_EQ(base_good.comparison(), rv1::TARGET_COMPARISON_MORE_THAN);
  EXPECT_DOUBLE_EQ(base_good.target(), 90);
  EXPECT_DOUBLE_EQ(base_good.actual(), 100);
  EXPECT_TRUE(base_good.met());
  EXPECT_EQ(base_good.regulation(), "Nghị quyết Đại hội Đảng bộ Khối nhiệm kỳ 2020–2025");
  EXPECT_TRUE(TargetOf(r, "rating.target.base_organizations_not_completed").met());
  const auto& completed_or_better = TargetOf(r, "rating.target.members_completed_or_better");
  EXPECT_NEAR(completed_or_better.actual(), 1200.0 / 13, 1e-9);
  EXPECT_FALSE(completed_or_better.met());
  EXPECT_NEAR(TargetOf(r, "rating.target.members_good_or_better").actual(), 800.0 / 13, 1e-9);
  EXPECT_FALSE(TargetOf(r, "rating.target.members_good_or_better").met());
  // One excellent against five good in the committee: at the cap, not over.
  EXPECT_DOUBLE_EQ(r.excellent_cap_percent(), 20);
  EXPECT_EQ(r.over_cap_size(), 0);

  // The committee alone: its two cells' 13 members, itself the only base
  // organization; the prices cell alone.
  const rv1::RatingReport own = Ratings(committee, 2024);
  EXPECT_EQ(own.members().total(), 13);
  EXPECT_EQ(Grades(own.members()), (std::vector<int>{1, 5, 3, 1}));
  EXPECT_EQ(Grades(own.base_organizations()), (std::vector<int>{0, 1, 0, 0}));
  const rv1::RatingReport cell = Ratings(prices, 2024);
  EXPECT_EQ(cell.members().total(), 5);
  EXPECT_EQ(cell.members().rated(), 3);
  EXPECT_EQ(cell.not_rated_exempted(), 1);
  EXPECT_EQ(cell.not_rated_other(), 1);
  EXPECT_EQ(cell.base_organizations().total(), 0);
  // 2023: the veterans' cell not completed, no member rated.
  const rv1::RatingReport last_year = Ratings(khoi, 2023);
  EXPECT_EQ(Grades(last_year.base_organizations()), (std::vector<int>{0, 0, 0, 1}));
  EXPECT_EQ(last_year.members().rated(), 0);
  EXPECT_FALSE(TargetOf(last_year, "rating.target.base_organizations_not_completed").met());

  // Organizations under one committee are capped together: five cells good
  // and one excellent under one committee (at the cap), one good under
  // another; a move recorded afterwards, effective on 1/12/2024, puts the
  // excellent cell under the other committee on 31 December: over the cap.
  const std::string bloc = Create("Đảng bộ Khối Doanh nghiệp tỉnh", kHigher, kNoType, "", founded);
  const std::string first =
      Create("Đảng bộ Tổng công ty", kBaseCommittee, kStateEnterprise, bloc, founded);
  const std::string second =
      Create("Đảng bộ Công ty Môi trường", kBaseCommittee, kStateEnterprise, bloc, founded);
  std::vector<std::string> cells;
  for (int i = 1; i <= 6; ++i) {
    cells.push_back(
        Create(absl::StrCat("Chi bộ Xí nghiệp ", i), kSubordinateCell, kNoType, first, founded));
    Rate(cells.back(), 2024, i <= 5 ? mv1::RATING_GRADE_GOOD : mv1::RATING_GRADE_EXCELLENT);
  }
  const std::string second_cell =
      Create("Chi bộ Đội vận tải", kSubordinateCell, kNoType, second, founded);
  Rate(second_cell, 2024, mv1::RATING_GRADE_GOOD);
  EXPECT_EQ(Ratings(bloc, 2024).over_cap_size(), 0);
  mv1::ReorganizeOrganizationsRequest move;
  *move.mutable_effective_on() = ToDate(CivilDay(2024, 12, 1));
  move.set_decision("Quyết định điều động Chi bộ Xí nghiệp 6");
  move.mutable_move()->set_organization(cells.back());
  move.mutable_move()->set_new_parent(second);
  grpc::Status moved_status = Reorganize(move);
  ASSERT_TRUE(moved_status.ok()) << moved_status.error_message();
  const rv1::RatingReport after_move = Ratings(bloc, 2024);
  ASSERT_EQ(after_move.over_cap_size(), 1);
  EXPECT_EQ(after_move.over_cap(0).organization(), second);
  EXPECT_EQ(after_move.over_cap(0).display_name(), "Đảng bộ Công ty Môi trường");
  EXPECT_TRUE(after_move.over_cap(0).organizations());
  EXPECT_EQ(after_move.over_cap(0).excellent(), 1);
  EXPECT_EQ(after_move.over_cap(0).good(), 1);
  EXPECT_EQ(Ratings(first, 2024).over_cap_size(), 0);  // the other committee's own subtree

  // Exported as a form: CSV lines, and a spreadsheet read back with a pie
  // chart of the members' grades.
  rv1::ExportReportRequest ask;
  ask.mutable_rating()->set_root(khoi);
  ask.mutable_rating()->set_year(2024);
  *ask.mutable_rating()->mutable_freshness() = UpToDate();
  const rv1::ExportReportResponse csv = ExportTo(ask, rv1::EXPORT_FORMAT_CSV);
  EXPECT_EQ(csv.filename(), "bao-cao-xep-loai-2024.csv");
  EXPECT_TRUE(HasLine(csv, "1.2,Hoàn thành tốt nhiệm vụ,7,53.85")) << csv.content();
  EXPECT_TRUE(HasLine(csv, "2.3.2,Kết nạp chưa đủ thời gian xếp loại,1,5.88"));
  EXPECT_TRUE(HasLine(csv, "3.5,\"Chưa đánh giá, xếp loại\",1,33.33"));
  EXPECT_TRUE(HasLine(
      csv, "5.1,Trên 90 % tổ chức cơ sở đảng hoàn thành tốt nhiệm vụ trở lên: đạt,2,100.00"));
  EXPECT_TRUE(
      HasLine(csv, "5.4,Ít nhất 95 % đảng viên hoàn thành tốt nhiệm vụ trở lên: chưa đạt,8,61.54"));
  EXPECT_TRUE(HasLine(csv,
                      "5.6,\"Cấp ủy có số tổ chức đảng trực thuộc hoàn thành xuất sắc nhiệm vụ "
                      "vượt 20,00 % số hoàn thành tốt nhiệm vụ\",0,0.00"));
  std::string path;
  ExportTo(ask, rv1::EXPORT_FORMAT_XLSX, &path);
  EXPECT_EQ(Python(R"(
import sys, zipfile, openpyxl
ws = openpyxl.load_workbook(sys.argv[1]).active
rows = {r[0].value: r for r in ws.iter_rows(min_row=6)}
print(ws["A1"].value)
print(rows["1.1"][1].value, rows["1.1"][2].value, rows["2.1"][2].value)
print("pieChart" in zipfile.ZipFile(sys.argv[1]).read("xl/charts/chart1.xml").decode())
)",
                   path),
            "Báo cáo kết quả đánh giá, xếp loại chất lượng năm 2024\n"
            "Hoàn thành xuất sắc nhiệm vụ 1 17\nTrue\n");

  ExpectRebuildKeeps([&] {
    return std::vector<std::string>{
        Ratings(bloc, 2024).SerializeAsString(), Ratings(khoi, 2024).SerializeAsString(),
        Ratings(committee, 2024).SerializeAsString(), Ratings(khoi, 2023).SerializeAsString()};
  });
}

TEST_F(PartyWorkTest, CommitteeMembersOfATermAgainstTheTermBefore) {
  const CivilDay founded(2010, 1, 1);
  const std::string khoi = Create("Đảng bộ Khối Doanh nghiệp tỉnh", kHigher, kNoType, "", founded);
  const std::string committee =
      Create("Đảng bộ Công ty Cấp nước", kBaseCommittee, kStateEnterprise, khoi, founded);
  const std::string workshop =
      Create("Chi bộ Xưởng sản xuất", kSubordinateCell, kNoType, committee, founded);
  const std::string bank =
      Create("Chi bộ Ngân hàng Phát triển", kBaseCell, kStateEnterprise, khoi, founded);
  const std::string other_khoi = Create("Đảng bộ Khối cơ quan", kHigher, kNoType, "", founded);
  const std::string other_cell =
      Create("Chi bộ Sở Nội vụ", kBaseCell, kAdministrative, other_khoi, founded);

  auto person = [](mv1::Gender gender, CivilDay born, mv1::Qualification q, mv1::PoliticalTheory t,
                   const std::string& ethnicity = "Kinh") {
    Person p;
    p.gender = gender;
    p.born = born;
    p.qualification = q;
    p.political_theory = t;
    p.ethnicity = ethnicity;
    return p;
  };
  const auto kMale = mv1::GENDER_MALE, kFemale = mv1::GENDER_FEMALE;
  // The committee of 2020–2025, elected on 1/7/2020 (its members are in
  // the workshop's cell).
  const CivilDay elected(2020, 7, 1);
  const std::string p1 =
      Official(workshop, person(kFemale, CivilDay(1975, 6, 15), mv1::QUALIFICATION_MASTER,
                                mv1::POLITICAL_THEORY_ADVANCED));
  const std::string p2 =
      Official(workshop, person(kMale, CivilDay(1980, 1, 10), mv1::QUALIFICATION_UNIVERSITY,
                                mv1::POLITICAL_THEORY_INTERMEDIATE, "Tày"));
  const std::string p3 =
      Official(workshop, person(kMale, CivilDay(1985, 3, 1), mv1::QUALIFICATION_UNIVERSITY,
                                mv1::POLITICAL_THEORY_ELEMENTARY));
  const std::string p4 =
      Official(workshop, person(kFemale, CivilDay(1991, 1, 2), mv1::QUALIFICATION_DOCTOR,
                                mv1::POLITICAL_THEORY_BACHELOR));
  const std::string p5 =
      Official(workshop, person(kMale, CivilDay(1970, 7, 1), mv1::QUALIFICATION_UNIVERSITY,
                                mv1::POLITICAL_THEORY_ADVANCED));
  Seat(committee, p1, mv1::COMMITTEE_ROLE_SECRETARY, 2020, elected, std::nullopt, true);
  Seat(committee, p2, mv1::COMMITTEE_ROLE_DEPUTY_SECRETARY, 2020, elected);
  // p3 leaves on 1/1/2022 (the seat ended afterwards) and p4 takes a seat.
  mv1::CommitteeMember p3_seat = Seat(committee, p3, mv1::COMMITTEE_ROLE_MEMBER, 2020, elected);
  mv1::UpdateCommitteeMemberRequest end;
  *end.mutable_committee_member() = p3_seat;
  *end.mutable_committee_member()->mutable_to_on() = ToDate(CivilDay(2022, 1, 1));
  end.mutable_update_mask()->add_paths("to_on");
  grpc::Status s = stub_->UpdateCommitteeMember(Context().get(), end, &p3_seat);
  ASSERT_TRUE(s.ok()) << s.error_message();
  Seat(committee, p4, mv1::COMMITTEE_ROLE_MEMBER, 2020, CivilDay(2022, 1, 1));
  // p5 a member, then a standing member from 2023: one committee member.
  Seat(committee, p5, mv1::COMMITTEE_ROLE_MEMBER, 2020, elected, CivilDay(2023, 1, 1));
  Seat(committee, p5, mv1::COMMITTEE_ROLE_STANDING_MEMBER, 2020, CivilDay(2023, 1, 1));
  // The bank's cell committee (chi ủy) and the workshop cell's secretary.
  const std::string q1 =
      Official(bank, person(kFemale, CivilDay(1982, 8, 2), mv1::QUALIFICATION_COLLEGE,
                            mv1::POLITICAL_THEORY_INTERMEDIATE));
  const std::string q2 =
      Official(bank, person(kMale, CivilDay(1988, 1, 1), mv1::QUALIFICATION_UNIVERSITY,
                            mv1::POLITICAL_THEORY_ELEMENTARY));
  Seat(bank, q1, mv1::COMMITTEE_ROLE_SECRETARY, 2020, CivilDay(2020, 8, 1));
  Seat(bank, q2, mv1::COMMITTEE_ROLE_MEMBER, 2020, CivilDay(2020, 8, 1));
  const std::string r1 =
      Official(workshop, person(kMale, CivilDay(1978, 9, 1), mv1::QUALIFICATION_MASTER,
                                mv1::POLITICAL_THEORY_INTERMEDIATE));
  Seat(workshop, r1, mv1::COMMITTEE_ROLE_SECRETARY, 2020, CivilDay(2020, 9, 1), std::nullopt, true);
  // Another Khối's secretary, and the committee of 2015–2020.
  Seat(other_cell, Official(other_cell), mv1::COMMITTEE_ROLE_SECRETARY, 2020, elected);
  const CivilDay elected_2015(2015, 7, 1);
  const std::string o1 =
      Official(workshop, person(kMale, CivilDay(1965, 1, 1), mv1::QUALIFICATION_UNIVERSITY,
                                mv1::POLITICAL_THEORY_ADVANCED));
  const std::string o2 =
      Official(workshop, person(kFemale, CivilDay(1972, 5, 5), mv1::QUALIFICATION_INTERMEDIATE,
                                mv1::POLITICAL_THEORY_ELEMENTARY));
  Seat(committee, o1, mv1::COMMITTEE_ROLE_SECRETARY, 2015, elected_2015, elected);
  Seat(committee, o2, mv1::COMMITTEE_ROLE_MEMBER, 2015, elected_2015, elected);
  Seat(committee, p2, mv1::COMMITTEE_ROLE_MEMBER, 2015, elected_2015, elected);

  // Counted by hand, each on the day they took their first seat: p1 45,
  // p2 40, p3 35, p4 30 (the day before the 31st birthday), p5 50 (that
  // birthday), q1 37, q2 32, r1 42: 311 years for 8 members.
  const rv1::CommitteeReport term = Committees(khoi, 2020);
  const rv1::CommitteeFigures& f = term.figures();
  EXPECT_EQ(f.term_start_year(), 2020);
  EXPECT_EQ(f.term_end_year(), 2025);
  EXPECT_EQ(f.members(), 8);
  EXPECT_EQ(Roles(f), (std::vector<int>{3, 1, 1, 3}));
  EXPECT_EQ(f.women(), 3);
  EXPECT_EQ(f.ethnic_minorities(), 1);
  EXPECT_DOUBLE_EQ(f.mean_age(), 311.0 / 8);
  auto qualification = [](const auto& c) { return c.qualification(); };
  auto theory = [](const auto& c) { return c.political_theory(); };
  EXPECT_EQ(ByKey(f.by_qualification(), qualification),
            (std::map<int, int>{{mv1::QUALIFICATION_COLLEGE, 1},
                                {mv1::QUALIFICATION_UNIVERSITY, 4},
                                {mv1::QUALIFICATION_MASTER, 2},
                                {mv1::QUALIFICATION_DOCTOR, 1}}));
  EXPECT_EQ(ByKey(f.by_political_theory(), theory),
            (std::map<int, int>{{mv1::POLITICAL_THEORY_ELEMENTARY, 2},
                                {mv1::POLITICAL_THEORY_INTERMEDIATE, 3},
                                {mv1::POLITICAL_THEORY_ADVANCED, 2},
                                {mv1::POLITICAL_THEORY_BACHELOR, 1}}));
  EXPECT_EQ(f.secretaries(), 3);
  EXPECT_EQ(f.unified_leadership(), 2);
  EXPECT_NEAR(f.unified_leadership_percent(), 200.0 / 3, 1e-9);
  // The term before: o1 50, o2 43, p2 35 on 1/7/2015.
  ASSERT_TRUE(term.has_previous());
  EXPECT_EQ(term.previous().term_start_year(), 2015);
  EXPECT_EQ(term.previous().members(), 3);
  EXPECT_EQ(Roles(term.previous()), (std::vector<int>{1, 0, 0, 2}));
  EXPECT_DOUBLE_EQ(term.previous().mean_age(), 128.0 / 3);
  EXPECT_EQ(term.previous().unified_leadership(), 0);

  // The base organizations' committees only (cấp ủy cơ sở): without the
  // workshop cell's secretary.
  const rv1::CommitteeFigures base =
      Committees(khoi, 2020, std::nullopt,
                 {mv1::ORGANIZATION_KIND_BASE_COMMITTEE, mv1::ORGANIZATION_KIND_BASE_CELL})
          .figures();
  EXPECT_EQ(base.members(), 7);
  EXPECT_EQ(base.secretaries(), 2);
  EXPECT_DOUBLE_EQ(base.unified_leadership_percent(), 50);
  // Serving on a day: p5 still a member in 2021, p3 gone and p5 standing in 2023.
  const rv1::CommitteeReport in_2021 = Committees(khoi, 2020, CivilDay(2021, 6, 30));
  EXPECT_EQ(in_2021.figures().members(), 7);
  EXPECT_EQ(Roles(in_2021.figures()), (std::vector<int>{3, 1, 0, 3}));
  EXPECT_FALSE(in_2021.has_previous());
  const rv1::CommitteeFigures in_2023 = Committees(khoi, 2020, CivilDay(2023, 6, 30)).figures();
  EXPECT_EQ(in_2023.members(), 7);
  EXPECT_EQ(Roles(in_2023), (std::vector<int>{3, 1, 1, 2}));
  EXPECT_EQ(in_2023.women(), 3);
  // The company's own subtree.
  const rv1::CommitteeReport own = Committees(committee, 2020);
  EXPECT_EQ(own.figures().members(), 6);
  EXPECT_EQ(own.previous().members(), 3);

  // Exported as a form: the term against the term before.
  rv1::ExportReportRequest ask;
  ask.mutable_committee()->set_root(khoi);
  ask.mutable_committee()->set_term_start_year(2020);
  *ask.mutable_committee()->mutable_freshness() = UpToDate();
  const rv1::ExportReportResponse csv = ExportTo(ask, rv1::EXPORT_FORMAT_CSV);
  EXPECT_EQ(csv.filename(), "bao-cao-cap-uy-2020-2025.csv");
  EXPECT_EQ(csv.content().substr(0, csv.content().find("\r\n")),
            "Mã số,Chỉ tiêu,Nhiệm kỳ 2020 - 2025,Nhiệm kỳ 2015 - 2020");
  EXPECT_TRUE(HasLine(csv, "1,Tổng số cấp ủy viên,8,3")) << csv.content();
  EXPECT_TRUE(HasLine(csv, "1.3,Ủy viên Ban Thường vụ,1,0"));
  EXPECT_TRUE(HasLine(csv, "4,Tuổi bình quân,38.88,42.67"));
  EXPECT_TRUE(HasLine(csv, "5.4,Đại học,4,2"));
  EXPECT_TRUE(HasLine(csv, "7.2,Tỷ lệ nhất thể hóa (%),66.67,0.00"));
  std::string path;
  ExportTo(ask, rv1::EXPORT_FORMAT_XLSX, &path);
  EXPECT_EQ(Python(R"(
import sys, zipfile, openpyxl
ws = openpyxl.load_workbook(sys.argv[1]).active
rows = {r[0].value: r for r in ws.iter_rows(min_row=6)}
print(rows["1"][2].value, rows["1"][3].value, rows["5.5"][1].value, rows["5.5"][2].value)
print("pieChart" in zipfile.ZipFile(sys.argv[1]).read("xl/charts/chart1.xml").decode())
)",
                   path),
            "8 3 Thạc sĩ 2\nTrue\n");

  ExpectRebuildKeeps([&] {
    return std::vector<std::string>{
        Committees(khoi, 2020).SerializeAsString(),
        Committees(khoi, 2020, CivilDay(2023, 6, 30)).SerializeAsString(),
        Committees(committee, 2020).SerializeAsString()};
  });
}

TEST_F(PartyWorkTest, NewMembersAndPartyWorkFormsAgainstLastYear) {
  const CivilDay founded(2010, 1, 1);
  const std::string khoi = Create("Đảng bộ Khối cơ quan tỉnh", kHigher, kNoType, "", founded);
  const std::string committee =
      Create("Đảng bộ Sở Giáo dục", kBaseCommittee, kPublicService, khoi, founded);
  const std::string office =
      Create("Chi bộ Văn phòng Sở", kSubordinateCell, kNoType, committee, founded);
  const std::string company =
      Create("Chi bộ Công ty Cổ phần Sách", kBaseCell, kPrivate, khoi, founded);
  const std::string other_khoi = Create("Đảng bộ Khối khác", kHigher, kNoType, "", founded);
  const std::string elsewhere =
      Create("Chi bộ Sở Y tế", kBaseCell, kAdministrative, other_khoi, founded);

  // Biểu 2, the first half of 2024: a student of 23 (Youth Union); a Tày
  // Buddhist civil servant on his 31st birthday and a civil servant the day
  // before his; a woman worker in the company; a member struck off in 2019
  // and readmitted. Outside the half or the Khối: two more. The first half
  // of 2023: one civil servant.
  auto person = [](mv1::Gender gender, CivilDay born, const std::string& occupation) {
    Person p;
    p.gender = gender;
    p.born = born;
    p.occupation = occupation;
    return p;
  };
  Person student = person(mv1::GENDER_FEMALE, CivilDay(2000, 2, 2), "Sinh viên");
  student.student = true;
  student.youth_union = true;
  student.qualification = mv1::QUALIFICATION_COLLEGE;
  Admitted(office, CivilDay(2024, 2, 1), student);
  Person tay = person(mv1::GENDER_MALE, CivilDay(1993, 3, 15), "Công chức");
  tay.ethnicity = "Tày";
  tay.religion = "Phật giáo";
  Admitted(office, CivilDay(2024, 3, 15), tay);
  Admitted(office, CivilDay(2024, 3, 15),
           person(mv1::GENDER_MALE, CivilDay(1993, 3, 16), "Công chức"));
  Person worker = person(mv1::GENDER_FEMALE, CivilDay(1980, 1, 1), "Công nhân");
  worker.general_education = mv1::GENERAL_EDUCATION_LOWER_SECONDARY;
  worker.qualification = mv1::QUALIFICATION_INTERMEDIATE;
  Admitted(company, CivilDay(2024, 6, 30), worker);
  const std::string returning =
      Official(office, person(mv1::GENDER_MALE, CivilDay(1970, 5, 10), ""));
  Record(returning, mv1::MEMBER_EVENT_KIND_STRUCK_OFF, CivilDay(2019, 1, 1));
  Record(returning, mv1::MEMBER_EVENT_KIND_ADMITTED, CivilDay(2024, 5, 10), office);
  Admitted(office, CivilDay(2024, 7, 1));
  Admitted(elsewhere, CivilDay(2024, 2, 1));
  Person last_year = person(mv1::GENDER_FEMALE, CivilDay(1995, 1, 1), "Công chức");
  last_year.youth_union = true;
  Admitted(office, CivilDay(2023, 4, 1), last_year);

  // Counted by hand: 5 admitted (2 women, 1 minority, 1 religious, 1 Youth
  // Union, 1 readmitted, 1 student); ages 23, 31, 30, 44, 54 (mean 36.4);
  // against 1 a year before.
  const rv1::StatisticsForm b2 = Form(khoi, rv1::STATISTICS_FORM_KIND_NEW_MEMBERS,
                                      CivilDay(2024, 1, 1), CivilDay(2024, 6, 30));
  EXPECT_EQ(b2.title(), "Biểu 2-TCTW: Đảng viên mới kết nạp");
  EXPECT_EQ(ToCivilDay(b2.previous_end()), CivilDay(2023, 6, 30));
  EXPECT_EQ(Row(b2, "Tổng số đảng viên mới kết nạp"), (std::vector<double>{5, 1, 500}));
  EXPECT_EQ(Row(b2, "Nữ"), (std::vector<double>{2, 1, 200}));
  EXPECT_EQ(Row(b2, "Dân tộc thiểu số"), (std::vector<double>{1, 0, 0}));
  EXPECT_EQ(Row(b2, "Có đạo")[0], 1);
  EXPECT_EQ(Row(b2, "Đoàn viên Đoàn TNCS Hồ Chí Minh"), (std::vector<double>{1, 1, 100}));
  EXPECT_EQ(Row(b2, "Kết nạp lại")[0], 1);
  EXPECT_EQ(Row(b2, "Học sinh, sinh viên")[0], 1);
  EXPECT_EQ(Row(b2, "Công chức"), (std::vector<double>{2, 1, 200}));
  EXPECT_EQ(Row(b2, "Công nhân")[0], 1);
  EXPECT_EQ(Row(b2, "Chưa ghi nghề nghiệp")[0], 1);
  EXPECT_EQ(Value(b2, "8.1"), 2);  // 18–30: the student and the civil servant of 30
  EXPECT_EQ(Value(b2, "8.2"), 1);  // 31–35: the one on his 31st birthday
  EXPECT_EQ(Value(b2, "8.4"), 1);  // 41–45
  EXPECT_EQ(Value(b2, "8.6"), 1);  // 51–55
  EXPECT_DOUBLE_EQ(Value(b2, "8.9"), 36.4);
  EXPECT_DOUBLE_EQ(Value(b2, "8.9", 1), 28);
  EXPECT_EQ(Value(b2, "9.2"), 1);  // lower secondary
  EXPECT_EQ(Value(b2, "9.3"), 4);
  EXPECT_EQ(Value(b2, "10.2"), 1);  // trung cấp
  EXPECT_EQ(Value(b2, "10.3"), 1);  // cao đẳng
  EXPECT_EQ(Value(b2, "10.4"), 3);  // đại học
  // The committee alone: the company's worker is not in it.
  EXPECT_EQ(Value(Form(committee, rv1::STATISTICS_FORM_KIND_NEW_MEMBERS, CivilDay(2024, 1, 1),
                       CivilDay(2024, 6, 30)),
                  "1"),
            4);

  // Biểu 7, the year 2024. Badges: 30 years on 10/3 (office), 40 years on
  // 29/2 (company), 45 years on 1/6 for a member who died that day (not
  // counted), 30 years in the other Khối; in 2023, 40 years on 7/7.
  auto veteran = [&](int admitted_year) {
    return person(mv1::GENDER_MALE, CivilDay(admitted_year - 25, 1, 1), "Cán bộ");
  };
  const std::string thirty = Official(office, veteran(1994), CivilDay(1994, 3, 10));
  const std::string forty = Official(company, veteran(1984), CivilDay(1984, 2, 29));
  const std::string died = Official(office, veteran(1979), CivilDay(1979, 6, 1));
  Record(died, mv1::MEMBER_EVENT_KIND_DECEASED, CivilDay(2024, 6, 1));
  const std::string far_thirty = Official(elsewhere, veteran(1994), CivilDay(1994, 12, 31));
  const std::string last_year_forty = Official(office, veteran(1983), CivilDay(1983, 7, 7));
  // Cards: issued and reissued in the office in 2024, issued in the company
  // in 2023; one issued in the other Khối before its member moved here.
  Card(thirty, mv1::PARTY_CARD_ISSUE_KIND_ISSUE, CivilDay(2024, 4, 1), "001234");
  Card(thirty, mv1::PARTY_CARD_ISSUE_KIND_REISSUE, CivilDay(2024, 9, 1), "001235");
  Card(forty, mv1::PARTY_CARD_ISSUE_KIND_ISSUE, CivilDay(2023, 5, 1), "001236");
  const std::string moved = Official(elsewhere);
  Card(moved, mv1::PARTY_CARD_ISSUE_KIND_ISSUE, CivilDay(2024, 2, 1), "001237");
  // Transfers: in from the other Khối, out of the province, in from
  // outside into the company, and from the office to the company.
  Record(moved, mv1::MEMBER_EVENT_KIND_TRANSFERRED_WITHIN, CivilDay(2024, 3, 1), office);
  Record(Official(office), mv1::MEMBER_EVENT_KIND_TRANSFERRED_OUT, CivilDay(2024, 8, 1));
  mv1::MemberEvent in =
      Event(mv1::MEMBER_EVENT_KIND_TRANSFERRED_IN, CivilDay(2024, 10, 1), company);
  in.set_initial_status(mv1::MEMBER_STATUS_OFFICIAL);
  mv1::Member record = RecordOf(Person{});
  *record.mutable_admitted_on() = ToDate(CivilDay(2010, 5, 19));
  *record.mutable_official_on() = ToDate(CivilDay(2011, 5, 19));
  CreateWith(record, in);
  Record(Official(office), mv1::MEMBER_EVENT_KIND_TRANSFERRED_WITHIN, CivilDay(2024, 11, 1),
         company);
  // Temporary: one of the office away from April to October; one elsewhere.
  const std::string away = Official(office);
  Record(away, mv1::MEMBER_EVENT_KIND_TEMPORARILY_AWAY, CivilDay(2024, 4, 1));
  Record(away, mv1::MEMBER_EVENT_KIND_RETURNED, CivilDay(2024, 10, 1));
  Record(Official(elsewhere), mv1::MEMBER_EVENT_KIND_TEMPORARILY_AWAY, CivilDay(2024, 4, 1));

  // Awards, through membership: a 30-year badge and a commendation in the
  // office, a 40-year badge in the company; the member who died commended
  // the day before (and refused a 45-year badge due only on the day he
  // died); the member who moved here on 1/3 commended on 29/2 (elsewhere
  // then: not counted); a 30-year badge in the other Khối; in 2023 a
  // 40-year badge in the office; in 2025, a commendation.
  ASSERT_TRUE(Award(thirty, CivilDay(2024, 3, 10), 30).ok());
  ASSERT_TRUE(Award(thirty, CivilDay(2024, 5, 1)).ok());
  ASSERT_TRUE(Award(forty, CivilDay(2024, 3, 1), 40).ok());
  ASSERT_TRUE(Award(died, CivilDay(2024, 5, 31)).ok());
  EXPECT_EQ(errors::Reason(Award(died, CivilDay(2024, 5, 31), 45)), "BADGE_PARTY_AGE_NOT_REACHED");
  ASSERT_TRUE(Award(moved, CivilDay(2024, 2, 29)).ok());
  ASSERT_TRUE(Award(far_thirty, CivilDay(2024, 12, 31), 30).ok());
  ASSERT_TRUE(Award(last_year_forty, CivilDay(2023, 7, 7), 40).ok());
  ASSERT_TRUE(Award(forty, CivilDay(2025, 1, 1)).ok());

  const rv1::StatisticsForm b7 = Form(khoi, rv1::STATISTICS_FORM_KIND_PARTY_WORK,
                                      CivilDay(2024, 1, 1), CivilDay(2024, 12, 31));
  EXPECT_EQ(Row(b7, "Huy hiệu 30 năm tuổi Đảng"), (std::vector<double>{1, 0, 0}));
  EXPECT_EQ(Row(b7, "Huy hiệu 40 năm tuổi Đảng"), (std::vector<double>{1, 1, 100}));
  EXPECT_EQ(Row(b7, "Huy hiệu 45 năm tuổi Đảng"), (std::vector<double>{0, 0, 0}));
  EXPECT_EQ(Value(b7, "1.1"), 1);  // the rulebook's list, 30 years first
  EXPECT_EQ(Row(b7, "Phát thẻ đảng viên"), (std::vector<double>{1, 1, 100}));
  EXPECT_EQ(Row(b7, "Cấp lại thẻ đảng viên"), (std::vector<double>{1, 0, 0}));
  EXPECT_EQ(Row(b7, "Chuyển đến từ ngoài Đảng bộ")[0], 1);
  EXPECT_EQ(Row(b7, "Chuyển đến từ tổ chức đảng khác trong Đảng bộ")[0], 1);
  EXPECT_EQ(Row(b7, "Chuyển đi ngoài Đảng bộ")[0], 1);
  EXPECT_EQ(Row(b7, "Chuyển đi tổ chức đảng khác trong Đảng bộ")[0], 0);
  EXPECT_EQ(Row(b7, "Chuyển đi sinh hoạt tạm thời"), (std::vector<double>{1, 0, 0}));
  EXPECT_EQ(Row(b7, "Trở về sinh hoạt")[0], 1);
  EXPECT_EQ(Row(b7, "Đảng viên được trao tặng Huy hiệu Đảng"), (std::vector<double>{2, 1, 200}));
  EXPECT_EQ(Row(b7, "Trao tặng Huy hiệu 30 năm tuổi Đảng"), (std::vector<double>{1, 0, 0}));
  EXPECT_EQ(Row(b7, "Trao tặng Huy hiệu 40 năm tuổi Đảng"), (std::vector<double>{1, 1, 100}));
  EXPECT_EQ(Row(b7, "Trao tặng Huy hiệu 45 năm tuổi Đảng"), (std::vector<double>{0, 0, 0}));
  EXPECT_EQ(Value(b7, "5.1.1"), 1);  // the rulebook's list, 30 years first
  EXPECT_EQ(Row(b7, "Đảng viên được khen thưởng"), (std::vector<double>{2, 0, 0}));
  // The committee alone: the company's badge, card and transfer in are not
  // its; the move to the company is a transfer out to another organization.
  const rv1::StatisticsForm own = Form(committee, rv1::STATISTICS_FORM_KIND_PARTY_WORK,
                                       CivilDay(2024, 1, 1), CivilDay(2024, 12, 31));
  EXPECT_EQ(Row(own, "Huy hiệu 40 năm tuổi Đảng"), (std::vector<double>{0, 1, 0}));
  EXPECT_EQ(Row(own, "Phát thẻ đảng viên"), (std::vector<double>{1, 0, 0}));
  EXPECT_EQ(Row(own, "Chuyển đến từ ngoài Đảng bộ")[0], 0);
  EXPECT_EQ(Row(own, "Chuyển đi tổ chức đảng khác trong Đảng bộ")[0], 1);
  EXPECT_EQ(Row(own, "Đảng viên được trao tặng Huy hiệu Đảng"), (std::vector<double>{1, 1, 100}));
  EXPECT_EQ(Row(own, "Trao tặng Huy hiệu 30 năm tuổi Đảng"), (std::vector<double>{1, 0, 0}));
  EXPECT_EQ(Row(own, "Trao tặng Huy hiệu 40 năm tuổi Đảng"), (std::vector<double>{0, 1, 0}));
  EXPECT_EQ(Row(own, "Đảng viên được khen thưởng"), (std::vector<double>{2, 0, 0}));
  // Both exported as forms.
  rv1::ExportReportRequest ask;
  *ask.mutable_form() = FormRequest(khoi, rv1::STATISTICS_FORM_KIND_NEW_MEMBERS,
                                    CivilDay(2024, 1, 1), CivilDay(2024, 6, 30));
  const rv1::ExportReportResponse b2_csv = ExportTo(ask, rv1::EXPORT_FORMAT_CSV);
  EXPECT_EQ(b2_csv.filename(), "bieu-2-2024-06-30.csv");
  EXPECT_TRUE(HasLine(b2_csv, "6,Kết nạp lại,1,0,0.00")) << b2_csv.content();
  EXPECT_TRUE(HasLine(b2_csv, "8.9,Tuổi bình quân,36.40,28.00,130.00"));
  *ask.mutable_form() = FormRequest(khoi, rv1::STATISTICS_FORM_KIND_PARTY_WORK,
                                    CivilDay(2024, 1, 1), CivilDay(2024, 12, 31));
  std::string path;
  const rv1::ExportReportResponse b7_xlsx = ExportTo(ask, rv1::EXPORT_FORMAT_XLSX, &path);
  EXPECT_EQ(b7_xlsx.filename(), "bieu-7-2024-12-31.xlsx");
  EXPECT_EQ(Python(R"(
import sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1]).active
rows = {r[0].value: r for r in ws.iter_rows(min_row=6)}
print(ws["A1"].value)
print(rows["1.2"][1].value, rows["1.2"][2].value, rows["1.2"][3].value, rows["2.1"][4].value)
print(rows["5.2"][1].value, rows["5.2"][2].value, rows["5.2"][3].value, rows["5.2"][4].value)
)",
                   path),
            "Biểu 7-TCTW: Khen thưởng, Huy hiệu Đảng, thẻ đảng viên, chuyển sinh hoạt đảng\n"
            "Huy hiệu 40 năm tuổi Đảng 1 1 100\n"
            "Đảng viên được khen thưởng 2 0 0\n");
  const rv1::ExportReportResponse b7_csv = ExportTo(ask, rv1::EXPORT_FORMAT_CSV);
  EXPECT_TRUE(HasLine(b7_csv, "5.1,Đảng viên được trao tặng Huy hiệu Đảng,2,1,200.00"))
      << b7_csv.content();
  EXPECT_TRUE(HasLine(b7_csv, "5.1.2,Trao tặng Huy hiệu 40 năm tuổi Đảng,1,1,100.00"));

  ExpectRebuildKeeps([&] {
    return std::vector<std::string>{Form(khoi, rv1::STATISTICS_FORM_KIND_NEW_MEMBERS,
                                         CivilDay(2024, 1, 1), CivilDay(2024, 6, 30))
                                        .SerializeAsString(),
                                    Form(khoi, rv1::STATISTICS_FORM_KIND_PARTY_WORK,
                                         CivilDay(2024, 1, 1), CivilDay(2024, 12, 31))
                                        .SerializeAsString(),
                                    Form(committee, rv1::STATISTICS_FORM_KIND_PARTY_WORK,
                                         CivilDay(2024, 1, 1), CivilDay(2024, 12, 31))
                                        .SerializeAsString()};
  });
}

}  // namespace
}  // namespace partywork::testing
