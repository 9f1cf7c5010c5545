// Domain rules of admissions (kết nạp đảng viên, DOMAIN §4): the order of the
// steps and each step's rule, judged by the rulebook's version in force on the
// step's date, with deadlines in working days on Vietnam's calendar. Plain
// functions: no gRPC, no SQL.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "libs/platform/rule.h"
#include "partywork/membership/v1/admission.pb.h"

namespace partywork::membership {

namespace v1 = ::partywork::membership::v1;

// The steps after the source, in order; each takes the file from the stage
// before it to the next.
enum class AdmissionStep {
  kClassCompletion,
  kApplication,
  kVerification,
  kCellVote,
  kDecision,
  kCeremony,
  kRecognition,
};

// The step's field name in Admission and RecordAdmissionStepRequest.
const char* StepField(AdmissionStep step);
// The stage a file is in after the step (kRecognition: RECOGNIZED).
v1::AdmissionStage StageAfter(AdmissionStep step);

// What the rules need of a file: its stage and the dates of its steps.
struct AdmissionFile {
  v1::AdmissionStage stage = v1::ADMISSION_STAGE_UNSPECIFIED;
  absl::CivilDay last_step_on;  // the latest step's date
  std::optional<absl::CivilDay> certified_on, applied_on, resolved_on, decided_on, held_on;
};

// The step may follow the file's stage on `day`: not skipping a step
// (ADMISSION_STEP_OUT_OF_ORDER), not repeating one (ADMISSION_STEP_REPEATED),
// not dated before the previous step (ADMISSION_STEP_BEFORE_PREVIOUS). An
// application is recorded again only to redo the sponsor letters of a stale
// file (before the cell's vote).
std::optional<RuleViolation> CheckStepOrder(const AdmissionFile& file, AdmissionStep step,
                                            absl::CivilDay day);

// At least lower-secondary general education when the cell considers the
// case (ADMISSION_EDUCATION).
std::optional<RuleViolation> CheckEducation(v1::GeneralEducation education, absl::CivilDay day);

// The last day a class certificate issued on `certified_on` is valid, and
// the check that it still is on `day` (CLASS_CERTIFICATE_EXPIRED).
absl::CivilDay CertificateValidUntil(absl::CivilDay certified_on);
std::optional<RuleViolation> CheckCertificate(absl::CivilDay certified_on, absl::CivilDay day);

// A sponsor as found on the application's date.
struct SponsorFacts {
  std::string member;  // "members/12"
  bool official = false;
  absl::CivilDay worked_together_since;
};
// Two sponsors (or one and the Youth Union committee's resolution for a Youth
// Union member: SPONSORS_REQUIRED), each an official member on `day`
// (SPONSOR_NOT_OFFICIAL) who worked with the candidate for at least 12 months
// (SPONSOR_TOO_FEW_MONTHS).
std::optional<RuleViolation> CheckSponsors(const std::vector<SponsorFacts>& sponsors,
                                           bool youth_union_member, bool youth_union_resolution,
                                           absl::CivilDay day);

// A file left more than 12 months after the application without the cell's
// decision needs its sponsor letters redone: stale from this day on.
absl::CivilDay FileStaleFrom(absl::CivilDay applied_on);
std::optional<RuleViolation> CheckFileFresh(absl::CivilDay applied_on, absl::CivilDay day);

// At least 2/3 of the cell's official members on `day` in favour
// (CELL_VOTE_BELOW_THRESHOLD); exactly 2/3 passes.
std::optional<RuleViolation> CheckCellVote(int votes_in_favour, int official_members,
                                           absl::CivilDay day);

// Deadlines: the last day allowed.
absl::CivilDay DecisionDeadline(absl::CivilDay resolved_on);
absl::CivilDay CeremonyDeadline(absl::CivilDay decided_on);
absl::CivilDay RecognitionDeadline(absl::CivilDay held_on);
// DECISION_DEADLINE_MISSED, CEREMONY_DEADLINE_MISSED.
std::optional<RuleViolation> CheckDecisionDay(absl::CivilDay resolved_on, absl::CivilDay day);
std::optional<RuleViolation> CheckCeremonyDay(absl::CivilDay decided_on, absl::CivilDay day);
// The cell considers recognition once the probation has ended
// (RECOGNITION_BEFORE_END_OF_PROBATION); a late meeting is allowed.
std::optional<RuleViolation> CheckRecognitionDay(absl::CivilDay held_on, absl::CivilDay day);

// The next step's deadline, when it has one.
std::optional<absl::CivilDay> NextDeadline(const AdmissionFile& file);

// What is overdue in a file on `day`.
struct Overdue {
  v1::OverdueStep step = v1::OVERDUE_STEP_UNSPECIFIED;
  absl::CivilDay due_on;  // the last day allowed
  std::string rule;       // the rulebook key
};
std::optional<Overdue> OverdueOn(const AdmissionFile& file, absl::CivilDay day);

}  // namespace partywork::membership
