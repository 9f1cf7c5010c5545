// The rows of a report's query read a page at a time through a cursor, so
// that a report over a period holds one page of rows, whatever the size of
// the tree, instead of every row of the period (docs/performance.md).
#pragma once

#include <atomic>
#include <cstdint>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "pqxx/pqxx"

namespace partywork::reporting {

// Rows fetched at a time: a page of a few hundred kilobytes.
inline constexpr int kRowsPerPage = 5000;

// A cursor's name, unique in the process (a report's transaction declares
// several and closes none before its end).
inline std::string NextCursorName() {
  static std::atomic<int64_t> cursors{0};
  return absl::StrCat("reporting_rows_", ++cursors);
}

// Runs `sql` with `args` ($1, $2 …) in `tx` (a transaction block) as a
// cursor and calls `each(row)` for every row, in the query's order. The
// cursor, read to its end, closes with the transaction. A report's
// transaction plans cursors for every row (kReportTransactionSettings).
template <typename Each, typename... Args>
void ForEachRow(pqxx::transaction_base& tx, const std::string& sql, Each&& each, Args&&... args) {
  const std::string cursor = NextCursorName();
  tx.exec_params0(absl::StrCat("DECLARE ", cursor, " NO SCROLL CURSOR FOR ", sql),
                  std::forward<Args>(args)...);
  const std::string fetch = absl::StrCat("FETCH FORWARD ", kRowsPerPage, " FROM ", cursor);
  for (;;) {
    const pqxx::result page = tx.exec(fetch);
    for (const auto& row : page) each(row);
    if (page.size() < static_cast<size_t>(kRowsPerPage)) break;
  }
}

// The settings of a report's transaction, one statement: no JIT (reports
// are many short index reads: compiling them costs more than it saves), and
// cursors planned for every row, as the same query without a cursor is (a
// cursor is planned for its first tenth by default).
inline constexpr char kReportTransactionSettings[] =
    "SET LOCAL jit = off; SET LOCAL cursor_tuple_fraction = 1";

}  // namespace partywork::reporting
