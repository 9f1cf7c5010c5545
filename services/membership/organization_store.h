// Storage of the organization tree and its history: schema-qualified SQL on
// membership's own schema, nothing else. Every read is "as of" a day: an
// organization's identity and lifetime joined with the version in force then.
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
  std::optional<absl::CivilDay> dissolved_on;
  absl::CivilDay version_from;   // first day of the version shown
  absl::CivilDay latest_change;  // first day of the newest version
  int version = 0;               // etag: grows with every change
  absl::Time created_at;
};

// The organization as it was on `day`: the version in force then, or its
// last version when it had ended by then; nullopt if it did not exist yet.
std::optional<OrganizationRow> FindOrganization(pqxx::transaction_base& tx, int64_t id,
                                                absl::CivilDay day);
// The same, locking the organization until the transaction ends.
std::optional<OrganizationRow> FindOrganizationForUpdate(pqxx::transaction_base& tx, int64_t id,
                                                         absl::CivilDay day);

// Organizations in existence on `day` with id > after_id, optionally only
// the children of parent_id, by id.
std::vector<OrganizationRow> ListOrganizationRows(pqxx::transaction_base& tx, absl::CivilDay day,
                                                  std::optional<int64_t> parent_id,
                                                  int64_t after_id, int limit);
// Organizations under `id` on `day` or later (one row each, the first such
// version).
std::vector<OrganizationRow> ChildrenFrom(pqxx::transaction_base& tx, int64_t id,
                                          absl::CivilDay day);
// The ids of the ancestors of `id` on `day`, nearest first.
std::vector<int64_t> AncestorIds(pqxx::transaction_base& tx, int64_t id, absl::CivilDay day);

// Whether `id` is `root` or under it on `day`.
bool IsWithin(pqxx::transaction_base& tx, int64_t id, int64_t root, absl::CivilDay day);

// Organizations of the subtree rooted at `root` (itself included) on `day`,
// counted by kind and type.
struct KindTypeCount {
  int kind;
  int type;
  int count;
};
std::vector<KindTypeCount> CountSubtree(pqxx::transaction_base& tx, int64_t root,
                                        absl::CivilDay day);

// SQL condition: `column` names an organization in the subtree of $1 on $2
// (a date; every organization when $1 is NULL).
std::string InSubtreeSql(const char* column);

// Serializes changes of the tree's shape: reorganizations take it
// exclusively, new organizations shared (they only add leaves), so that no
// organization is established under a parent that a concurrent
// reorganization ends.
void LockTree(pqxx::transaction_base& tx, bool exclusive);

// Writes. `reorganization_id` is the recorded reorganization that caused the
// change, if any.
struct NewReorganization {
  int64_t id;
  absl::Time created_at;
};
NewReorganization InsertReorganization(pqxx::transaction_base& tx, int kind, absl::CivilDay day,
                                       const std::string& decision);
// Inserts the organization and its first version (from established_on);
// returns it as stored.
OrganizationRow InsertOrganization(pqxx::transaction_base& tx, const OrganizationRow& row,
                                   std::optional<int64_t> reorganization_id = std::nullopt);
// Closes the current version on `day` and opens one with these fields.
void StartVersion(pqxx::transaction_base& tx, int64_t id, absl::CivilDay day, int kind, int type,
                  std::optional<int64_t> parent_id, int64_t reorganization_id);
// Closes the current version on `day`: the organization ends then.
void EndOrganization(pqxx::transaction_base& tx, int64_t id, absl::CivilDay day,
                     int64_t reorganization_id);

}  // namespace partywork::membership
