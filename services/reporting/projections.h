// Read models of reporting, built from the feeds of membership and
// inspection: each event is applied in the consumer's transaction, together
// with the feed checkpoint, so a replay never counts twice.
#pragma once

#include <string>

#include "libs/platform/feed/consumer.h"
#include "partywork/common/v1/feed.pb.h"
#include "pqxx/pqxx"

namespace partywork::reporting {

// Membership's events of one batch, in order (members' spells rebuilt once
// per batch: member_projection.h).
void ApplyMembershipEvents(pqxx::work& tx, const feed::Events& events);
void ApplyInspectionEvent(pqxx::work& tx, const common::v1::Event& event);

// Empties every read model and the feed checkpoints (for `rebuild`), in
// the caller's transaction.
void ClearReadModels(pqxx::work& tx);

}  // namespace partywork::reporting
