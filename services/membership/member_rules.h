// Domain rules of members (DOMAIN §3): what a record must say, and which
// status events may follow which. A member's standing on any date is the
// fold of their status history up to that date; an event that the fold
// cannot take is refused, naming the rule. Plain functions: no gRPC, no SQL.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "libs/platform/rule.h"
#include "partywork/membership/v1/member.pb.h"

namespace partywork::membership {

namespace v1 = ::partywork::membership::v1;

// Field checks of a member record (paths under `prefix`, e.g. "member.").
// Only the fields in `fields` are checked (all when empty), for updates.
// A party card number (số thẻ đảng viên): 6 to 12 digits.
bool IsPartyCardNumber(const std::string& number);

std::vector<FieldViolation> ValidateMemberRecord(const v1::Member& member,
                                                 const std::string& prefix, absl::CivilDay today,
                                                 const std::vector<std::string>& fields = {});

// The record fields a client may change with UpdateMember (not the standing,
// which only status events change).
const std::vector<std::string>& UpdatableMemberFields();

// Full years between `from` and `on` (age, party age).
int FullYears(absl::CivilDay from, absl::CivilDay on);
// Full months between `from` and `on`, and `day` plus `months` (a 31st
// becomes the month's last day): ages and periods counted in months.
int FullMonths(absl::CivilDay from, absl::CivilDay on);
absl::CivilDay AddMonths(absl::CivilDay day, int months);

// Rules of the rulebook in force on the day (libs/platform/rulebook), shared
// by member events and the admission workflow:
// admission age, counted in months (ADMISSION_AGE);
std::optional<RuleViolation> CheckAdmissionAge(absl::CivilDay birth_date, absl::CivilDay day,
                                               bool over_age_consent = false);
// a former member's wait before readmission (READMISSION_TOO_SOON);
// A former member who left for a reason the rule in force on `day` lists is
// never readmitted (READMISSION_EXCLUDED).
std::optional<RuleViolation> CheckReadmissionAllowed(v1::LeavingReason reason, absl::CivilDay day);

std::optional<RuleViolation> CheckReadmissionWait(absl::CivilDay left_on, absl::CivilDay day);
// the first day of official membership after a ceremony on `ceremony`.
absl::CivilDay ProbationEnd(absl::CivilDay ceremony);

// One recorded status event, as the fold needs it.
struct HistoryEvent {
  int64_t id = 0;  // recording order, for events of the same day
  v1::MemberEventKind kind = v1::MEMBER_EVENT_KIND_UNSPECIFIED;
  absl::CivilDay effective_on;
  std::optional<int64_t> organization_id;
  v1::MemberStatus initial_status = v1::MEMBER_STATUS_UNSPECIFIED;
  std::optional<int64_t> corrects;
  std::optional<absl::CivilDay> considered_on;  // ADMITTED: the cell's vote
};

// What the transitions need of the record.
struct MemberFacts {
  absl::CivilDay birth_date;
  absl::CivilDay admitted_on;
};

struct Standing {
  v1::MemberStatus status = v1::MEMBER_STATUS_UNSPECIFIED;
  bool exempted = false;
  v1::LeavingForm leaving_form = v1::LEAVING_FORM_UNSPECIFIED;
  std::optional<int64_t> organization_id;
  bool temporarily_away = false;
  absl::CivilDay since;
  absl::CivilDay probation_started_on;
  std::optional<absl::CivilDay> official_on;  // set by recognition
  std::optional<absl::CivilDay> left_on;
};

// Applies one event; the rule it breaks, if any (and then `standing` is
// unchanged).
std::optional<RuleViolation> ApplyEvent(Standing& standing, const HistoryEvent& event,
                                        const MemberFacts& member);

// The standing on `day`: the history's events in force (not voided by a
// correction) with effective_on <= day, in date and recording order.
struct Derived {
  Standing standing;
  std::optional<RuleViolation> violation;  // the first event the fold refused
};
Derived DeriveStanding(std::vector<HistoryEvent> history, const MemberFacts& member,
                       absl::CivilDay day);

// Checks a correction against the history it would join.
std::optional<RuleViolation> CheckCorrection(const std::vector<HistoryEvent>& history,
                                             int64_t corrected_id);

}  // namespace partywork::membership
