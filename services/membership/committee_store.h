// Storage of committee members (migration 0006).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "pqxx/pqxx"
#include "services/membership/committee_rules.h"

namespace partywork::membership {

struct SeatRow {
  Seat seat;
  int64_t organization_id = 0;
  std::string member_full_name;
  std::string decision;
  int version = 1;
  absl::Time created_at, updated_at;
};

int64_t InsertSeat(pqxx::transaction_base& tx, const SeatRow& row);
// Stores to_on, also_head_of_unit and decision; bumps the version.
void UpdateSeat(pqxx::transaction_base& tx, const SeatRow& row);
std::optional<SeatRow> FindSeat(pqxx::transaction_base& tx, int64_t id, bool for_update);
// Every seat of the organization, by role then from_on.
std::vector<SeatRow> SeatsOf(pqxx::transaction_base& tx, int64_t organization_id);

}  // namespace partywork::membership
