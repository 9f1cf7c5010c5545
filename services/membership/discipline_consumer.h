// Membership's side of discipline (DOMAIN §6): it follows inspection's feed
// and applies, once per discipline case, the form in force after each
// decision: an expulsion (khai trừ) as the member's EXPELLED status event,
// through the same history rules as RecordMemberEvent; a dissolution (giải
// tán) as the reorganization ReorganizeOrganizations makes, its members
// transferred to the decision's cell; and, when an appeal annuls or softens
// an expulsion, the member restored by a correction voiding it. What it
// could not apply is kept with the reason (applied_discipline). The
// checkpoint is kept in membership's schema, in the transaction of the change.
#pragma once

#include "libs/platform/service_main.h"
#include "partywork/common/v1/feed.pb.h"
#include "pqxx/pqxx"

namespace partywork::membership {

// Applies one event of inspection's feed; events other than a decision or
// an appeal's outcome on an expulsion or dissolution change nothing.
void ApplyInspectionEvent(pqxx::work& tx, const common::v1::Event& event);

// Adds the `inspection-address` setting to `spec` and a consumer of
// inspection's feed to the parts its wiring builds.
void AddDisciplineConsumer(ServiceSpec& spec);

}  // namespace partywork::membership
