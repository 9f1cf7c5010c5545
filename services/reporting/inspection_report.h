// The figures of the inspection report (báo cáo công tác kiểm tra, giám
// sát và thi hành kỷ luật đảng) from the read models of inspection's feed.
// Whose work counts: programs and work by the subtree's bodies (the actor's
// organization in the subtree on the day counted), discipline of the
// subtree's members and organizations (on the day decided), petitions
// received by its bodies (on the day received).
#pragma once

#include <cstdint>

#include "absl/time/civil_time.h"
#include "partywork/reporting/v1/reporting_service.pb.h"
#include "pqxx/pqxx"

namespace partywork::reporting {

void FillInspectionReport(pqxx::transaction_base& tx, int64_t root, absl::CivilDay start,
                          absl::CivilDay end, v1::InspectionReport* out);

}  // namespace partywork::reporting
