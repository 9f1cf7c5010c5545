// Member rules at their edge dates: the day before, of and after.
#include "services/membership/member_rules.h"

#include "gtest/gtest.h"
#include "libs/platform/resource.h"

namespace partywork::membership {
namespace {

const MemberFacts kMember{absl::CivilDay(2000, 6, 15), absl::CivilDay(2024, 1, 10)};

HistoryEvent At(int64_t id, v1::MemberEventKind kind, absl::CivilDay day,
                std::optional<int64_t> organization = std::nullopt,
                v1::MemberStatus initial = v1::MEMBER_STATUS_UNSPECIFIED) {
  return {id, kind, day, organization, initial, std::nullopt, std::nullopt};
}

std::string ReasonOf(const std::vector<HistoryEvent>& history,
                     const MemberFacts& member = kMember) {
  auto d = DeriveStanding(history, member, kEndOfTime);
  return d.violation ? d.violation->reason : "OK";
}

TEST(MemberRules, AdmissionFromTheEighteenthBirthday) {
  const auto admit = [](absl::CivilDay day) {
    return ReasonOf({At(1, v1::MEMBER_EVENT_KIND_ADMITTED, day, 7)});
  };
  EXPECT_EQ(admit(absl::CivilDay(2018, 6, 14)), "ADMISSION_AGE");
  EXPECT_EQ(admit(absl::CivilDay(2018, 6, 15)), "OK");
  EXPECT_EQ(admit(absl::CivilDay(2018, 6, 16)), "OK");
}

TEST(MemberRules, AdmissionUpToSixtyFullYearsUnlessAHigherCommitteeConsents) {
  const auto admit = [](absl::CivilDay day, bool consent = false) {
    auto v = CheckAdmissionAge(kMember.birth_date, day, consent);
    return v ? v->reason : std::string("OK");
  };
  EXPECT_EQ(admit(absl::CivilDay(2061, 6, 14)), "OK");  // 60 years, 364 days
  EXPECT_EQ(admit(absl::CivilDay(2061, 6, 15)), "ADMISSION_AGE");
  EXPECT_EQ(admit(absl::CivilDay(2061, 6, 15), /*consent=*/true), "OK");
  EXPECT_EQ(admit(absl::CivilDay(2018, 6, 14), /*consent=*/true), "ADMISSION_AGE");
  // The history keeps the lower limit only: the upper one belongs to the
  // cell's consideration, where a consent is recorded.
  EXPECT_EQ(ReasonOf({At(1, v1::MEMBER_EVENT_KIND_ADMITTED, absl::CivilDay(2061, 6, 15), 7)}),
            "OK");
}

TEST(MemberRules, SomeReasonsForLeavingBarReadmission) {
  const auto reason = [](v1::LeavingReason r) {
    auto v = CheckReadmissionAllowed(r, absl::CivilDay(2024, 3, 1));
    return v ? v->reason : std::string("OK");
  };
  for (auto r : {v1::LEAVING_REASON_OWN_WILL, v1::LEAVING_REASON_SERIOUS_DISUNITY,
                 v1::LEAVING_REASON_POLITICAL, v1::LEAVING_REASON_CORRUPTION_OR_SERIOUS_CRIME}) {
    EXPECT_EQ(reason(r), "READMISSION_EXCLUDED") << v1::LeavingReason_Name(r);
  }
  for (auto r : {v1::LEAVING_REASON_UNSPECIFIED, v1::LEAVING_REASON_FAMILY_HARDSHIP,
                 v1::LEAVING_REASON_OTHER}) {
    EXPECT_EQ(reason(r), "OK") << v1::LeavingReason_Name(r);
  }
  EXPECT_EQ(CheckReadmissionAllowed(v1::LEAVING_REASON_OWN_WILL, absl::CivilDay(2024, 3, 1))
                ->metadata.at("leaving_reason"),
            "own_will");
}

TEST(MemberRules, AdmissionAgeOnTheDayTheCellConsideredIt) {
  // Considered by the cell the day before, of and after the 18th birthday;
  // the ceremony two months later in every case.
  const auto admit = [](absl::CivilDay considered) {
    HistoryEvent e = At(1, v1::MEMBER_EVENT_KIND_ADMITTED, absl::CivilDay(2018, 8, 20), 7);
    e.considered_on = considered;
    return ReasonOf({e});
  };
  EXPECT_EQ(admit(absl::CivilDay(2018, 6, 14)), "ADMISSION_AGE");
  EXPECT_EQ(admit(absl::CivilDay(2018, 6, 15)), "OK");
  EXPECT_EQ(admit(absl::CivilDay(2018, 6, 16)), "OK");
  // Without it, the ceremony's day counts.
  EXPECT_EQ(ReasonOf({At(1, v1::MEMBER_EVENT_KIND_ADMITTED, absl::CivilDay(2018, 8, 20), 7)}),
            "OK");
}

TEST(MemberRules, AdmissionAgeIsCountedInMonthsByTheRuleOfTheDay) {
  // Born 31 January 2003: 18 years (216 months) full on 31 January 2021.
  const MemberFacts born{absl::CivilDay(2003, 1, 31), absl::CivilDay(2021, 2, 1)};
  const auto admit = [&](absl::CivilDay day) {
    return DeriveStanding({At(1, v1::MEMBER_EVENT_KIND_ADMITTED, day, 7)}, born, kEndOfTime)
        .violation;
  };
  ASSERT_TRUE(admit(absl::CivilDay(2021, 1, 30)));
  EXPECT_EQ(admit(absl::CivilDay(2021, 1, 30))->metadata.at("age_months"), "215");
  EXPECT_EQ(admit(absl::CivilDay(2021, 1, 31)), std::nullopt);
  EXPECT_EQ(admit(absl::CivilDay(2021, 2, 1)), std::nullopt);
  // The refusal names the rule and the regulation in force on the event's date.
  auto refused = admit(absl::CivilDay(2021, 1, 30));
  EXPECT_EQ(refused->metadata.at("rule"), "admission.min_age_months");
  EXPECT_EQ(refused->metadata.at("regulation"), "Quy định 29-QĐ/TW ngày 25/7/2016");
  const MemberFacts young{absl::CivilDay(2007, 3, 1), absl::CivilDay(2025, 3, 1)};
  auto later = DeriveStanding(
      {At(1, v1::MEMBER_EVENT_KIND_ADMITTED, absl::CivilDay(2025, 2, 28), 7)}, young, kEndOfTime);
  ASSERT_TRUE(later.violation);
  EXPECT_EQ(later.violation->metadata.at("regulation"), "Quy định 232-QĐ/TW ngày 20/01/2025");
}

TEST(MemberRules, FullMonthsAndAddMonthsAtMonthEnds) {
  EXPECT_EQ(FullMonths(absl::CivilDay(2000, 6, 15), absl::CivilDay(2018, 6, 14)), 215);
  EXPECT_EQ(FullMonths(absl::CivilDay(2000, 6, 15), absl::CivilDay(2018, 6, 15)), 216);
  EXPECT_EQ(FullMonths(absl::CivilDay(2024, 1, 31), absl::CivilDay(2024, 2, 29)), 1);
  EXPECT_EQ(AddMonths(absl::CivilDay(2024, 1, 31), 1), absl::CivilDay(2024, 2, 29));
}

TEST(MemberRules, OfficialExactlyAtTheEndOfTwelveMonths) {
  const absl::CivilDay ceremony(2024, 3, 15);
  const auto recognize = [&](absl::CivilDay day) {
    return ReasonOf({At(1, v1::MEMBER_EVENT_KIND_ADMITTED, ceremony, 7),
                     At(2, v1::MEMBER_EVENT_KIND_RECOGNIZED_OFFICIAL, day)});
  };
  EXPECT_EQ(recognize(absl::CivilDay(2025, 3, 14)), "RECOGNITION_AT_END_OF_PROBATION");
  EXPECT_EQ(recognize(absl::CivilDay(2025, 3, 15)), "OK");
  EXPECT_EQ(recognize(absl::CivilDay(2025, 3, 16)), "RECOGNITION_AT_END_OF_PROBATION");
  // A probation begun on 28 February 2023 ends on 28 February 2024, not the 29th.
  EXPECT_EQ(
      ReasonOf({At(1, v1::MEMBER_EVENT_KIND_ADMITTED, absl::CivilDay(2023, 2, 28), 7),
                At(2, v1::MEMBER_EVENT_KIND_RECOGNIZED_OFFICIAL, absl::CivilDay(2024, 2, 28))}),
      "OK");
}

TEST(MemberRules, ReadmissionThirtySixMonthsAfterLeaving) {
  const auto readmit = [](absl::CivilDay day) {
    return ReasonOf({At(1, v1::MEMBER_EVENT_KIND_REGISTERED, absl::CivilDay(2020, 1, 1), 7,
                        v1::MEMBER_STATUS_OFFICIAL),
                     At(2, v1::MEMBER_EVENT_KIND_STRUCK_OFF, absl::CivilDay(2021, 5, 1)),
                     At(3, v1::MEMBER_EVENT_KIND_ADMITTED, day, 7)});
  };
  EXPECT_EQ(readmit(absl::CivilDay(2024, 4, 30)), "READMISSION_TOO_SOON");
  EXPECT_EQ(readmit(absl::CivilDay(2024, 5, 1)), "OK");
  EXPECT_EQ(readmit(absl::CivilDay(2024, 5, 2)), "OK");
}

// Phục hồi đảng tịch: from the day, of someone who left; not of a member in
// the Party, nor of one who died; no readmission wait.
TEST(MemberRules, RestorationOfSomeoneWhoLeft) {
  const absl::CivilDay left(2021, 5, 1);
  const auto restore = [&](v1::MemberEventKind leaving, absl::CivilDay day) {
    return std::vector<HistoryEvent>{
        At(1, v1::MEMBER_EVENT_KIND_REGISTERED, absl::CivilDay(2020, 1, 1), 7,
           v1::MEMBER_STATUS_OFFICIAL),
        At(2, leaving, left),
        At(3, v1::MEMBER_EVENT_KIND_RESTORED, day, 8, v1::MEMBER_STATUS_OFFICIAL)};
  };
  EXPECT_EQ(ReasonOf(restore(v1::MEMBER_EVENT_KIND_EXPELLED, left + 1)), "OK");
  EXPECT_EQ(ReasonOf(restore(v1::MEMBER_EVENT_KIND_STRUCK_OFF, left)), "OK");
  EXPECT_EQ(ReasonOf(restore(v1::MEMBER_EVENT_KIND_DECEASED, left + 1)),
            "RESTORATION_ONLY_AFTER_LEAVING");
  EXPECT_EQ(ReasonOf(restore(v1::MEMBER_EVENT_KIND_TRANSFERRED_WITHIN, left + 1)),
            "RESTORATION_ONLY_AFTER_LEAVING");
  const auto history = restore(v1::MEMBER_EVENT_KIND_RELEASED, left + 30);
  const Standing before = DeriveStanding(history, kMember, left + 29).standing;
  EXPECT_EQ(before.status, v1::MEMBER_STATUS_LEFT_PARTY);
  const Standing after = DeriveStanding(history, kMember, left + 30).standing;
  EXPECT_EQ(after.status, v1::MEMBER_STATUS_OFFICIAL);
  EXPECT_EQ(after.organization_id, 8);
  EXPECT_EQ(after.leaving_form, v1::LEAVING_FORM_UNSPECIFIED);
}

TEST(MemberRules, StandingOnADateFoldsOnlyThePast) {
  const std::vector<HistoryEvent> history = {
      At(1, v1::MEMBER_EVENT_KIND_REGISTERED, absl::CivilDay(2020, 1, 1), 7,
         v1::MEMBER_STATUS_OFFICIAL),
      At(2, v1::MEMBER_EVENT_KIND_TRANSFERRED_WITHIN, absl::CivilDay(2022, 1, 1), 8),
      At(3, v1::MEMBER_EVENT_KIND_EXEMPTED, absl::CivilDay(2023, 1, 1))};
  EXPECT_EQ(DeriveStanding(history, kMember, absl::CivilDay(2021, 12, 31)).standing.organization_id,
            7);
  EXPECT_EQ(DeriveStanding(history, kMember, absl::CivilDay(2022, 1, 1)).standing.organization_id,
            8);
  EXPECT_FALSE(DeriveStanding(history, kMember, absl::CivilDay(2022, 12, 31)).standing.exempted);
  EXPECT_TRUE(DeriveStanding(history, kMember, absl::CivilDay(2023, 1, 1)).standing.exempted);
}

TEST(MemberRules, ACorrectionVoidsAnEventOnce) {
  std::vector<HistoryEvent> history = {
      At(1, v1::MEMBER_EVENT_KIND_REGISTERED, absl::CivilDay(2020, 1, 1), 7,
         v1::MEMBER_STATUS_OFFICIAL),
      At(2, v1::MEMBER_EVENT_KIND_DECEASED, absl::CivilDay(2022, 1, 1))};
  EXPECT_EQ(CheckCorrection(history, 3).value().reason, "CORRECTED_EVENT_UNKNOWN");
  EXPECT_FALSE(CheckCorrection(history, 2).has_value());
  HistoryEvent correction = At(3, v1::MEMBER_EVENT_KIND_CORRECTION, absl::CivilDay(2022, 2, 1));
  correction.corrects = 2;
  history.push_back(correction);
  EXPECT_EQ(DeriveStanding(history, kMember, kEndOfTime).standing.status,
            v1::MEMBER_STATUS_OFFICIAL);
  EXPECT_EQ(CheckCorrection(history, 2).value().reason, "ALREADY_CORRECTED");
  EXPECT_EQ(CheckCorrection(history, 3).value().reason, "CANNOT_CORRECT_A_CORRECTION");
}

TEST(MemberRules, RecordFieldsAreChecked) {
  v1::Member m;
  m.set_full_name("An");
  m.set_ethnicity("kinh");
  m.set_national_id("0662000012345");
  *m.mutable_birth_date() = ToDate(absl::CivilDay(2000, 1, 1));
  *m.mutable_admitted_on() = ToDate(absl::CivilDay(2017, 12, 31));
  std::vector<std::string> fields;
  for (const auto& v : ValidateMemberRecord(m, "", absl::CivilDay(2026, 1, 1))) {
    fields.push_back(v.field);
  }
  EXPECT_EQ(fields, (std::vector<std::string>{"full_name", "gender", "ethnicity", "national_id",
                                              "admitted_on"}));
  *m.mutable_admitted_on() = ToDate(absl::CivilDay(2018, 1, 1));
  m.set_full_name("Lê Thị An");
  EXPECT_TRUE(ValidateMemberRecord(m, "", absl::CivilDay(2026, 1, 1), {"admitted_on", "full_name"})
                  .empty());
}

}  // namespace
}  // namespace partywork::membership
