// Storage of admission targets (migration 0006).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "pqxx/pqxx"

namespace partywork::membership {

struct TargetRow {
  int64_t id = 0;
  int64_t organization_id = 0;
  int source = 0;
  absl::CivilDay period_start, period_end;
  std::string document;
  int version = 1;
  absl::Time created_at, updated_at;
  std::vector<std::pair<int, int>> counts;  // category, count
};

// Inserts the target and its counts; the same organization, source and
// period twice is ALREADY_EXISTS.
int64_t InsertTarget(pqxx::transaction_base& tx, const TargetRow& row);
// Replaces document and counts; bumps the version.
void UpdateTarget(pqxx::transaction_base& tx, const TargetRow& row);
std::optional<TargetRow> FindTarget(pqxx::transaction_base& tx, int64_t id, bool for_update);
// Targets of organizations in root's subtree on `day`, optionally only
// periods including `in_force_on`, by id after `after_id`.
std::vector<TargetRow> ListTargetRows(pqxx::transaction_base& tx, std::optional<int64_t> root,
                                      absl::CivilDay day, std::optional<absl::CivilDay> in_force_on,
                                      int64_t after_id, int limit);

}  // namespace partywork::membership
