// Building blocks of a v1::StatisticsForm, shared by every table-shaped report
// so that the forms, the inspection and the admission reports lay out alike.
#pragma once

#include <string>
#include <vector>

#include "partywork/reporting/v1/reporting_service.pb.h"

namespace partywork::reporting {

// Adds a column; `percent` marks a share, shown with a % sign.
void AddColumn(v1::StatisticsForm& form, const std::string& heading, bool percent = false);

// Adds a row of figures; `decimals` is 2 for a percentage.
v1::FormRow* AddRow(v1::StatisticsForm& form, const std::string& code, const std::string& label,
                    std::vector<double> values, int decimals = 0);

// Adds a row without figures that heads the rows below it.
void AddHeading(v1::StatisticsForm& form, const std::string& code, const std::string& label);

}  // namespace partywork::reporting
