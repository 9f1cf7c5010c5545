// Storage of members' awards: party badges and commendations (migration
// 0012).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "pqxx/pqxx"

namespace partywork::membership {

struct AwardRow {
  int64_t id = 0;
  int64_t member_id = 0;
  int kind = 0;         // AwardKind
  int badge_years = 0;  // 0 for a commendation
  absl::CivilDay awarded_on;
  std::string decision, awarded_by, note, recorded_by;
  absl::Time created_at;
};

// Inserts the award; the same badge twice is ALREADY_EXISTS (unique index).
AwardRow InsertAward(pqxx::transaction_base& tx, const AwardRow& row);
// The member's awards by the day awarded, then id.
std::vector<AwardRow> ListAwardRows(pqxx::transaction_base& tx, int64_t member_id);
// The years of the party badges the member holds.
std::vector<int> BadgesHeld(pqxx::transaction_base& tx, int64_t member_id);

}  // namespace partywork::membership
