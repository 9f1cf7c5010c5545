#include "services/inspection/subject_rules.h"

#include <algorithm>
#include <set>

#include "absl/strings/str_cat.h"
#include "libs/platform/resource.h"

namespace partywork::inspection {

std::vector<MemberSpell> FoldMemberSpells(std::vector<MemberEventCopy> events) {
  std::set<int64_t> voided;
  for (const auto& e : events) {
    if (e.kind == mv1::MEMBER_EVENT_KIND_CORRECTION && e.corrects) voided.insert(*e.corrects);
  }
  std::stable_sort(events.begin(), events.end(), [](const auto& a, const auto& b) {
    return a.effective_on != b.effective_on ? a.effective_on < b.effective_on
                                            : a.event_id < b.event_id;
  });
  std::vector<MemberSpell> spells;
  for (const auto& e : events) {
    if (voided.count(e.event_id) || e.kind == mv1::MEMBER_EVENT_KIND_CORRECTION) continue;
    MemberSpell next = spells.empty() ? MemberSpell{} : spells.back();
    switch (e.kind) {
      case mv1::MEMBER_EVENT_KIND_ADMITTED:
        next.status = mv1::MEMBER_STATUS_PROBATIONARY;
        next.organization_id = e.organization_id;
        break;
      case mv1::MEMBER_EVENT_KIND_REGISTERED:
      case mv1::MEMBER_EVENT_KIND_TRANSFERRED_IN:
      case mv1::MEMBER_EVENT_KIND_RESTORED:
        next.status = e.initial_status;
        next.organization_id = e.organization_id;
        break;
      case mv1::MEMBER_EVENT_KIND_RECOGNIZED_OFFICIAL:
        next.status = mv1::MEMBER_STATUS_OFFICIAL;
        break;
      case mv1::MEMBER_EVENT_KIND_TRANSFERRED_WITHIN:
        next.organization_id = e.organization_id;
        break;
      case mv1::MEMBER_EVENT_KIND_TRANSFERRED_OUT:
        next.status = mv1::MEMBER_STATUS_TRANSFERRED_OUT;
        break;
      case mv1::MEMBER_EVENT_KIND_STRUCK_OFF:
      case mv1::MEMBER_EVENT_KIND_RELEASED:
      case mv1::MEMBER_EVENT_KIND_EXPELLED:
        next.status = mv1::MEMBER_STATUS_LEFT_PARTY;
        break;
      case mv1::MEMBER_EVENT_KIND_DECEASED:
        next.status = mv1::MEMBER_STATUS_DECEASED;
        break;
      default:  // exemption, temporary transfers: the status and cell stay
        continue;
    }
    if (!spells.empty() && spells.back().status == next.status &&
        spells.back().organization_id == next.organization_id) {
      continue;
    }
    next.from = e.effective_on;
    next.to = kEndOfTime;
    if (!spells.empty() && spells.back().from == e.effective_on) {
      spells.back() = next;  // the same day: the later event wins
    } else {
      if (!spells.empty()) spells.back().to = e.effective_on;
      spells.push_back(next);
    }
  }
  return spells;
}

std::optional<Subject> ParseSubject(const std::string& name) {
  if (auto id = ResourceId(name, "members")) return Subject{Subject::Kind::kMember, *id};
  if (auto id = ResourceId(name, "organizations")) {
    return Subject{Subject::Kind::kOrganization, *id};
  }
  return std::nullopt;
}

std::optional<RuleViolation> CheckSubjectExists(const std::string& subject,
                                                const SubjectOnDay& found, absl::CivilDay day,
                                                const std::string& what) {
  if (found.exists) return std::nullopt;
  return RuleViolation{
      "SUBJECT_NOT_IN_EXISTENCE",
      absl::StrCat(subject, " did not exist on ", FormatDay(day), " (", what,
                   "): an organization must be established and not dissolved, a member "
                   "probationary or official"),
      absl::StrCat("Đối tượng không tồn tại vào ngày ", FormatDay(day),
                   " (tổ chức chưa thành lập hoặc đã giải thể; đảng viên chưa vào hoặc đã ra khỏi "
                   "Đảng)."),
      {{"subject", subject}, {"date", FormatDay(day)}, {"field", what}}};
}

}  // namespace partywork::inspection
