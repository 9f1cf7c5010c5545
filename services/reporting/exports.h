// Reports as files: CSV, an XLSX laid out as the office's forms (with a
// chart where one reads better than numbers), and the Vietnamese narrative
// of a period's report in the style of the Khối's own reports.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "partywork/reporting/v1/reporting_service.pb.h"
#include "services/reporting/forms.h"

namespace partywork::reporting {

// A chart of the rows under a heading row (their codes start with
// `section` + "."; every row when `section` is empty): a pie of the form's
// first column, or columns side by side of its first `series` columns (e.g.
// admitted against the target), each series named by its column's heading.
struct Chart {
  std::string title;
  std::string section;
  int series = 0;  // 0: a pie of the first column
};

// One header line (code, label, the columns' headings), then one line per
// row; values as numbers with a decimal point, RFC 4180 quoting.
std::string ToCsv(const v1::StatisticsForm& form);

// The form on one sheet: title, subtree and period, a header row, one row
// per form row (numbers as numbers, Vietnamese number formats), and the
// chart if asked.
absl::StatusOr<std::string> ToXlsx(const v1::StatisticsForm& form,
                                   const std::optional<Chart>& chart);

// What the narrative of a period says.
struct NarrativeFacts {
  std::string root_display_name;
  Period period;
  Composition members;                           // on the period's last day
  Composition members_before;                    // on the same day a year before
  std::vector<OrganizationCount> organizations;  // on the period's last day
  GainsAndLosses movements;
  std::vector<std::string> reorganizations;  // "giải thể Chi bộ …", in date order
};
std::string Narrative(const NarrativeFacts& facts);

}  // namespace partywork::reporting
