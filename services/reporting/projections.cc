#include "services/reporting/projections.h"

#include "libs/platform/db/database.h"
#include "libs/platform/resource.h"
#include "partywork/membership/v1/organization.pb.h"

namespace partywork::reporting {

void ApplyMembershipEvent(pqxx::work& tx, const common::v1::Event& event) {
  membership::v1::OrganizationEstablished established;
  if (event.payload().UnpackTo(&established)) {
    static const db::Statement kUpsert{
        "reporting_org_established",
        "INSERT INTO reporting.organizations "
        "(id, display_name, kind, org_type, parent_id, established_on) "
        "VALUES ($1, $2, $3, $4, $5, $6::date) ON CONFLICT (id) DO UPDATE SET "
        "display_name = EXCLUDED.display_name, kind = EXCLUDED.kind, "
        "org_type = EXCLUDED.org_type, parent_id = EXCLUDED.parent_id, "
        "established_on = EXCLUDED.established_on"};
    const auto& o = established.organization();
    db::Exec(tx, kUpsert, ResourceId(o.name(), "organizations").value_or(0), o.display_name(),
             static_cast<int>(o.kind()), static_cast<int>(o.type()),
             ResourceId(o.parent(), "organizations"),
             FormatDay(ToCivilDay(o.established_on()).value_or(absl::CivilDay())));
  }
  // Event types reporting has no read model for are acknowledged as applied.
}

void ApplyInspectionEvent(pqxx::work&, const common::v1::Event&) {
  // No inspection read model yet: events are acknowledged as applied.
}

}  // namespace partywork::reporting
