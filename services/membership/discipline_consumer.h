// Membership's side of discipline (DOMAIN §6): it follows inspection's feed
// and applies an expulsion (khai trừ) decision as the member's EXPELLED
// status event, through the same history rules as RecordMemberEvent, once
// per decision. The checkpoint is kept in membership's schema, in the
// transaction of the change.
#pragma once

#include "libs/platform/service_main.h"
#include "partywork/common/v1/feed.pb.h"
#include "pqxx/pqxx"

namespace partywork::membership {

// Applies one event of inspection's feed; events other than a decided
// expulsion change nothing.
void ApplyInspectionEvent(pqxx::work& tx, const common::v1::Event& event);

// Adds the `inspection-address` setting to `spec` and a consumer of
// inspection's feed to the parts its wiring builds.
void AddDisciplineConsumer(ServiceSpec& spec);

}  // namespace partywork::membership
