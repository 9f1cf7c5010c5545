// The rulebook and the working-day calendar as partywork.common.v1
// messages: membership and inspection serve the same ListRules,
// GetRuleHistory and ListHolidays with these (docs/rulebook.md).
#pragma once

#include "grpcpp/support/status.h"
#include "libs/platform/rulebook/calendar.h"
#include "libs/platform/rulebook/rulebook.h"
#include "partywork/common/v1/rulebook.pb.h"

namespace partywork::rulebook {

common::v1::Rule ToProto(const RuleVersion& version);

// Every rule in force on `as_of` (today when unset); INVALID_ARGUMENT for an
// impossible date.
grpc::Status ListRules(const Rulebook& book, const common::v1::ListRulesRequest& request,
                       common::v1::ListRulesResponse* response);
// Every version of one rule; NOT_FOUND (reason RULE_NOT_FOUND) for an unknown key.
grpc::Status GetRuleHistory(const Rulebook& book, const common::v1::GetRuleHistoryRequest& request,
                            common::v1::GetRuleHistoryResponse* response);
// A year's days off and make-up working Saturdays.
grpc::Status ListHolidays(const WorkingDayCalendar& calendar,
                          const common::v1::ListHolidaysRequest& request,
                          common::v1::ListHolidaysResponse* response);

}  // namespace partywork::rulebook
