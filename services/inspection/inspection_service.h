// gRPC handlers of partywork.inspection.v1.InspectionService: requests into
// domain checks and storage calls, one transaction per call. One file of
// handlers per resource (program_handlers.cc, …); handler_support.h holds
// what they share.
#pragma once

#include "libs/platform/db/database.h"
#include "libs/platform/feed/event_feed.h"
#include "partywork/inspection/v1/inspection_service.grpc.pb.h"

namespace partywork::inspection {

inline constexpr char kSchema[] = "inspection";

class InspectionService final : public v1::InspectionService::CallbackService {
 public:
  InspectionService(db::Database& db, feed::EventFeed& feed) : db_(db), feed_(feed) {}

  // program_handlers.cc: programs, their progress, coverage.
  grpc::ServerUnaryReactor* CreateProgram(grpc::CallbackServerContext* context,
                                          const v1::CreateProgramRequest* request,
                                          v1::Program* response) override;
  grpc::ServerUnaryReactor* GetProgram(grpc::CallbackServerContext* context,
                                       const v1::GetProgramRequest* request,
                                       v1::Program* response) override;
  grpc::ServerUnaryReactor* GetProgramProgress(grpc::CallbackServerContext* context,
                                               const v1::GetProgramProgressRequest* request,
                                               v1::ProgramProgress* response) override;
  grpc::ServerUnaryReactor* GetCoverage(grpc::CallbackServerContext* context,
                                        const v1::GetCoverageRequest* request,
                                        v1::Coverage* response) override;

  // inspection_handlers.cc.
  grpc::ServerUnaryReactor* CreateInspection(grpc::CallbackServerContext* context,
                                             const v1::CreateInspectionRequest* request,
                                             v1::Inspection* response) override;
  grpc::ServerUnaryReactor* GetInspection(grpc::CallbackServerContext* context,
                                          const v1::GetInspectionRequest* request,
                                          v1::Inspection* response) override;
  grpc::ServerUnaryReactor* ListInspections(grpc::CallbackServerContext* context,
                                            const v1::ListInspectionsRequest* request,
                                            v1::ListInspectionsResponse* response) override;
  grpc::ServerUnaryReactor* RecordInspectionStep(grpc::CallbackServerContext* context,
                                                 const v1::RecordInspectionStepRequest* request,
                                                 v1::Inspection* response) override;

  // petition_handlers.cc.
  grpc::ServerUnaryReactor* CreatePetition(grpc::CallbackServerContext* context,
                                           const v1::CreatePetitionRequest* request,
                                           v1::Petition* response) override;
  grpc::ServerUnaryReactor* GetPetition(grpc::CallbackServerContext* context,
                                        const v1::GetPetitionRequest* request,
                                        v1::Petition* response) override;
  grpc::ServerUnaryReactor* ListPetitions(grpc::CallbackServerContext* context,
                                          const v1::ListPetitionsRequest* request,
                                          v1::ListPetitionsResponse* response) override;
  grpc::ServerUnaryReactor* RecordPetitionStep(grpc::CallbackServerContext* context,
                                               const v1::RecordPetitionStepRequest* request,
                                               v1::Petition* response) override;

  // discipline_handlers.cc.
  grpc::ServerUnaryReactor* CreateDisciplineCase(grpc::CallbackServerContext* context,
                                                 const v1::CreateDisciplineCaseRequest* request,
                                                 v1::DisciplineCase* response) override;
  grpc::ServerUnaryReactor* GetDisciplineCase(grpc::CallbackServerContext* context,
                                              const v1::GetDisciplineCaseRequest* request,
                                              v1::DisciplineCase* response) override;
  grpc::ServerUnaryReactor* RecordDisciplineStep(grpc::CallbackServerContext* context,
                                                 const v1::RecordDisciplineStepRequest* request,
                                                 v1::DisciplineCase* response) override;

  // list_handlers.cc.
  grpc::ServerUnaryReactor* ListPrograms(grpc::CallbackServerContext* context,
                                         const v1::ListProgramsRequest* request,
                                         v1::ListProgramsResponse* response) override;
  grpc::ServerUnaryReactor* ListDisciplineCases(grpc::CallbackServerContext* context,
                                                const v1::ListDisciplineCasesRequest* request,
                                                v1::ListDisciplineCasesResponse* response) override;

 private:
  db::Database& db_;
  feed::EventFeed& feed_;
};

}  // namespace partywork::inspection
