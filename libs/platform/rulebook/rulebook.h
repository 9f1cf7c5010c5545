// The rulebook: every threshold, period and deadline of the regulations as
// versioned data (DOMAIN §8). A fact is judged by the rule in force on its
// date, so each rule keeps all its versions, each with the regulation it
// comes from and the day it took effect. A new regulation is a new entry in
// standard_rules.cc, never a changed constant.
//
// Plain C++ (no gRPC, no SQL): membership and inspection both read it, the
// rules that use it stay testable without a server.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"

namespace partywork::rulebook {

// What a rule's number counts.
enum class Unit {
  kYears,
  kMonths,
  kWorkingDays,
  kPercent,  // number / denominator, e.g. 2/3 or 20/100
  kCount,
  kList,     // the rule is its `items`
  kNoLimit,  // e.g. no statute of limitations for expulsion
  kAbsent,   // the regulation in force has no such rule (e.g. no point scale before 2025)
};

// One version of a rule: its value from `effective_from` until the next
// version's day.
struct RuleVersion {
  std::string key;  // "admission.min_age_months"
  absl::CivilDay effective_from;
  Unit unit = Unit::kCount;
  int64_t number = 0;
  int64_t denominator = 1;         // only for kPercent
  std::vector<std::string> items;  // only for kList
  std::string regulation;          // "Quy định 24-QĐ/TW ngày 30/7/2021, Điều 1"
  std::string summary;             // English, what the rule says
  std::string vietnamese;          // the rule in the regulation's words
};

// A rule's value explained in one line, for refusals: "at least 2/3 of the
// official members (Quy định 24-QĐ/TW ngày 30/7/2021)".
std::string Describe(const RuleVersion& version);

class Rulebook {
 public:
  // The rules of the regulations named in DOMAIN §4–§8 (standard_rules.cc).
  static const Rulebook& Standard();

  // Versions in any order; a key's versions must have distinct days.
  explicit Rulebook(std::vector<RuleVersion> versions);

  // The version of `key` in force on `day`: the latest one that took effect
  // on or before it. A fact older than a rule's first recorded regulation is
  // judged by that first regulation. nullptr only for an unknown key.
  const RuleVersion* InForce(absl::string_view key, absl::CivilDay day) const;

  // The number of a rule that must exist (the standard rules do): a missing
  // key is a programming error and aborts.
  int64_t Number(absl::string_view key, absl::CivilDay day) const;
  const RuleVersion& Get(absl::string_view key, absl::CivilDay day) const;

  // Every rule as in force on `day`, ordered by key.
  std::vector<const RuleVersion*> AllInForce(absl::CivilDay day) const;
  // Every version of `key`, oldest first (empty if unknown).
  std::vector<const RuleVersion*> History(absl::string_view key) const;

 private:
  // key → versions sorted by effective_from.
  std::map<std::string, std::vector<RuleVersion>, std::less<>> rules_;
};

// The standard rules' keys: one name per rule, used by every caller.
namespace keys {
// Admissions (kết nạp) — DOMAIN §4.
inline constexpr char kAdmissionMinAgeMonths[] = "admission.min_age_months";
inline constexpr char kAdmissionMaxAgeYears[] = "admission.max_age_years";
inline constexpr char kAdmissionMinEducation[] = "admission.min_general_education";
// Độ tuổi đoàn viên: admissions of Youth-Union age (targets, reports).
inline constexpr char kYouthUnionMaxAgeYears[] = "admission.youth_union_max_age_years";
inline constexpr char kClassCertificateValidYears[] = "admission.class_certificate_valid_years";
inline constexpr char kSponsorCount[] = "admission.sponsor_count";
inline constexpr char kSponsorMonthsTogether[] = "admission.sponsor_months_worked_together";
inline constexpr char kCellVoteThreshold[] = "admission.cell_vote_threshold";
inline constexpr char kDecisionDeadlineWorkingDays[] = "admission.decision_deadline_working_days";
inline constexpr char kCeremonyDeadlineWorkingDays[] = "admission.ceremony_deadline_working_days";
inline constexpr char kProbationMonths[] = "admission.probation_months";
inline constexpr char kRecognitionDeadlineWorkingDays[] =
    "admission.recognition_deadline_working_days";
inline constexpr char kFileStaleMonths[] = "admission.file_stale_months";
inline constexpr char kReadmissionWaitMonths[] = "admission.readmission_wait_months";
inline constexpr char kNeverReadmittedReasons[] = "admission.never_readmitted_reasons";
// Annual rating (đánh giá, xếp loại) — DOMAIN §5.
inline constexpr char kRatingExcellentCap[] = "rating.excellent_cap_of_good";
inline constexpr char kRatingNewMemberMonths[] = "rating.new_member_months";
inline constexpr char kRatingNotCompletedYearsToStrikeOff[] =
    "rating.not_completed_years_to_strike_off";
inline constexpr char kRatingExcellentMinPoints[] = "rating.excellent_min_points";
inline constexpr char kRatingGoodMinPoints[] = "rating.good_min_points";
inline constexpr char kRatingCompletedMinPoints[] = "rating.completed_min_points";
// Rating targets of the Khối's resolution for the term (reports compare with them).
inline constexpr char kRatingTargetBaseGoodOrBetter[] =
    "rating.target.base_organizations_good_or_better";
inline constexpr char kRatingTargetBaseNotCompleted[] =
    "rating.target.base_organizations_not_completed";
inline constexpr char kRatingTargetMembersCompletedOrBetter[] =
    "rating.target.members_completed_or_better";
inline constexpr char kRatingTargetMembersGoodOrBetter[] = "rating.target.members_good_or_better";
// Party badges (Huy hiệu Đảng) — DOMAIN §4.
inline constexpr char kBadgeYears[] = "badge.party_age_years";
// Inspection coverage — DOMAIN §6.
inline constexpr char kCoverageMembersPerYear[] = "coverage.members_inspected_per_year";
inline constexpr char kCoverageCellsPerYear[] = "coverage.cells_inspected_per_year";
inline constexpr char kCoverageTermInspected[] = "coverage.term_inspected";
inline constexpr char kCoverageTermSupervised[] = "coverage.term_supervised";
// Petitions (đơn thư) — DOMAIN §6.
inline constexpr char kDenunciationDeadlineWorkingDays[] =
    "petition.denunciation_deadline_working_days";
inline constexpr char kDenunciationExtensionWorkingDays[] =
    "petition.denunciation_extension_working_days";
inline constexpr char kCongressDeferralWorkingDays[] = "petition.congress_deferral_working_days";
// Discipline (kỷ luật) — DOMAIN §6. Forms are "reprimand", "warning",
// "removal_from_post", "expulsion", "dissolution".
inline constexpr char kFormsOfficialMember[] = "discipline.forms.official_member";
inline constexpr char kFormsProbationaryMember[] = "discipline.forms.probationary_member";
inline constexpr char kFormsOrganization[] = "discipline.forms.organization";
inline constexpr char kAppealWindowWorkingDays[] = "discipline.appeal_window_working_days";
inline constexpr char kAppealDecisionWorkingDays[] = "discipline.appeal_decision_working_days";
// "discipline.limitation_years.<subject>.<form>", subject "member" or
// "organization": see LimitationKey.
}  // namespace keys

// The statute-of-limitations rule (thời hiệu) for a form and a subject
// ("member" or "organization").
std::string LimitationKey(absl::string_view subject, absl::string_view form);

}  // namespace partywork::rulebook
