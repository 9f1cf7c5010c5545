// Inspection rules at their edge dates (the day before, of and after):
// statutes of limitations per form, the appeal window, petition deadlines
// across holidays and the one extension, forms allowed per subject, and the
// fold of membership's status history.
#include "services/inspection/inspection_rules.h"

#include "gtest/gtest.h"
#include "libs/platform/resource.h"
#include "services/inspection/discipline_rules.h"
#include "services/inspection/petition_rules.h"
#include "services/inspection/subject_rules.h"

namespace partywork::inspection {
namespace {

using absl::CivilDay;

std::string Reason(const std::optional<RuleViolation>& v) { return v ? v->reason : "OK"; }

TEST(DisciplineRules, FormsAllowedPerSubject) {
  const CivilDay day(2024, 3, 1);
  auto allowed = [&](Standing s, v1::DisciplineForm f, bool post = false) {
    return Reason(CheckFormAllowed(s, post, f, day));
  };
  EXPECT_EQ(allowed(Standing::kProbationaryMember, v1::DISCIPLINE_FORM_REPRIMAND), "OK");
  EXPECT_EQ(allowed(Standing::kProbationaryMember, v1::DISCIPLINE_FORM_WARNING), "OK");
  EXPECT_EQ(allowed(Standing::kProbationaryMember, v1::DISCIPLINE_FORM_REMOVAL_FROM_POST, true),
            "FORM_NOT_ALLOWED");
  EXPECT_EQ(allowed(Standing::kProbationaryMember, v1::DISCIPLINE_FORM_EXPULSION),
            "FORM_NOT_ALLOWED");
  EXPECT_EQ(allowed(Standing::kOfficialMember, v1::DISCIPLINE_FORM_EXPULSION), "OK");
  EXPECT_EQ(allowed(Standing::kOfficialMember, v1::DISCIPLINE_FORM_REMOVAL_FROM_POST),
            "REMOVAL_NEEDS_PARTY_POST");
  EXPECT_EQ(allowed(Standing::kOfficialMember, v1::DISCIPLINE_FORM_REMOVAL_FROM_POST, true), "OK");
  EXPECT_EQ(allowed(Standing::kOfficialMember, v1::DISCIPLINE_FORM_DISSOLUTION),
            "FORM_NOT_ALLOWED");
  EXPECT_EQ(allowed(Standing::kOrganization, v1::DISCIPLINE_FORM_DISSOLUTION), "OK");
  EXPECT_EQ(allowed(Standing::kOrganization, v1::DISCIPLINE_FORM_WARNING), "OK");
  EXPECT_EQ(allowed(Standing::kOrganization, v1::DISCIPLINE_FORM_EXPULSION), "FORM_NOT_ALLOWED");
  EXPECT_EQ(allowed(Standing::kOrganization, v1::DISCIPLINE_FORM_REMOVAL_FROM_POST, true),
            "FORM_NOT_ALLOWED");
  // The refusal cites the regulation in force on the violation date.
  auto v = CheckFormAllowed(Standing::kProbationaryMember, false, v1::DISCIPLINE_FORM_EXPULSION,
                            CivilDay(2022, 7, 5));
  ASSERT_TRUE(v);
  EXPECT_EQ(v->metadata.at("regulation"), "Quy định 102-QĐ/TW ngày 15/11/2017");
  v = CheckFormAllowed(Standing::kProbationaryMember, false, v1::DISCIPLINE_FORM_EXPULSION,
                       CivilDay(2022, 7, 6));
  ASSERT_TRUE(v);
  EXPECT_EQ(v->metadata.at("regulation"), "Quy định 69-QĐ/TW ngày 06/7/2022");
}

// Violation ended on 10/3/2015: the case may be decided up to and
// including the anniversary of the statute's years, not the day after.
TEST(DisciplineRules, StatuteOfLimitationsPerFormAtItsEdge) {
  const CivilDay end(2015, 3, 10);
  auto check = [&](Standing s, v1::DisciplineForm f, CivilDay considered) {
    return Reason(CheckLimitation(s, f, end, considered, /*exempt=*/false));
  };
  for (Standing s : {Standing::kOfficialMember, Standing::kOrganization}) {
    EXPECT_EQ(check(s, v1::DISCIPLINE_FORM_REPRIMAND, CivilDay(2020, 3, 9)), "OK");
    EXPECT_EQ(check(s, v1::DISCIPLINE_FORM_REPRIMAND, CivilDay(2020, 3, 10)), "OK");
    EXPECT_EQ(check(s, v1::DISCIPLINE_FORM_REPRIMAND, CivilDay(2020, 3, 11)), "LIMITATION_EXPIRED");
    EXPECT_EQ(check(s, v1::DISCIPLINE_FORM_WARNING, CivilDay(2025, 3, 9)), "OK");
    EXPECT_EQ(check(s, v1::DISCIPLINE_FORM_WARNING, CivilDay(2025, 3, 10)), "OK");
    EXPECT_EQ(check(s, v1::DISCIPLINE_FORM_WARNING, CivilDay(2025, 3, 11)), "LIMITATION_EXPIRED");
  }
  EXPECT_EQ(check(Standing::kOfficialMember, v1::DISCIPLINE_FORM_REMOVAL_FROM_POST,
                  CivilDay(2025, 3, 10)),
            "OK");
  EXPECT_EQ(check(Standing::kOfficialMember, v1::DISCIPLINE_FORM_REMOVAL_FROM_POST,
                  CivilDay(2025, 3, 11)),
            "LIMITATION_EXPIRED");
  // No statute for expulsion and dissolution, nor for an exempt violation.
  EXPECT_EQ(check(Standing::kOfficialMember, v1::DISCIPLINE_FORM_EXPULSION, CivilDay(2060, 1, 1)),
            "OK");
  EXPECT_EQ(check(Standing::kOrganization, v1::DISCIPLINE_FORM_DISSOLUTION, CivilDay(2060, 1, 1)),
            "OK");
  EXPECT_EQ(Reason(CheckLimitation(Standing::kOfficialMember, v1::DISCIPLINE_FORM_REPRIMAND, end,
                                   CivilDay(2030, 1, 1), /*exempt=*/true)),
            "OK");
  // 29 February: the anniversary is 28 February.
  EXPECT_EQ(*LimitationEnds(Standing::kOfficialMember, v1::DISCIPLINE_FORM_REPRIMAND,
                            CivilDay(2020, 2, 29), CivilDay(2024, 1, 1)),
            CivilDay(2025, 2, 28));
  auto v = CheckLimitation(Standing::kOfficialMember, v1::DISCIPLINE_FORM_REPRIMAND, end,
                           CivilDay(2020, 3, 11), false);
  ASSERT_TRUE(v);
  EXPECT_EQ(v->metadata.at("rule"), "discipline.limitation_years.member.reprimand");
  EXPECT_EQ(v->metadata.at("limitation_ended_on"), "2020-03-10");
}

// Notified on Monday 20/1/2025: 30 working days skip Tết (27–31/1/2025 off)
// and end on 10/3/2025 (counted by hand).
TEST(DisciplineRules, AppealWindowAcrossTet) {
  const CivilDay notified(2025, 1, 20);
  EXPECT_EQ(AppealDeadline(notified), CivilDay(2025, 3, 10));
  EXPECT_EQ(Reason(CheckAppealLodged(notified, CivilDay(2025, 3, 7))), "OK");
  EXPECT_EQ(Reason(CheckAppealLodged(notified, CivilDay(2025, 3, 10))), "OK");
  EXPECT_EQ(Reason(CheckAppealLodged(notified, CivilDay(2025, 3, 11))), "APPEAL_TOO_LATE");
  EXPECT_EQ(Reason(CheckAppealLodged(notified, CivilDay(2025, 1, 19))), "APPEAL_BEFORE_NOTICE");
  // Without holidays: Monday 3/3/2025 + 30 working days = 15/4/2025 (7/4 is
  // Giỗ Tổ Hùng Vương, so one day later than six plain weeks).
  EXPECT_EQ(AppealDeadline(CivilDay(2025, 3, 3)), CivilDay(2025, 4, 15));
}

TEST(DisciplineRules, DecisionAfterItsOriginsConclusion) {
  const CivilDay concluded(2025, 6, 10);
  EXPECT_EQ(Reason(CheckDecisionDates(concluded, "inspections/1", CivilDay(2025, 6, 9),
                                      CivilDay(2025, 6, 9), CivilDay(2025, 6, 9))),
            "DECISION_BEFORE_CONCLUSION");
  EXPECT_EQ(Reason(CheckDecisionDates(concluded, "inspections/1", concluded, concluded, concluded)),
            "OK");
  EXPECT_EQ(Reason(CheckDecisionDates(concluded, "inspections/1", CivilDay(2025, 6, 11),
                                      CivilDay(2025, 6, 10), CivilDay(2025, 6, 11))),
            "DECISION_DATES_OUT_OF_ORDER");
}

// A denunciation received on Thursday 2/1/2025: 90 working days across Tết,
// Giỗ Tổ, 30/4–1/5 end on 21/5/2025; the extension of 30 more on 2/7/2025
// (both counted by hand from the days off of 2025).
TEST(DisciplineRules, DissolutionMembershipCanCarryOut) {
  auto reason = [](const DissolutionFacts& f) {
    auto v = CheckDissolution(f);
    return v ? v->reason : std::string("OK");
  };
  DissolutionFacts empty;  // a cell without members: nothing to move
  EXPECT_EQ(reason(empty), "OK");
  DissolutionFacts committee = empty;
  committee.subordinates = 1;
  EXPECT_EQ(reason(committee), "DISSOLUTION_WITH_SUBORDINATES");
  DissolutionFacts cell = empty;
  cell.members = 4;
  EXPECT_EQ(reason(cell), "MEMBERS_WITHOUT_DESTINATION");
  cell.members_to = "organizations/9";
  EXPECT_EQ(reason(cell), "MEMBERS_DESTINATION_NOT_A_CELL");  // not in existence that day
  cell.destination_exists = true;
  cell.destination_kind = mv1::ORGANIZATION_KIND_BASE_COMMITTEE;
  EXPECT_EQ(reason(cell), "MEMBERS_DESTINATION_NOT_A_CELL");
  for (auto kind : {mv1::ORGANIZATION_KIND_BASE_CELL, mv1::ORGANIZATION_KIND_SUBORDINATE_CELL}) {
    cell.destination_kind = kind;
    EXPECT_EQ(reason(cell), "OK");
  }
  cell.destination_inside = true;  // the dissolved cell itself
  EXPECT_EQ(reason(cell), "MEMBERS_DESTINATION_NOT_A_CELL");
}

TEST(PetitionRules, DenunciationDeadlineWithHolidaysAndTheExtension) {
  const CivilDay received(2025, 1, 2);
  const Deadline d = PetitionDeadline(v1::PETITION_KIND_DENUNCIATION, received);
  EXPECT_EQ(d.due_on, CivilDay(2025, 5, 21));
  EXPECT_EQ(d.rule, "petition.denunciation_deadline_working_days");
  EXPECT_EQ(ExtendedDue(d.due_on, 30), CivilDay(2025, 7, 2));

  v1::Petition p;
  p.set_kind(v1::PETITION_KIND_DENUNCIATION);
  *p.mutable_received_on() = ToDate(received);
  *p.mutable_due_on() = ToDate(d.due_on);
  v1::Extension e;
  e.set_working_days(30);
  *e.mutable_extended_on() = ToDate(CivilDay(2025, 5, 21));
  EXPECT_EQ(Reason(CheckExtension(p, e)), "OK");
  *e.mutable_extended_on() = ToDate(CivilDay(2025, 5, 22));
  EXPECT_EQ(Reason(CheckExtension(p, e)), "EXTENSION_AFTER_DEADLINE");
  *e.mutable_extended_on() = ToDate(CivilDay(2025, 5, 20));
  e.set_working_days(31);
  EXPECT_EQ(Reason(CheckExtension(p, e)), "EXTENSION_TOO_LONG");
  e.set_working_days(30);
  *p.mutable_extension() = e;
  EXPECT_EQ(Reason(CheckExtension(p, e)), "EXTENSION_ALREADY_GRANTED");
  p.clear_extension();
  p.set_kind(v1::PETITION_KIND_COMPLAINT);
  EXPECT_EQ(Reason(CheckExtension(p, e)), "EXTENSION_ONLY_FOR_DENUNCIATION");
}

TEST(PetitionRules, DeferredToTheNewCommitteeWithinTwentyFiveWorkingDaysOfTheCongress) {
  // The congress on Monday 20/10/2025: 15/9 is the 25th working day before it.
  const CivilDay congress(2025, 10, 20);
  const auto defer = [&](CivilDay received,
                         v1::PetitionKind kind = v1::PETITION_KIND_DENUNCIATION) {
    auto v = CheckCongressDeferral(kind, received, congress);
    return v ? v->reason : std::string("OK");
  };
  EXPECT_EQ(defer(CivilDay(2025, 9, 12)), "CONGRESS_NOT_NEAR");  // 26 working days
  EXPECT_EQ(defer(CivilDay(2025, 9, 15)), "OK");
  EXPECT_EQ(defer(CivilDay(2025, 9, 16)), "OK");
  EXPECT_EQ(defer(CivilDay(2025, 10, 17)), "OK");
  EXPECT_EQ(defer(congress), "CONGRESS_NOT_NEAR");
  EXPECT_EQ(defer(CivilDay(2025, 9, 16), v1::PETITION_KIND_COMPLAINT),
            "DEFERRAL_ONLY_FOR_DENUNCIATION");
  EXPECT_EQ(CheckCongressDeferral(v1::PETITION_KIND_DENUNCIATION, CivilDay(2025, 9, 12), congress)
                ->metadata.at("rule"),
            "petition.congress_deferral_working_days");
}

TEST(PetitionRules, OverdueFromTheDayAfterTheDeadline) {
  const CivilDay due(2025, 5, 21);
  const auto handling = v1::PETITION_STATE_HANDLING;
  EXPECT_FALSE(IsOverdue(handling, due, std::nullopt, CivilDay(2025, 5, 21)));
  EXPECT_TRUE(IsOverdue(handling, due, std::nullopt, CivilDay(2025, 5, 22)));
  // Resolved late: overdue on the days between, not after.
  EXPECT_TRUE(
      IsOverdue(v1::PETITION_STATE_RESOLVED, due, CivilDay(2025, 6, 2), CivilDay(2025, 6, 1)));
  EXPECT_FALSE(
      IsOverdue(v1::PETITION_STATE_RESOLVED, due, CivilDay(2025, 6, 2), CivilDay(2025, 6, 2)));
  EXPECT_FALSE(
      IsOverdue(v1::PETITION_STATE_FORWARDED, std::nullopt, std::nullopt, CivilDay(2030, 1, 1)));
}

TEST(PetitionRules, JurisdictionFitsTheLetter) {
  v1::Petition p;
  *p.mutable_received_on() = ToDate(CivilDay(2025, 3, 3));
  p.mutable_petitioner()->set_anonymous(true);
  v1::Jurisdiction j;
  *j.mutable_decided_on() = ToDate(CivilDay(2025, 3, 4));
  j.set_decision(v1::JURISDICTION_DECISION_HANDLE);
  EXPECT_EQ(Reason(CheckJurisdiction(p, j)), "ANONYMOUS_NOT_HANDLED");
  j.set_decision(v1::JURISDICTION_DECISION_NOT_HANDLED);
  j.set_not_handled_reason(v1::NOT_HANDLED_REASON_ANONYMOUS);
  EXPECT_EQ(Reason(CheckJurisdiction(p, j)), "OK");
  p.mutable_petitioner()->set_anonymous(false);
  p.mutable_petitioner()->set_full_name("Trần Thị Bình");
  EXPECT_EQ(Reason(CheckJurisdiction(p, j)), "NOT_HANDLED_REASON_UNFOUNDED");
  j.set_not_handled_reason(v1::NOT_HANDLED_REASON_NO_ADDRESS);
  EXPECT_EQ(Reason(CheckJurisdiction(p, j)), "OK");
  p.mutable_petitioner()->set_address("12 Trần Phú, Đà Lạt");
  EXPECT_EQ(Reason(CheckJurisdiction(p, j)), "NOT_HANDLED_REASON_UNFOUNDED");
  j.set_decision(v1::JURISDICTION_DECISION_HANDLE);
  EXPECT_EQ(Reason(CheckJurisdiction(p, j)), "OK");
  *j.mutable_decided_on() = ToDate(CivilDay(2025, 3, 2));
  EXPECT_EQ(Reason(CheckJurisdiction(p, j)), "DATE_BEFORE_RECEIPT");
}

TEST(InspectionRules, ActorsAndKinds) {
  EXPECT_EQ(Reason(CheckKindForActor(v1::INSPECTION_KIND_SIGNS_OF_VIOLATION,
                                     v1::ACTOR_KIND_INSPECTION_COMMISSION, false)),
            "OK");
  EXPECT_EQ(Reason(CheckKindForActor(v1::INSPECTION_KIND_SIGNS_OF_VIOLATION,
                                     v1::ACTOR_KIND_STANDING_COMMITTEE, false)),
            "KIND_NOT_FOR_ACTOR");
  EXPECT_EQ(Reason(CheckKindForActor(v1::INSPECTION_KIND_COMMITTEE,
                                     v1::ACTOR_KIND_BASE_INSPECTION_COMMISSION, false)),
            "KIND_NOT_FOR_ACTOR");
  EXPECT_EQ(Reason(CheckKindForActor(v1::INSPECTION_KIND_COMMITTEE, v1::ACTOR_KIND_CELL, false)),
            "OK");
  EXPECT_EQ(Reason(CheckKindForActor(v1::INSPECTION_KIND_THEMATIC_SUPERVISION,
                                     v1::ACTOR_KIND_ADVISORY_BOARD, false)),
            "OK");
  EXPECT_EQ(Reason(CheckKindForActor(v1::INSPECTION_KIND_PARTY_FINANCE,
                                     v1::ACTOR_KIND_INSPECTION_COMMISSION, false)),
            "KIND_NEEDS_ORGANIZATION_SUBJECT");
  EXPECT_EQ(
      Reason(CheckActorOrganization(v1::ACTOR_KIND_CELL, mv1::ORGANIZATION_KIND_SUBORDINATE_CELL)),
      "OK");
  EXPECT_EQ(Reason(CheckActorOrganization(v1::ACTOR_KIND_BASE_INSPECTION_COMMISSION,
                                          mv1::ORGANIZATION_KIND_BASE_CELL)),
            "ACTOR_ORGANIZATION_MISMATCH");
}

TEST(InspectionRules, CoverageAgainstTheTargetInIntegers) {
  const CivilDay day(2024, 12, 31);
  EXPECT_TRUE(Figure(3, 10, "coverage.members_inspected_per_year", day).met());
  EXPECT_FALSE(Figure(2, 10, "coverage.members_inspected_per_year", day).met());
  EXPECT_FALSE(Figure(2, 7, "coverage.cells_inspected_per_year", day).met());  // 28.6 %
  EXPECT_TRUE(Figure(3, 7, "coverage.cells_inspected_per_year", day).met());
  EXPECT_FALSE(Figure(9, 10, "coverage.term_inspected", day).met());
  EXPECT_TRUE(Figure(10, 10, "coverage.term_inspected", day).met());
}

TEST(SubjectRules, SpellsFromTheStatusHistory) {
  using K = mv1::MemberEventKind;
  auto e = [](int64_t id, K kind, CivilDay day, std::optional<int64_t> org = std::nullopt,
              std::optional<int64_t> corrects = std::nullopt) {
    return MemberEventCopy{id, kind, day, org, mv1::MEMBER_STATUS_UNSPECIFIED, corrects};
  };
  auto spells = FoldMemberSpells({
      e(1, mv1::MEMBER_EVENT_KIND_ADMITTED, CivilDay(2020, 5, 1), 7),
      e(2, mv1::MEMBER_EVENT_KIND_RECOGNIZED_OFFICIAL, CivilDay(2021, 5, 1)),
      e(3, mv1::MEMBER_EVENT_KIND_TRANSFERRED_WITHIN, CivilDay(2022, 1, 1), 8),
      e(4, mv1::MEMBER_EVENT_KIND_EXPELLED, CivilDay(2023, 1, 1)),
      e(5, mv1::MEMBER_EVENT_KIND_CORRECTION, CivilDay(2023, 2, 1), std::nullopt, 4),
      e(6, mv1::MEMBER_EVENT_KIND_EXEMPTED, CivilDay(2024, 1, 1)),
  });
  ASSERT_EQ(spells.size(), 3u);
  EXPECT_EQ(spells[0].status, mv1::MEMBER_STATUS_PROBATIONARY);
  EXPECT_EQ(spells[0].to, CivilDay(2021, 5, 1));
  EXPECT_EQ(spells[1].status, mv1::MEMBER_STATUS_OFFICIAL);
  EXPECT_EQ(spells[1].organization_id, 7);
  EXPECT_EQ(spells[2].organization_id, 8);
  EXPECT_EQ(spells[2].to, kEndOfTime);  // the expulsion was voided
}

}  // namespace
}  // namespace partywork::inspection
