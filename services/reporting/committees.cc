#include "services/reporting/committees.h"

#include <map>
#include <utility>

#include "absl/strings/ascii.h"
#include "partywork/membership/v1/committee.pb.h"
#include "services/membership/member_rules.h"

namespace partywork::reporting {
namespace {

namespace mv1 = ::partywork::membership::v1;

}  // namespace

v1::CommitteeFigures CommitteeFiguresOf(int term_start_year,
                                        const std::vector<CountedSeat>& seats) {
  v1::CommitteeFigures f;
  f.set_term_start_year(term_start_year);
  // (organization, member) → the first counted seat and the highest role.
  std::map<std::pair<int64_t, int64_t>, std::pair<const CountedSeat*, int>> people;
  std::set<int64_t> secretaries, unified;
  for (const CountedSeat& s : seats) {
    f.set_term_end_year(std::max(f.term_end_year(), s.seat.term_end_year));
    auto [it, first] = people.try_emplace({s.organization, s.seat.member_id}, &s, s.seat.role);
    if (!first) {
      if (s.counted_on < it->second.first->counted_on) it->second.first = &s;
      it->second.second = std::min<int>(it->second.second, s.seat.role);
    }
    if (s.seat.role == mv1::COMMITTEE_ROLE_SECRETARY) {
      secretaries.insert(s.organization);
      if (s.seat.also_head_of_unit) unified.insert(s.organization);
    }
  }
  std::map<int, int> roles, qualifications, theories;
  int64_t ages = 0;
  for (const auto& [key, person] : people) {
    const CountedSeat& s = *person.first;
    ++roles[person.second];
    ++qualifications[s.member.qualification];
    ++theories[s.member.political_theory];
    f.set_women(f.women() + (s.member.gender == mv1::GENDER_FEMALE));
    f.set_ethnic_minorities(f.ethnic_minorities() +
                            (absl::AsciiStrToLower(s.member.ethnicity) != "kinh"));
    ages += membership::FullYears(s.member.birth_date, s.counted_on);
  }
  f.set_members(static_cast<int>(people.size()));
  f.set_mean_age(people.empty() ? 0 : static_cast<double>(ages) / people.size());
  for (int role = mv1::COMMITTEE_ROLE_SECRETARY; role <= mv1::COMMITTEE_ROLE_MEMBER; ++role) {
    auto* r = f.add_by_role();
    r->set_role(static_cast<mv1::CommitteeRole>(role));
    r->set_members(roles[role]);
  }
  for (const auto& [q, n] : qualifications) {
    auto* x = f.add_by_qualification();
    x->set_qualification(static_cast<mv1::Qualification>(q));
    x->set_members(n);
  }
  for (const auto& [t, n] : theories) {
    auto* x = f.add_by_political_theory();
    x->set_political_theory(static_cast<mv1::PoliticalTheory>(t));
    x->set_members(n);
  }
  f.set_secretaries(static_cast<int>(secretaries.size()));
  f.set_unified_leadership(static_cast<int>(unified.size()));
  f.set_unified_leadership_percent(
      secretaries.empty() ? 0 : 100.0 * unified.size() / secretaries.size());
  return f;
}

std::vector<CountedSeat> SeatsOfSubtree(const std::vector<CountedSeat>& seats,
                                        const TreeHistory& tree, int64_t root,
                                        const std::set<int>& kinds) {
  std::vector<CountedSeat> out;
  for (const CountedSeat& s : seats) {
    if (!tree.Within(s.organization, root, s.counted_on)) continue;
    if (!kinds.empty() && !kinds.count(tree.KindOf(s.organization, s.counted_on))) continue;
    out.push_back(s);
  }
  return out;
}

void FillCommitteeReport(pqxx::transaction_base& tx, int64_t root, int term_start_year,
                         std::optional<absl::CivilDay> as_of, const std::set<int>& kinds,
                         v1::CommitteeReport* out) {
  const TreeHistory tree = TreeHistory::Load(tx);
  *out->mutable_figures() = CommitteeFiguresOf(
      term_start_year,
      SeatsOfSubtree(LoadSeats(tx, term_start_year, /*by_end=*/false, as_of), tree, root, kinds));
  if (as_of) return;
  const std::vector<CountedSeat> previous = SeatsOfSubtree(
      LoadSeats(tx, term_start_year, /*by_end=*/true, std::nullopt), tree, root, kinds);
  if (previous.empty()) return;
  int start = term_start_year;
  for (const auto& s : previous) start = std::min(start, s.seat.term_start_year);
  *out->mutable_previous() = CommitteeFiguresOf(start, previous);
}

}  // namespace partywork::reporting
