// gRPC handlers of partywork.reporting.v1.ReportingService.
#pragma once

#include "libs/platform/db/database.h"
#include "partywork/reporting/v1/reporting_service.grpc.pb.h"
#include "services/reporting/freshness.h"

namespace partywork::reporting {

inline constexpr char kSchema[] = "reporting";

class ReportingService final : public v1::ReportingService::CallbackService {
 public:
  ReportingService(db::Database& db, FreshnessWaiter& waiter) : db_(db), waiter_(waiter) {}

  grpc::ServerUnaryReactor* GetFeedPositions(grpc::CallbackServerContext* context,
                                             const v1::GetFeedPositionsRequest* request,
                                             v1::GetFeedPositionsResponse* response) override;
  grpc::ServerUnaryReactor* GetMembershipReport(grpc::CallbackServerContext* context,
                                                const v1::GetMembershipReportRequest* request,
                                                v1::MembershipReport* response) override;
  grpc::ServerUnaryReactor* GetStructureReport(grpc::CallbackServerContext* context,
                                               const v1::GetStructureReportRequest* request,
                                               v1::StructureReport* response) override;
  grpc::ServerUnaryReactor* GetStatisticsForm(grpc::CallbackServerContext* context,
                                              const v1::GetStatisticsFormRequest* request,
                                              v1::StatisticsForm* response) override;
  grpc::ServerUnaryReactor* ExportReport(grpc::CallbackServerContext* context,
                                         const v1::ExportReportRequest* request,
                                         v1::ExportReportResponse* response) override;
  grpc::ServerUnaryReactor* GetInspectionReport(grpc::CallbackServerContext* context,
                                                const v1::GetInspectionReportRequest* request,
                                                v1::InspectionReport* response) override;
  grpc::ServerUnaryReactor* GetAdmissionReport(grpc::CallbackServerContext* context,
                                               const v1::GetAdmissionReportRequest* request,
                                               v1::AdmissionReport* response) override;
  grpc::ServerUnaryReactor* GetRatingReport(grpc::CallbackServerContext* context,
                                            const v1::GetRatingReportRequest* request,
                                            v1::RatingReport* response) override;
  grpc::ServerUnaryReactor* GetCommitteeReport(grpc::CallbackServerContext* context,
                                               const v1::GetCommitteeReportRequest* request,
                                               v1::CommitteeReport* response) override;

 private:
  db::Database& db_;
  FreshnessWaiter& waiter_;
};

}  // namespace partywork::reporting
