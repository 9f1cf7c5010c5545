#include "services/reporting/party_work_store.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "libs/platform/db/database.h"
#include "libs/platform/resource.h"
#include "services/reporting/row_stream.h"

namespace partywork::reporting {
namespace {

// Days as a PostgreSQL array literal.
std::string DayArray(const std::vector<MemberDay>& rows) {
  std::vector<std::string> days;
  for (const auto& r : rows) days.push_back(FormatDay(r.day));
  return absl::StrCat("{", absl::StrJoin(days, ","), "}");
}

std::string MemberArray(const std::vector<MemberDay>& rows) {
  return absl::StrCat(
      "{",
      absl::StrJoin(rows, ",",
                    [](std::string* out, const MemberDay& r) { absl::StrAppend(out, r.member); }),
      "}");
}

// The rows (member, day, kind[, years]) of `sql` a page at a time.
template <typename... Args>
void Pages(pqxx::transaction_base& tx, const std::string& sql, const MemberDayPage& each,
           Args&&... args) {
  std::vector<MemberDay> page;
  ForEachRow(
      tx, sql,
      [&](const pqxx::row& r) {
        MemberDay d{r[0].as<int64_t>(), db::DayOf(r[1]), r[2].as<int>(),
                    r.size() > 3 ? r[3].as<int>() : 0};
        if (page.size() >= static_cast<size_t>(kRowsPerPage) && d.member != page.back().member) {
          each(page);
          page.clear();
        }
        page.push_back(d);
      },
      std::forward<Args>(args)...);
  if (!page.empty()) each(page);
}

}  // namespace

void ForEachMemberEventPage(pqxx::transaction_base& tx, absl::CivilDay start, absl::CivilDay end,
                            const std::vector<int>& kinds, const MemberDayPage& each) {
  Pages(tx,
        "SELECT member_id, effective_on::text, kind FROM reporting.member_events "
        "WHERE effective_on BETWEEN $1::date AND $2::date AND kind = ANY($3::smallint[]) "
        "AND NOT voided ORDER BY effective_on, member_id, event_id",
        each, FormatDay(start), FormatDay(end), absl::StrCat("{", absl::StrJoin(kinds, ","), "}"));
}

void ForEachCardIssuePage(pqxx::transaction_base& tx, absl::CivilDay start, absl::CivilDay end,
                          const MemberDayPage& each) {
  Pages(tx,
        "SELECT member_id, issued_on::text, kind FROM reporting.party_card_issues "
        "WHERE issued_on BETWEEN $1::date AND $2::date ORDER BY issued_on, id",
        each, FormatDay(start), FormatDay(end));
}

void ForEachAwardPage(pqxx::transaction_base& tx, absl::CivilDay start, absl::CivilDay end,
                      const MemberDayPage& each) {
  Pages(tx,
        "SELECT member_id, awarded_on::text, kind, badge_years FROM reporting.member_awards "
        "WHERE awarded_on BETWEEN $1::date AND $2::date ORDER BY member_id, awarded_on, id",
        each, FormatDay(start), FormatDay(end));
}

void ForEachAdmittedPage(pqxx::transaction_base& tx, absl::CivilDay from, absl::CivilDay to,
                         const MemberDayPage& each) {
  // Any version in range finds the member; the latest version decides.
  Pages(tx,
        "SELECT m.member_id, l.admitted_on::text, 0 FROM (SELECT DISTINCT member_id FROM "
        "reporting.member_records WHERE admitted_on BETWEEN $1::date AND $2::date) m JOIN LATERAL "
        "(SELECT admitted_on FROM reporting.member_records r WHERE r.member_id = m.member_id "
        "ORDER BY valid_from DESC LIMIT 1) l ON true WHERE l.admitted_on BETWEEN $1::date AND "
        "$2::date ORDER BY m.member_id",
        each, FormatDay(from), FormatDay(to));
}

std::vector<std::optional<int64_t>> CellsOn(pqxx::transaction_base& tx,
                                            const std::vector<MemberDay>& asked) {
  static const db::Statement kCells{
      "reporting_cells_on",
      "SELECT t.i, s.organization_id FROM unnest($1::bigint[], $2::date[]) WITH ORDINALITY "
      "AS t(member_id, day, i) JOIN reporting.member_spells s ON s.member_id = t.member_id "
      "AND s.valid_from <= t.day AND s.valid_to > t.day"};
  std::vector<std::optional<int64_t>> out(asked.size());
  if (asked.empty()) return out;
  for (const auto& r : db::Exec(tx, kCells, MemberArray(asked), DayArray(asked))) {
    out[r[0].as<size_t>() - 1] = r[1].as<int64_t>();
  }
  return out;
}

}  // namespace partywork::reporting
