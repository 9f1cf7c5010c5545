#include "services/inspection/inspection_rules.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "libs/platform/resource.h"
#include "libs/platform/rulebook/rulebook.h"

namespace partywork::inspection {
namespace {

bool IsCommission(v1::ActorKind actor) {
  return actor == v1::ACTOR_KIND_INSPECTION_COMMISSION ||
         actor == v1::ACTOR_KIND_BASE_INSPECTION_COMMISSION;
}

bool IsArticle32(v1::InspectionKind kind) {
  return kind == v1::INSPECTION_KIND_SIGNS_OF_VIOLATION ||
         kind == v1::INSPECTION_KIND_LOWER_LEVEL_WORK || kind == v1::INSPECTION_KIND_PARTY_FINANCE;
}

}  // namespace

bool IsSupervision(v1::InspectionKind kind) {
  return kind == v1::INSPECTION_KIND_REGULAR_SUPERVISION ||
         kind == v1::INSPECTION_KIND_THEMATIC_SUPERVISION;
}

std::optional<RuleViolation> CheckActorOrganization(v1::ActorKind actor,
                                                    mv1::OrganizationKind organization) {
  bool fits = false;
  switch (actor) {
    case v1::ACTOR_KIND_EXECUTIVE_COMMITTEE:
    case v1::ACTOR_KIND_STANDING_COMMITTEE:
    case v1::ACTOR_KIND_ADVISORY_BOARD:
    case v1::ACTOR_KIND_INSPECTION_COMMISSION:
      fits = organization == mv1::ORGANIZATION_KIND_HIGHER_COMMITTEE;
      break;
    case v1::ACTOR_KIND_BASE_COMMITTEE:
      fits = organization == mv1::ORGANIZATION_KIND_BASE_COMMITTEE ||
             organization == mv1::ORGANIZATION_KIND_BASE_CELL;
      break;
    case v1::ACTOR_KIND_BASE_INSPECTION_COMMISSION:
      fits = organization == mv1::ORGANIZATION_KIND_BASE_COMMITTEE;
      break;
    case v1::ACTOR_KIND_CELL:
      fits = organization == mv1::ORGANIZATION_KIND_BASE_CELL ||
             organization == mv1::ORGANIZATION_KIND_SUBORDINATE_CELL;
      break;
    default:
      break;
  }
  if (fits) return std::nullopt;
  return RuleViolation{"ACTOR_ORGANIZATION_MISMATCH",
                       absl::StrCat(v1::ActorKind_Name(actor), " is not a body of a ",
                                    mv1::OrganizationKind_Name(organization)),
                       "Chủ thể kiểm tra, giám sát không phù hợp với cấp của tổ chức đảng.",
                       {{"actor", v1::ActorKind_Name(actor)},
                        {"organization_kind", mv1::OrganizationKind_Name(organization)}}};
}

std::optional<RuleViolation> CheckKindForActor(v1::InspectionKind kind, v1::ActorKind actor,
                                               bool subject_is_organization) {
  if (!IsSupervision(kind) && IsArticle32(kind) != IsCommission(actor)) {
    return RuleViolation{
        "KIND_NOT_FOR_ACTOR",
        IsArticle32(kind)
            ? "Article 32 inspections are carried out by inspection commissions"
            : "Article 30 inspections are carried out by committees and cells, not by "
              "inspection commissions",
        IsArticle32(kind) ? "Kiểm tra theo Điều 32 Điều lệ Đảng do ủy ban kiểm tra thực hiện."
                          : "Kiểm tra theo Điều 30 Điều lệ Đảng do cấp ủy, chi bộ thực hiện.",
        {{"kind", v1::InspectionKind_Name(kind)}, {"actor", v1::ActorKind_Name(actor)}}};
  }
  if ((kind == v1::INSPECTION_KIND_LOWER_LEVEL_WORK || kind == v1::INSPECTION_KIND_PARTY_FINANCE) &&
      !subject_is_organization) {
    return RuleViolation{"KIND_NEEDS_ORGANIZATION_SUBJECT",
                         "this kind of inspection is of an organization",
                         "Nội dung kiểm tra này có đối tượng là tổ chức đảng.",
                         {{"kind", v1::InspectionKind_Name(kind)}}};
  }
  return std::nullopt;
}

std::optional<RuleViolation> CheckInspectionStep(const v1::Inspection& inspection,
                                                 v1::InspectionState needed,
                                                 absl::CivilDay previous_day, absl::CivilDay day,
                                                 const std::string& step) {
  if (inspection.state() != needed) {
    return RuleViolation{
        "STEP_OUT_OF_ORDER",
        absl::StrCat(step, " needs the inspection ", v1::InspectionState_Name(needed), "; it is ",
                     v1::InspectionState_Name(inspection.state())),
        "Bước này không đúng trình tự kiểm tra, giám sát.",
        {{"state", v1::InspectionState_Name(inspection.state())}, {"step", step}}};
  }
  if (day < previous_day) {
    return RuleViolation{"DATE_BEFORE_PREVIOUS_STEP",
                         absl::StrCat(step, " is dated ", FormatDay(day),
                                      ", before the previous step on ", FormatDay(previous_day)),
                         "Ngày của bước này trước ngày của bước trước.",
                         {{"previous_day", FormatDay(previous_day)}, {"step", step}}};
  }
  return std::nullopt;
}

std::optional<RuleViolation> CheckConclusion(const v1::Conclusion& conclusion) {
  if (conclusion.discipline_warranted() && !conclusion.violation()) {
    return RuleViolation{"DISCIPLINE_WITHOUT_VIOLATION",
                         "discipline is warranted only where a violation was found",
                         "Chỉ xem xét kỷ luật khi kết luận có vi phạm.",
                         {}};
  }
  return std::nullopt;
}

std::optional<RuleViolation> CheckClose(const v1::Inspection& inspection) {
  int pending = 0;
  for (const auto& item : inspection.remediation()) {
    if (item.status() != v1::REMEDIATION_STATUS_DONE) ++pending;
  }
  if (pending == 0) return std::nullopt;
  return RuleViolation{"REMEDIATION_PENDING",
                       absl::StrCat(pending, " remediation item(s) are not done yet"),
                       "Còn nội dung khắc phục khuyết điểm chưa hoàn thành.",
                       {{"pending", absl::StrCat(pending)}}};
}

v1::ProgramProgress ProgramProgressOn(const v1::Program& program,
                                      const std::vector<WorkDates>& work, absl::CivilDay as_of) {
  v1::ProgramProgress p;
  p.set_program(program.name());
  *p.mutable_as_of() = ToDate(as_of);
  p.set_planned_inspections(program.planned_inspections());
  p.set_planned_supervisions(program.planned_supervisions());
  for (const auto& w : work) {
    const bool supervision = IsSupervision(w.kind);
    if (w.opened_on && *w.opened_on <= as_of) {
      supervision ? p.set_opened_supervisions(p.opened_supervisions() + 1)
                  : p.set_opened_inspections(p.opened_inspections() + 1);
    }
    if (w.concluded_on && *w.concluded_on <= as_of) {
      supervision ? p.set_concluded_supervisions(p.concluded_supervisions() + 1)
                  : p.set_concluded_inspections(p.concluded_inspections() + 1);
    }
  }
  return p;
}

v1::CoverageFigure Figure(int covered, int total, const std::string& rule, absl::CivilDay day) {
  const auto& target = rulebook::Rulebook::Standard().Get(rule, day);
  v1::CoverageFigure f;
  f.set_covered(covered);
  f.set_total(total);
  f.set_target_numerator(static_cast<int32_t>(target.number));
  f.set_target_denominator(static_cast<int32_t>(target.denominator));
  // covered/total >= n/d, in integers.
  f.set_met(int64_t{covered} * target.denominator >= int64_t{total} * target.number);
  f.set_rule(rule);
  return f;
}

std::set<std::string> CoveredSubjects(const std::vector<WorkDates>& work,
                                      const std::set<std::string>& candidates, absl::CivilDay from,
                                      absl::CivilDay to, std::optional<bool> supervision) {
  std::set<std::string> out;
  for (const auto& w : work) {
    if (!w.opened_on || *w.opened_on < from || *w.opened_on > to) continue;
    if (supervision && IsSupervision(w.kind) != *supervision) continue;
    if (candidates.count(w.subject)) out.insert(w.subject);
  }
  return out;
}

}  // namespace partywork::inspection
