#include "services/reporting/party_work_store.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "libs/platform/db/database.h"
#include "libs/platform/resource.h"

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

// Rows of (member, day, kind[, years]).
std::vector<MemberDay> Rows(const pqxx::result& result) {
  std::vector<MemberDay> out;
  for (const auto& r : result) {
    out.push_back(
        {r[0].as<int64_t>(), db::DayOf(r[1]), r[2].as<int>(), r.size() > 3 ? r[3].as<int>() : 0});
  }
  return out;
}

}  // namespace

std::vector<MemberDay> LoadMemberEvents(pqxx::transaction_base& tx, absl::CivilDay start,
                                        absl::CivilDay end, const std::vector<int>& kinds) {
  static const db::Statement kEvents{
      "reporting_member_events_of_kinds",
      "SELECT member_id, effective_on::text, kind FROM reporting.member_events "
      "WHERE effective_on BETWEEN $1::date AND $2::date AND kind = ANY($3::smallint[]) "
      "AND NOT voided ORDER BY effective_on, member_id, event_id"};
  return Rows(db::Exec(tx, kEvents, FormatDay(start), FormatDay(end),
                       absl::StrCat("{", absl::StrJoin(kinds, ","), "}")));
}

std::vector<MemberDay> LoadCardIssues(pqxx::transaction_base& tx, absl::CivilDay start,
                                      absl::CivilDay end) {
  static const db::Statement kIssues{
      "reporting_party_card_issues_of_period",
      "SELECT member_id, issued_on::text, kind FROM reporting.party_card_issues "
      "WHERE issued_on BETWEEN $1::date AND $2::date ORDER BY issued_on, id"};
  return Rows(db::Exec(tx, kIssues, FormatDay(start), FormatDay(end)));
}

std::vector<MemberDay> LoadAwards(pqxx::transaction_base& tx, absl::CivilDay start,
                                  absl::CivilDay end) {
  static const db::Statement kAwards{
      "reporting_member_awards_of_period",
      "SELECT member_id, awarded_on::text, kind, badge_years FROM reporting.member_awards "
      "WHERE awarded_on BETWEEN $1::date AND $2::date ORDER BY awarded_on, id"};
  return Rows(db::Exec(tx, kAwards, FormatDay(start), FormatDay(end)));
}

std::vector<MemberDay> AdmittedBetween(pqxx::transaction_base& tx, absl::CivilDay from,
                                       absl::CivilDay to) {
  // Any version in range finds the member; the latest version decides.
  static const db::Statement kAdmitted{
      "reporting_admitted_between",
      "SELECT m.member_id, l.admitted_on::text, 0 FROM (SELECT DISTINCT member_id FROM "
      "reporting.member_records WHERE admitted_on BETWEEN $1::date AND $2::date) m JOIN LATERAL "
      "(SELECT admitted_on FROM reporting.member_records r WHERE r.member_id = m.member_id ORDER "
      "BY valid_from DESC LIMIT 1) l ON true WHERE l.admitted_on BETWEEN $1::date AND $2::date "
      "ORDER BY m.member_id"};
  return Rows(db::Exec(tx, kAdmitted, FormatDay(from), FormatDay(to)));
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
