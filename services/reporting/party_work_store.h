// Reads of reporting's read models for Biểu 7 (party work): status events
// of some kinds in a period, the card register, awards, admission days for
// party badges, and the cell members were in on given days. Schema-qualified SQL
// on reporting's own schema.
#pragma once

#include <cstdint>
#include <functional>
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

// Rows are read a page at a time: about kRowsPerPage rows, never a member's
// rows split over two pages when they come ordered by member.
using MemberDayPage = std::function<void(const std::vector<MemberDay>&)>;

// Status events (not voided) of `kinds` from `start` to `end`, both included.
void ForEachMemberEventPage(pqxx::transaction_base& tx, absl::CivilDay start, absl::CivilDay end,
                            const std::vector<int>& kinds, const MemberDayPage& each);

// Cards issued and reissued from `start` to `end`, both included.
void ForEachCardIssuePage(pqxx::transaction_base& tx, absl::CivilDay start, absl::CivilDay end,
                          const MemberDayPage& each);

// Awards (badges and commendations) from `start` to `end`, both included,
// by member: each member's awards in one page.
void ForEachAwardPage(pqxx::transaction_base& tx, absl::CivilDay start, absl::CivilDay end,
                      const MemberDayPage& each);

// Each member whose record (its latest version) dates the admission from
// `from` to `to`, with that day.
void ForEachAdmittedPage(pqxx::transaction_base& tx, absl::CivilDay from, absl::CivilDay to,
                         const MemberDayPage& each);

// The cell each member of `asked` belonged to on its day; unset where they
// were not a member (probationary or official) then.
std::vector<std::optional<int64_t>> CellsOn(pqxx::transaction_base& tx,
                                            const std::vector<MemberDay>& asked);

}  // namespace partywork::reporting
