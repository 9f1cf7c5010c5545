#include "services/inspection/discipline_rules.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "libs/platform/resource.h"
#include "libs/platform/rule_citation.h"
#include "libs/platform/rulebook/calendar.h"
#include "libs/platform/rulebook/rulebook.h"

namespace partywork::inspection {
namespace {

const rulebook::Rulebook& Book() { return rulebook::Rulebook::Standard(); }
const rulebook::WorkingDayCalendar& Calendar() { return rulebook::WorkingDayCalendar::Vietnam(); }

const char* FormsKey(Standing standing) {
  switch (standing) {
    case Standing::kOfficialMember:
      return rulebook::keys::kFormsOfficialMember;
    case Standing::kProbationaryMember:
      return rulebook::keys::kFormsProbationaryMember;
    case Standing::kOrganization:
      break;
  }
  return rulebook::keys::kFormsOrganization;
}

const char* StandingName(Standing standing) {
  switch (standing) {
    case Standing::kOfficialMember:
      return "an official member";
    case Standing::kProbationaryMember:
      return "a probationary member";
    case Standing::kOrganization:
      break;
  }
  return "an organization";
}

const char* StandingVietnamese(Standing standing) {
  switch (standing) {
    case Standing::kOfficialMember:
      return "đảng viên chính thức";
    case Standing::kProbationaryMember:
      return "đảng viên dự bị";
    case Standing::kOrganization:
      break;
  }
  return "tổ chức đảng";
}

const rulebook::RuleVersion& LimitationRule(Standing standing, v1::DisciplineForm form,
                                            absl::CivilDay day) {
  return Book().Get(
      rulebook::LimitationKey(standing == Standing::kOrganization ? "organization" : "member",
                              FormKey(form)),
      day);
}

}  // namespace

std::string FormKey(v1::DisciplineForm form) {
  switch (form) {
    case v1::DISCIPLINE_FORM_REPRIMAND:
      return "reprimand";
    case v1::DISCIPLINE_FORM_WARNING:
      return "warning";
    case v1::DISCIPLINE_FORM_REMOVAL_FROM_POST:
      return "removal_from_post";
    case v1::DISCIPLINE_FORM_EXPULSION:
      return "expulsion";
    case v1::DISCIPLINE_FORM_DISSOLUTION:
      return "dissolution";
    default:
      return "";
  }
}

std::optional<RuleViolation> CheckFormAllowed(Standing standing, bool holds_party_post,
                                              v1::DisciplineForm form,
                                              absl::CivilDay violation_day) {
  const auto& rule = Book().Get(FormsKey(standing), violation_day);
  const std::string key = FormKey(form);
  if (std::find(rule.items.begin(), rule.items.end(), key) == rule.items.end()) {
    return Citing(
        rule, "FORM_NOT_ALLOWED",
        absl::StrCat(StandingName(standing), " cannot be given ", key, " (on ",
                     FormatDay(violation_day), ")"),
        absl::StrCat("Hình thức kỷ luật này không áp dụng đối với ", StandingVietnamese(standing)),
        {{"form", key}});
  }
  if (form == v1::DISCIPLINE_FORM_REMOVAL_FROM_POST && !holds_party_post) {
    return Citing(rule, "REMOVAL_NEEDS_PARTY_POST",
                  "removal from post (cách chức) applies only to a member holding a party post; "
                  "the case names none",
                  "Cách chức chỉ áp dụng đối với đảng viên giữ chức vụ trong Đảng",
                  {{"form", key}});
  }
  return std::nullopt;
}

absl::CivilDay AddYears(absl::CivilDay day, int years) {
  absl::CivilDay result(day.year() + years, day.month(), day.day());
  if (result.month() != day.month()) result = absl::CivilDay(day.year() + years, day.month(), 28);
  return result;
}

std::optional<absl::CivilDay> LimitationEnds(Standing standing, v1::DisciplineForm form,
                                             absl::CivilDay violation_end,
                                             absl::CivilDay considered_on) {
  const auto& rule = LimitationRule(standing, form, considered_on);
  if (rule.unit == rulebook::Unit::kNoLimit) return std::nullopt;
  return AddYears(violation_end, static_cast<int>(rule.number));
}

std::optional<RuleViolation> CheckLimitation(Standing standing, v1::DisciplineForm form,
                                             absl::CivilDay violation_end,
                                             absl::CivilDay considered_on, bool exempt) {
  if (exempt) return std::nullopt;
  auto ends = LimitationEnds(standing, form, violation_end, considered_on);
  if (!ends || considered_on <= *ends) return std::nullopt;
  return Citing(
      LimitationRule(standing, form, considered_on), "LIMITATION_EXPIRED",
      absl::StrCat("the statute of limitations for ", FormKey(form),
                   " ran from the violation's end on ", FormatDay(violation_end), " until ",
                   FormatDay(*ends), "; the case is considered on ", FormatDay(considered_on)),
      absl::StrCat("Đã hết thời hiệu xử lý kỷ luật (đến ngày ", FormatDay(*ends), ")"),
      {{"limitation_ended_on", FormatDay(*ends)}});
}

absl::CivilDay AppealDeadline(absl::CivilDay notified_on) {
  return Calendar().AddWorkingDays(
      notified_on,
      static_cast<int>(Book().Number(rulebook::keys::kAppealWindowWorkingDays, notified_on)));
}

std::optional<RuleViolation> CheckAppealLodged(absl::CivilDay notified_on,
                                               absl::CivilDay lodged_on) {
  const auto& rule = Book().Get(rulebook::keys::kAppealWindowWorkingDays, notified_on);
  if (lodged_on < notified_on) {
    return RuleViolation{"APPEAL_BEFORE_NOTICE",
                         "an appeal is lodged after the decision was received",
                         "Khiếu nại kỷ luật phải sau ngày nhận quyết định.",
                         {{"notified_on", FormatDay(notified_on)}}};
  }
  const absl::CivilDay deadline = AppealDeadline(notified_on);
  if (lodged_on <= deadline) return std::nullopt;
  return Citing(rule, "APPEAL_TOO_LATE",
                absl::StrCat("the appeal window ended on ", FormatDay(deadline)),
                absl::StrCat("Quá thời hạn khiếu nại kỷ luật (hết ngày ", FormatDay(deadline), ")"),
                {{"appeal_deadline", FormatDay(deadline)}});
}

absl::CivilDay AppealDue(absl::CivilDay lodged_on) {
  return Calendar().AddWorkingDays(
      lodged_on,
      static_cast<int>(Book().Number(rulebook::keys::kAppealDecisionWorkingDays, lodged_on)));
}

std::optional<RuleViolation> CheckDecisionDates(absl::CivilDay origin_concluded_on,
                                                const std::string& origin,
                                                absl::CivilDay decided_on,
                                                absl::CivilDay effective_on,
                                                absl::CivilDay notified_on) {
  if (decided_on < origin_concluded_on) {
    return RuleViolation{"DECISION_BEFORE_CONCLUSION",
                         absl::StrCat("a discipline decision follows its origin's conclusion: ",
                                      origin, " was concluded on ", FormatDay(origin_concluded_on)),
                         "Quyết định kỷ luật phải sau kết luận kiểm tra hoặc giải quyết đơn thư.",
                         {{"origin", origin}, {"concluded_on", FormatDay(origin_concluded_on)}}};
  }
  if (effective_on < decided_on || notified_on < decided_on) {
    return RuleViolation{"DECISION_DATES_OUT_OF_ORDER",
                         "a decision takes effect and is received on or after its date",
                         "Ngày hiệu lực và ngày nhận quyết định không được trước ngày quyết định.",
                         {}};
  }
  return std::nullopt;
}

std::optional<RuleViolation> CheckCaseState(v1::DisciplineState state,
                                            v1::DisciplineState expected) {
  if (state == expected) return std::nullopt;
  const std::string want = v1::DisciplineState_Name(expected).substr(sizeof("DISCIPLINE_STATE"));
  return RuleViolation{
      absl::StrCat("CASE_NOT_", want),
      absl::StrCat("this step needs the case ", want, "; it is ", v1::DisciplineState_Name(state)),
      "Bước này không phù hợp với trạng thái hiện tại của vụ việc kỷ luật.",
      {{"state", v1::DisciplineState_Name(state)}}};
}

std::optional<RuleViolation> CheckDissolution(const DissolutionFacts& f) {
  if (f.subordinates > 0) {
    return RuleViolation{
        "DISSOLUTION_WITH_SUBORDINATES",
        absl::StrCat("the organization still has ", f.subordinates,
                     " subordinate organizations on the effective date: they are dissolved or "
                     "moved first"),
        "Tổ chức đảng còn tổ chức trực thuộc: cần giải thể hoặc điều chuyển trước.",
        {{"subordinates", absl::StrCat(f.subordinates)}}};
  }
  if (f.members_to.empty()) {
    if (f.members == 0) return std::nullopt;
    return RuleViolation{
        "MEMBERS_WITHOUT_DESTINATION",
        absl::StrCat("the organization has ", f.members,
                     " members on the effective date: the decision names the cell that takes "
                     "them (members_to)"),
        "Tổ chức đảng bị giải tán còn đảng viên: quyết định phải nêu chi bộ tiếp nhận.",
        {{"members", absl::StrCat(f.members)}}};
  }
  const bool cell = f.destination_kind == mv1::ORGANIZATION_KIND_BASE_CELL ||
                    f.destination_kind == mv1::ORGANIZATION_KIND_SUBORDINATE_CELL;
  if (!f.destination_exists || !cell || f.destination_inside) {
    return RuleViolation{
        "MEMBERS_DESTINATION_NOT_A_CELL",
        absl::StrCat(f.members_to,
                     " is not a cell (chi bộ) in existence on the effective date outside the "
                     "dissolved organization"),
        "Nơi tiếp nhận đảng viên phải là chi bộ đang hoạt động, ngoài tổ chức bị giải tán.",
        {{"members_to", f.members_to}}};
  }
  return std::nullopt;
}

}  // namespace partywork::inspection
