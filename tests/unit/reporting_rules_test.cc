// Reporting's plain parts: spells from a status history (edge days of each
// change), the period arithmetic of the forms, Vietnamese formats, CSV.
#include <algorithm>
#include <array>
#include <string>
#include <tuple>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "libs/platform/resource.h"
#include "services/reporting/admissions.h"
#include "services/reporting/count_anchors.h"
#include "services/reporting/exports.h"
#include "services/reporting/forms.h"
#include "services/reporting/member_counts.h"
#include "services/reporting/spells.h"
#include "services/reporting/subtree.h"
#include "services/reporting/vietnamese.h"

namespace partywork::reporting {
namespace {

using membership::HistoryEvent;

HistoryEvent At(int64_t id, mv1::MemberEventKind kind, absl::CivilDay day,
                std::optional<int64_t> organization = std::nullopt,
                mv1::MemberStatus initial = mv1::MEMBER_STATUS_UNSPECIFIED,
                std::optional<int64_t> corrects = std::nullopt) {
  return {id, kind, day, organization, initial, corrects, std::nullopt};
}

RecordVersion Record(absl::CivilDay from = kBeginning, bool youth_union = true) {
  RecordVersion r;
  r.valid_from = from;
  r.attributes.gender = mv1::GENDER_FEMALE;
  r.attributes.birth_date = absl::CivilDay(1990, 3, 1);
  r.attributes.ethnicity = "Kinh";
  r.attributes.admitted_on = absl::CivilDay(2015, 5, 19);
  r.attributes.qualification = mv1::QUALIFICATION_UNIVERSITY;
  r.attributes.youth_union = youth_union;
  return r;
}

// The cell the spells place the member in on `day` (0: not a member).
int64_t CellOn(const std::vector<Spell>& spells, absl::CivilDay day) {
  for (const auto& s : spells) {
    if (s.valid_from <= day && day < s.valid_to) return s.organization_id;
  }
  return 0;
}

const absl::CivilDay kRegistered(2015, 5, 19);

TEST(Spells, TransferMovesTheMemberOnItsDay) {
  const absl::CivilDay moved(2020, 7, 1);
  const auto spells = BuildSpells(
      {At(1, mv1::MEMBER_EVENT_KIND_REGISTERED, kRegistered, 7, mv1::MEMBER_STATUS_OFFICIAL),
       At(2, mv1::MEMBER_EVENT_KIND_TRANSFERRED_WITHIN, moved, 8)},
      {Record()});
  ASSERT_EQ(spells.size(), 2u);
  EXPECT_EQ(CellOn(spells, kRegistered - 1), 0);
  EXPECT_EQ(CellOn(spells, kRegistered), 7);
  EXPECT_EQ(CellOn(spells, moved - 1), 7);
  EXPECT_EQ(CellOn(spells, moved), 8);
  EXPECT_EQ(CellOn(spells, moved + 1), 8);
  EXPECT_EQ(spells.back().valid_to, kEndOfTime);
}

TEST(Spells, DeathAndExpulsionEndTheMembershipOnTheirDay) {
  for (auto kind : {mv1::MEMBER_EVENT_KIND_DECEASED, mv1::MEMBER_EVENT_KIND_EXPELLED,
                    mv1::MEMBER_EVENT_KIND_TRANSFERRED_OUT}) {
    const absl::CivilDay end(2021, 3, 10);
    const auto spells = BuildSpells(
        {At(1, mv1::MEMBER_EVENT_KIND_REGISTERED, kRegistered, 7, mv1::MEMBER_STATUS_OFFICIAL),
         At(2, kind, end)},
        {Record()});
    ASSERT_EQ(spells.size(), 1u) << kind;
    EXPECT_EQ(CellOn(spells, end - 1), 7) << kind;
    EXPECT_EQ(CellOn(spells, end), 0) << kind;
    EXPECT_EQ(CellOn(spells, end + 1), 0) << kind;
  }
}

TEST(Spells, ProbationEndsOnRecognitionAndExemptionIsItsOwnSpell) {
  const absl::CivilDay admitted(2020, 1, 10), official(2021, 1, 10), exempted(2022, 2, 1);
  const auto spells = BuildSpells({At(1, mv1::MEMBER_EVENT_KIND_ADMITTED, admitted, 7),
                                   At(2, mv1::MEMBER_EVENT_KIND_RECOGNIZED_OFFICIAL, official),
                                   At(3, mv1::MEMBER_EVENT_KIND_EXEMPTED, exempted)},
                                  {Record()});
  ASSERT_EQ(spells.size(), 3u);
  EXPECT_EQ(spells[0].status, mv1::MEMBER_STATUS_PROBATIONARY);
  EXPECT_EQ(spells[0].valid_to, official);
  EXPECT_EQ(spells[1].status, mv1::MEMBER_STATUS_OFFICIAL);
  EXPECT_FALSE(spells[1].exempted);
  EXPECT_TRUE(spells[2].exempted);
  EXPECT_EQ(spells[2].valid_from, exempted);
}

TEST(Spells, ACorrectionVoidsTheEventItNames) {
  const auto spells = BuildSpells(
      {At(1, mv1::MEMBER_EVENT_KIND_REGISTERED, kRegistered, 7, mv1::MEMBER_STATUS_OFFICIAL),
       At(2, mv1::MEMBER_EVENT_KIND_DECEASED, absl::CivilDay(2021, 3, 10)),
       At(3, mv1::MEMBER_EVENT_KIND_CORRECTION, absl::CivilDay(2021, 3, 12), std::nullopt,
          mv1::MEMBER_STATUS_UNSPECIFIED, 2)},
      {Record()});
  ASSERT_EQ(spells.size(), 1u);
  EXPECT_EQ(spells[0].valid_to, kEndOfTime);
}

TEST(Spells, ARecordVersionSplitsTheSpellOnItsDay) {
  const absl::CivilDay left_union(2022, 9, 1);
  const auto spells = BuildSpells(
      {At(1, mv1::MEMBER_EVENT_KIND_REGISTERED, kRegistered, 7, mv1::MEMBER_STATUS_OFFICIAL)},
      {Record(), Record(left_union, /*youth_union=*/false)});
  ASSERT_EQ(spells.size(), 2u);
  EXPECT_TRUE(spells[0].attributes.youth_union);
  EXPECT_EQ(spells[0].valid_to, left_union);
  EXPECT_FALSE(spells[1].attributes.youth_union);
  // A version identical to the one before joins the spells.
  EXPECT_EQ(BuildSpells({At(1, mv1::MEMBER_EVENT_KIND_REGISTERED, kRegistered, 7,
                            mv1::MEMBER_STATUS_OFFICIAL)},
                        {Record(), Record(left_union)})
                .size(),
            1u);
}

// A profile as words: its set flags, then its codes.
std::string Described(const SpellProfile& p) {
  std::string out;
  for (const auto& [set, name] :
       {std::pair{p.female, "female"}, std::pair{p.minority, "minority"},
        std::pair{p.religious, "religious"}, std::pair{p.youth_union, "youth"},
        std::pair{p.probationary, "probationary"}, std::pair{p.exempted, "exempted"},
        std::pair{p.retired, "retired"}}) {
    if (set) absl::StrAppend(&out, name, " ");
  }
  absl::StrAppend(&out, "period=", p.admission_period, " education=", p.general_education,
                  " theory=", p.political_theory, " qualification=", p.qualification);
  return out;
}

TEST(SpellProfiles, UnpackEveryAttributeMigration0015Packs) {
  // Female, religious, exempted; admitted in period 3; upper secondary (3),
  // intermediate theory (3), a master's degree (6).
  EXPECT_EQ(Described(UnpackProfile(0b100101 | 3 << 7 | 3 << 10 | 3 << 15 | 6 << 20)),
            "female religious exempted period=3 education=3 theory=3 qualification=6");
  EXPECT_EQ(Described(UnpackProfile(0b1011010 | 5 << 7 | 1 << 10 | 5 << 15 | 31 << 20)),
            "minority youth probationary retired period=5 education=1 theory=5 qualification=31");
  EXPECT_EQ(Described(UnpackProfile(1 << 7)), "period=1 education=0 theory=0 qualification=0");
}

TEST(SpellProfiles, GroupsAddToEveryBreakdown) {
  Composition c;
  const SpellProfile woman{true, false, false, true, true, false, false, 5, 3, 2, 5};
  const SpellProfile man{false, true, false, false, false, true, true, 4, 3, 4, 5};
  AddMembers(woman, 2, 1, 10, 280, /*by_admission_period=*/false, &c);
  AddMembers(man, 3, 8, 4, 260, false, &c);
  AddMembers(woman, 3, 2, 1, 33, false, &c);
  EXPECT_EQ(c.total, 15);
  EXPECT_EQ(c.women, 11);
  EXPECT_EQ(c.minorities, 4);
  EXPECT_EQ(c.youth_union, 11);
  EXPECT_EQ(c.probationary, 11);
  EXPECT_EQ(c.exempted, 4);
  EXPECT_EQ(c.retired, 4);
  EXPECT_EQ(c.religious, 0);
  EXPECT_EQ(c.age_sum, 573);
  EXPECT_EQ(c.by_qualification, (std::map<int, int64_t>{{5, 15}}));
  EXPECT_EQ(c.by_political_theory, (std::map<int, int64_t>{{2, 11}, {4, 4}}));
  EXPECT_EQ(c.by_general_education, (std::map<int, int64_t>{{3, 15}}));
  EXPECT_EQ(c.by_organization_type, (std::map<int, int64_t>{{2, 10}, {3, 5}}));
  EXPECT_EQ(c.by_age_band, (std::map<int, int64_t>{{1, 10}, {2, 1}, {8, 4}}));
  EXPECT_TRUE(c.by_admission_period.empty());
  AddMembers(man, 3, 8, 2, 130, /*by_admission_period=*/true, &c);
  EXPECT_EQ(c.by_admission_period, (std::map<int, int64_t>{{4, 2}}));
}

TEST(Subtrees, HalvesDealTheOrganizationsAlternately) {
  const std::array<Subtree, 2> halves = Halves({"{11,12,13,14,15}", "{1,2,3,1,2}", 5});
  EXPECT_EQ(halves[0].ids, "{11,13,15}");
  EXPECT_EQ(halves[0].types, "{1,3,2}");
  EXPECT_EQ(halves[0].size, 3);
  EXPECT_EQ(halves[1].ids, "{12,14}");
  EXPECT_EQ(halves[1].types, "{2,1}");
  EXPECT_EQ(halves[1].size, 2);
  const std::array<Subtree, 2> one = Halves({"{7}", "{4}", 1});
  EXPECT_EQ(one[0].ids, "{7}");
  EXPECT_EQ(one[1].ids, "{}");
  EXPECT_EQ(one[1].types, "{}");
  EXPECT_EQ(one[1].size, 0);
}

TEST(CountAnchors, TheLastYearEndsAndQuarterEndsBeforeToday) {
  using D = absl::CivilDay;
  EXPECT_EQ(AnchorDays(D(2026, 11, 23), 3),
            (std::vector<D>{D(2023, 12, 31), D(2024, 12, 31), D(2025, 12, 31), D(2026, 3, 31),
                            D(2026, 6, 30), D(2026, 9, 30)}));
  // On a quarter's first day its eve is the last quarter-end; on the eve
  // itself that day is not yet passed.
  EXPECT_EQ(AnchorDays(D(2025, 1, 1), 1),
            (std::vector<D>{D(2024, 3, 31), D(2024, 6, 30), D(2024, 9, 30), D(2024, 12, 31)}));
  EXPECT_EQ(AnchorDays(D(2024, 12, 31), 0),
            (std::vector<D>{D(2023, 12, 31), D(2024, 3, 31), D(2024, 6, 30), D(2024, 9, 30)}));
}

TEST(Forms, SamePeriodLastYearKeepsTheDaysAndFoldsLeapDays) {
  const Period p = SamePeriodLastYear({absl::CivilDay(2024, 1, 1), absl::CivilDay(2024, 2, 29)});
  EXPECT_EQ(p.start, absl::CivilDay(2023, 1, 1));
  EXPECT_EQ(p.end, absl::CivilDay(2023, 2, 28));
}

TEST(Forms, GainsAndLossesReconcileOpeningAndClosing) {
  GainsAndLosses g;
  g.opening = 100;
  g.admitted = 5;
  g.transferred_in = 2;
  g.died = 1;
  g.transferred_out_within = 3;
  g.closing = 104;
  EXPECT_EQ(g.Gains(), 7);
  EXPECT_EQ(g.Losses(), 4);
  EXPECT_EQ(g.Other(), 1);
  const v1::StatisticsForm form = GainsAndLossesForm(g, GainsAndLosses{});
  ASSERT_EQ(form.columns_size(), 3);
  EXPECT_TRUE(form.columns(2).percent());
  EXPECT_EQ(form.rows(0).code(), "1");
  EXPECT_EQ(form.rows(0).values(0), 100);
  EXPECT_EQ(form.rows(0).values(2), 0);  // no base last year
}

// A Khối (1) with a base committee (2) and its cells 3 and 4, and a base
// cell (5) that moves under another Khối (9) on 1/7/2023.
TreeHistory Tree() {
  TreeHistory tree;
  const absl::CivilDay founded(2010, 1, 1), moved(2023, 7, 1);
  tree.Add(1, founded, kEndOfTime, std::nullopt);
  tree.Add(9, founded, kEndOfTime, std::nullopt);
  tree.Add(2, founded, kEndOfTime, 1);
  tree.Add(3, founded, kEndOfTime, 2);
  tree.Add(4, founded, kEndOfTime, 2);
  tree.Add(5, founded, moved, 1);
  tree.Add(5, moved, kEndOfTime, 9);
  return tree;
}

// Each movement counted in turn, as a report reads them.
GainsAndLosses Tally(const std::vector<Movement>& movements, const TreeHistory& tree, int64_t root,
                     int64_t opening, int64_t closing) {
  GainsAndLosses g;
  g.opening = opening;
  g.closing = closing;
  for (const Movement& m : movements) Tally(m, tree, root, &g);
  return g;
}

Movement Move(mv1::MemberEventKind kind, absl::CivilDay day, std::optional<int64_t> before,
              std::optional<int64_t> after,
              mv1::MemberStatus status = mv1::MEMBER_STATUS_OFFICIAL) {
  Movement m;
  m.kind = kind;
  m.day = day;
  m.before_organization = before;
  m.before_status = before ? status : 0;
  m.after_organization = after;
  return m;
}

TEST(Forms, TallyCountsAMovementWhereTheSubtreeWasTheDayBeforeAndOnTheDay) {
  const TreeHistory tree = Tree();
  const absl::CivilDay day(2023, 3, 15);
  const std::vector<Movement> movements = {
      Move(mv1::MEMBER_EVENT_KIND_TRANSFERRED_WITHIN, day, 3, 4),  // inside the committee
      Move(mv1::MEMBER_EVENT_KIND_TRANSFERRED_WITHIN, day, 5, 3),  // into it
      Move(mv1::MEMBER_EVENT_KIND_ADMITTED, day, std::nullopt, 4),
      Move(mv1::MEMBER_EVENT_KIND_STRUCK_OFF, day, 4, std::nullopt,
           mv1::MEMBER_STATUS_PROBATIONARY),
      Move(mv1::MEMBER_EVENT_KIND_DECEASED, day, 5, std::nullopt),
  };
  const GainsAndLosses committee = Tally(movements, tree, 2, 10, 11);
  EXPECT_EQ(committee.transferred_in_within, 1);
  EXPECT_EQ(committee.transferred_out_within, 0);
  EXPECT_EQ(committee.admitted, 1);
  EXPECT_EQ(committee.struck_off, 1);
  EXPECT_EQ(committee.struck_off_probationary, 1);
  EXPECT_EQ(committee.died, 0);
  EXPECT_EQ(committee.Other(), 0);
  const GainsAndLosses khoi = Tally(movements, tree, 1, 20, 19);
  EXPECT_EQ(khoi.transferred_in_within + khoi.transferred_out_within, 0);
  EXPECT_EQ(khoi.died, 1);
  EXPECT_EQ(khoi.Other(), 0);
  const GainsAndLosses cell = Tally(movements, tree, 5, 1, 0);
  EXPECT_EQ(cell.transferred_out_within, 1);
  EXPECT_EQ(cell.died, 1);
}

TEST(Forms, TallyPlacesAMovedCellUnderItsParentOfThatDay) {
  const TreeHistory tree = Tree();
  const absl::CivilDay moved(2023, 7, 1);
  // A death in cell 5 is a loss of the Khối that counted the member the day
  // before: the first one up to the day of the move, the other after it.
  for (const auto& [day, first, other] :
       {std::tuple{moved - 1, 1, 0}, std::tuple{moved, 1, 0}, std::tuple{moved + 1, 0, 1}}) {
    const std::vector<Movement> death = {
        Move(mv1::MEMBER_EVENT_KIND_DECEASED, day, 5, std::nullopt)};
    EXPECT_EQ(Tally(death, tree, 1, 0, 0).died, first) << FormatDay(day);
    EXPECT_EQ(Tally(death, tree, 9, 0, 0).died, other) << FormatDay(day);
  }
  EXPECT_EQ(tree.ParentOf(5, moved - 1), 1);
  EXPECT_EQ(tree.ParentOf(5, moved), 9);
  EXPECT_EQ(tree.ParentOf(42, moved), std::nullopt);
}

TEST(Forms, TreeHistoryAnswersWhateverOrderItsVersionsCameIn) {
  // Cell 7 (no type of its own) under base organization 6 (type 3) until
  // 1/1/2024, then under 8 (type 4); its versions added last first.
  const absl::CivilDay from(2000, 1, 1), moved(2024, 1, 1);
  TreeHistory tree;
  tree.Add(7, moved, kEndOfTime, 8, 0, mv1::ORGANIZATION_KIND_SUBORDINATE_CELL);
  tree.Add(8, from, kEndOfTime, std::nullopt, 4, mv1::ORGANIZATION_KIND_BASE_COMMITTEE);
  tree.Add(7, from, moved, 6, 0, mv1::ORGANIZATION_KIND_SUBORDINATE_CELL);
  tree.Add(6, from, kEndOfTime, std::nullopt, 3, mv1::ORGANIZATION_KIND_BASE_COMMITTEE);
  EXPECT_EQ(tree.TypeOf(7, moved - 1), 3);
  EXPECT_EQ(tree.TypeOf(7, moved), 4);
  EXPECT_EQ(tree.TypeOf(7, from - 1), 0);  // not founded yet
  EXPECT_TRUE(tree.Within(7, 6, moved - 1));
  EXPECT_FALSE(tree.Within(7, 6, moved));
  EXPECT_TRUE(tree.Within(7, 8, moved));
  EXPECT_TRUE(tree.Within(8, 8, kEndOfTime - 1));
  EXPECT_FALSE(tree.Within(8, 8, kEndOfTime));  // the open version's end
  EXPECT_EQ(tree.KindOf(7, moved), mv1::ORGANIZATION_KIND_SUBORDINATE_CELL);
  EXPECT_EQ(tree.KindOf(9, moved), 0);
}

TEST(Exports, NarrativeTitlesAQuarterAYearOrThePeriod) {
  NarrativeFacts f;
  f.root_display_name = "Đảng bộ Khối";
  f.members.total = 3369;
  f.members.women = 1260;
  f.members.age_sum = 132637;
  f.members_before.total = 2260;
  for (const auto& [start, end, title] :
       {std::tuple{absl::CivilDay(2020, 10, 1), absl::CivilDay(2020, 12, 31), "QUÝ IV NĂM 2020"},
        std::tuple{absl::CivilDay(2021, 1, 1), absl::CivilDay(2021, 3, 31), "QUÝ I NĂM 2021"},
        std::tuple{absl::CivilDay(2020, 1, 1), absl::CivilDay(2020, 12, 31), "NĂM 2020"},
        std::tuple{absl::CivilDay(2020, 10, 2), absl::CivilDay(2020, 12, 31),
                   "TỪ NGÀY 02/10/2020 ĐẾN NGÀY 31/12/2020"}}) {
    f.period = {start, end};
    const std::string text = Narrative(f);
    EXPECT_NE(text.find(absl::StrCat("BÁO CÁO CÔNG TÁC XÂY DỰNG ĐẢNG ", title, "\n")),
              std::string::npos)
        << text;
  }
  const std::string text = Narrative(f);
  EXPECT_NE(text.find("có 3.369 đảng viên (tăng 1.109 đảng viên so với cùng kỳ năm trước)"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("nữ 1.260 đồng chí (37,40 %)"), std::string::npos) << text;
  EXPECT_NE(text.find("độ tuổi bình quân 39,37"), std::string::npos) << text;
  EXPECT_NE(text.find("không có sắp xếp"), std::string::npos) << text;
}

TEST(Vietnamese, NumbersAndDatesAsTheOfficeWritesThem) {
  EXPECT_EQ(FormatCount(3369), "3.369");
  EXPECT_EQ(FormatCount(999), "999");
  EXPECT_EQ(FormatCount(1000), "1.000");
  EXPECT_EQ(FormatCount(5600000), "5.600.000");
  EXPECT_EQ(FormatCount(-1109), "-1.109");
  EXPECT_EQ(FormatDecimal(39.3698, 2), "39,37");
  EXPECT_EQ(FormatDecimal(1234.5, 1), "1.234,5");
  EXPECT_EQ(FormatDecimal(-0.004, 2), "0,00");
  EXPECT_EQ(FormatPercent(77.3333), "77,33 %");
  EXPECT_EQ(FormatDate(absl::CivilDay(2020, 12, 31)), "31/12/2020");
  EXPECT_EQ(FormatDate(absl::CivilDay(2021, 1, 5)), "05/01/2021");
  EXPECT_EQ(AgeBandName(1), "Từ 18 đến 30 tuổi");
  EXPECT_EQ(AgeBandName(2), "Từ 31 đến 35 tuổi");
  EXPECT_EQ(AgeBandName(7), "Từ 56 đến 60 tuổi");
  EXPECT_EQ(AgeBandName(8), "Trên 60 tuổi");
  EXPECT_EQ(Capitalized("đại học"), "Đại học");
}

TEST(Exports, CsvQuotesWhatNeedsIt) {
  v1::StatisticsForm form;
  form.add_columns()->set_heading("Kỳ này");
  auto* pct = form.add_columns();
  pct->set_heading("So sánh (%)");
  pct->set_percent(true);
  auto* row = form.add_rows();
  row->set_code("8.9");
  row->set_label("Tuổi bình quân, \"đầy đủ\"");
  row->add_values(39.3698);
  row->add_values(101.5);
  row->set_decimals(2);
  EXPECT_EQ(ToCsv(form),
            "Mã số,Chỉ tiêu,Kỳ này,So sánh (%)\r\n"
            "8.9,\"Tuổi bình quân, \"\"đầy đủ\"\"\",39.37,101.50\r\n");
}

// Youth-Union age is at most 30 full years on the admission day: the day
// before the 31st birthday counts, the birthday itself does not.
TEST(AdmissionRulesTest, YouthUnionAgeEndsOnTheThirtyFirstBirthday) {
  namespace mv1 = ::partywork::membership::v1;
  auto youth = [](absl::CivilDay born, absl::CivilDay day) {
    Admission a;
    a.day = day;
    a.birth_date = born;
    a.ethnicity = "Kinh";
    const auto c = CategoriesOf(a);
    return std::find(c.begin(), c.end(), mv1::ADMISSION_CATEGORY_YOUTH_UNION_AGE) != c.end();
  };
  const absl::CivilDay born(1993, 3, 15);
  EXPECT_TRUE(youth(born, absl::CivilDay(2024, 3, 14)));
  EXPECT_FALSE(youth(born, absl::CivilDay(2024, 3, 15)));
  EXPECT_FALSE(youth(born, absl::CivilDay(2024, 3, 16)));
}

TEST(AdmissionRulesTest, CategoriesAndSharesOfTargets) {
  namespace mv1 = ::partywork::membership::v1;
  Admission a;
  a.day = absl::CivilDay(2024, 2, 1);
  a.birth_date = absl::CivilDay(1980, 1, 1);
  a.female = true;
  a.ethnicity = "Ê Đê";
  a.student = true;
  a.organization_type = mv1::ORGANIZATION_TYPE_PRIVATE_JOINT_STOCK;
  EXPECT_EQ(CategoriesOf(a),
            (std::vector<mv1::AdmissionCategory>{
                mv1::ADMISSION_CATEGORY_TOTAL, mv1::ADMISSION_CATEGORY_STUDENTS,
                mv1::ADMISSION_CATEGORY_WOMEN, mv1::ADMISSION_CATEGORY_ETHNIC_MINORITIES,
                mv1::ADMISSION_CATEGORY_PRIVATE_ENTERPRISE}));
  TargetCounts resolution;
  resolution.counts = {{mv1::ADMISSION_CATEGORY_TOTAL, 120}, {mv1::ADMISSION_CATEGORY_WOMEN, 0}};
  const auto figures = AdmissionFigures({{mv1::ADMISSION_CATEGORY_TOTAL, 26}}, resolution, {});
  ASSERT_EQ(figures.size(), 6u);
  EXPECT_NEAR(figures[0].resolution_percent(), 21.6667, 1e-4);
  EXPECT_FALSE(figures[0].has_plan_target());
  EXPECT_TRUE(figures[3].has_resolution_target());  // women: a count of 0 gives 0 %
  EXPECT_EQ(figures[3].resolution_percent(), 0);
  v1::AdmissionReport report;
  for (const auto& f : figures) *report.add_figures() = f;
  EXPECT_EQ(AdmissionSummary(report), "Đã kết nạp 26 đảng viên, đạt 21,7 % Nghị quyết.");
}

}  // namespace
}  // namespace partywork::reporting
