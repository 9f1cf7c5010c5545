// Admission rules at their edge dates: the day before, of and after. The
// deadlines in working days were counted by hand on the calendar of
// libs/platform/rulebook/vietnam_holidays.cc (Tết 2024: 8–14/2, Tết 2025:
// 25/1–2/2).
#include "services/membership/admission_rules.h"

#include "gtest/gtest.h"
#include "services/membership/member_rules.h"

namespace partywork::membership {
namespace {

using D = absl::CivilDay;

std::string ReasonOf(const std::optional<RuleViolation>& violation) {
  return violation ? violation->reason : "OK";
}

TEST(AdmissionRules, AgeCountedInMonthsWhenTheCellConsiders) {
  const D born(2006, 2, 10);
  EXPECT_EQ(ReasonOf(CheckAdmissionAge(born, D(2024, 2, 9))), "ADMISSION_AGE");
  EXPECT_EQ(ReasonOf(CheckAdmissionAge(born, D(2024, 2, 10))), "OK");
  EXPECT_EQ(ReasonOf(CheckAdmissionAge(born, D(2024, 2, 11))), "OK");
  // Still 60 until the 61st birthday.
  const D older(1964, 5, 20);
  EXPECT_EQ(ReasonOf(CheckAdmissionAge(older, D(2025, 5, 19))), "OK");
  EXPECT_EQ(ReasonOf(CheckAdmissionAge(older, D(2025, 5, 20))), "ADMISSION_AGE");
  EXPECT_EQ(ReasonOf(CheckAdmissionAge(older, D(2025, 5, 21))), "ADMISSION_AGE");
  auto refused = CheckAdmissionAge(older, D(2025, 5, 20));
  EXPECT_EQ(refused->metadata.at("rule"), "admission.max_age_years");
  EXPECT_EQ(refused->metadata.at("regulation"), "Quy định 232-QĐ/TW ngày 20/01/2025");
}

TEST(AdmissionRules, AtLeastLowerSecondaryEducation) {
  const D day(2025, 3, 1);
  EXPECT_EQ(ReasonOf(CheckEducation(v1::GENERAL_EDUCATION_PRIMARY, day)), "ADMISSION_EDUCATION");
  EXPECT_EQ(ReasonOf(CheckEducation(v1::GENERAL_EDUCATION_UNSPECIFIED, day)),
            "ADMISSION_EDUCATION");
  EXPECT_EQ(ReasonOf(CheckEducation(v1::GENERAL_EDUCATION_LOWER_SECONDARY, day)), "OK");
  EXPECT_EQ(ReasonOf(CheckEducation(v1::GENERAL_EDUCATION_UPPER_SECONDARY, day)), "OK");
}

TEST(AdmissionRules, ClassCertificateValidForFiveYears) {
  const D certified(2020, 3, 10);
  EXPECT_EQ(CertificateValidUntil(certified), D(2025, 3, 9));
  EXPECT_EQ(ReasonOf(CheckCertificate(certified, D(2025, 3, 8))), "OK");
  EXPECT_EQ(ReasonOf(CheckCertificate(certified, D(2025, 3, 9))), "OK");
  EXPECT_EQ(ReasonOf(CheckCertificate(certified, D(2025, 3, 10))), "CLASS_CERTIFICATE_EXPIRED");
  EXPECT_EQ(CheckCertificate(certified, D(2025, 3, 10))->metadata.at("rule"),
            "admission.class_certificate_valid_years");
}

TEST(AdmissionRules, SponsorsOfficialWithTwelveMonthsTogether) {
  const D since(2023, 5, 15);
  const auto with = [&](D day, bool official = true) {
    return ReasonOf(
        CheckSponsors({{"members/1", true, D(2010, 1, 1)}, {"members/2", official, since}},
                      /*youth_union_member=*/false, /*youth_union_resolution=*/false, day));
  };
  EXPECT_EQ(with(D(2024, 5, 14)), "SPONSOR_TOO_FEW_MONTHS");
  EXPECT_EQ(with(D(2024, 5, 15)), "OK");
  EXPECT_EQ(with(D(2024, 5, 16)), "OK");
  EXPECT_EQ(with(D(2024, 5, 16), /*official=*/false), "SPONSOR_NOT_OFFICIAL");
  const std::vector<SponsorFacts> one = {{"members/1", true, D(2010, 1, 1)}};
  const D day(2024, 6, 1);
  EXPECT_EQ(ReasonOf(CheckSponsors(one, false, false, day)), "SPONSORS_REQUIRED");
  EXPECT_EQ(ReasonOf(CheckSponsors(one, true, false, day)), "SPONSORS_REQUIRED");
  // One sponsor and the Youth Union committee's resolution, for a Youth Union member.
  EXPECT_EQ(ReasonOf(CheckSponsors(one, true, true, day)), "OK");
  EXPECT_EQ(ReasonOf(CheckSponsors(one, false, true, day)), "SPONSORS_REQUIRED");
}

TEST(AdmissionRules, CellVoteAtLeastTwoThirds) {
  const D day(2025, 3, 1);
  EXPECT_EQ(ReasonOf(CheckCellVote(5, 9, day)), "CELL_VOTE_BELOW_THRESHOLD");
  EXPECT_EQ(ReasonOf(CheckCellVote(6, 9, day)), "OK");  // exactly 2/3
  EXPECT_EQ(ReasonOf(CheckCellVote(7, 9, day)), "OK");
  EXPECT_EQ(ReasonOf(CheckCellVote(2, 3, day)), "OK");
  EXPECT_EQ(ReasonOf(CheckCellVote(1, 2, day)), "CELL_VOTE_BELOW_THRESHOLD");
  EXPECT_EQ(ReasonOf(CheckCellVote(0, 0, day)), "CELL_VOTE_BELOW_THRESHOLD");
  EXPECT_EQ(CheckCellVote(5, 9, day)->metadata.at("rule"), "admission.cell_vote_threshold");
}

TEST(AdmissionRules, DecisionWithinSixtyWorkingDaysAcrossTet2024) {
  // 2/1/2024: 60 working days, five of Tết's days off on weekdays, end on 2/4.
  const D resolved(2024, 1, 2);
  EXPECT_EQ(DecisionDeadline(resolved), D(2024, 4, 2));
  EXPECT_EQ(ReasonOf(CheckDecisionDay(resolved, D(2024, 4, 1))), "OK");
  EXPECT_EQ(ReasonOf(CheckDecisionDay(resolved, D(2024, 4, 2))), "OK");
  EXPECT_EQ(ReasonOf(CheckDecisionDay(resolved, D(2024, 4, 3))), "DECISION_DEADLINE_MISSED");
  EXPECT_EQ(CheckDecisionDay(resolved, D(2024, 4, 3))->metadata.at("due_on"), "2024-04-02");
}

TEST(AdmissionRules, CeremonyWithinThirtyWorkingDaysAcrossTet2025) {
  // 15/1/2025 + 30 working days, Tết 27–31/1 skipped: 5/3 (not 26/2).
  const D decided(2025, 1, 15);
  EXPECT_EQ(CeremonyDeadline(decided), D(2025, 3, 5));
  EXPECT_EQ(ReasonOf(CheckCeremonyDay(decided, D(2025, 3, 4))), "OK");
  EXPECT_EQ(ReasonOf(CheckCeremonyDay(decided, D(2025, 3, 5))), "OK");
  EXPECT_EQ(ReasonOf(CheckCeremonyDay(decided, D(2025, 3, 6))), "CEREMONY_DEADLINE_MISSED");
}

TEST(AdmissionRules, ProbationEndAndRecognitionDeadline) {
  const D ceremony(2024, 1, 22);
  EXPECT_EQ(ProbationEnd(ceremony), D(2025, 1, 22));
  EXPECT_EQ(ProbationEnd(D(2024, 2, 29)), D(2025, 2, 28));
  EXPECT_EQ(ReasonOf(CheckRecognitionDay(ceremony, D(2025, 1, 21))),
            "RECOGNITION_BEFORE_END_OF_PROBATION");
  EXPECT_EQ(ReasonOf(CheckRecognitionDay(ceremony, D(2025, 1, 22))), "OK");
  EXPECT_EQ(ReasonOf(CheckRecognitionDay(ceremony, D(2025, 1, 23))), "OK");
  // 30 working days after 22/1/2025, Tết 25/1–2/2 skipped: 12/3/2025.
  EXPECT_EQ(RecognitionDeadline(ceremony), D(2025, 3, 12));
  AdmissionFile file;
  file.stage = v1::ADMISSION_STAGE_ADMITTED;
  file.held_on = ceremony;
  EXPECT_FALSE(OverdueOn(file, D(2025, 3, 11)));
  EXPECT_FALSE(OverdueOn(file, D(2025, 3, 12)));
  auto late = OverdueOn(file, D(2025, 3, 13));
  ASSERT_TRUE(late);
  EXPECT_EQ(late->step, v1::OVERDUE_STEP_RECOGNITION);
  EXPECT_EQ(late->due_on, D(2025, 3, 12));
  EXPECT_EQ(late->rule, "admission.recognition_deadline_working_days");
}

TEST(AdmissionRules, FileStaleAfterTwelveMonthsWithoutTheCellsDecision) {
  const D applied(2023, 3, 10);
  EXPECT_EQ(FileStaleFrom(applied), D(2024, 3, 11));
  EXPECT_EQ(ReasonOf(CheckFileFresh(applied, D(2024, 3, 10))), "OK");
  EXPECT_EQ(ReasonOf(CheckFileFresh(applied, D(2024, 3, 11))), "ADMISSION_FILE_STALE");
  EXPECT_EQ(ReasonOf(CheckFileFresh(applied, D(2024, 3, 12))), "ADMISSION_FILE_STALE");
  // A stale file is listed, and its application may be recorded again.
  AdmissionFile file;
  file.stage = v1::ADMISSION_STAGE_VERIFIED;
  file.applied_on = applied;
  file.last_step_on = D(2023, 4, 1);
  EXPECT_FALSE(OverdueOn(file, D(2024, 3, 10)));
  ASSERT_TRUE(OverdueOn(file, D(2024, 3, 11)));
  EXPECT_EQ(OverdueOn(file, D(2024, 3, 11))->step, v1::OVERDUE_STEP_CELL_CONSIDERATION);
  EXPECT_EQ(ReasonOf(CheckStepOrder(file, AdmissionStep::kApplication, D(2024, 3, 10))),
            "ADMISSION_STEP_REPEATED");
  EXPECT_EQ(ReasonOf(CheckStepOrder(file, AdmissionStep::kApplication, D(2024, 3, 11))), "OK");
}

TEST(AdmissionRules, ReadmissionThirtySixMonthsAfterLeaving) {
  const D left(2021, 5, 1);
  EXPECT_EQ(ReasonOf(CheckReadmissionWait(left, D(2024, 4, 30))), "READMISSION_TOO_SOON");
  EXPECT_EQ(ReasonOf(CheckReadmissionWait(left, D(2024, 5, 1))), "OK");
  EXPECT_EQ(ReasonOf(CheckReadmissionWait(left, D(2024, 5, 2))), "OK");
}

TEST(AdmissionRules, StepsInOrderNeitherSkippedNorRepeatedNorBackdated) {
  AdmissionFile file;
  file.stage = v1::ADMISSION_STAGE_CLASS_COMPLETED;
  file.last_step_on = D(2024, 3, 1);
  EXPECT_EQ(ReasonOf(CheckStepOrder(file, AdmissionStep::kApplication, D(2024, 3, 1))), "OK");
  EXPECT_EQ(ReasonOf(CheckStepOrder(file, AdmissionStep::kCellVote, D(2024, 3, 2))),
            "ADMISSION_STEP_OUT_OF_ORDER");
  EXPECT_EQ(CheckStepOrder(file, AdmissionStep::kCellVote, D(2024, 3, 2))->metadata.at("next_step"),
            "application");
  EXPECT_EQ(ReasonOf(CheckStepOrder(file, AdmissionStep::kClassCompletion, D(2024, 3, 2))),
            "ADMISSION_STEP_REPEATED");
  EXPECT_EQ(ReasonOf(CheckStepOrder(file, AdmissionStep::kApplication, D(2024, 2, 29))),
            "ADMISSION_STEP_BEFORE_PREVIOUS");
  file.stage = v1::ADMISSION_STAGE_STRUCK_OFF;
  EXPECT_EQ(ReasonOf(CheckStepOrder(file, AdmissionStep::kRecognition, D(2025, 3, 2))),
            "ADMISSION_STEP_REPEATED");
  EXPECT_EQ(StageAfter(AdmissionStep::kRecognition), v1::ADMISSION_STAGE_RECOGNIZED);
}

TEST(AdmissionRules, OverdueDecisionAndCeremony) {
  AdmissionFile file;
  file.stage = v1::ADMISSION_STAGE_CELL_VOTED;
  file.resolved_on = D(2024, 1, 2);
  EXPECT_EQ(NextDeadline(file), D(2024, 4, 2));
  EXPECT_FALSE(OverdueOn(file, D(2024, 4, 2)));
  EXPECT_EQ(OverdueOn(file, D(2024, 4, 3))->step, v1::OVERDUE_STEP_DECISION);
  file.stage = v1::ADMISSION_STAGE_DECIDED;
  file.decided_on = D(2025, 1, 15);
  EXPECT_FALSE(OverdueOn(file, D(2025, 3, 5)));
  EXPECT_EQ(OverdueOn(file, D(2025, 3, 6))->step, v1::OVERDUE_STEP_CEREMONY);
}

}  // namespace
}  // namespace partywork::membership
