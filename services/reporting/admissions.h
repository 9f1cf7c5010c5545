// Admissions (kết nạp đảng viên) of a period by category, against the
// targets of the root's resolution and of the provincial plan (DOMAIN §4,
// §7). CategoriesOf and AdmissionFigures are plain rules; FillAdmissionReport
// reads the read models.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "partywork/membership/v1/target.pb.h"
#include "partywork/reporting/v1/reporting_service.pb.h"
#include "pqxx/pqxx"

namespace partywork::reporting {

// One admission as the reports need it: the member's record on the day.
struct Admission {
  absl::CivilDay day;
  bool female = false;
  absl::CivilDay birth_date;
  std::string ethnicity;
  bool student = false;
  int organization_type = 0;  // of the cell's base organization
};

// TOTAL and each category the admission counts in: students; Youth-Union
// age (at most admission.youth_union_max_age_years full years on the day);
// women; minorities (every ethnicity but Kinh); private enterprise (a
// private joint-stock base organization).
std::vector<membership::v1::AdmissionCategory> CategoriesOf(const Admission& a);

// A target's counts by category.
struct TargetCounts {
  v1::TargetReference reference;
  std::map<int, int> counts;  // AdmissionCategory → count
};

// The figures by category, TOTAL first, with each target's count and share
// (admitted / count in %, 0 for a count of 0) where the target has one.
std::vector<v1::AdmissionFigure> AdmissionFigures(const std::map<int, int>& admitted,
                                                  const std::optional<TargetCounts>& resolution,
                                                  const std::optional<TargetCounts>& plan);
// "Đã kết nạp 26 đảng viên, đạt 21,6 % Nghị quyết, 27,7 % kế hoạch Tỉnh ủy
// giao." (the parts for the targets the report has).
std::string AdmissionSummary(const v1::AdmissionReport& report);

void FillAdmissionReport(pqxx::transaction_base& tx, int64_t root, absl::CivilDay start,
                         absl::CivilDay end, v1::AdmissionReport* out);

}  // namespace partywork::reporting
