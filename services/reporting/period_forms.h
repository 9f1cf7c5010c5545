// The inspection and admission reports laid out as tables (the shape of a
// statistics form), for their CSV and XLSX exports.
#pragma once

#include "partywork/reporting/v1/reporting_service.pb.h"

namespace partywork::reporting {

// One column "Số lượng": 1 programs by actor and year (planned, opened,
// concluded), 2 work of the period by kind (of members, of organizations,
// concluded, with violations), 3 coverage (covered, total, %), 4 discipline
// by form and subject, annulled, the violation rate by year, 5 petitions.
v1::StatisticsForm InspectionForm(const v1::InspectionReport& report);

// One row per category: admitted, the resolution's target and its share,
// the plan's target and its share (0 where the target has no count).
v1::StatisticsForm AdmissionForm(const v1::AdmissionReport& report);

}  // namespace partywork::reporting
