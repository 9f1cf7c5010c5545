// Storage of the organization tree: schema-qualified SQL on membership's own
// schema, nothing else.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "pqxx/pqxx"

namespace partywork::membership {

struct OrganizationRow {
  int64_t id = 0;
  std::string display_name;
  int kind = 0;
  int type = 0;
  std::optional<int64_t> parent_id;
  absl::CivilDay established_on;
  int version = 0;
  absl::Time created_at;
};

std::optional<OrganizationRow> FindOrganization(pqxx::transaction_base& tx, int64_t id);
// Inserts `row` (id, version and created_at are assigned) and returns it as stored.
OrganizationRow InsertOrganization(pqxx::transaction_base& tx, const OrganizationRow& row);
// Organizations with id > after_id, optionally only the children of parent_id.
std::vector<OrganizationRow> ListOrganizationRows(pqxx::transaction_base& tx,
                                                  std::optional<int64_t> parent_id,
                                                  int64_t after_id, int limit);

}  // namespace partywork::membership
