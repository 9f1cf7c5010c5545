#include "services/membership/target_store.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "libs/platform/db/database.h"
#include "libs/platform/resource.h"
#include "services/membership/organization_store.h"

namespace partywork::membership {
namespace {

// The counts as "category:count,…", in category order.
constexpr char kColumns[] =
    "t.id, t.organization_id, t.source, t.period_start::text, t.period_end::text, t.document, "
    "t.version, extract(epoch FROM t.created_at)::float8, extract(epoch FROM "
    "t.updated_at)::float8, "
    "(SELECT coalesce(string_agg(c.category || ':' || c.count, ',' ORDER BY c.category), '') "
    "FROM membership.admission_target_counts c WHERE c.target_id = t.id)";

TargetRow FromRow(const pqxx::row& r) {
  TargetRow row;
  row.id = r[0].as<int64_t>();
  row.organization_id = r[1].as<int64_t>();
  row.source = r[2].as<int>();
  row.period_start = db::DayOf(r[3]);
  row.period_end = db::DayOf(r[4]);
  row.document = r[5].as<std::string>();
  row.version = r[6].as<int>();
  row.created_at = db::TimeOf(r[7]);
  row.updated_at = db::TimeOf(r[8]);
  for (absl::string_view pair : absl::StrSplit(r[9].as<std::string>(), ',', absl::SkipEmpty())) {
    std::pair<std::string, std::string> parts = absl::StrSplit(pair, ':');
    int category = 0, count = 0;
    if (absl::SimpleAtoi(parts.first, &category) && absl::SimpleAtoi(parts.second, &count)) {
      row.counts.emplace_back(category, count);
    }
  }
  return row;
}

void InsertCounts(pqxx::transaction_base& tx, const TargetRow& row) {
  static const db::Statement kInsert{
      "membership_target_count_insert",
      "INSERT INTO membership.admission_target_counts (target_id, category, count) "
      "VALUES ($1, $2, $3)"};
  for (const auto& [category, count] : row.counts) db::Exec(tx, kInsert, row.id, category, count);
}

}  // namespace

int64_t InsertTarget(pqxx::transaction_base& tx, const TargetRow& row) {
  static const db::Statement kInsert{
      "membership_target_insert",
      "INSERT INTO membership.admission_targets (organization_id, source, period_start, "
      "period_end, document) VALUES ($1, $2, $3::date, $4::date, $5) RETURNING id"};
  TargetRow stored = row;
  stored.id = db::Exec(tx, kInsert, row.organization_id, row.source, FormatDay(row.period_start),
                       FormatDay(row.period_end), row.document)[0][0]
                  .as<int64_t>();
  InsertCounts(tx, stored);
  return stored.id;
}

void UpdateTarget(pqxx::transaction_base& tx, const TargetRow& row) {
  static const db::Statement kUpdate{
      "membership_target_update",
      "UPDATE membership.admission_targets SET document = $2, version = version + 1, "
      "updated_at = now() WHERE id = $1"};
  static const db::Statement kClear{
      "membership_target_counts_clear",
      "DELETE FROM membership.admission_target_counts WHERE target_id = $1"};
  db::Exec(tx, kUpdate, row.id, row.document);
  db::Exec(tx, kClear, row.id);
  InsertCounts(tx, row);
}

std::optional<TargetRow> FindTarget(pqxx::transaction_base& tx, int64_t id, bool for_update) {
  static const db::Statement kFind{
      "membership_target_find",
      absl::StrCat("SELECT ", kColumns, " FROM membership.admission_targets t WHERE t.id = $1")};
  static const db::Statement kLock{
      "membership_target_find_for_update",
      absl::StrCat("SELECT ", kColumns,
                   " FROM membership.admission_targets t WHERE t.id = $1 FOR UPDATE")};
  auto r = db::Exec(tx, for_update ? kLock : kFind, id);
  if (r.empty()) return std::nullopt;
  return FromRow(r[0]);
}

std::vector<TargetRow> ListTargetRows(pqxx::transaction_base& tx, std::optional<int64_t> root,
                                      absl::CivilDay day, std::optional<absl::CivilDay> in_force_on,
                                      int64_t after_id, int limit) {
  static const db::Statement kList{
      "membership_target_list",
      absl::StrCat("SELECT ", kColumns, " FROM membership.admission_targets t WHERE ",
                   InSubtreeSql("t.organization_id"),
                   " AND ($3::date IS NULL OR $3::date BETWEEN t.period_start AND t.period_end) "
                   "AND t.id > $4 ORDER BY t.id LIMIT $5")};
  std::optional<std::string> on;
  if (in_force_on) on = FormatDay(*in_force_on);
  std::vector<TargetRow> out;
  for (const auto& r : db::Exec(tx, kList, root, FormatDay(day), on, after_id, limit)) {
    out.push_back(FromRow(r));
  }
  return out;
}

}  // namespace partywork::membership
