// The inspection, admission, rating and committee reports laid out as tables (the shape of a
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

// Columns "Số lượng" and "Tỷ lệ (%)": 1 members by grade (share of those
// rated), 2 members of the rating day, rated and not rated by why (share of
// all), 3 base organizations and 4 subordinate ones by grade and not rated,
// 5 each target in its words, met or not (the count and the share).
v1::StatisticsForm RatingForm(const v1::RatingReport& report);

// One column for the term (and one for the term before when the report has
// it): 1 committee members by role, 2 women, 3 minorities, 4 mean age,
// 5 qualification, 6 political theory, 7 secretaries, of whom heads of the
// unit, and their share.
v1::StatisticsForm CommitteeForm(const v1::CommitteeReport& report);

}  // namespace partywork::reporting
