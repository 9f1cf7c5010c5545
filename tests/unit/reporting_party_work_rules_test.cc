// Reporting's plain rules of party work: the rating distribution and
// targets at their edges (a share exactly at the target), why a member of
// the rating day was not rated (the day before and of six months); committee
// members counted once per committee by their highest role, aged on the day
// counted (the day before and of a birthday), in the subtree of that day;
// Biểu 2's new members aged on their admission day, Biểu 7's events and
// awards counted where their member was that day (the day before and of a
// cell's move into the subtree), each awarded member once a row.
#include "gtest/gtest.h"
#include "libs/platform/rulebook/rulebook.h"
#include "partywork/membership/v1/award.pb.h"
#include "partywork/membership/v1/party_card.pb.h"
#include "partywork/membership/v1/rating.pb.h"
#include "services/reporting/committees.h"
#include "services/reporting/party_work.h"
#include "services/reporting/ratings.h"

namespace partywork::reporting {
namespace {

namespace mv1 = ::partywork::membership::v1;
namespace keys = ::partywork::rulebook::keys;

const absl::CivilDay kRatingDay(2024, 12, 31);

TEST(RatingRulesTest, DistributionHasEveryGradeWithItsShareOfTheRated) {
  const v1::RatingDistribution d =
      Distribution(10, {{mv1::RATING_GRADE_GOOD, 6}, {mv1::RATING_GRADE_NOT_COMPLETED, 2}});
  EXPECT_EQ(d.total(), 10);
  EXPECT_EQ(d.rated(), 8);
  EXPECT_EQ(d.not_rated(), 2);
  ASSERT_EQ(d.grades_size(), 4);
  EXPECT_EQ(d.grades(0).grade(), mv1::RATING_GRADE_EXCELLENT);
  EXPECT_EQ(d.grades(0).count(), 0);
  EXPECT_DOUBLE_EQ(d.grades(1).percent(), 75);
  EXPECT_DOUBLE_EQ(d.grades(3).percent(), 25);
  EXPECT_DOUBLE_EQ(Distribution(3, {}).grades(1).percent(), 0);  // none rated
}

// A member admitted on 30 June has six months on 31 December and is rated;
// one admitted on 1 July is new and rated separately.
TEST(RatingRulesTest, NewMemberMonthsEndOnTheSixMonthsDay) {
  EXPECT_EQ(WhyNotRated(false, absl::CivilDay(2024, 6, 30), kRatingDay), NotRated::kOther);
  EXPECT_EQ(WhyNotRated(false, absl::CivilDay(2024, 7, 1), kRatingDay), NotRated::kNewMember);
  EXPECT_EQ(WhyNotRated(false, absl::CivilDay(2024, 7, 2), kRatingDay), NotRated::kNewMember);
  EXPECT_EQ(WhyNotRated(true, absl::CivilDay(2024, 7, 1), kRatingDay), NotRated::kExempted);
  EXPECT_EQ(WhyNotRated(false, std::nullopt, kRatingDay), NotRated::kOther);
}

TEST(RatingRulesTest, SharesAtTheTargetMeetAtLeastButNotMoreThan) {
  // 9 of 10 is exactly 90 %: not over it; 95 of 100 is at least 95 %.
  v1::RatingTarget over = Target(keys::kRatingTargetBaseGoodOrBetter,
                                 v1::TARGET_COMPARISON_MORE_THAN, 9, 10, kRatingDay);
  EXPECT_DOUBLE_EQ(over.target(), 90);
  EXPECT_DOUBLE_EQ(over.actual(), 90);
  EXPECT_FALSE(over.met());
  EXPECT_TRUE(over.share());
  EXPECT_EQ(over.count(), 9);
  EXPECT_TRUE(Target(keys::kRatingTargetBaseGoodOrBetter, v1::TARGET_COMPARISON_MORE_THAN, 91, 100,
                     kRatingDay)
                  .met());
  EXPECT_TRUE(Target(keys::kRatingTargetMembersGoodOrBetter, v1::TARGET_COMPARISON_AT_LEAST, 95,
                     100, kRatingDay)
                  .met());
  EXPECT_FALSE(Target(keys::kRatingTargetMembersGoodOrBetter, v1::TARGET_COMPARISON_AT_LEAST, 94,
                      100, kRatingDay)
                   .met());
  // Nothing rated reaches no share.
  EXPECT_FALSE(Target(keys::kRatingTargetMembersGoodOrBetter, v1::TARGET_COMPARISON_AT_LEAST, 0, 0,
                      kRatingDay)
                   .met());
  // A count: none not completed.
  const v1::RatingTarget none =
      Target(keys::kRatingTargetBaseNotCompleted, v1::TARGET_COMPARISON_AT_MOST, 1, 40, kRatingDay);
  EXPECT_DOUBLE_EQ(none.target(), 0);
  EXPECT_DOUBLE_EQ(none.actual(), 1);
  EXPECT_FALSE(none.met());
  EXPECT_FALSE(none.share());
  EXPECT_TRUE(
      Target(keys::kRatingTargetBaseNotCompleted, v1::TARGET_COMPARISON_AT_MOST, 0, 40, kRatingDay)
          .met());
  EXPECT_EQ(none.description(), "Không có tổ chức cơ sở đảng không hoàn thành nhiệm vụ");
}

CountedSeat SeatOf(int64_t organization, int64_t member, mv1::CommitteeRole role,
                   absl::CivilDay counted_on, absl::CivilDay born, bool head = false) {
  CountedSeat c;
  c.organization = organization;
  c.seat.member_id = member;
  c.seat.role = role;
  c.seat.term_start_year = 2020;
  c.seat.term_end_year = 2025;
  c.seat.from_on = counted_on;
  c.seat.also_head_of_unit = head;
  c.counted_on = counted_on;
  c.member.gender = mv1::GENDER_MALE;
  c.member.birth_date = born;
  c.member.ethnicity = "Kinh";
  c.member.qualification = mv1::QUALIFICATION_UNIVERSITY;
  c.member.political_theory = mv1::POLITICAL_THEORY_ADVANCED;
  return c;
}

// The figures of seats given by organization and member, as they are read.
v1::CommitteeFigures FiguresOf(int term_start_year, const std::vector<CountedSeat>& seats) {
  CommitteeTally tally;
  for (const CountedSeat& s : seats) tally.Add(s);
  return tally.Figures(term_start_year);
}

TEST(CommitteeRulesTest, OneMemberPerCommitteeByHighestRoleAgedOnTheFirstSeat) {
  const absl::CivilDay elected(2020, 7, 1), promoted(2023, 1, 1);
  const std::vector<CountedSeat> seats = {
      // Member 1: a member, then deputy secretary of committee 10; also the
      // secretary (head of the unit) of committee 20.
      SeatOf(10, 1, mv1::COMMITTEE_ROLE_MEMBER, elected, absl::CivilDay(1980, 7, 2)),
      SeatOf(10, 1, mv1::COMMITTEE_ROLE_DEPUTY_SECRETARY, promoted, absl::CivilDay(1980, 7, 2)),
      // Member 2: 40 on the day of the 40th birthday.
      SeatOf(10, 2, mv1::COMMITTEE_ROLE_SECRETARY, elected, absl::CivilDay(1980, 7, 1)),
      SeatOf(20, 1, mv1::COMMITTEE_ROLE_SECRETARY, elected, absl::CivilDay(1980, 7, 2), true),
  };
  const v1::CommitteeFigures f = FiguresOf(2020, seats);
  EXPECT_EQ(f.members(), 3);
  // Secretary 2, deputy 1 (the member promoted), standing 0, member 0.
  ASSERT_EQ(f.by_role_size(), 4);
  EXPECT_EQ(f.by_role(0).members(), 2);
  EXPECT_EQ(f.by_role(1).members(), 1);
  EXPECT_EQ(f.by_role(3).members(), 0);
  // 39 (the day before the 40th birthday) twice, and 40.
  EXPECT_DOUBLE_EQ(f.mean_age(), (39.0 + 39 + 40) / 3);
  EXPECT_EQ(f.secretaries(), 2);
  EXPECT_EQ(f.unified_leadership(), 1);
  EXPECT_DOUBLE_EQ(f.unified_leadership_percent(), 50);
  EXPECT_EQ(f.term_end_year(), 2025);
  EXPECT_EQ(FiguresOf(2020, {}).mean_age(), 0);
}

TEST(CommitteeRulesTest, SeatsCountWhereTheirOrganizationWasOnTheDayCounted) {
  // Committee 10 moves from the Khối 1 to the Khối 2 on 1/1/2022.
  const absl::CivilDay moved(2022, 1, 1), end(9999, 12, 31);
  TreeHistory tree;
  tree.Add(1, absl::CivilDay(2000, 1, 1), end, std::nullopt, 0,
           mv1::ORGANIZATION_KIND_HIGHER_COMMITTEE);
  tree.Add(2, absl::CivilDay(2000, 1, 1), end, std::nullopt, 0,
           mv1::ORGANIZATION_KIND_HIGHER_COMMITTEE);
  tree.Add(10, absl::CivilDay(2000, 1, 1), moved, 1, 1, mv1::ORGANIZATION_KIND_BASE_COMMITTEE);
  tree.Add(10, moved, end, 2, 1, mv1::ORGANIZATION_KIND_BASE_COMMITTEE);
  const absl::CivilDay born(1980, 1, 1);
  const std::vector<CountedSeat> seats = {
      SeatOf(10, 1, mv1::COMMITTEE_ROLE_MEMBER, moved - 1, born),
      SeatOf(10, 2, mv1::COMMITTEE_ROLE_MEMBER, moved, born),
  };
  EXPECT_TRUE(SeatOfSubtree(seats[0], tree, 1, {}));
  EXPECT_FALSE(SeatOfSubtree(seats[1], tree, 1, {}));
  EXPECT_FALSE(SeatOfSubtree(seats[0], tree, 2, {}));
  EXPECT_TRUE(SeatOfSubtree(seats[1], tree, 2, {}));
  EXPECT_FALSE(SeatOfSubtree(seats[1], tree, 2, {mv1::ORGANIZATION_KIND_BASE_CELL}));
  EXPECT_TRUE(SeatOfSubtree(seats[1], tree, 2, {mv1::ORGANIZATION_KIND_BASE_COMMITTEE}));
}

TEST(PartyWorkRulesTest, AgeBandsOfTheForms) {
  EXPECT_EQ(AgeBand(18), 1);
  EXPECT_EQ(AgeBand(30), 1);
  EXPECT_EQ(AgeBand(31), 2);
  EXPECT_EQ(AgeBand(35), 2);
  EXPECT_EQ(AgeBand(36), 3);
  EXPECT_EQ(AgeBand(56), 7);
  EXPECT_EQ(AgeBand(60), 7);
  EXPECT_EQ(AgeBand(61), 8);
}

// Cell 5 under the root 1 all along; cell 6 elsewhere.
TreeHistory SmallTree() {
  const absl::CivilDay from(2000, 1, 1), end(9999, 12, 31);
  TreeHistory tree;
  tree.Add(1, from, end, std::nullopt);
  tree.Add(5, from, end, 1);
  tree.Add(6, from, end, std::nullopt);
  return tree;
}

TEST(PartyWorkRulesTest, NewMembersAgedOnTheirAdmissionDay) {
  const absl::CivilDay day(2024, 3, 15);
  auto admitted = [&](absl::CivilDay born, int64_t cell, bool student, const std::string& job) {
    AdmittedMember a;
    a.day = day;
    a.cell = cell;
    a.record.gender = mv1::GENDER_FEMALE;
    a.record.birth_date = born;
    a.record.ethnicity = "Kinh";
    a.record.student = student;
    a.occupation = job;
    return a;
  };
  std::vector<AdmittedMember> all = {
      admitted(absl::CivilDay(1993, 3, 15), 5, false, "Công chức"),  // 31 that day
      admitted(absl::CivilDay(1993, 3, 16), 5, true, "Sinh viên"),   // 30
      admitted(absl::CivilDay(1980, 1, 1), 6, false, "Công nhân"),   // elsewhere
  };
  all[0].readmitted = true;
  NewMembers n;
  const TreeHistory tree = SmallTree();
  for (const AdmittedMember& a : all) TallyNewMember(a, tree, 1, &n);
  EXPECT_EQ(n.members.total, 2);
  EXPECT_EQ(n.members.women, 2);
  EXPECT_EQ(n.members.by_age_band.at(1), 1);
  EXPECT_EQ(n.members.by_age_band.at(2), 1);
  EXPECT_DOUBLE_EQ(n.members.MeanAge(), 30.5);
  EXPECT_EQ(n.readmitted, 1);
  EXPECT_EQ(n.students, 1);
  EXPECT_EQ(n.occupations, (std::map<std::string, int64_t>{{"Công chức", 1}}));
}

TEST(PartyWorkRulesTest, CardsAndTemporaryTransfersCountWhereTheMemberWas) {
  const absl::CivilDay day(2024, 4, 1);
  const TreeHistory tree = SmallTree();
  PartyWork w;
  TallyCards({{1, day, mv1::PARTY_CARD_ISSUE_KIND_ISSUE},
              {2, day, mv1::PARTY_CARD_ISSUE_KIND_REISSUE},
              {3, day, mv1::PARTY_CARD_ISSUE_KIND_ISSUE},
              {4, day, mv1::PARTY_CARD_ISSUE_KIND_ISSUE}},
             {5, 5, 6, std::nullopt}, tree, 1, &w);
  EXPECT_EQ(w.cards_issued, 1);
  EXPECT_EQ(w.cards_reissued, 1);
  TallyTemporary({{1, day, mv1::MEMBER_EVENT_KIND_TEMPORARILY_AWAY},
                  {1, day + 90, mv1::MEMBER_EVENT_KIND_RETURNED},
                  {3, day, mv1::MEMBER_EVENT_KIND_TEMPORARILY_AWAY}},
                 {5, 5, 6}, tree, 1, &w);
  EXPECT_EQ(w.temporarily_away, 1);
  EXPECT_EQ(w.returned, 1);
}

TEST(PartyWorkRulesTest, AwardsCountEachMemberOnceWhereTheyWereThatDay) {
  // Cell 7 joins the Khối on 1 June 2024.
  const absl::CivilDay from(2000, 1, 1), moved(2024, 6, 1), end(9999, 12, 31);
  TreeHistory tree = SmallTree();
  tree.Add(7, from, moved, std::nullopt);
  tree.Add(7, moved, end, 1);
  const int badge = mv1::AWARD_KIND_PARTY_BADGE, commendation = mv1::AWARD_KIND_COMMENDATION;
  const absl::CivilDay day(2024, 4, 1);
  PartyWork w;
  TallyAwards({{1, day, badge, 30},
               {1, day, commendation},
               {1, day + 30, commendation},  // the same member commended twice: once
               {2, day, badge, 40},
               {2, day, commendation},
               {3, day, badge, 30},        // elsewhere
               {4, day, commendation},     // not a member that day
               {5, moved - 1, badge, 45},  // the day before the move: not yet here
               {6, moved, commendation}},  // the day of the move
              {5, 5, 5, 5, 5, 6, std::nullopt, 7, 7}, tree, 1, &w);
  EXPECT_EQ(w.badge_awardees, 2);
  EXPECT_EQ(w.badges_awarded, (std::map<int, int64_t>{{30, 1}, {40, 1}}));
  EXPECT_EQ(w.commended, 3);
  // Badges due are another row: awards leave them alone.
  EXPECT_TRUE(w.badges.empty());
}

}  // namespace
}  // namespace partywork::reporting
