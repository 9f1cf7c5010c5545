#include "services/reporting/reporting_service.h"

#include "libs/platform/unary.h"

namespace partywork::reporting {

grpc::ServerUnaryReactor* ReportingService::GetFeedPositions(
    grpc::CallbackServerContext* context, const v1::GetFeedPositionsRequest*,
    v1::GetFeedPositionsResponse* response) {
  return ServeOnDatabase(context, db_, [=](const CallContext&, pqxx::connection& conn) {
    static const db::Statement kPositions{
        "reporting_feed_positions",
        "SELECT feed, last_sequence FROM reporting.feed_checkpoints ORDER BY feed"};
    pqxx::read_transaction tx(conn);
    for (const auto& row : db::Exec(tx, kPositions)) {
      auto* position = response->add_positions();
      position->set_feed(row[0].as<std::string>());
      position->set_applied_sequence(row[1].as<int64_t>());
    }
    return grpc::Status::OK;
  });
}

}  // namespace partywork::reporting
