#include "services/membership/award_store.h"

#include "absl/strings/str_cat.h"
#include "libs/platform/db/database.h"
#include "libs/platform/resource.h"

namespace partywork::membership {
namespace {

constexpr char kColumns[] =
    "a.id, a.member_id, a.kind, a.badge_years, a.awarded_on::text, a.decision, a.awarded_by, "
    "a.note, a.recorded_by, extract(epoch FROM a.created_at)::float8";

AwardRow FromRow(const pqxx::row& r) {
  AwardRow row;
  row.id = r[0].as<int64_t>();
  row.member_id = r[1].as<int64_t>();
  row.kind = r[2].as<int>();
  row.badge_years = r[3].as<int>();
  row.awarded_on = db::DayOf(r[4]);
  row.decision = r[5].as<std::string>();
  row.awarded_by = r[6].as<std::string>();
  row.note = r[7].as<std::string>();
  row.recorded_by = r[8].as<std::string>();
  row.created_at = db::TimeOf(r[9]);
  return row;
}

}  // namespace

AwardRow InsertAward(pqxx::transaction_base& tx, const AwardRow& row) {
  static const db::Statement kInsert{
      "membership_award_insert",
      absl::StrCat("INSERT INTO membership.member_awards AS a (member_id, kind, badge_years, "
                   "awarded_on, decision, awarded_by, note, recorded_by) "
                   "VALUES ($1, $2, $3, $4::date, $5, $6, $7, $8) RETURNING ",
                   kColumns)};
  return FromRow(db::Exec(tx, kInsert, row.member_id, row.kind, row.badge_years,
                          FormatDay(row.awarded_on), row.decision, row.awarded_by, row.note,
                          row.recorded_by)[0]);
}

std::vector<AwardRow> ListAwardRows(pqxx::transaction_base& tx, int64_t member_id) {
  static const db::Statement kList{
      "membership_award_list",
      absl::StrCat("SELECT ", kColumns,
                   " FROM membership.member_awards a WHERE a.member_id = $1 "
                   "ORDER BY a.awarded_on, a.id")};
  std::vector<AwardRow> out;
  for (const auto& r : db::Exec(tx, kList, member_id)) out.push_back(FromRow(r));
  return out;
}

std::vector<int> BadgesHeld(pqxx::transaction_base& tx, int64_t member_id) {
  static const db::Statement kBadges{
      "membership_award_badges_held",
      "SELECT badge_years FROM membership.member_awards WHERE member_id = $1 AND kind = 1 "
      "ORDER BY badge_years"};
  std::vector<int> out;
  for (const auto& r : db::Exec(tx, kBadges, member_id)) out.push_back(r[0].as<int>());
  return out;
}

}  // namespace partywork::membership
