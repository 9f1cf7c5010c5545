// Many rows in one statement: each column sent as one PostgreSQL array and
// spread again by unnest(), so a batch of rows costs one round trip, e.g.
//   INSERT INTO t (a, b) SELECT * FROM unnest($1::bigint[], $2::text[])
// Values are sent as quoted array elements, NULL unquoted; the statement's
// casts give them their types.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "libs/platform/db/database.h"

namespace partywork::db {

class Columns {
 public:
  explicit Columns(int columns) : columns_(static_cast<size_t>(columns)) {}

  // Values are added row by row, in column order.
  Columns& Add(absl::string_view text);
  Columns& Add(const char* text) { return Add(absl::string_view(text)); }
  Columns& Add(const std::string& text) { return Add(absl::string_view(text)); }
  Columns& Add(int64_t value);
  Columns& Add(int value) { return Add(static_cast<int64_t>(value)); }
  Columns& Add(bool value) { return Add(absl::string_view(value ? "t" : "f")); }
  Columns& Add(absl::CivilDay day);
  template <typename T>
  Columns& Add(const std::optional<T>& value) {
    return value ? Add(*value) : Null();
  }
  Columns& Null();

  int64_t rows() const;
  bool empty() const { return added_ == 0; }
  // The columns as array literals ("{…}"), the statement's parameters.
  std::vector<std::string> Literals() const;

 private:
  Columns& Element(absl::string_view element);

  std::vector<std::string> columns_;  // elements so far, comma-separated
  size_t added_ = 0;                  // values added, over all columns
};

// Executes `statement` with `columns` as its parameters $1…$n, then `more`
// as $n+1….
pqxx::result ExecRows(pqxx::transaction_base& tx, const Statement& statement,
                      const Columns& columns, const std::vector<std::string>& more = {});

}  // namespace partywork::db
