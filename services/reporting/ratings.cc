#include "services/reporting/ratings.h"

#include <algorithm>
#include <set>

#include "libs/platform/resource.h"
#include "libs/platform/rulebook/rulebook.h"
#include "partywork/membership/v1/organization.pb.h"
#include "partywork/membership/v1/rating.pb.h"
#include "services/membership/member_rules.h"
#include "services/membership/rating_rules.h"
#include "services/reporting/ratings_store.h"
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

// The organizations of `kinds` and their ratings by grade.
v1::RatingDistribution OrganizationsRated(const RatingCounts& counts, const std::set<int>& kinds) {
  int64_t total = 0;
  std::map<int, int64_t> by_grade;
  for (int kind : kinds) {
    total += At(counts.organizations, kind);
    auto it = counts.organization_grades.find(kind);
    if (it == counts.organization_grades.end()) continue;
    for (const auto& [grade, n] : it->second) by_grade[grade] += n;
  }
  return Distribution(total, by_grade);
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

  // Members: those of the rating day, by grade; the others by why. The
  // groups over the cap, as membership holds each base organization and
  // the organizations under each committee to it.
  std::vector<CapGroup> over_cap[2];  // base organizations, committees
  const RatingCounts counts =
      CountRatings(tx, root, year, day, [&](const CapGroup& g, bool committee) {
        if (membership::CheckExcellentCap(g.excellent, g.good, year)) {
          over_cap[committee].push_back(g);
        }
      });
  *out->mutable_members() = Distribution(counts.members, counts.member_grades);
  for (const NotRatedGroup& g : counts.not_rated) {
    switch (WhyNotRated(g.exempted, g.admitted, day)) {
      case NotRated::kExempted:
        out->set_not_rated_exempted(out->not_rated_exempted() + static_cast<int32_t>(g.members));
        break;
      case NotRated::kNewMember:
        out->set_not_rated_new_members(out->not_rated_new_members() +
                                       static_cast<int32_t>(g.members));
        break;
      case NotRated::kOther:
        out->set_not_rated_other(out->not_rated_other() + static_cast<int32_t>(g.members));
        break;
    }
  }

  // Organizations of the rating day, base and subordinate.
  *out->mutable_base_organizations() = OrganizationsRated(
      counts, {mv1::ORGANIZATION_KIND_BASE_COMMITTEE, mv1::ORGANIZATION_KIND_BASE_CELL});
  *out->mutable_subordinate_organizations() = OrganizationsRated(
      counts, {mv1::ORGANIZATION_KIND_PARTIAL_COMMITTEE, mv1::ORGANIZATION_KIND_SUBORDINATE_CELL});
  AddTargets(out, day);

  const rulebook::RuleVersion& cap =
      rulebook::Rulebook::Standard().Get(keys::kRatingExcellentCap, day);
  out->set_excellent_cap_percent(100.0 * cap.number / cap.denominator);
  for (int committees = 0; committees < 2; ++committees) {
    std::vector<CapGroup>& groups = over_cap[committees];
    std::sort(groups.begin(), groups.end(),
              [](const CapGroup& a, const CapGroup& b) { return a.organization < b.organization; });
    for (const CapGroup& g : groups) {
      auto* x = out->add_over_cap();
      x->set_organization(ResourceName("organizations", g.organization));
      x->set_display_name(NameOn(tx, g.organization, day));
      x->set_excellent(g.excellent);
      x->set_good(g.good);
      x->set_organizations(committees == 1);
    }
  }
}

}  // namespace partywork::reporting
