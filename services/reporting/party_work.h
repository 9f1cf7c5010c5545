// The figures of Biểu 2 (new members) and Biểu 7 (party work: badges,
// awards, cards, transfers) of a subtree in a period. The tallies are plain rules
// over what the stores read; Count… read and tally.
#pragma once

#include <cstdint>
#include <vector>

#include "absl/time/civil_time.h"
#include "pqxx/pqxx"
#include "services/reporting/forms.h"
#include "services/reporting/party_work_store.h"
#include "services/reporting/report_store.h"

namespace partywork::reporting {

// Counts an admission in `n` if its cell was in the subtree on its day.
void TallyNewMember(const AdmittedMember& a, const TreeHistory& tree, int64_t root, NewMembers* n);
NewMembers CountNewMembers(pqxx::transaction_base& tx, const TreeHistory& tree, int64_t root,
                           const Period& period);

// Counts the events whose member was in the subtree's cells on their day
// (`cells`, as CellsOn found them): card issues and temporary transfers.
void TallyCards(const std::vector<MemberDay>& issues,
                const std::vector<std::optional<int64_t>>& cells, const TreeHistory& tree,
                int64_t root, PartyWork* out);
void TallyTemporary(const std::vector<MemberDay>& events,
                    const std::vector<std::optional<int64_t>>& cells, const TreeHistory& tree,
                    int64_t root, PartyWork* out);
// Counts the awards whose member was in the subtree's cells on their day,
// each member once a row: all of a member's awards come in one call (adds
// to what `out` counted of other members).
void TallyAwards(const std::vector<MemberDay>& awards,
                 const std::vector<std::optional<int64_t>>& cells, const TreeHistory& tree,
                 int64_t root, PartyWork* out);
PartyWork CountPartyWork(pqxx::transaction_base& tx, const TreeHistory& tree, int64_t root,
                         const Period& period);

}  // namespace partywork::reporting
