#include "services/membership/admission_rules.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "libs/platform/resource.h"
#include "libs/platform/rule_citation.h"
#include "libs/platform/rulebook/calendar.h"
#include "libs/platform/rulebook/rulebook.h"
#include "services/membership/member_rules.h"

namespace partywork::membership {
namespace {

namespace keys = rulebook::keys;

const rulebook::RuleVersion& RuleOn(const char* key, absl::CivilDay day) {
  return rulebook::Rulebook::Standard().Get(key, day);
}

int NumberOn(const char* key, absl::CivilDay day) {
  return static_cast<int>(RuleOn(key, day).number);
}

const rulebook::WorkingDayCalendar& Calendar() { return rulebook::WorkingDayCalendar::Vietnam(); }

// The stage a step follows.
v1::AdmissionStage StageBefore(AdmissionStep step) {
  return static_cast<v1::AdmissionStage>(static_cast<int>(step) + 1);
}

RuleViolation Plain(std::string reason, std::string message, std::string vietnamese,
                    std::map<std::string, std::string> metadata = {}) {
  return RuleViolation{std::move(reason), std::move(message), std::move(vietnamese),
                       std::move(metadata)};
}

// A deadline `key` working days after `from`, missed by `day`.
std::optional<RuleViolation> CheckDeadline(const char* key, absl::CivilDay from, absl::CivilDay day,
                                           const char* reason, const char* what,
                                           const char* vietnamese) {
  const auto& rule = RuleOn(key, from);
  const absl::CivilDay due = Calendar().AddWorkingDays(from, static_cast<int>(rule.number));
  if (day <= due) return std::nullopt;
  return Citing(rule, reason,
                absl::StrCat(what, " is due within ", rule.number, " working days of ",
                             FormatDay(from), ", i.e. by ", FormatDay(due), "; ", FormatDay(day),
                             " is ", Calendar().WorkingDaysBetween(due, day), " working days late"),
                vietnamese, {{"due_on", FormatDay(due)}});
}

}  // namespace

const char* StepField(AdmissionStep step) {
  switch (step) {
    case AdmissionStep::kClassCompletion:
      return "class_completion";
    case AdmissionStep::kApplication:
      return "application";
    case AdmissionStep::kVerification:
      return "verification";
    case AdmissionStep::kCellVote:
      return "cell_vote";
    case AdmissionStep::kDecision:
      return "decision";
    case AdmissionStep::kCeremony:
      return "ceremony";
    case AdmissionStep::kRecognition:
      return "recognition";
  }
  return "";
}

v1::AdmissionStage StageAfter(AdmissionStep step) {
  return static_cast<v1::AdmissionStage>(static_cast<int>(step) + 2);
}

std::optional<RuleViolation> CheckStepOrder(const AdmissionFile& file, AdmissionStep step,
                                            absl::CivilDay day) {
  const v1::AdmissionStage before = StageBefore(step);
  // Redoing the sponsor letters of a stale file, before the cell's vote.
  const bool renewal =
      step == AdmissionStep::kApplication && file.applied_on &&
      (file.stage == v1::ADMISSION_STAGE_APPLIED || file.stage == v1::ADMISSION_STAGE_VERIFIED) &&
      day >= FileStaleFrom(*file.applied_on);
  const std::string stage = v1::AdmissionStage_Name(file.stage);
  if (file.stage > before && !renewal) {
    return Plain("ADMISSION_STEP_REPEATED",
                 absl::StrCat("the step ", StepField(step),
                              " was already recorded (the file is at ", stage, ")"),
                 "Bước này của hồ sơ kết nạp đã được thực hiện.",
                 {{"step", StepField(step)}, {"stage", stage}});
  }
  if (file.stage < before) {
    const auto next = static_cast<AdmissionStep>(static_cast<int>(file.stage) - 1);
    return Plain("ADMISSION_STEP_OUT_OF_ORDER",
                 absl::StrCat("the file is at ", stage, ": the next step is ", StepField(next),
                              ", not ", StepField(step)),
                 "Các bước kết nạp đảng viên phải thực hiện theo đúng trình tự.",
                 {{"step", StepField(step)}, {"stage", stage}, {"next_step", StepField(next)}});
  }
  if (day < file.last_step_on) {
    return Plain("ADMISSION_STEP_BEFORE_PREVIOUS",
                 absl::StrCat("the step is dated ", FormatDay(day), ", before the previous step (",
                              FormatDay(file.last_step_on), ")"),
                 "Ngày của bước này trước ngày của bước trước.",
                 {{"previous_step_on", FormatDay(file.last_step_on)}});
  }
  return std::nullopt;
}

std::optional<RuleViolation> CheckEducation(v1::GeneralEducation education, absl::CivilDay day) {
  const auto& rule = RuleOn(keys::kAdmissionMinEducation, day);
  // The rulebook names the lowest level admitted; levels are ordered in the enum.
  v1::GeneralEducation min = v1::GENERAL_EDUCATION_LOWER_SECONDARY;
  if (!rule.items.empty()) {
    v1::GeneralEducation_Parse(
        absl::StrCat("GENERAL_EDUCATION_", absl::AsciiStrToUpper(rule.items.front())), &min);
  }
  if (education >= min) return std::nullopt;
  return Citing(
      rule, "ADMISSION_EDUCATION",
      absl::StrCat("a candidate has at least ", v1::GeneralEducation_Name(min),
                   " general education; this one has ", v1::GeneralEducation_Name(education)),
      "Người vào Đảng phải có trình độ học vấn tối thiểu trung học cơ sở.");
}

absl::CivilDay CertificateValidUntil(absl::CivilDay certified_on) {
  const int years = NumberOn(keys::kClassCertificateValidYears, certified_on);
  return AddMonths(certified_on, years * 12) - 1;
}

std::optional<RuleViolation> CheckCertificate(absl::CivilDay certified_on, absl::CivilDay day) {
  const absl::CivilDay until = CertificateValidUntil(certified_on);
  if (day <= until) return std::nullopt;
  return Citing(RuleOn(keys::kClassCertificateValidYears, certified_on),
                "CLASS_CERTIFICATE_EXPIRED",
                absl::StrCat("the class certificate of ", FormatDay(certified_on),
                             " was valid until ", FormatDay(until)),
                "Giấy chứng nhận bồi dưỡng nhận thức về Đảng đã hết giá trị (5 năm).",
                {{"valid_until", FormatDay(until)}});
}

std::optional<RuleViolation> CheckSponsors(const std::vector<SponsorFacts>& sponsors,
                                           bool youth_union_member, bool youth_union_resolution,
                                           absl::CivilDay day) {
  const auto& count = RuleOn(keys::kSponsorCount, day);
  // A Youth Union member may have one sponsor and the Youth Union's resolution.
  const int needed =
      static_cast<int>(count.number) - (youth_union_member && youth_union_resolution ? 1 : 0);
  if (static_cast<int>(sponsors.size()) < needed) {
    return Citing(
        count, "SPONSORS_REQUIRED",
        absl::StrCat("the application needs ", needed, " sponsor(s), it names ", sponsors.size()),
        "Người vào Đảng phải được hai đảng viên chính thức giới thiệu (hoặc một đảng "
        "viên và nghị quyết của Đoàn đối với đoàn viên).");
  }
  const auto& months = RuleOn(keys::kSponsorMonthsTogether, day);
  for (const SponsorFacts& sponsor : sponsors) {
    if (!sponsor.official) {
      return Citing(months, "SPONSOR_NOT_OFFICIAL",
                    absl::StrCat(sponsor.member, " is not an official member on ", FormatDay(day)),
                    "Người giới thiệu phải là đảng viên chính thức.",
                    {{"sponsor", sponsor.member}});
    }
    const int together = FullMonths(sponsor.worked_together_since, day);
    if (together < months.number) {
      return Citing(
          months, "SPONSOR_TOO_FEW_MONTHS",
          absl::StrCat(sponsor.member, " has worked with the candidate for ", together,
                       " full months on ", FormatDay(day), ", fewer than ", months.number),
          "Người giới thiệu phải cùng công tác với người vào Đảng ít nhất 12 tháng.",
          {{"sponsor", sponsor.member}, {"months", absl::StrCat(together)}});
    }
  }
  return std::nullopt;
}

absl::CivilDay FileStaleFrom(absl::CivilDay applied_on) {
  // "More than 12 months": the day after the twelfth month's anniversary.
  return AddMonths(applied_on, NumberOn(keys::kFileStaleMonths, applied_on)) + 1;
}

std::optional<RuleViolation> CheckFileFresh(absl::CivilDay applied_on, absl::CivilDay day) {
  const absl::CivilDay stale = FileStaleFrom(applied_on);
  if (day < stale) return std::nullopt;
  return Citing(RuleOn(keys::kFileStaleMonths, applied_on), "ADMISSION_FILE_STALE",
                absl::StrCat("the application of ", FormatDay(applied_on),
                             " waited more than 12 months for the cell's decision (stale from ",
                             FormatDay(stale),
                             "): record the application again with new "
                             "sponsor letters"),
                "Hồ sơ quá 12 tháng chi bộ chưa xét, phải làm lại thư giới thiệu.",
                {{"stale_from", FormatDay(stale)}});
}

std::optional<RuleViolation> CheckCellVote(int votes_in_favour, int official_members,
                                           absl::CivilDay day) {
  const auto& rule = RuleOn(keys::kCellVoteThreshold, day);
  // votes / members >= number / denominator, in integers.
  if (official_members > 0 &&
      int64_t{votes_in_favour} * rule.denominator >= rule.number * official_members) {
    return std::nullopt;
  }
  return Citing(rule, "CELL_VOTE_BELOW_THRESHOLD",
                absl::StrCat(votes_in_favour, " of the cell's ", official_members,
                             " official members voted in favour; at least ", rule.number, "/",
                             rule.denominator, " are needed"),
                "Phải có ít nhất hai phần ba số đảng viên chính thức của chi bộ tán thành.",
                {{"votes_in_favour", absl::StrCat(votes_in_favour)},
                 {"official_members", absl::StrCat(official_members)}});
}

absl::CivilDay DecisionDeadline(absl::CivilDay resolved_on) {
  return Calendar().AddWorkingDays(resolved_on,
                                   NumberOn(keys::kDecisionDeadlineWorkingDays, resolved_on));
}

absl::CivilDay CeremonyDeadline(absl::CivilDay decided_on) {
  return Calendar().AddWorkingDays(decided_on,
                                   NumberOn(keys::kCeremonyDeadlineWorkingDays, decided_on));
}

absl::CivilDay RecognitionDeadline(absl::CivilDay held_on) {
  const absl::CivilDay end = ProbationEnd(held_on);
  return Calendar().AddWorkingDays(end, NumberOn(keys::kRecognitionDeadlineWorkingDays, end));
}

std::optional<RuleViolation> CheckDecisionDay(absl::CivilDay resolved_on, absl::CivilDay day) {
  return CheckDeadline(keys::kDecisionDeadlineWorkingDays, resolved_on, day,
                       "DECISION_DEADLINE_MISSED", "the committee's decision",
                       "Cấp ủy có thẩm quyền phải quyết định trong 60 ngày làm việc kể từ ngày chi "
                       "bộ có nghị quyết.");
}

std::optional<RuleViolation> CheckCeremonyDay(absl::CivilDay decided_on, absl::CivilDay day) {
  return CheckDeadline(keys::kCeremonyDeadlineWorkingDays, decided_on, day,
                       "CEREMONY_DEADLINE_MISSED", "the admission ceremony",
                       "Chi bộ phải tổ chức lễ kết nạp trong 30 ngày làm việc kể từ ngày có quyết "
                       "định.");
}

std::optional<RuleViolation> CheckRecognitionDay(absl::CivilDay held_on, absl::CivilDay day) {
  const absl::CivilDay end = ProbationEnd(held_on);
  if (day >= end) return std::nullopt;
  return Citing(RuleOn(keys::kProbationMonths, held_on), "RECOGNITION_BEFORE_END_OF_PROBATION",
                absl::StrCat("the probation begun on ", FormatDay(held_on), " ends on ",
                             FormatDay(end), "; the cell considers recognition from then"),
                "Chỉ xét công nhận đảng viên chính thức khi hết 12 tháng dự bị.",
                {{"probation_ends_on", FormatDay(end)}});
}

std::optional<absl::CivilDay> NextDeadline(const AdmissionFile& file) {
  switch (file.stage) {
    case v1::ADMISSION_STAGE_APPLIED:
    case v1::ADMISSION_STAGE_VERIFIED:
      return FileStaleFrom(*file.applied_on) - 1;
    case v1::ADMISSION_STAGE_CELL_VOTED:
      return DecisionDeadline(*file.resolved_on);
    case v1::ADMISSION_STAGE_DECIDED:
      return CeremonyDeadline(*file.decided_on);
    case v1::ADMISSION_STAGE_ADMITTED:
      return RecognitionDeadline(*file.held_on);
    default:
      return std::nullopt;
  }
}

std::optional<Overdue> OverdueOn(const AdmissionFile& file, absl::CivilDay day) {
  const auto due = NextDeadline(file);
  if (!due || day <= *due) return std::nullopt;
  switch (file.stage) {
    case v1::ADMISSION_STAGE_APPLIED:
    case v1::ADMISSION_STAGE_VERIFIED:
      return Overdue{v1::OVERDUE_STEP_CELL_CONSIDERATION, *due, keys::kFileStaleMonths};
    case v1::ADMISSION_STAGE_CELL_VOTED:
      return Overdue{v1::OVERDUE_STEP_DECISION, *due, keys::kDecisionDeadlineWorkingDays};
    case v1::ADMISSION_STAGE_DECIDED:
      return Overdue{v1::OVERDUE_STEP_CEREMONY, *due, keys::kCeremonyDeadlineWorkingDays};
    default:
      return Overdue{v1::OVERDUE_STEP_RECOGNITION, *due, keys::kRecognitionDeadlineWorkingDays};
  }
}

}  // namespace partywork::membership
