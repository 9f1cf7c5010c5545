#include "services/reporting/ratings.h"

#include <set>

#include "libs/platform/resource.h"
#include "libs/platform/rulebook/rulebook.h"
#include "partywork/membership/v1/organization.pb.h"
#include "partywork/membership/v1/rating.pb.h"
#include "services/membership/member_rules.h"
#include "services/membership/rating_rules.h"
#include "services/reporting/report_store.h"

namespace partywork::reporting {
namespace {

namespace mv1 = ::partywork::membership::v1;
namespace keys = ::partywork::rulebook::keys;

int64_t At(const std::map<int, int64_t>& counts, int key) {
  auto it = counts.find(key);
  return it == counts.end() ? 0 : it->second;
}

// Those rated `grade` or better.
int64_t AtLeast(const v1::RatingDistribution& d, mv1::RatingGrade grade) {
  int64_t n = 0;
  for (const auto& g : d.grades()) {
    if (g.grade() <= grade) n += g.count();
  }
  return n;
}

int64_t CountOf(const v1::RatingDistribution& d, mv1::RatingGrade grade) {
  for (const auto& g : d.grades()) {
    if (g.grade() == grade) return g.count();
  }
  return 0;
}

bool Holds(v1::TargetComparison c, int64_t left, int64_t right) {
  switch (c) {
    case v1::TARGET_COMPARISON_MORE_THAN:
      return left > right;
    case v1::TARGET_COMPARISON_AT_LEAST:
      return left >= right;
    case v1::TARGET_COMPARISON_AT_MOST:
      return left <= right;
    default:
      return false;
  }
}

// The organizations' ratings among `rows`, by grade, of the organizations
// `ids` (the subtree's of some kinds on the rating day).
v1::RatingDistribution OrganizationsRated(const std::vector<RatingRow>& rows,
                                          const std::vector<int64_t>& ids) {
  const std::set<int64_t> wanted(ids.begin(), ids.end());
  std::map<int, int64_t> by_grade;
  for (const auto& r : rows) {
    if (!r.member && wanted.count(r.organization)) ++by_grade[r.grade];
  }
  return Distribution(static_cast<int64_t>(ids.size()), by_grade);
}

}  // namespace

v1::RatingDistribution Distribution(int64_t total, const std::map<int, int64_t>& by_grade) {
  v1::RatingDistribution d;
  int64_t rated = 0;
  for (const auto& [grade, n] : by_grade) rated += n;
  d.set_total(total);
  d.set_rated(rated);
  d.set_not_rated(std::max<int64_t>(0, total - rated));
  for (int g = mv1::RATING_GRADE_EXCELLENT; g <= mv1::RATING_GRADE_NOT_COMPLETED; ++g) {
    auto* x = d.add_grades();
    x->set_grade(static_cast<mv1::RatingGrade>(g));
    x->set_count(At(by_grade, g));
    x->set_percent(rated == 0 ? 0 : 100.0 * x->count() / rated);
  }
  return d;
}

NotRated WhyNotRated(bool exempted, std::optional<absl::CivilDay> admitted,
                     absl::CivilDay rating_day) {
  if (exempted) return NotRated::kExempted;
  const int months = static_cast<int>(
      rulebook::Rulebook::Standard().Number(keys::kRatingNewMemberMonths, rating_day));
  if (admitted && membership::AddMonths(*admitted, months) > rating_day)
    return NotRated::kNewMember;
  return NotRated::kOther;
}

v1::RatingTarget Target(const char* key, v1::TargetComparison comparison, int64_t count,
                        int64_t rated, absl::CivilDay day) {
  const rulebook::RuleVersion& rule = rulebook::Rulebook::Standard().Get(key, day);
  v1::RatingTarget t;
  t.set_rule(key);
  t.set_description(rule.vietnamese);
  t.set_regulation(rule.regulation);
  t.set_comparison(comparison);
  t.set_count(static_cast<int32_t>(count));
  if (rule.unit == rulebook::Unit::kPercent) {
    t.set_share(true);
    t.set_target(100.0 * rule.number / rule.denominator);
    t.set_actual(rated == 0 ? 0 : 100.0 * count / rated);
    // count / rated against number / denominator, in integers.
    const bool any = rated > 0 || comparison == v1::TARGET_COMPARISON_AT_MOST;
    t.set_met(any && Holds(comparison, count * rule.denominator, rule.number * rated));
  } else {
    t.set_target(static_cast<double>(rule.number));
    t.set_actual(static_cast<double>(count));
    t.set_met(Holds(comparison, count, rule.number));
  }
  return t;
}

void AddTargets(v1::RatingReport* r, absl::CivilDay day) {
  const v1::RatingDistribution& base = r->base_organizations();
  const v1::RatingDistribution& members = r->members();
  *r->add_targets() = Target(keys::kRatingTargetBaseGoodOrBetter, v1::TARGET_COMPARISON_MORE_THAN,
                             AtLeast(base, mv1::RATING_GRADE_GOOD), base.rated(), day);
  *r->add_targets() = Target(keys::kRatingTargetBaseNotCompleted, v1::TARGET_COMPARISON_AT_MOST,
                             CountOf(base, mv1::RATING_GRADE_NOT_COMPLETED), base.rated(), day);
  *r->add_targets() =
      Target(keys::kRatingTargetMembersCompletedOrBetter, v1::TARGET_COMPARISON_MORE_THAN,
             AtLeast(members, mv1::RATING_GRADE_COMPLETED), members.rated(), day);
  *r->add_targets() = Target(keys::kRatingTargetMembersGoodOrBetter, v1::TARGET_COMPARISON_AT_LEAST,
                             AtLeast(members, mv1::RATING_GRADE_GOOD), members.rated(), day);
}

void FillRatingReport(pqxx::transaction_base& tx, int64_t root, int year, v1::RatingReport* out) {
  const absl::CivilDay day = membership::RatingDay(year);
  out->set_year(year);
  *out->mutable_rating_day() = ToDate(day);
  const std::vector<RatingRow> rows = LoadRatings(tx, root, year, day);

  // Members: those of the rating day, by grade; the others by why.
  std::set<int64_t> exempted;
  const std::vector<int64_t> members = MembersOn(tx, root, day, &exempted);
  std::map<int, int64_t> by_grade;
  std::set<int64_t> rated;
  std::map<int64_t, std::pair<int, int>> caps;  // base organization → excellent, good
  for (const auto& r : rows) {
    if (!r.member) continue;
    ++by_grade[r.grade];
    rated.insert(*r.member);
    if (r.base_organization) {
      auto& [excellent, good] = caps[*r.base_organization];
      excellent += r.grade == mv1::RATING_GRADE_EXCELLENT;
      good += r.grade == mv1::RATING_GRADE_GOOD;
    }
  }
  *out->mutable_members() = Distribution(static_cast<int64_t>(members.size()), by_grade);
  std::vector<int64_t> unrated;
  for (int64_t id : members) {
    if (!rated.count(id)) unrated.push_back(id);
  }
  const std::map<int64_t, absl::CivilDay> admitted = AdmissionDays(tx, unrated);
  for (int64_t id : unrated) {
    auto it = admitted.find(id);
    switch (WhyNotRated(exempted.count(id) > 0,
                        it == admitted.end() ? std::nullopt : std::optional(it->second), day)) {
      case NotRated::kExempted:
        out->set_not_rated_exempted(out->not_rated_exempted() + 1);
        break;
      case NotRated::kNewMember:
        out->set_not_rated_new_members(out->not_rated_new_members() + 1);
        break;
      case NotRated::kOther:
        out->set_not_rated_other(out->not_rated_other() + 1);
        break;
    }
  }

  // Organizations of the rating day, base and subordinate.
  *out->mutable_base_organizations() = OrganizationsRated(
      rows,
      OrganizationsOn(tx, root, day,
                      {mv1::ORGANIZATION_KIND_BASE_COMMITTEE, mv1::ORGANIZATION_KIND_BASE_CELL}));
  *out->mutable_subordinate_organizations() =
      OrganizationsRated(rows, OrganizationsOn(tx, root, day,
                                               {mv1::ORGANIZATION_KIND_PARTIAL_COMMITTEE,
                                                mv1::ORGANIZATION_KIND_SUBORDINATE_CELL}));
  AddTargets(out, day);

  // The cap, as membership holds each base organization to it.
  const rulebook::RuleVersion& cap =
      rulebook::Rulebook::Standard().Get(keys::kRatingExcellentCap, day);
  out->set_excellent_cap_percent(100.0 * cap.number / cap.denominator);
  // The organizations under each committee of the subtree, capped together.
  const TreeHistory tree = TreeHistory::Load(tx);
  std::map<int64_t, std::pair<int, int>> committees;
  for (const auto& r : rows) {
    if (r.member) continue;
    const std::optional<int64_t> parent = tree.ParentOf(r.organization, day);
    if (!parent || !tree.Within(*parent, root, day)) continue;
    auto& [excellent, good] = committees[*parent];
    excellent += r.grade == mv1::RATING_GRADE_EXCELLENT;
    good += r.grade == mv1::RATING_GRADE_GOOD;
  }
  for (const auto* groups : {&caps, &committees}) {
    for (const auto& [id, counts] : *groups) {
      if (!membership::CheckExcellentCap(counts.first, counts.second, year)) continue;
      auto* x = out->add_over_cap();
      x->set_organization(ResourceName("organizations", id));
      x->set_display_name(tree.NameOf(id, day));
      x->set_excellent(counts.first);
      x->set_good(counts.second);
      x->set_organizations(groups == &committees);
    }
  }
}

}  // namespace partywork::reporting
