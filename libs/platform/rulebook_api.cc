#include "libs/platform/rulebook_api.h"

#include <vector>

#include "absl/strings/str_cat.h"
#include "libs/platform/errors.h"
#include "libs/platform/resource.h"

namespace partywork::rulebook {
namespace {

common::v1::RuleUnit UnitOf(Unit unit) {
  switch (unit) {
    case Unit::kYears:
      return common::v1::RULE_UNIT_YEARS;
    case Unit::kMonths:
      return common::v1::RULE_UNIT_MONTHS;
    case Unit::kWorkingDays:
      return common::v1::RULE_UNIT_WORKING_DAYS;
    case Unit::kPercent:
      return common::v1::RULE_UNIT_RATIO;
    case Unit::kCount:
      return common::v1::RULE_UNIT_COUNT;
    case Unit::kList:
      return common::v1::RULE_UNIT_LIST;
    case Unit::kNoLimit:
      return common::v1::RULE_UNIT_NO_LIMIT;
    case Unit::kAbsent:
      return common::v1::RULE_UNIT_ABSENT;
  }
  return common::v1::RULE_UNIT_UNSPECIFIED;
}

}  // namespace

common::v1::Rule ToProto(const RuleVersion& version) {
  common::v1::Rule rule;
  rule.set_key(version.key);
  rule.set_unit(UnitOf(version.unit));
  rule.set_number(version.number);
  rule.set_denominator(version.denominator);
  for (const auto& item : version.items) rule.add_items(item);
  rule.set_regulation(version.regulation);
  *rule.mutable_effective_from() = ToDate(version.effective_from);
  rule.set_summary(version.summary);
  rule.set_vietnamese(version.vietnamese);
  rule.set_description(Describe(version));
  return rule;
}

grpc::Status ListRules(const Rulebook& book, const common::v1::ListRulesRequest& request,
                       common::v1::ListRulesResponse* response) {
  std::vector<FieldViolation> violations;
  const auto day = DayOrToday(request.as_of(), "as_of", violations);
  if (!day) return errors::InvalidArgument(violations);
  for (const RuleVersion* version : book.AllInForce(*day))
    *response->add_rules() = ToProto(*version);
  *response->mutable_as_of() = ToDate(*day);
  return grpc::Status::OK;
}

grpc::Status GetRuleHistory(const Rulebook& book, const common::v1::GetRuleHistoryRequest& request,
                            common::v1::GetRuleHistoryResponse* response) {
  if (request.key().empty()) return errors::InvalidArgument({{"key", "is required"}});
  const auto versions = book.History(request.key());
  if (versions.empty()) {
    return errors::Error(grpc::StatusCode::NOT_FOUND, "RULE_NOT_FOUND",
                         absl::StrCat("the rulebook has no rule \"", request.key(),
                                      "\"; ListRules names every rule"))
        .Vietnamese("Không có quy định này trong sổ quy định.");
  }
  for (const RuleVersion* version : versions) *response->add_versions() = ToProto(*version);
  return grpc::Status::OK;
}

grpc::Status ListHolidays(const WorkingDayCalendar& calendar,
                          const common::v1::ListHolidaysRequest& request,
                          common::v1::ListHolidaysResponse* response) {
  if (request.year() < 1930 || request.year() > 2200) {
    return errors::InvalidArgument({{"year", "must be a calendar year, e.g. 2025"}});
  }
  for (const Holiday& holiday : calendar.HolidaysIn(request.year())) {
    auto* out = response->add_holidays();
    *out->mutable_day() = ToDate(holiday.day);
    out->set_name(holiday.name);
  }
  for (const absl::CivilDay day : calendar.WorkingWeekendsIn(request.year())) {
    *response->add_working_weekends() = ToDate(day);
  }
  response->set_known(calendar.Knows(request.year()));
  return grpc::Status::OK;
}

}  // namespace partywork::rulebook
