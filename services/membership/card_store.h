// Storage of the party-card register and the badge candidates' first cut
// (migration 0006).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "pqxx/pqxx"

namespace partywork::membership {

struct CardIssueRow {
  int64_t id = 0;
  int64_t member_id = 0;
  int kind = 0;
  std::string card_number;
  absl::CivilDay issued_on;
  std::string reason, decision, recorded_by;
  absl::Time created_at;
};

// Whether the member's card was issued (kind ISSUE) already.
bool CardIssued(pqxx::transaction_base& tx, int64_t member_id);
// Inserts the line; a second first issue is ALREADY_EXISTS (unique index).
// The day of the member's latest card issue or reissue, if any.
std::optional<absl::CivilDay> LatestCardIssueDay(pqxx::transaction_base& tx, int64_t member_id);
CardIssueRow InsertCardIssue(pqxx::transaction_base& tx, const CardIssueRow& row);
// Lines of members whose cell is in root's subtree today, issued from
// `from` to `to` when set, by id after `after_id`.
std::vector<CardIssueRow> ListCardIssueRows(pqxx::transaction_base& tx, std::optional<int64_t> root,
                                            absl::CivilDay day, std::optional<absl::CivilDay> from,
                                            std::optional<absl::CivilDay> to, int64_t after_id,
                                            int limit);

// Probationary or official members of root's subtree whose admission has an
// anniversary of one of `years` near the period (a day either side: the
// rules decide exactly).
struct BadgeCandidateRow {
  int64_t id = 0;
  std::string full_name;
  absl::CivilDay admitted_on;
};
std::vector<BadgeCandidateRow> BadgeCandidateRows(pqxx::transaction_base& tx,
                                                  std::optional<int64_t> root, absl::CivilDay day,
                                                  const std::vector<int>& years,
                                                  absl::CivilDay start, absl::CivilDay end);

}  // namespace partywork::membership
