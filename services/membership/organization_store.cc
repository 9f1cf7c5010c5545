#include "services/membership/organization_store.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "libs/platform/db/database.h"
#include "libs/platform/resource.h"

namespace partywork::membership {
namespace {

using db::DayOf;

// Columns of `o` (organizations) joined with `v` (the version shown).
constexpr char kColumns[] =
    "o.id, v.display_name, v.kind, v.org_type, v.parent_id, o.established_on::text, "
    "o.dissolved_on::text, v.valid_from::text, "
    "(SELECT max(valid_from) FROM membership.organization_versions l "
    "WHERE l.organization_id = o.id)::text, "
    "o.version, extract(epoch FROM o.created_at)::float8";

// The version in force on $2, or the last one before it.
constexpr char kAsOf[] =
    " FROM membership.organizations o "
    "JOIN LATERAL (SELECT * FROM membership.organization_versions v "
    "WHERE v.organization_id = o.id AND v.valid_from <= $2::date "
    "ORDER BY v.valid_from DESC LIMIT 1) v ON true "
    "WHERE o.id = $1";

// Versions in force on $1.
constexpr char kLiveOn[] =
    "v.valid_from <= $1::date AND (v.valid_to IS NULL OR v.valid_to > $1::date)";

OrganizationRow FromRow(const pqxx::row& r) {
  OrganizationRow o;
  o.id = r[0].as<int64_t>();
  o.display_name = r[1].as<std::string>();
  o.kind = r[2].as<int>();
  o.type = r[3].as<int>();
  if (!r[4].is_null()) o.parent_id = r[4].as<int64_t>();
  o.established_on = DayOf(r[5]);
  if (!r[6].is_null()) o.dissolved_on = DayOf(r[6]);
  o.version_from = DayOf(r[7]);
  o.latest_change = DayOf(r[8]);
  o.version = r[9].as<int>();
  o.created_at = db::TimeOf(r[10]);
  return o;
}

std::optional<OrganizationRow> FirstRow(const pqxx::result& r) {
  if (r.empty()) return std::nullopt;
  return FromRow(r[0]);
}

void BumpVersion(pqxx::transaction_base& tx, int64_t id) {
  static const db::Statement kBump{
      "membership_org_bump",
      "UPDATE membership.organizations SET version = version + 1 WHERE id = $1"};
  db::Exec(tx, kBump, id);
}

void CloseVersion(pqxx::transaction_base& tx, int64_t id, absl::CivilDay day) {
  static const db::Statement kClose{
      "membership_org_close_version",
      "UPDATE membership.organization_versions SET valid_to = $2::date "
      "WHERE organization_id = $1 AND valid_to IS NULL"};
  db::Exec(tx, kClose, id, FormatDay(day));
}

}  // namespace

std::optional<OrganizationRow> FindOrganization(pqxx::transaction_base& tx, int64_t id,
                                                absl::CivilDay day) {
  static const db::Statement kFind{"membership_org_find",
                                   std::string("SELECT ") + kColumns + kAsOf};
  return FirstRow(db::Exec(tx, kFind, id, FormatDay(day)));
}

std::optional<OrganizationRow> FindOrganizationForUpdate(pqxx::transaction_base& tx, int64_t id,
                                                         absl::CivilDay day) {
  static const db::Statement kFind{"membership_org_find_for_update",
                                   std::string("SELECT ") + kColumns + kAsOf + " FOR UPDATE OF o"};
  return FirstRow(db::Exec(tx, kFind, id, FormatDay(day)));
}

std::vector<OrganizationRow> ListOrganizationRows(pqxx::transaction_base& tx, absl::CivilDay day,
                                                  std::optional<int64_t> parent_id,
                                                  int64_t after_id, int limit) {
  static const db::Statement kList{
      "membership_org_list",
      std::string("SELECT ") + kColumns +
          " FROM membership.organization_versions v "
          "JOIN membership.organizations o ON o.id = v.organization_id WHERE " +
          kLiveOn + " AND ($2::bigint IS NULL OR v.parent_id = $2) AND o.id > $3 " +
          "ORDER BY o.id LIMIT $4"};
  std::vector<OrganizationRow> out;
  for (const auto& r : db::Exec(tx, kList, FormatDay(day), parent_id, after_id, limit)) {
    out.push_back(FromRow(r));
  }
  return out;
}

std::vector<OrganizationRow> ChildrenFrom(pqxx::transaction_base& tx, int64_t id,
                                          absl::CivilDay day) {
  static const db::Statement kChildren{
      "membership_org_children_from",
      std::string("SELECT DISTINCT ON (o.id) ") + kColumns +
          " FROM membership.organization_versions v "
          "JOIN membership.organizations o ON o.id = v.organization_id "
          "WHERE v.parent_id = $2 AND (v.valid_to IS NULL OR v.valid_to > $1::date) "
          "ORDER BY o.id, v.valid_from"};
  std::vector<OrganizationRow> out;
  for (const auto& r : db::Exec(tx, kChildren, FormatDay(day), id)) out.push_back(FromRow(r));
  return out;
}

std::vector<int64_t> AncestorIds(pqxx::transaction_base& tx, int64_t id, absl::CivilDay day) {
  static const db::Statement kAncestors{
      "membership_org_ancestors",
      std::string("WITH RECURSIVE up(id, depth) AS ("
                  "SELECT v.parent_id, 1 FROM membership.organization_versions v "
                  "WHERE v.organization_id = $2 AND ") +
          kLiveOn +
          " UNION ALL SELECT v.parent_id, up.depth + 1 FROM up "
          "JOIN membership.organization_versions v ON v.organization_id = up.id AND " +
          kLiveOn + " WHERE up.depth < 100) " +
          "SELECT id FROM up WHERE id IS NOT NULL ORDER BY depth"};
  std::vector<int64_t> out;
  for (const auto& r : db::Exec(tx, kAncestors, FormatDay(day), id)) {
    out.push_back(r[0].as<int64_t>());
  }
  return out;
}

std::string InSubtreeSql(const char* column) {
  return absl::StrCat(
      "($1::bigint IS NULL OR ", column,
      " IN (WITH RECURSIVE tree(id) AS (SELECT $1::bigint UNION ALL SELECT v.organization_id "
      "FROM membership.organization_versions v JOIN tree ON v.parent_id = tree.id "
      "WHERE v.valid_from <= $2::date AND (v.valid_to IS NULL OR v.valid_to > $2::date)) "
      "SELECT id FROM tree))");
}

bool IsWithin(pqxx::transaction_base& tx, int64_t id, int64_t root, absl::CivilDay day) {
  if (id == root) return true;
  const auto ancestors = AncestorIds(tx, id, day);
  return std::find(ancestors.begin(), ancestors.end(), root) != ancestors.end();
}

std::vector<KindTypeCount> CountSubtree(pqxx::transaction_base& tx, int64_t root,
                                        absl::CivilDay day) {
  static const db::Statement kCount{
      "membership_org_count_subtree",
      std::string("WITH RECURSIVE live AS (SELECT v.organization_id, v.parent_id, v.kind, "
                  "v.org_type FROM membership.organization_versions v WHERE ") +
          kLiveOn +
          "), tree AS (SELECT * FROM live WHERE organization_id = $2 "
          "UNION ALL SELECT live.* FROM live JOIN tree ON live.parent_id = tree.organization_id) "
          "SELECT kind, org_type, count(*)::int FROM tree GROUP BY kind, org_type"};
  std::vector<KindTypeCount> out;
  for (const auto& r : db::Exec(tx, kCount, FormatDay(day), root)) {
    out.push_back({r[0].as<int>(), r[1].as<int>(), r[2].as<int>()});
  }
  return out;
}

void LockTree(pqxx::transaction_base& tx, bool exclusive) {
  static const db::Statement kExclusive{
      "membership_tree_lock", "SELECT pg_advisory_xact_lock(hashtext('membership.tree'))"};
  static const db::Statement kShared{
      "membership_tree_lock_shared",
      "SELECT pg_advisory_xact_lock_shared(hashtext('membership.tree'))"};
  db::Exec(tx, exclusive ? kExclusive : kShared);
}

NewReorganization InsertReorganization(pqxx::transaction_base& tx, int kind, absl::CivilDay day,
                                       const std::string& decision) {
  static const db::Statement kInsert{
      "membership_reorganization_insert",
      "INSERT INTO membership.reorganizations (kind, effective_on, decision) "
      "VALUES ($1, $2::date, normalize($3, NFC)) "
      "RETURNING id, extract(epoch FROM created_at)::float8"};
  auto r = db::Exec(tx, kInsert, kind, FormatDay(day), decision)[0];
  return {r[0].as<int64_t>(), db::TimeOf(r[1])};
}

OrganizationRow InsertOrganization(pqxx::transaction_base& tx, const OrganizationRow& row,
                                   std::optional<int64_t> reorganization_id) {
  static const db::Statement kInsert{
      "membership_org_insert",
      "INSERT INTO membership.organizations (established_on, established_by) "
      "VALUES ($1::date, $2) RETURNING id"};
  static const db::Statement kInsertVersion{
      "membership_org_insert_version",
      "INSERT INTO membership.organization_versions "
      "(organization_id, valid_from, display_name, kind, org_type, parent_id, reorganization_id) "
      "VALUES ($1, $2::date, normalize($3, NFC), $4, $5, $6, $7)"};
  const std::string established_on = FormatDay(row.established_on);
  const int64_t id = db::Exec(tx, kInsert, established_on, reorganization_id)[0][0].as<int64_t>();
  db::Exec(tx, kInsertVersion, id, established_on, row.display_name, row.kind, row.type,
           row.parent_id, reorganization_id);
  return *FindOrganization(tx, id, row.established_on);
}

void StartVersion(pqxx::transaction_base& tx, int64_t id, absl::CivilDay day, int kind, int type,
                  std::optional<int64_t> parent_id, int64_t reorganization_id) {
  static const db::Statement kOpen{
      "membership_org_open_version",
      "INSERT INTO membership.organization_versions "
      "(organization_id, valid_from, display_name, kind, org_type, parent_id, reorganization_id) "
      "SELECT organization_id, $2::date, display_name, $3, $4, $5, $6 "
      "FROM membership.organization_versions WHERE organization_id = $1 AND valid_to = $2::date"};
  CloseVersion(tx, id, day);
  db::Exec(tx, kOpen, id, FormatDay(day), kind, type, parent_id, reorganization_id);
  BumpVersion(tx, id);
}

void EndOrganization(pqxx::transaction_base& tx, int64_t id, absl::CivilDay day,
                     int64_t reorganization_id) {
  static const db::Statement kEnd{
      "membership_org_end",
      "UPDATE membership.organizations SET dissolved_on = $2::date, dissolved_by = $3, "
      "version = version + 1 WHERE id = $1"};
  CloseVersion(tx, id, day);
  db::Exec(tx, kEnd, id, FormatDay(day), reorganization_id);
}

}  // namespace partywork::membership
