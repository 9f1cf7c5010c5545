// Rules of discipline (thi hành kỷ luật, DOMAIN §6): which forms a subject
// may be given, the statute of limitations, the appeal window and the order
// of a case's steps. Every period and list comes from the rulebook version in
// force on the fact's date. Plain functions: no gRPC, no SQL.
#pragma once

#include <optional>
#include <string>

#include "absl/time/civil_time.h"
#include "libs/platform/rule.h"
#include "partywork/inspection/v1/discipline.pb.h"
#include "services/inspection/subject_rules.h"

namespace partywork::inspection {

namespace v1 = ::partywork::inspection::v1;

// Who is disciplined, as it was on the violation date.
enum class Standing { kOfficialMember, kProbationaryMember, kOrganization };

// The rulebook's name of a form ("reprimand", …).
std::string FormKey(v1::DisciplineForm form);

// The form is among those the rule in force on `violation_day` allows for
// the standing (FORM_NOT_ALLOWED); cách chức needs a party post
// (REMOVAL_NEEDS_PARTY_POST).
std::optional<RuleViolation> CheckFormAllowed(Standing standing, bool holds_party_post,
                                              v1::DisciplineForm form,
                                              absl::CivilDay violation_day);

// `day` plus `years` (29 February becomes 28 February).
absl::CivilDay AddYears(absl::CivilDay day, int years);

// The statute of limitations (thời hiệu) runs from the violation's last day
// for the rule's years, by the rule in force on the day the case is
// considered: the case may be decided up to and including the anniversary,
// not after (LIMITATION_EXPIRED). Expulsion and dissolution have none, nor
// a violation the regulation exempts (`exempt`).
std::optional<RuleViolation> CheckLimitation(Standing standing, v1::DisciplineForm form,
                                             absl::CivilDay violation_end,
                                             absl::CivilDay considered_on, bool exempt);
// The last day the case may be decided, or nullopt when there is no limit.
std::optional<absl::CivilDay> LimitationEnds(Standing standing, v1::DisciplineForm form,
                                             absl::CivilDay violation_end,
                                             absl::CivilDay considered_on);

// The last day to appeal a decision received on `notified_on`.
absl::CivilDay AppealDeadline(absl::CivilDay notified_on);
// APPEAL_TOO_LATE after AppealDeadline; APPEAL_BEFORE_NOTICE before notice.
std::optional<RuleViolation> CheckAppealLodged(absl::CivilDay notified_on,
                                               absl::CivilDay lodged_on);
// The day by which an appeal lodged on `lodged_on` is decided.
absl::CivilDay AppealDue(absl::CivilDay lodged_on);

// A decision's dates: decided on or after the case's origin was concluded
// (DECISION_BEFORE_CONCLUSION), effective and notified on or after the
// decision (DECISION_DATES_OUT_OF_ORDER).
std::optional<RuleViolation> CheckDecisionDates(absl::CivilDay origin_concluded_on,
                                                const std::string& origin,
                                                absl::CivilDay decided_on,
                                                absl::CivilDay effective_on,
                                                absl::CivilDay notified_on);

// What the dissolution (giải tán) of an organization is checked against, as
// it is on the decision's effective date.
struct DissolutionFacts {
  int subordinates = 0;    // organizations under it
  int members = 0;         // its members
  std::string members_to;  // the decision's destination, "" when none
  bool destination_exists = false;
  mv1::OrganizationKind destination_kind = mv1::ORGANIZATION_KIND_UNSPECIFIED;
  bool destination_inside = false;  // the organization itself or under it
};

// Membership applies a dissolution as a reorganization, so it must be one
// membership can carry out: no subordinate organizations left
// (DISSOLUTION_WITH_SUBORDINATES), and members go to a cell that goes on
// (MEMBERS_WITHOUT_DESTINATION, MEMBERS_DESTINATION_NOT_A_CELL).
std::optional<RuleViolation> CheckDissolution(const DissolutionFacts& facts);

// A step needs the case in `expected` (CASE_NOT_<EXPECTED>).
std::optional<RuleViolation> CheckCaseState(v1::DisciplineState state,
                                            v1::DisciplineState expected);

}  // namespace partywork::inspection
