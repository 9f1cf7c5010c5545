// gRPC handlers of partywork.reporting.v1.ReportingService.
#pragma once

#include "libs/platform/db/database.h"
#include "partywork/reporting/v1/reporting_service.grpc.pb.h"

namespace partywork::reporting {

inline constexpr char kSchema[] = "reporting";

class ReportingService final : public v1::ReportingService::CallbackService {
 public:
  explicit ReportingService(db::Database& db) : db_(db) {}

  grpc::ServerUnaryReactor* GetFeedPositions(grpc::CallbackServerContext* context,
                                             const v1::GetFeedPositionsRequest* request,
                                             v1::GetFeedPositionsResponse* response) override;

 private:
  db::Database& db_;
};

}  // namespace partywork::reporting
