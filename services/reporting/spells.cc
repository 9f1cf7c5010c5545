#include "services/reporting/spells.h"

#include <algorithm>
#include <set>

#include "libs/platform/resource.h"

namespace partywork::reporting {

bool Attributes::operator==(const Attributes& o) const {
  return gender == o.gender && birth_date == o.birth_date && ethnicity == o.ethnicity &&
         religion == o.religion && admitted_on == o.admitted_on &&
         general_education == o.general_education && qualification == o.qualification &&
         political_theory == o.political_theory && youth_union == o.youth_union &&
         student == o.student && retired == o.retired;
}

namespace {

bool Active(mv1::MemberStatus status) {
  return status == mv1::MEMBER_STATUS_PROBATIONARY || status == mv1::MEMBER_STATUS_OFFICIAL;
}

bool SameSpell(const Spell& a, const Spell& b) {
  return a.organization_id == b.organization_id && a.status == b.status &&
         a.exempted == b.exempted && a.temporarily_away == b.temporarily_away &&
         a.attributes == b.attributes;
}

}  // namespace

std::vector<Spell> BuildSpells(const std::vector<membership::HistoryEvent>& history,
                               std::vector<RecordVersion> records) {
  std::vector<Spell> spells;
  if (records.empty()) return spells;
  std::sort(records.begin(), records.end(),
            [](const auto& a, const auto& b) { return a.valid_from < b.valid_from; });
  std::set<absl::CivilDay> starts;
  for (const auto& e : history) starts.insert(e.effective_on);
  for (const auto& r : records) {
    if (r.valid_from != kBeginning) starts.insert(r.valid_from);
  }
  const Attributes& latest = records.back().attributes;
  const membership::MemberFacts facts{latest.birth_date, latest.admitted_on};
  for (auto it = starts.begin(); it != starts.end(); ++it) {
    const absl::CivilDay day = *it;
    const auto next = std::next(it);
    const absl::CivilDay until = next == starts.end() ? kEndOfTime : *next;
    const membership::Standing s = membership::DeriveStanding(history, facts, day).standing;
    if (!Active(s.status) || !s.organization_id) continue;
    const RecordVersion* version = &records.front();
    for (const auto& r : records) {
      if (r.valid_from <= day) version = &r;
    }
    Spell spell{day,
                until,
                *s.organization_id,
                s.status,
                s.exempted,
                s.temporarily_away,
                version->attributes};
    if (!spells.empty() && spells.back().valid_to == day && SameSpell(spells.back(), spell)) {
      spells.back().valid_to = until;
    } else {
      spells.push_back(std::move(spell));
    }
  }
  return spells;
}

}  // namespace partywork::reporting
