// Reads of reporting's read models for Biểu 7 (party work): status events
// of some kinds in a period, the card register, awards, admission days for
// party badges, and the cell members were in on given days. Schema-qualified SQL
// on reporting's own schema.
#pragma once

#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

#include "absl/time/civil_time.h"
#include "pqxx/pqxx"

namespace partywork::reporting {

// A member and a day: whose cell on which day, or an event's.
struct MemberDay {
  int64_t member = 0;
  absl::CivilDay day;
  int kind = 0;   // the event's MemberEventKind, the issue's PartyCardIssueKind, the AwardKind
  int years = 0;  // an award's badge years
};

// Status events (not voided) of `kinds` from `start` to `end`, both included.
std::vector<MemberDay> LoadMemberEvents(pqxx::transaction_base& tx, absl::CivilDay start,
                                        absl::CivilDay end, const std::vector<int>& kinds);

// Cards issued and reissued from `start` to `end`, both included.
std::vector<MemberDay> LoadCardIssues(pqxx::transaction_base& tx, absl::CivilDay start,
                                      absl::CivilDay end);

// Awards (badges and commendations) from `start` to `end`, both included.
std::vector<MemberDay> LoadAwards(pqxx::transaction_base& tx, absl::CivilDay start,
                                  absl::CivilDay end);

// Each member whose record (its latest version) dates the admission from
// `from` to `to`, with that day.
std::vector<MemberDay> AdmittedBetween(pqxx::transaction_base& tx, absl::CivilDay from,
                                       absl::CivilDay to);

// The cell each member of `asked` belonged to on its day; unset where they
// were not a member (probationary or official) then.
std::vector<std::optional<int64_t>> CellsOn(pqxx::transaction_base& tx,
                                            const std::vector<MemberDay>& asked);

}  // namespace partywork::reporting
