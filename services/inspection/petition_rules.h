// Rules of petitions (đơn thư, DOMAIN §6): jurisdiction decisions, the
// deadline in working days with its one extension, and when a petition is
// overdue. Periods come from the rulebook in force on the day of receipt.
// Plain functions: no gRPC, no SQL.
#pragma once

#include <optional>
#include <string>

#include "absl/time/civil_time.h"
#include "libs/platform/rule.h"
#include "partywork/inspection/v1/petition.pb.h"

namespace partywork::inspection {

namespace v1 = ::partywork::inspection::v1;

struct Deadline {
  absl::CivilDay due_on;
  std::string rule;  // the rulebook key
};

// A petition received on `received_on` is resolved by this day: a
// denunciation within petition.denunciation_deadline_working_days; a
// complaint (khiếu nại, which in party work is mostly against a discipline
// decision) within discipline.appeal_decision_working_days.
Deadline PetitionDeadline(v1::PetitionKind kind, absl::CivilDay received_on);

// The jurisdiction decision fits the petition: it is decided on or after
// receipt (DATE_BEFORE_RECEIPT); an anonymous letter or one without an
// address is not handled (ANONYMOUS_NOT_HANDLED, NO_ADDRESS_NOT_HANDLED);
// "not handled" gives a reason the letter bears out (NOT_HANDLED_REASON_UNFOUNDED).
// A denunciation deferred to the committee a congress elects: received
// before the congress and within petition.congress_deferral_working_days of
// it (DEFERRAL_ONLY_FOR_DENUNCIATION, CONGRESS_NOT_NEAR); its deadline then
// runs from the congress.
std::optional<RuleViolation> CheckCongressDeferral(v1::PetitionKind kind,
                                                   absl::CivilDay received_on,
                                                   absl::CivilDay congress_on);

std::optional<RuleViolation> CheckJurisdiction(const v1::Petition& petition,
                                               const v1::Jurisdiction& decision);

// One extension, of a denunciation, by at most the rule's working days,
// granted before the deadline passes: EXTENSION_ONLY_FOR_DENUNCIATION,
// EXTENSION_ALREADY_GRANTED, EXTENSION_TOO_LONG, EXTENSION_AFTER_DEADLINE.
std::optional<RuleViolation> CheckExtension(const v1::Petition& petition,
                                            const v1::Extension& extension);
// The deadline after an extension of `working_days` from `due_on`.
absl::CivilDay ExtendedDue(absl::CivilDay due_on, int working_days);

// A petition is overdue on `day` when it is being handled, its deadline
// has passed, and it was not resolved by `day`.
bool IsOverdue(v1::PetitionState state, std::optional<absl::CivilDay> due_on,
               std::optional<absl::CivilDay> resolved_on, absl::CivilDay day);

// A step needs the petition in `expected` (PETITION_NOT_<EXPECTED>).
std::optional<RuleViolation> CheckPetitionState(v1::PetitionState state,
                                                v1::PetitionState expected);

}  // namespace partywork::inspection
