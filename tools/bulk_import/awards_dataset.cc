// Members' awards of the dataset, 2021–2025: most party badges given within
// two months of the party age reached (the days ListBadgeCandidates finds,
// BadgesReached), a few members commended each year (khen thưởng); each
// award passes membership's award rules on its day (CheckAward: a member
// then, the badge's party age reached, each badge once), with the
// MemberAwardRecorded events membership publishes.
#include <algorithm>

#include "absl/strings/str_cat.h"
#include "libs/platform/resource.h"
#include "partywork/membership/v1/award.pb.h"
#include "services/membership/award_rules.h"
#include "services/membership/card_rules.h"
#include "tools/bulk_import/copy_text.h"
#include "tools/bulk_import/dataset.h"

namespace partywork::bulk {
namespace {

namespace v1 = ::partywork::membership::v1;

// Streams of awards, apart from the members' own and the ratings'.
constexpr uint64_t kAwardStream = 1ull << 41;
constexpr char kAwardRecorded[] = "partywork.membership.v1.MemberAwardRecorded";
// Badges given of those due, and members commended a year.
constexpr double kBadgesGiven = 0.9, kCommendedAYear = 0.03;

v1::MemberAward Planned(v1::AwardKind kind, int badge_years, absl::CivilDay day) {
  v1::MemberAward a;
  a.set_kind(kind);
  a.set_badge_years(badge_years);
  *a.mutable_awarded_on() = ToDate(day);
  return a;
}

}  // namespace

void Generator::MemberAwards(Chunk& out, const v1::Member& m,
                             const std::vector<membership::HistoryEvent>& history,
                             const membership::MemberFacts& facts) {
  const int64_t member = *ResourceId(m.name(), "members");
  Rng rng(seed_, kAwardStream + static_cast<uint64_t>(member));
  std::vector<v1::MemberAward> planned;
  for (const auto& badge : membership::BadgesReached(facts.admitted_on, kHistoryFrom, kAsOf)) {
    if (!rng.Chance(kBadgesGiven)) continue;
    planned.push_back(Planned(v1::AWARD_KIND_PARTY_BADGE, badge.years,
                              std::min(kAsOf, badge.on + rng.Below(60))));
  }
  for (int year = kHistoryFrom.year(); year <= kAsOf.year(); ++year) {
    if (!rng.Chance(kCommendedAYear)) continue;
    planned.push_back(Planned(v1::AWARD_KIND_COMMENDATION, 0,
                              rng.DayIn(absl::CivilDay(year, 1, 1), absl::CivilDay(year, 12, 31))));
  }
  std::stable_sort(planned.begin(), planned.end(), [](const auto& a, const auto& b) {
    return *ToCivilDay(a.awarded_on()) < *ToCivilDay(b.awarded_on());
  });
  std::vector<int> held;
  for (v1::MemberAward& a : planned) {
    const absl::CivilDay day = *ToCivilDay(a.awarded_on());
    const membership::Standing s = membership::DeriveStanding(history, facts, day).standing;
    if (membership::CheckAward(s, facts.admitted_on, a, held)) continue;  // e.g. left by then
    if (a.kind() == v1::AWARD_KIND_PARTY_BADGE) held.push_back(a.badge_years());
    const int64_t id = ++counts_.awards;
    a.set_name(absl::StrCat(m.name(), "/", ResourceName("awards", id)));
    a.set_decision(absl::StrCat("Quyết định số ", id % 997 + 1, "-QĐ/ĐUK"));
    a.set_awarded_by("Ban Thường vụ Đảng ủy");
    a.mutable_record_time()->set_seconds(RecordedAt(day));
    a.set_recorded_by("bulk-import");
    std::string& row = out.awards;
    Field(row, id);
    Field(row, member);
    Field(row, a.kind());
    Field(row, a.badge_years());
    Field(row, day);
    Field(row, a.decision());
    Field(row, a.awarded_by());
    Field(row, a.note());
    Field(row, a.recorded_by());
    Field(row, Timestamp(day));
    EndRow(row);
    v1::MemberAwardRecorded event;
    *event.mutable_award() = a;
    event.set_member(m.name());
    event.set_full_name(m.full_name());
    AddOutbox(out, a.name(), kAwardRecorded, Packed(event));
  }
}

}  // namespace partywork::bulk
