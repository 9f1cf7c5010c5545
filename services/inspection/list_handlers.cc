// Handlers of the lists of programs and discipline cases: an organization's
// programs by year, and the cases of a subtree or against one subject (a
// member's dossier).
#include "libs/platform/errors.h"
#include "libs/platform/unary.h"
#include "services/inspection/handler_support.h"
#include "services/inspection/inspection_service.h"
#include "services/inspection/list_store.h"

namespace partywork::inspection {

grpc::ServerUnaryReactor* InspectionService::ListPrograms(grpc::CallbackServerContext* context,
                                                          const v1::ListProgramsRequest* request,
                                                          v1::ListProgramsResponse* response) {
  return ServeOnDatabase(
      context, db_, [=](const CallContext& call, pqxx::connection& conn) -> grpc::Status {
        std::vector<FieldViolation> v;
        auto organization = RequiredId(request->organization(), "organizations", "organization", v);
        // The years CreateProgram accepts.
        if (request->year() != 0 && (request->year() < 2000 || request->year() > 2100)) {
          v.push_back({"year", "must be 0 (every year) or from 2000 to 2100"});
        }
        const PageWindow page = ReadPage(request->page_token(), request->page_size(), v);
        if (!v.empty()) return errors::InvalidArgument(v);
        pqxx::read_transaction tx(conn);
        if (auto s = CheckScope(tx, call, *organization, Today()); !s.ok()) return s;
        auto rows = ListProgramPage(tx, *organization, request->year(), page.after, page.size + 1);
        response->set_next_page_token(
            TakePage(rows, page.size, kPrograms, response->mutable_programs()));
        return grpc::Status::OK;
      });
}

grpc::ServerUnaryReactor* InspectionService::ListDisciplineCases(
    grpc::CallbackServerContext* context, const v1::ListDisciplineCasesRequest* request,
    v1::ListDisciplineCasesResponse* response) {
  return ServeOnDatabase(
      context, db_, [=](const CallContext& call, pqxx::connection& conn) -> grpc::Status {
        std::vector<FieldViolation> v;
        auto root = ReadListFilter(request->organization(), request->subject(), v);
        const PageWindow page = ReadPage(request->page_token(), request->page_size(), v);
        if (!v.empty()) return errors::InvalidArgument(v);
        pqxx::read_transaction tx(conn);
        std::optional<std::vector<int64_t>> organizations;
        if (auto s = ListedOrganizations(tx, call, root, &organizations); !s.ok()) return s;
        auto rows = ListDisciplineCasePage(tx, organizations, request->subject(), page.after,
                                           page.size + 1);
        response->set_next_page_token(
            TakePage(rows, page.size, kDisciplineCases, response->mutable_discipline_cases()));
        return grpc::Status::OK;
      });
}

}  // namespace partywork::inspection
