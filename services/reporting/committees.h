// Committee members (cấp ủy viên) by term (DOMAIN §2, §7): how many, their
// roles, mean age, education and political theory, and the secretaries who
// also head their unit (nhất thể hóa). CommitteeTally is a plain rule;
// FillCommitteeReport reads the read models.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <vector>

#include "absl/time/civil_time.h"
#include "partywork/reporting/v1/reporting_service.pb.h"
#include "pqxx/pqxx"
#include "services/reporting/report_store.h"

namespace partywork::reporting {

// The figures of seats (already those of the subtree), counted one seat at
// a time: one committee member per organization and member, by the highest
// role held, with the record and age of their first counted seat; a
// committee's secretary counted once, unified when a secretary's seat says
// they head the unit. An organization's seats come together, and each
// member's among them (as ForEachSeat reads them), so that only the seats of
// one member are held.
class CommitteeTally {
 public:
  void Add(const CountedSeat& seat);
  bool empty() const { return !organization_; }
  // The earliest term start of the seats added.
  int EarliestTermStart(int otherwise) const;
  // The figures of the seats added, of the term starting in `term_start_year`.
  v1::CommitteeFigures Figures(int term_start_year);

 private:
  void EndMember();
  void EndOrganization();
  std::optional<int64_t> organization_;       // of the seats added last
  std::optional<CountedSeat> first_;          // the member's first counted seat
  int role_ = 0;                              // the member's highest role (lowest value)
  bool secretary_ = false, unified_ = false;  // of the organization
  int members_ = 0, secretaries_ = 0, unified_leadership_ = 0, term_end_year_ = 0;
  int women_ = 0, minorities_ = 0;
  std::optional<int> earliest_start_;
  int64_t ages_ = 0;
  std::map<int, int> roles_, qualifications_, theories_;
};

// Whether `seat`'s organization is `root` or below it on the day it is
// counted, and of one of `kinds` then (any kind when empty).
bool SeatOfSubtree(const CountedSeat& seat, const TreeHistory& tree, int64_t root,
                   const std::set<int>& kinds);

void FillCommitteeReport(pqxx::transaction_base& tx, int64_t root, int term_start_year,
                         std::optional<absl::CivilDay> as_of, const std::set<int>& kinds,
                         v1::CommitteeReport* out);

}  // namespace partywork::reporting
