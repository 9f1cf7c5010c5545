// Committee rules at their edges: one secretary at a time (a successor from
// the day the predecessor's seat ends, not the day before), seats within
// the term, official members only, nhất thể hóa for the secretary.
#include "services/membership/committee_rules.h"

#include "gtest/gtest.h"

namespace partywork::membership {
namespace {

std::string ReasonOf(const std::optional<RuleViolation>& v) { return v ? v->reason : "OK"; }

Standing Official() {
  Standing s;
  s.status = v1::MEMBER_STATUS_OFFICIAL;
  return s;
}

Seat SeatOf(int64_t member, v1::CommitteeRole role, absl::CivilDay from,
            std::optional<absl::CivilDay> to = std::nullopt) {
  Seat s;
  s.member_id = member;
  s.role = role;
  s.term_start_year = 2020;
  s.term_end_year = 2025;
  s.from_on = from;
  s.to_on = to;
  return s;
}

TEST(CommitteeRules, OneSecretaryAtATime) {
  const Seat first = SeatOf(1, v1::COMMITTEE_ROLE_SECRETARY, absl::CivilDay(2020, 10, 1),
                            absl::CivilDay(2023, 5, 1));
  EXPECT_EQ(ReasonOf(CheckSeat(SeatOf(2, v1::COMMITTEE_ROLE_SECRETARY, absl::CivilDay(2023, 4, 30)),
                               Official(), {first})),
            "SECRETARY_ALREADY_SERVING");
  EXPECT_EQ(ReasonOf(CheckSeat(SeatOf(2, v1::COMMITTEE_ROLE_SECRETARY, absl::CivilDay(2023, 5, 1)),
                               Official(), {first})),
            "OK");
  // A deputy alongside the secretary is fine; the same member twice is not.
  EXPECT_EQ(
      ReasonOf(CheckSeat(SeatOf(2, v1::COMMITTEE_ROLE_DEPUTY_SECRETARY, absl::CivilDay(2021, 1, 1)),
                         Official(), {first})),
      "OK");
  EXPECT_EQ(ReasonOf(CheckSeat(SeatOf(1, v1::COMMITTEE_ROLE_MEMBER, absl::CivilDay(2023, 4, 30)),
                               Official(), {first})),
            "COMMITTEE_MEMBER_ALREADY_SEATED");
  EXPECT_TRUE(Serving(first, absl::CivilDay(2023, 4, 30)));
  EXPECT_FALSE(Serving(first, absl::CivilDay(2023, 5, 1)));
  EXPECT_FALSE(Serving(first, absl::CivilDay(2020, 9, 30)));
}

TEST(CommitteeRules, WithinTheTermAndOfficial) {
  EXPECT_EQ(ReasonOf(CheckSeat(SeatOf(1, v1::COMMITTEE_ROLE_MEMBER, absl::CivilDay(2019, 12, 31)),
                               Official(), {})),
            "COMMITTEE_SEAT_OUTSIDE_TERM");
  EXPECT_EQ(ReasonOf(CheckSeat(SeatOf(1, v1::COMMITTEE_ROLE_MEMBER, absl::CivilDay(2020, 1, 1)),
                               Official(), {})),
            "OK");
  EXPECT_EQ(ReasonOf(CheckSeat(SeatOf(1, v1::COMMITTEE_ROLE_MEMBER, absl::CivilDay(2026, 1, 1)),
                               Official(), {})),
            "COMMITTEE_SEAT_OUTSIDE_TERM");
  Standing probationary;
  probationary.status = v1::MEMBER_STATUS_PROBATIONARY;
  EXPECT_EQ(ReasonOf(CheckSeat(SeatOf(1, v1::COMMITTEE_ROLE_MEMBER, absl::CivilDay(2021, 1, 1)),
                               probationary, {})),
            "COMMITTEE_MEMBER_NOT_OFFICIAL");
  Seat deputy = SeatOf(1, v1::COMMITTEE_ROLE_DEPUTY_SECRETARY, absl::CivilDay(2021, 1, 1));
  deputy.also_head_of_unit = true;
  EXPECT_EQ(ReasonOf(CheckSeat(deputy, Official(), {})), "HEAD_OF_UNIT_ONLY_FOR_SECRETARY");
}

}  // namespace
}  // namespace partywork::membership
