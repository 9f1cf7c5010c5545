// partywork.gateway.v1.GatewayService: the aggregated calls. Each fans out
// to the services in parallel (FanOut) under the caller's deadline, capped by
// aggregation-timeout, and answers with what came back in time; a part that
// did not is named in missing_parts. Only a refusal of the call's subject
// itself (not found, out of the caller's scope, …) fails the call.
#pragma once

#include <memory>

#include "gateway/fan_out.h"
#include "gateway/forwarding.h"
#include "partywork/gateway/v1/gateway_service.grpc.pb.h"

namespace partywork::gateway {

struct AggregationBackends {
  BackendClient* membership;
  BackendClient* inspection;
  BackendClient* reporting;
};

class AggregationService final : public v1::GatewayService::CallbackService {
 public:
  AggregationService(Admit admit, const Authorizer& authorizer, AggregationBackends backends,
                     absl::Duration timeout)
      : admit_(std::move(admit)), authorizer_(authorizer), backends_(backends), timeout_(timeout) {}

  grpc::ServerUnaryReactor* GetMemberDossier(grpc::CallbackServerContext* context,
                                             const v1::GetMemberDossierRequest* request,
                                             v1::MemberDossier* response) override;
  grpc::ServerUnaryReactor* GetOrganizationOverview(
      grpc::CallbackServerContext* context, const v1::GetOrganizationOverviewRequest* request,
      v1::OrganizationOverview* response) override;
  grpc::ServerUnaryReactor* GetDashboard(grpc::CallbackServerContext* context,
                                         const v1::GetDashboardRequest* request,
                                         v1::Dashboard* response) override;

 private:
  // Admits the call and starts its fan-out; nullptr when refused (the
  // reactor is then finished with the refusal).
  std::shared_ptr<FanOut> Begin(grpc::CallbackServerContext* context, const char* method,
                                const google::protobuf::Message& request,
                                grpc::ServerUnaryReactor* reactor);

  const Admit admit_;
  const Authorizer& authorizer_;
  const AggregationBackends backends_;
  const absl::Duration timeout_;
};

}  // namespace partywork::gateway
