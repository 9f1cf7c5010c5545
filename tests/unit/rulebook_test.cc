// rulebook: the version of each rule in force on a date, and the
// working-day calendar, at their edge dates.
#include "libs/platform/rulebook/rulebook.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "libs/platform/rulebook/calendar.h"

namespace partywork::rulebook {
namespace {

using D = absl::CivilDay;

RuleVersion Version(const std::string& key, D from, int64_t number) {
  RuleVersion version;
  version.key = key;
  version.effective_from = from;
  version.number = number;
  version.regulation = "R" + std::to_string(number);
  return version;
}

TEST(RulebookTest, VersionInForceChangesOnItsEffectiveDay) {
  const Rulebook book({Version("x", D(2025, 1, 20), 2), Version("x", D(2021, 7, 30), 1)});
  EXPECT_EQ(book.Number("x", D(2025, 1, 19)), 1);
  EXPECT_EQ(book.Number("x", D(2025, 1, 20)), 2);
  EXPECT_EQ(book.Number("x", D(2025, 1, 21)), 2);
  // Facts older than the first recorded regulation are judged by it.
  EXPECT_EQ(book.Number("x", D(1990, 1, 1)), 1);
  EXPECT_EQ(book.InForce("unknown", D(2025, 1, 1)), nullptr);
  EXPECT_EQ(book.History("x").size(), 2u);
  EXPECT_EQ(book.History("x").front()->number, 1);
}

TEST(RulebookTest, AdmissionRulesCiteTheCharterRegulationOfTheirDate) {
  const Rulebook& book = Rulebook::Standard();
  EXPECT_EQ(book.Get(keys::kAdmissionMinAgeMonths, D(2021, 7, 29)).regulation,
            "Quy định 29-QĐ/TW ngày 25/7/2016");
  EXPECT_EQ(book.Get(keys::kAdmissionMinAgeMonths, D(2021, 7, 30)).regulation,
            "Quy định 24-QĐ/TW ngày 30/7/2021");
  EXPECT_EQ(book.Get(keys::kAdmissionMinAgeMonths, D(2025, 1, 19)).regulation,
            "Quy định 24-QĐ/TW ngày 30/7/2021");
  EXPECT_EQ(book.Get(keys::kAdmissionMinAgeMonths, D(2025, 1, 20)).regulation,
            "Quy định 232-QĐ/TW ngày 20/01/2025");
  EXPECT_EQ(book.Number(keys::kAdmissionMinAgeMonths, D(2026, 1, 1)), 216);
  const RuleVersion& vote = book.Get(keys::kCellVoteThreshold, D(2026, 1, 1));
  EXPECT_EQ(vote.unit, Unit::kPercent);
  EXPECT_EQ(vote.number, 2);
  EXPECT_EQ(vote.denominator, 3);
}

TEST(RulebookTest, YouthUnionAgeIsThirtyForEveryDay) {
  const Rulebook& book = Rulebook::Standard();
  // Older admissions are judged by the first recorded regulation.
  EXPECT_EQ(book.Number(keys::kYouthUnionMaxAgeYears, D(2010, 1, 1)), 30);
  EXPECT_EQ(book.Number(keys::kYouthUnionMaxAgeYears, D(2016, 7, 25)), 30);
  EXPECT_EQ(book.Get(keys::kYouthUnionMaxAgeYears, D(2026, 1, 1)).regulation,
            "Điều lệ Đoàn TNCS Hồ Chí Minh");
}

TEST(RulebookTest, PointScaleExistsFromQuyDinh366) {
  const Rulebook& book = Rulebook::Standard();
  EXPECT_EQ(book.Get(keys::kRatingExcellentMinPoints, D(2025, 8, 29)).unit, Unit::kAbsent);
  EXPECT_EQ(book.Get(keys::kRatingExcellentMinPoints, D(2025, 8, 30)).number, 90);
  EXPECT_EQ(book.Get(keys::kRatingGoodMinPoints, D(2025, 8, 31)).number, 70);
  EXPECT_EQ(book.Get(keys::kRatingCompletedMinPoints, D(2025, 8, 31)).number, 50);
}

TEST(RulebookTest, RatingTargetsComeFromTheKhoiResolution) {
  const Rulebook& book = Rulebook::Standard();
  const RuleVersion& base = book.Get(keys::kRatingTargetBaseGoodOrBetter, D(2020, 12, 31));
  EXPECT_EQ(base.unit, Unit::kPercent);
  EXPECT_EQ(base.number, 90);
  EXPECT_EQ(base.denominator, 100);
  EXPECT_EQ(base.regulation, "Nghị quyết Đại hội Đảng bộ Khối nhiệm kỳ 2020–2025");
  EXPECT_EQ(book.Number(keys::kRatingTargetBaseNotCompleted, D(2024, 12, 31)), 0);
  EXPECT_EQ(book.Number(keys::kRatingTargetMembersCompletedOrBetter, D(2019, 12, 31)), 98);
  EXPECT_EQ(book.Number(keys::kRatingTargetMembersGoodOrBetter, D(2020, 1, 1)), 95);
}

TEST(RulebookTest, DisciplineFormsAndLimitations) {
  const Rulebook& book = Rulebook::Standard();
  const D day(2024, 6, 1);
  EXPECT_EQ(book.Get(keys::kFormsProbationaryMember, day).items,
            (std::vector<std::string>{"reprimand", "warning"}));
  EXPECT_EQ(book.Get(keys::kFormsOrganization, day).items,
            (std::vector<std::string>{"reprimand", "warning", "dissolution"}));
  EXPECT_EQ(book.Number(LimitationKey("member", "reprimand"), day), 5);
  EXPECT_EQ(book.Number(LimitationKey("member", "removal_from_post"), day), 10);
  EXPECT_EQ(book.Get(LimitationKey("member", "expulsion"), day).unit, Unit::kNoLimit);
  EXPECT_EQ(book.Get(LimitationKey("organization", "dissolution"), day).unit, Unit::kNoLimit);
  EXPECT_EQ(book.Get(keys::kFormsOfficialMember, D(2022, 7, 5)).regulation,
            "Quy định 102-QĐ/TW ngày 15/11/2017");
  EXPECT_EQ(book.Get(keys::kFormsOfficialMember, D(2022, 7, 6)).regulation,
            "Quy định 69-QĐ/TW ngày 06/7/2022");
}

TEST(RulebookTest, EveryStandardKeyIsDefined) {
  const Rulebook& book = Rulebook::Standard();
  for (const char* key : {keys::kAdmissionMinAgeMonths,
                          keys::kAdmissionMaxAgeYears,
                          keys::kAdmissionMinEducation,
                          keys::kYouthUnionMaxAgeYears,
                          keys::kClassCertificateValidYears,
                          keys::kSponsorCount,
                          keys::kSponsorMonthsTogether,
                          keys::kCellVoteThreshold,
                          keys::kDecisionDeadlineWorkingDays,
                          keys::kCeremonyDeadlineWorkingDays,
                          keys::kProbationMonths,
                          keys::kRecognitionDeadlineWorkingDays,
                          keys::kFileStaleMonths,
                          keys::kReadmissionWaitMonths,
                          keys::kNeverReadmittedReasons,
                          keys::kRatingExcellentCap,
                          keys::kRatingNewMemberMonths,
                          keys::kRatingNotCompletedYearsToStrikeOff,
                          keys::kRatingTargetBaseGoodOrBetter,
                          keys::kRatingTargetBaseNotCompleted,
                          keys::kRatingTargetMembersCompletedOrBetter,
                          keys::kRatingTargetMembersGoodOrBetter,
                          keys::kBadgeYears,
                          keys::kCoverageMembersPerYear,
                          keys::kCoverageCellsPerYear,
                          keys::kCoverageTermInspected,
                          keys::kCoverageTermSupervised,
                          keys::kDenunciationDeadlineWorkingDays,
                          keys::kDenunciationExtensionWorkingDays,
                          keys::kCongressDeferralWorkingDays,
                          keys::kAppealWindowWorkingDays,
                          keys::kAppealDecisionWorkingDays}) {
    const RuleVersion* version = book.InForce(key, D(2026, 11, 1));
    ASSERT_NE(version, nullptr) << key;
    EXPECT_FALSE(version->regulation.empty()) << key;
    EXPECT_FALSE(version->vietnamese.empty()) << key;
  }
  // The keys above and the seven statutes of limitations (LimitationKey).
  EXPECT_EQ(book.AllInForce(D(2026, 11, 1)).size(), 45u);
}

TEST(RulebookTest, DescribeNamesValueAndRegulation) {
  const Rulebook& book = Rulebook::Standard();
  EXPECT_EQ(Describe(book.Get(keys::kCellVoteThreshold, D(2022, 1, 1))),
            "admission.cell_vote_threshold = 2/3 (Quy định 24-QĐ/TW ngày 30/7/2021)");
  EXPECT_EQ(Describe(book.Get(keys::kDecisionDeadlineWorkingDays, D(2016, 8, 1))),
            "admission.decision_deadline_working_days = 60 working days (Quy định 29-QĐ/TW ngày "
            "25/7/2016)");
}

TEST(CalendarTest, WeekendsAndTetAreNotWorkingDays) {
  const WorkingDayCalendar& calendar = WorkingDayCalendar::Vietnam();
  EXPECT_TRUE(calendar.IsWorkingDay(D(2024, 2, 7)));   // Wednesday before Tết
  EXPECT_FALSE(calendar.IsWorkingDay(D(2024, 2, 8)));  // first day off
  EXPECT_FALSE(calendar.IsWorkingDay(D(2024, 2, 14)));
  EXPECT_TRUE(calendar.IsWorkingDay(D(2024, 2, 15)));
  EXPECT_FALSE(calendar.IsWorkingDay(D(2024, 2, 17)));  // Saturday
  EXPECT_FALSE(calendar.IsWorkingDay(D(2024, 4, 29)));  // bridge day…
  EXPECT_TRUE(calendar.IsWorkingDay(D(2024, 5, 4)));    // …worked on Saturday
}

TEST(CalendarTest, AddWorkingDaysSkipsTet) {
  const WorkingDayCalendar& calendar = WorkingDayCalendar::Vietnam();
  // Thursday 1/2/2024 + 10 working days: 2, 5, 6, 7, (Tết 8–14), 15, 16, 19, 20, 21, 22.
  EXPECT_EQ(calendar.AddWorkingDays(D(2024, 2, 1), 10), D(2024, 2, 22));
  EXPECT_EQ(calendar.AddWorkingDays(D(2024, 2, 1), 0), D(2024, 2, 1));
  EXPECT_EQ(calendar.AddWorkingDays(D(2024, 2, 22), -10), D(2024, 2, 1));
  EXPECT_EQ(calendar.WorkingDaysBetween(D(2024, 2, 1), D(2024, 2, 22)), 10);
  EXPECT_EQ(calendar.WorkingDaysBetween(D(2024, 2, 22), D(2024, 2, 1)), -10);
  EXPECT_EQ(calendar.WorkingDaysBetween(D(2024, 2, 7), D(2024, 2, 14)), 0);
  // A starting day off is not counted either.
  EXPECT_EQ(calendar.AddWorkingDays(D(2024, 2, 10), 1), D(2024, 2, 15));
}

TEST(CalendarTest, UnknownYearsCountOnlyFixedHolidays) {
  const WorkingDayCalendar& calendar = WorkingDayCalendar::Vietnam();
  EXPECT_FALSE(calendar.Knows(2030));
  EXPECT_FALSE(calendar.IsWorkingDay(D(2030, 1, 1)));
  EXPECT_FALSE(calendar.IsWorkingDay(D(2030, 9, 2)));
  EXPECT_TRUE(calendar.IsWorkingDay(D(2030, 2, 4)));
  EXPECT_EQ(calendar.HolidaysIn(2030).size(), 4u);
  EXPECT_TRUE(calendar.Knows(2026));
  EXPECT_EQ(calendar.HolidaysIn(2026).front().name, "Tết Dương lịch");
  EXPECT_EQ(calendar.WorkingWeekendsIn(2024), (std::vector<D>{D(2024, 5, 4)}));
}

}  // namespace
}  // namespace partywork::rulebook
