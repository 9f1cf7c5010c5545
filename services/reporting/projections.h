// Read models of reporting, built from the feeds of membership and
// inspection: each event is applied in the consumer's transaction, together
// with the feed checkpoint, so a replay never counts twice.
#pragma once

#include <string>

#include "partywork/common/v1/feed.pb.h"
#include "pqxx/pqxx"

namespace partywork::reporting {

void ApplyMembershipEvent(pqxx::work& tx, const common::v1::Event& event);
void ApplyInspectionEvent(pqxx::work& tx, const common::v1::Event& event);

// Empties every read model and the feed checkpoints (for `rebuild`), in
// the caller's transaction.
void ClearReadModels(pqxx::work& tx);

}  // namespace partywork::reporting
