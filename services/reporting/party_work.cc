#include "services/reporting/party_work.h"

#include <algorithm>
#include <map>
#include <set>

#include "absl/strings/ascii.h"
#include "partywork/membership/v1/award.pb.h"
#include "partywork/membership/v1/member.pb.h"
#include "partywork/membership/v1/party_card.pb.h"
#include "services/membership/card_rules.h"
#include "services/membership/member_rules.h"

namespace partywork::reporting {
namespace {

namespace mv1 = ::partywork::membership::v1;

// Whether the `i`-th event's member was in the subtree on its day.
bool InSubtree(const std::vector<MemberDay>& events,
               const std::vector<std::optional<int64_t>>& cells, size_t i, const TreeHistory& tree,
               int64_t root) {
  return cells[i] && tree.Within(*cells[i], root, events[i].day);
}

}  // namespace

void TallyNewMember(const AdmittedMember& a, const TreeHistory& tree, int64_t root, NewMembers* n) {
  if (!tree.Within(a.cell, root, a.day)) return;
  Composition& c = n->members;
  const Attributes& r = a.record;
  const int age = membership::FullYears(r.birth_date, a.day);
  ++c.total;
  c.women += r.gender == mv1::GENDER_FEMALE;
  c.minorities += absl::AsciiStrToLower(r.ethnicity) != "kinh";
  c.religious += !r.religion.empty();
  c.youth_union += r.youth_union;
  c.age_sum += age;
  ++c.by_age_band[AgeBand(age)];
  ++c.by_general_education[r.general_education];
  ++c.by_qualification[r.qualification];
  n->readmitted += a.readmitted;
  n->private_business_owners += a.private_business_owner;
  if (a.academic_title != mv1::ACADEMIC_TITLE_UNSPECIFIED) ++n->by_academic_title[a.academic_title];
  if (r.student) {
    ++n->students;
  } else {
    ++n->occupations[a.occupation];
  }
}

NewMembers CountNewMembers(pqxx::transaction_base& tx, const TreeHistory& tree, int64_t root,
                           const Period& period) {
  NewMembers n;
  ForEachAdmission(tx, period.start, period.end,
                   [&](const AdmittedMember& a) { TallyNewMember(a, tree, root, &n); });
  return n;
}

void TallyCards(const std::vector<MemberDay>& issues,
                const std::vector<std::optional<int64_t>>& cells, const TreeHistory& tree,
                int64_t root, PartyWork* out) {
  for (size_t i = 0; i < issues.size(); ++i) {
    if (!InSubtree(issues, cells, i, tree, root)) continue;
    if (issues[i].kind == mv1::PARTY_CARD_ISSUE_KIND_ISSUE) ++out->cards_issued;
    if (issues[i].kind == mv1::PARTY_CARD_ISSUE_KIND_REISSUE) ++out->cards_reissued;
  }
}

void TallyTemporary(const std::vector<MemberDay>& events,
                    const std::vector<std::optional<int64_t>>& cells, const TreeHistory& tree,
                    int64_t root, PartyWork* out) {
  for (size_t i = 0; i < events.size(); ++i) {
    if (!InSubtree(events, cells, i, tree, root)) continue;
    if (events[i].kind == mv1::MEMBER_EVENT_KIND_TEMPORARILY_AWAY) ++out->temporarily_away;
    if (events[i].kind == mv1::MEMBER_EVENT_KIND_RETURNED) ++out->returned;
  }
}

void TallyAwards(const std::vector<MemberDay>& awards,
                 const std::vector<std::optional<int64_t>>& cells, const TreeHistory& tree,
                 int64_t root, PartyWork* out) {
  std::set<int64_t> badged, commended;
  std::map<int, std::set<int64_t>> by_years;
  for (size_t i = 0; i < awards.size(); ++i) {
    if (!InSubtree(awards, cells, i, tree, root)) continue;
    if (awards[i].kind == mv1::AWARD_KIND_PARTY_BADGE) {
      badged.insert(awards[i].member);
      by_years[awards[i].years].insert(awards[i].member);
    }
    if (awards[i].kind == mv1::AWARD_KIND_COMMENDATION) commended.insert(awards[i].member);
  }
  out->badge_awardees += static_cast<int64_t>(badged.size());
  for (const auto& [years, members] : by_years) {
    out->badges_awarded[years] += static_cast<int64_t>(members.size());
  }
  out->commended += static_cast<int64_t>(commended.size());
}

PartyWork CountPartyWork(pqxx::transaction_base& tx, const TreeHistory& tree, int64_t root,
                         const Period& period) {
  PartyWork w;
  // Badges: the anniversaries of the period, for members of the subtree that day.
  const std::vector<int> years = membership::BadgeYearsInPeriod(period.start, period.end);
  if (!years.empty()) {
    const auto [fewest, most] = std::minmax_element(years.begin(), years.end());
    // A day's margin: 29 February's anniversary falls on 1 March.
    ForEachAdmittedPage(
        tx, absl::CivilDay(period.start.year() - *most, 1, 1),
        absl::CivilDay(period.end.year() - *fewest, 12, 31),
        [&](const std::vector<MemberDay>& admitted) {
          std::vector<MemberDay> reached;
          for (const MemberDay& m : admitted) {
            for (const auto& b : membership::BadgesReached(m.day, period.start, period.end)) {
              reached.push_back({m.member, b.on, b.years});
            }
          }
          const std::vector<std::optional<int64_t>> cells = CellsOn(tx, reached);
          for (size_t i = 0; i < reached.size(); ++i) {
            if (InSubtree(reached, cells, i, tree, root)) ++w.badges[reached[i].kind];
          }
        });
  }
  ForEachCardIssuePage(tx, period.start, period.end, [&](const std::vector<MemberDay>& issues) {
    TallyCards(issues, CellsOn(tx, issues), tree, root, &w);
  });
  ForEachMovement(tx, period.start, period.end,
                  [&](const Movement& m) { Tally(m, tree, root, &w.transfers); });
  ForEachMemberEventPage(tx, period.start, period.end,
                         {mv1::MEMBER_EVENT_KIND_TEMPORARILY_AWAY, mv1::MEMBER_EVENT_KIND_RETURNED},
                         [&](const std::vector<MemberDay>& events) {
                           TallyTemporary(events, CellsOn(tx, events), tree, root, &w);
                         });
  ForEachAwardPage(tx, period.start, period.end, [&](const std::vector<MemberDay>& awards) {
    TallyAwards(awards, CellsOn(tx, awards), tree, root, &w);
  });
  return w;
}

}  // namespace partywork::reporting
