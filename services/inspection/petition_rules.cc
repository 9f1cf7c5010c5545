#include "services/inspection/petition_rules.h"

#include "absl/strings/str_cat.h"
#include "libs/platform/resource.h"
#include "libs/platform/rule_citation.h"
#include "libs/platform/rulebook/calendar.h"
#include "libs/platform/rulebook/rulebook.h"

namespace partywork::inspection {
namespace {

const rulebook::Rulebook& Book() { return rulebook::Rulebook::Standard(); }
const rulebook::WorkingDayCalendar& Calendar() { return rulebook::WorkingDayCalendar::Vietnam(); }

}  // namespace

Deadline PetitionDeadline(v1::PetitionKind kind, absl::CivilDay received_on) {
  const char* key = kind == v1::PETITION_KIND_DENUNCIATION
                        ? rulebook::keys::kDenunciationDeadlineWorkingDays
                        : rulebook::keys::kAppealDecisionWorkingDays;
  return {Calendar().AddWorkingDays(received_on, static_cast<int>(Book().Number(key, received_on))),
          key};
}

std::optional<RuleViolation> CheckCongressDeferral(v1::PetitionKind kind,
                                                   absl::CivilDay received_on,
                                                   absl::CivilDay congress_on) {
  if (kind != v1::PETITION_KIND_DENUNCIATION) {
    return RuleViolation{"DEFERRAL_ONLY_FOR_DENUNCIATION",
                         "only a denunciation is deferred to the new committee",
                         "Chỉ đơn tố cáo được chuyển cấp ủy khóa mới giải quyết.",
                         {}};
  }
  const auto& rule = Book().Get(rulebook::keys::kCongressDeferralWorkingDays, received_on);
  const int before = Calendar().WorkingDaysBetween(received_on, congress_on);
  if (received_on < congress_on && before <= rule.number) return std::nullopt;
  return Citing(rule, "CONGRESS_NOT_NEAR",
                absl::StrCat("received ", before, " working days before the congress on ",
                             FormatDay(congress_on), "; deferred only within ", rule.number),
                absl::StrCat("Đơn nhận trước đại hội quá ", rule.number,
                             " ngày làm việc: không chuyển cấp ủy khóa mới."),
                {{"working_days_before", absl::StrCat(before)}});
}

std::optional<RuleViolation> CheckJurisdiction(const v1::Petition& petition,
                                               const v1::Jurisdiction& decision) {
  const auto received = ToCivilDay(petition.received_on());
  const auto decided = ToCivilDay(decision.decided_on());
  if (received && decided && *decided < *received) {
    return RuleViolation{"DATE_BEFORE_RECEIPT",
                         "the decision is dated before the receipt",
                         "Ngày quyết định trước ngày nhận đơn.",
                         {}};
  }
  const auto& who = petition.petitioner();
  if (decision.decision() == v1::JURISDICTION_DECISION_HANDLE ||
      decision.decision() == v1::JURISDICTION_DECISION_DEFER_TO_NEW_COMMITTEE) {
    if (who.anonymous()) {
      return RuleViolation{"ANONYMOUS_NOT_HANDLED",
                           "an anonymous or false-name letter is not handled",
                           "Đơn nặc danh, mạo danh không xem xét, giải quyết.",
                           {}};
    }
    if (who.address().empty()) {
      return RuleViolation{"NO_ADDRESS_NOT_HANDLED",
                           "a letter without the petitioner's address is not handled",
                           "Đơn không ghi địa chỉ người gửi không xem xét, giải quyết.",
                           {}};
    }
  }
  if (decision.decision() == v1::JURISDICTION_DECISION_NOT_HANDLED) {
    const auto reason = decision.not_handled_reason();
    const bool founded = (reason == v1::NOT_HANDLED_REASON_ANONYMOUS && who.anonymous()) ||
                         (reason == v1::NOT_HANDLED_REASON_NO_ADDRESS && who.address().empty()) ||
                         (reason == v1::NOT_HANDLED_REASON_REPEAT && !decision.repeats().empty());
    if (!founded) {
      return RuleViolation{
          "NOT_HANDLED_REASON_UNFOUNDED",
          absl::StrCat("the letter does not bear out the reason ",
                       v1::NotHandledReason_Name(reason),
                       " (anonymous: the petitioner is marked anonymous; no address: the "
                       "address is empty; repeat: names the earlier petition)"),
          "Lý do không xem xét, giải quyết không phù hợp với đơn.",
          {}};
    }
  }
  return std::nullopt;
}

std::optional<RuleViolation> CheckExtension(const v1::Petition& petition,
                                            const v1::Extension& extension) {
  const auto received = *ToCivilDay(petition.received_on());
  if (petition.kind() != v1::PETITION_KIND_DENUNCIATION) {
    return RuleViolation{"EXTENSION_ONLY_FOR_DENUNCIATION",
                         "only a denunciation's deadline may be extended",
                         "Chỉ gia hạn thời hạn giải quyết tố cáo.",
                         {}};
  }
  const auto& rule = Book().Get(rulebook::keys::kDenunciationExtensionWorkingDays, received);
  if (petition.has_extension()) {
    return Citing(rule, "EXTENSION_ALREADY_GRANTED", "the deadline was extended once already",
                  "Đã gia hạn một lần");
  }
  if (extension.working_days() > rule.number) {
    return Citing(rule, "EXTENSION_TOO_LONG",
                  absl::StrCat("an extension is at most ", rule.number, " working days"),
                  absl::StrCat("Gia hạn không quá ", rule.number, " ngày làm việc"));
  }
  const auto due = ToCivilDay(petition.due_on());
  const auto on = ToCivilDay(extension.extended_on());
  if (due && on && *on > *due) {
    return Citing(rule, "EXTENSION_AFTER_DEADLINE",
                  absl::StrCat("the deadline passed on ", FormatDay(*due),
                               "; an extension is granted before it"),
                  "Gia hạn phải trước khi hết thời hạn giải quyết");
  }
  return std::nullopt;
}

absl::CivilDay ExtendedDue(absl::CivilDay due_on, int working_days) {
  return Calendar().AddWorkingDays(due_on, working_days);
}

bool IsOverdue(v1::PetitionState state, std::optional<absl::CivilDay> due_on,
               std::optional<absl::CivilDay> resolved_on, absl::CivilDay day) {
  if (!due_on || day <= *due_on) return false;
  if (resolved_on && *resolved_on <= day) return false;
  return state == v1::PETITION_STATE_HANDLING || state == v1::PETITION_STATE_RESOLVED;
}

std::optional<RuleViolation> CheckPetitionState(v1::PetitionState state,
                                                v1::PetitionState expected) {
  if (state == expected) return std::nullopt;
  const std::string want = v1::PetitionState_Name(expected).substr(sizeof("PETITION_STATE"));
  return RuleViolation{absl::StrCat("PETITION_NOT_", want),
                       absl::StrCat("this step needs the petition ", want, "; it is ",
                                    v1::PetitionState_Name(state)),
                       "Bước này không phù hợp với trạng thái hiện tại của đơn.",
                       {{"state", v1::PetitionState_Name(state)}}};
}

}  // namespace partywork::inspection
