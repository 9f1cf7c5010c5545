#include "services/reporting/committees.h"

#include <algorithm>
#include <memory>
#include <utility>

#include "absl/strings/ascii.h"
#include "partywork/membership/v1/committee.pb.h"
#include "services/membership/member_rules.h"

namespace partywork::reporting {
namespace {

namespace mv1 = ::partywork::membership::v1;

}  // namespace

void CommitteeTally::Add(const CountedSeat& s) {
  if (organization_ != s.organization) {
    EndOrganization();
    organization_ = s.organization;
  } else if (first_ && first_->seat.member_id != s.seat.member_id) {
    EndMember();
  }
  term_end_year_ = std::max(term_end_year_, s.seat.term_end_year);
  earliest_start_ =
      std::min(earliest_start_.value_or(s.seat.term_start_year), s.seat.term_start_year);
  if (!first_) {
    first_ = s;
    role_ = s.seat.role;
  } else {
    if (s.counted_on < first_->counted_on) first_ = s;
    role_ = std::min<int>(role_, s.seat.role);
  }
  if (s.seat.role == mv1::COMMITTEE_ROLE_SECRETARY) {
    secretary_ = true;
    unified_ |= s.seat.also_head_of_unit;
  }
}

void CommitteeTally::EndMember() {
  if (!first_) return;
  const CountedSeat& s = *first_;
  ++members_;
  ++roles_[role_];
  ++qualifications_[s.member.qualification];
  ++theories_[s.member.political_theory];
  women_ += s.member.gender == mv1::GENDER_FEMALE;
  minorities_ += absl::AsciiStrToLower(s.member.ethnicity) != "kinh";
  ages_ += membership::FullYears(s.member.birth_date, s.counted_on);
  first_.reset();
}

void CommitteeTally::EndOrganization() {
  EndMember();
  secretaries_ += secretary_;
  unified_leadership_ += unified_;
  secretary_ = unified_ = false;
}

int CommitteeTally::EarliestTermStart(int otherwise) const {
  return earliest_start_.value_or(otherwise);
}

v1::CommitteeFigures CommitteeTally::Figures(int term_start_year) {
  EndOrganization();
  organization_.reset();
  v1::CommitteeFigures f;
  f.set_term_start_year(term_start_year);
  f.set_term_end_year(term_end_year_);
  f.set_members(members_);
  f.set_women(women_);
  f.set_ethnic_minorities(minorities_);
  f.set_mean_age(members_ == 0 ? 0 : static_cast<double>(ages_) / members_);
  for (int role = mv1::COMMITTEE_ROLE_SECRETARY; role <= mv1::COMMITTEE_ROLE_MEMBER; ++role) {
    auto* r = f.add_by_role();
    r->set_role(static_cast<mv1::CommitteeRole>(role));
    r->set_members(roles_[role]);
  }
  for (const auto& [q, n] : qualifications_) {
    auto* x = f.add_by_qualification();
    x->set_qualification(static_cast<mv1::Qualification>(q));
    x->set_members(n);
  }
  for (const auto& [t, n] : theories_) {
    auto* x = f.add_by_political_theory();
    x->set_political_theory(static_cast<mv1::PoliticalTheory>(t));
    x->set_members(n);
  }
  f.set_secretaries(secretaries_);
  f.set_unified_leadership(unified_leadership_);
  f.set_unified_leadership_percent(secretaries_ == 0 ? 0
                                                     : 100.0 * unified_leadership_ / secretaries_);
  return f;
}

bool SeatOfSubtree(const CountedSeat& s, const TreeHistory& tree, int64_t root,
                   const std::set<int>& kinds) {
  return tree.Within(s.organization, root, s.counted_on) &&
         (kinds.empty() || kinds.count(tree.KindOf(s.organization, s.counted_on)));
}

void FillCommitteeReport(pqxx::transaction_base& tx, int64_t root, int term_start_year,
                         std::optional<absl::CivilDay> as_of, const std::set<int>& kinds,
                         v1::CommitteeReport* out) {
  const std::shared_ptr<const TreeHistory> shared_tree = TreeHistory::Shared(tx);
  const TreeHistory& tree = *shared_tree;
  CommitteeTally now;
  ForEachSeat(tx, term_start_year, /*by_end=*/false, as_of, [&](const CountedSeat& s) {
    if (SeatOfSubtree(s, tree, root, kinds)) now.Add(s);
  });
  *out->mutable_figures() = now.Figures(term_start_year);
  if (as_of) return;
  CommitteeTally previous;
  ForEachSeat(tx, term_start_year, /*by_end=*/true, std::nullopt, [&](const CountedSeat& s) {
    if (SeatOfSubtree(s, tree, root, kinds)) previous.Add(s);
  });
  if (previous.empty()) return;
  const int start = std::min(term_start_year, previous.EarliestTermStart(term_start_year));
  *out->mutable_previous() = previous.Figures(start);
}

}  // namespace partywork::reporting
