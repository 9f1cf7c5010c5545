#include "services/membership/organization_store.h"

#include "libs/platform/db/database.h"
#include "libs/platform/resource.h"

namespace partywork::membership {
namespace {

constexpr char kColumns[] =
    "id, display_name, kind, org_type, parent_id, established_on::text, version, "
    "extract(epoch FROM created_at)::float8";

OrganizationRow FromRow(const pqxx::row& r) {
  OrganizationRow o;
  o.id = r[0].as<int64_t>();
  o.display_name = r[1].as<std::string>();
  o.kind = r[2].as<int>();
  o.type = r[3].as<int>();
  if (!r[4].is_null()) o.parent_id = r[4].as<int64_t>();
  o.established_on = ParseDay(r[5].as<std::string>()).value_or(absl::CivilDay());
  o.version = r[6].as<int>();
  o.created_at = absl::FromUnixMicros(static_cast<int64_t>(r[7].as<double>() * 1e6));
  return o;
}

}  // namespace

std::optional<OrganizationRow> FindOrganization(pqxx::transaction_base& tx, int64_t id) {
  static const db::Statement kFind{
      "membership_org_find",
      std::string("SELECT ") + kColumns + " FROM membership.organizations WHERE id = $1"};
  pqxx::result r = db::Exec(tx, kFind, id);
  if (r.empty()) return std::nullopt;
  return FromRow(r[0]);
}

OrganizationRow InsertOrganization(pqxx::transaction_base& tx, const OrganizationRow& row) {
  static const db::Statement kInsert{
      "membership_org_insert",
      std::string("INSERT INTO membership.organizations "
                  "(display_name, kind, org_type, parent_id, established_on) "
                  "VALUES (normalize($1, NFC), $2, $3, $4, $5::date) RETURNING ") +
          kColumns};
  return FromRow(db::Exec(tx, kInsert, row.display_name, row.kind, row.type, row.parent_id,
                          FormatDay(row.established_on))[0]);
}

std::vector<OrganizationRow> ListOrganizationRows(pqxx::transaction_base& tx,
                                                  std::optional<int64_t> parent_id,
                                                  int64_t after_id, int limit) {
  static const db::Statement kList{
      "membership_org_list",
      std::string("SELECT ") + kColumns +
          " FROM membership.organizations WHERE ($1::bigint IS NULL OR parent_id = $1) "
          "AND id > $2 ORDER BY id LIMIT $3"};
  std::vector<OrganizationRow> out;
  for (const auto& r : db::Exec(tx, kList, parent_id, after_id, limit)) out.push_back(FromRow(r));
  return out;
}

}  // namespace partywork::membership
