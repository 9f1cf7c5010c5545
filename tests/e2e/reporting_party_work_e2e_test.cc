// Reporting of party work against the real membership: a year's ratings of
// members and organizations (the members not rated and why, at the edge of
// the new-member months), against the rulebook's targets; each checked
// against figures counted by hand and against a rebuild from the feed, byte
// for byte.
#include "gtest/gtest.h"
#include "tests/e2e/reporting_fixture.h"

PARTYWORK_USE_POSTGRES();

namespace partywork::testing {
namespace {

using absl::CivilDay;

// A person's record, as the tests load it through membership's API.
struct Person {
  std::string full_name = "Nguyễn Văn An";
  mv1::Gender gender = mv1::GENDER_MALE;
  CivilDay born = CivilDay(1980, 4, 2);
  std::string ethnicity = "Kinh";
  std::string religion;
  mv1::GeneralEducation general_education = mv1::GENERAL_EDUCATION_UPPER_SECONDARY;
  mv1::Qualification qualification = mv1::QUALIFICATION_UNIVERSITY;
  mv1::PoliticalTheory political_theory = mv1::POLITICAL_THEORY_ELEMENTARY;
  bool youth_union = false;
  bool student = false;
  std::string occupation;
};

class PartyWorkTest : public ReportingTest {
 protected:
  static mv1::Member RecordOf(const Person& p) {
    mv1::Member m;
    m.set_full_name(p.full_name);
    m.set_gender(p.gender);
    *m.mutable_birth_date() = ToDate(p.born);
    m.set_ethnicity(p.ethnicity);
    m.set_religion(p.religion);
    m.set_general_education(p.general_education);
    m.set_qualification(p.qualification);
    m.set_political_theory(p.political_theory);
    m.set_youth_union_member(p.youth_union);
    m.set_student(p.student);
    m.set_occupation(p.occupation);
    return m;
  }

  static std::string CreateWith(mv1::Member record, const mv1::MemberEvent& first) {
    mv1::CreateMemberRequest r;
    *r.mutable_member() = std::move(record);
    *r.mutable_first_event() = first;
    mv1::Member out;
    grpc::Status s = stub_->CreateMember(Context().get(), r, &out);
    EXPECT_TRUE(s.ok()) << r.member().full_name() << ": " << s.error_message();
    return out.name();
  }

  static mv1::MemberEvent Event(mv1::MemberEventKind kind, CivilDay day,
                                const std::string& cell = "") {
    mv1::MemberEvent e;
    e.set_kind(kind);
    *e.mutable_effective_on() = ToDate(day);
    e.set_organization(cell);
    e.set_decision("Quyết định số 1-QĐ/ĐUK");
    return e;
  }

  // An official member (admitted 2005) registered in `cell` on 1/1/2015.
  static std::string Official(const std::string& cell, const Person& p = {}) {
    mv1::Member m = RecordOf(p);
    *m.mutable_admitted_on() = ToDate(CivilDay(2005, 5, 19));
    *m.mutable_official_on() = ToDate(CivilDay(2006, 5, 19));
    mv1::MemberEvent e = Event(mv1::MEMBER_EVENT_KIND_REGISTERED, CivilDay(2015, 1, 1), cell);
    e.set_initial_status(mv1::MEMBER_STATUS_OFFICIAL);
    return CreateWith(std::move(m), e);
  }

  // A member admitted (kết nạp) into `cell` on `day`.
  static std::string Admitted(const std::string& cell, CivilDay day, const Person& p = {}) {
    mv1::Member m = RecordOf(p);
    *m.mutable_admitted_on() = ToDate(day);
    return CreateWith(std::move(m), Event(mv1::MEMBER_EVENT_KIND_ADMITTED, day, cell));
  }

  static void Record(const std::string& member, mv1::MemberEventKind kind, CivilDay day,
                     const std::string& cell = "") {
    mv1::RecordMemberEventRequest r;
    r.set_parent(member);
    *r.mutable_event() = Event(kind, day, cell);
    mv1::MemberEvent ignored;
    grpc::Status s = stub_->RecordMemberEvent(Context().get(), r, &ignored);
    EXPECT_TRUE(s.ok()) << member << ": " << s.error_message();
  }

  static void Rate(const std::string& subject, int year, mv1::RatingGrade grade) {
    mv1::CreateRatingRequest r;
    r.mutable_rating()->set_subject(subject);
    r.mutable_rating()->set_year(year);
    r.mutable_rating()->set_grade(grade);
    r.mutable_rating()->set_decision("Biên bản đánh giá, xếp loại");
    mv1::Rating ignored;
    grpc::Status s = stub_->CreateRating(Context().get(), r, &ignored);
    EXPECT_TRUE(s.ok()) << subject << ": " << s.error_message();
  }

  static rv1::RatingReport Ratings(const std::string& root, int year) {
    rv1::GetRatingReportRequest r;
    r.set_root(root);
    r.set_year(year);
    *r.mutable_freshness() = UpToDate();
    rv1::RatingReport out;
    grpc::Status s = reports_->GetRatingReport(Context().get(), r, &out);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return out;
  }

  // The distribution's counts, excellent first.
  static std::vector<int> Grades(const rv1::RatingDistribution& d) {
    std::vector<int> out;
    for (const auto& g : d.grades()) out.push_back(g.count());
    return out;
  }

  static const rv1::RatingTarget& TargetOf(const rv1::RatingReport& r, const std::string& rule) {
    for (const auto& t : r.targets()) {
      if (t.rule() == rule) return t;
    }
    static const rv1::RatingTarget kNone;
    ADD_FAILURE() << "no target " << rule;
    return kNone;
  }

  // Byte-for-byte equality of the reports `snapshot` gives before and after
  // a rebuild from the feed.
  template <class Snapshot>
  static void ExpectRebuildKeeps(Snapshot snapshot) {
    const std::vector<std::string> before = snapshot();
    ASSERT_EQ(RunBinary("reporting", {"rebuild"}, ReportingEnvironment()), 0);
    const std::vector<std::string> after = snapshot();
    ASSERT_EQ(after.size(), before.size());
    for (size_t i = 0; i < before.size(); ++i) EXPECT_EQ(after[i], before[i]) << "report " << i;
  }
};

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

  ExpectRebuildKeeps([&] {
    return std::vector<std::string>{Ratings(khoi, 2024).SerializeAsString(),
                                    Ratings(committee, 2024).SerializeAsString(),
                                    Ratings(khoi, 2023).SerializeAsString()};
  });
}

}  // namespace
}  // namespace partywork::testing
