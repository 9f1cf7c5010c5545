// Committee members (cấp ủy viên) by term (DOMAIN §2, §7): how many, their
// roles, mean age, education and political theory, and the secretaries who
// also head their unit (nhất thể hóa). CommitteeFiguresOf is a plain rule;
// FillCommitteeReport reads the read models.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <vector>

#include "absl/time/civil_time.h"
#include "partywork/reporting/v1/reporting_service.pb.h"
#include "pqxx/pqxx"
#include "services/reporting/report_store.h"

namespace partywork::reporting {

// The figures of `seats` (already those of the subtree): one committee
// member per organization and member, by the highest role held, with the
// record and age of their first counted seat; a committee's secretary
// counted once, unified when a secretary's seat says they head the unit.
v1::CommitteeFigures CommitteeFiguresOf(int term_start_year, const std::vector<CountedSeat>& seats);

// The seats of `seats` whose organization is `root` or below it on the day
// each is counted, and of one of `kinds` then (any kind when empty).
std::vector<CountedSeat> SeatsOfSubtree(const std::vector<CountedSeat>& seats,
                                        const TreeHistory& tree, int64_t root,
                                        const std::set<int>& kinds);

void FillCommitteeReport(pqxx::transaction_base& tx, int64_t root, int term_start_year,
                         std::optional<absl::CivilDay> as_of, const std::set<int>& kinds,
                         v1::CommitteeReport* out);

}  // namespace partywork::reporting
