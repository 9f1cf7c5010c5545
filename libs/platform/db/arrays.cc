#include "libs/platform/db/arrays.h"

#include "absl/strings/str_cat.h"
#include "libs/platform/resource.h"

namespace partywork::db {

Columns& Columns::Element(absl::string_view element) {
  std::string& column = columns_[added_ % columns_.size()];
  if (added_ >= columns_.size()) column += ',';
  absl::StrAppend(&column, element);
  ++added_;
  return *this;
}

Columns& Columns::Add(absl::string_view text) {
  // Inside an array literal's double quotes only " and \ are escaped.
  std::string quoted = "\"";
  quoted.reserve(text.size() + 2);
  for (char c : text) {
    if (c == '"' || c == '\\') quoted += '\\';
    quoted += c;
  }
  quoted += '"';
  return Element(quoted);
}

Columns& Columns::Add(int64_t value) { return Element(absl::StrCat(value)); }

Columns& Columns::Add(absl::CivilDay day) { return Element(FormatDay(day)); }

Columns& Columns::Null() { return Element("NULL"); }

int64_t Columns::rows() const { return static_cast<int64_t>(added_ / columns_.size()); }

std::vector<std::string> Columns::Literals() const {
  std::vector<std::string> out;
  out.reserve(columns_.size());
  for (const std::string& c : columns_) out.push_back(absl::StrCat("{", c, "}"));
  return out;
}

pqxx::result ExecRows(pqxx::transaction_base& tx, const Statement& statement,
                      const Columns& columns, const std::vector<std::string>& more) {
  tx.conn().prepare(statement.name, statement.sql);
  std::vector<std::string> literals = columns.Literals();
  literals.insert(literals.end(), more.begin(), more.end());
  return tx.exec_prepared(statement.name, pqxx::prepare::make_dynamic_params(literals));
}

}  // namespace partywork::db
