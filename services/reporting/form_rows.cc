#include "services/reporting/form_rows.h"

namespace partywork::reporting {

void AddColumn(v1::StatisticsForm& form, const std::string& heading, bool percent) {
  auto* c = form.add_columns();
  c->set_heading(heading);
  c->set_percent(percent);
}

v1::FormRow* AddRow(v1::StatisticsForm& form, const std::string& code, const std::string& label,
                    std::vector<double> values, int decimals) {
  auto* row = form.add_rows();
  row->set_code(code);
  row->set_label(label);
  for (double v : values) row->add_values(v);
  row->set_decimals(decimals);
  return row;
}

void AddHeading(v1::StatisticsForm& form, const std::string& code, const std::string& label) {
  AddRow(form, code, label, {})->set_heading(true);
}

}  // namespace partywork::reporting
