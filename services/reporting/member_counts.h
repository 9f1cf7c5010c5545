// Membership counts: the members of a subtree on a day from the spells
// covering the day or, for the whole tree, from the totals kept for the
// nearest anchor day (decision 7).
#pragma once

#include <cstdint>
#include <map>

#include "absl/time/civil_time.h"
#include "pqxx/pqxx"

namespace partywork::reporting {

// Age bands of the statistics forms: 1 = 18–30, 2 = 31–35, … 7 = 56–60,
// 8 = over 60.
inline constexpr int kAgeBands = 8;

// The members of a subtree on a day, counted every way the reports need.
struct Composition {
  int64_t total = 0, women = 0, minorities = 0, religious = 0, youth_union = 0;
  int64_t probationary = 0, exempted = 0, retired = 0;
  int64_t age_sum = 0;  // full years on the day
  std::map<int, int64_t> by_qualification, by_political_theory, by_organization_type, by_age_band,
      by_general_education;
  // Thời kỳ vào Đảng: 1 before 19/8/1945, 2 to 20/7/1954, 3 to 30/4/1975,
  // 4 to 31/12/1985, 5 since (reporting migration 0011).
  std::map<int, int64_t> by_admission_period;
  double MeanAge() const { return total == 0 ? 0 : static_cast<double>(age_sum) / total; }
};
// What a spell's profile packs (reporting migration 0015): the attributes
// the reports count, as codes of the membership API's enums.
struct SpellProfile {
  bool female, minority, religious, youth_union, probationary, exempted, retired;
  int admission_period, general_education, political_theory, qualification;
};
SpellProfile UnpackProfile(int32_t profile);
// Adds `members` of one profile, organization type and age band, whose full
// years sum to `ages`, to every breakdown of `c` (the admission periods only
// when asked for).
void AddMembers(const SpellProfile& p, int organization_type, int age_band, int64_t members,
                int64_t ages, bool by_admission_period, Composition* c);

// `by_admission_period`: also Composition::by_admission_period (Biểu 3).
Composition CountMembers(pqxx::transaction_base& tx, int64_t root, absl::CivilDay day,
                         bool by_admission_period = false);
// Whether the whole tree on a day is counted from the totals of the nearest
// anchor day (count_anchors.h; the open spells' totals among them) rather
// than from every spell; on by default. Same results either way.
void SetCountFromTotals(bool on);
// A subtree of at least this many organizations on the day is counted in two
// halves, the second on another idle database worker sharing the report's
// snapshot (db::ReadAlongside); 0 never splits. 1,000 by default.
void SetSplitCountFrom(int64_t organizations);
// Whether an anchor's totals count the subtree of `root` on the day quicker
// than its spells: the root is the only top organization that day (its
// subtree is every organization), and fewer spells began or ended between
// the day and the nearer anchor around it than 40 % of the open ones.
bool TotalsCountQuicker(pqxx::transaction_base& tx, int64_t root, absl::CivilDay day);

}  // namespace partywork::reporting
