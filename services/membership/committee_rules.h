// Rules of committee members (cấp ủy viên, DOMAIN §2): an official member,
// serving within the term, one secretary at a time, a member in one seat
// of a committee at a time; nhất thể hóa only for the secretary. Plain
// functions: no gRPC, no SQL.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "absl/time/civil_time.h"
#include "libs/platform/rule.h"
#include "partywork/membership/v1/committee.pb.h"
#include "services/membership/member_rules.h"

namespace partywork::membership {

// A seat as the rules see it: [from_on, to_on), open while to_on is unset.
struct Seat {
  int64_t id = 0;
  int64_t member_id = 0;
  v1::CommitteeRole role = v1::COMMITTEE_ROLE_UNSPECIFIED;
  int term_start_year = 0, term_end_year = 0;
  absl::CivilDay from_on;
  std::optional<absl::CivilDay> to_on;
  bool also_head_of_unit = false;
};

// Whether the seat is held on `day`.
bool Serving(const Seat& seat, absl::CivilDay day);

// The new or changed `seat` against the member's standing on its first day
// and the organization's other seats (`others`, without it):
// COMMITTEE_MEMBER_NOT_OFFICIAL, COMMITTEE_SEAT_OUTSIDE_TERM,
// SECRETARY_ALREADY_SERVING, COMMITTEE_MEMBER_ALREADY_SEATED,
// HEAD_OF_UNIT_ONLY_FOR_SECRETARY.
std::optional<RuleViolation> CheckSeat(const Seat& seat, const Standing& on_first_day,
                                       const std::vector<Seat>& others);

}  // namespace partywork::membership
