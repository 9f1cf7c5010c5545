// The rulebook and the working-day calendar, served from memory with the
// converter inspection shares (libs/platform/rulebook_api.h).
#include "libs/platform/rulebook_api.h"
#include "libs/platform/unary.h"
#include "services/membership/membership_service.h"

namespace partywork::membership {

grpc::ServerUnaryReactor* MembershipService::ListRules(grpc::CallbackServerContext* context,
                                                       const common::v1::ListRulesRequest* request,
                                                       common::v1::ListRulesResponse* response) {
  return ServeFromMemory(context, [=] {
    return rulebook::ListRules(rulebook::Rulebook::Standard(), *request, response);
  });
}

grpc::ServerUnaryReactor* MembershipService::GetRuleHistory(
    grpc::CallbackServerContext* context, const common::v1::GetRuleHistoryRequest* request,
    common::v1::GetRuleHistoryResponse* response) {
  return ServeFromMemory(context, [=] {
    return rulebook::GetRuleHistory(rulebook::Rulebook::Standard(), *request, response);
  });
}

grpc::ServerUnaryReactor* MembershipService::ListHolidays(
    grpc::CallbackServerContext* context, const common::v1::ListHolidaysRequest* request,
    common::v1::ListHolidaysResponse* response) {
  return ServeFromMemory(context, [=] {
    return rulebook::ListHolidays(rulebook::WorkingDayCalendar::Vietnam(), *request, response);
  });
}

}  // namespace partywork::membership
