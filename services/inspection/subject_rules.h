// Inspection's view of membership's facts (DOMAIN §3, §6): who a subject was
// on a date. Membership's status events, copied from its feed, fold into
// spells of one status and cell each, so "was this member probationary on
// the day of the violation?" is a lookup. Plain functions: no gRPC, no SQL.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "libs/platform/rule.h"
#include "partywork/membership/v1/member.pb.h"
#include "partywork/membership/v1/organization.pb.h"

namespace partywork::inspection {

namespace mv1 = ::partywork::membership::v1;

// A status event of membership's history, as inspection keeps it.
struct MemberEventCopy {
  int64_t event_id = 0;  // membership's id: the recording order
  mv1::MemberEventKind kind = mv1::MEMBER_EVENT_KIND_UNSPECIFIED;
  absl::CivilDay effective_on;
  std::optional<int64_t> organization_id;
  mv1::MemberStatus initial_status = mv1::MEMBER_STATUS_UNSPECIFIED;
  std::optional<int64_t> corrects;
};

// A period [from, to) with one status and cell; `to` is kEndOfTime when open.
struct MemberSpell {
  absl::CivilDay from;
  absl::CivilDay to;
  mv1::MemberStatus status = mv1::MEMBER_STATUS_UNSPECIFIED;
  std::optional<int64_t> organization_id;
};

// The spells of a member's history: events voided by a correction are
// skipped; events of one day apply in recording order.
std::vector<MemberSpell> FoldMemberSpells(std::vector<MemberEventCopy> events);

// A subject of inspection or discipline: "members/{id}" or
// "organizations/{id}".
struct Subject {
  enum class Kind { kMember, kOrganization } kind = Kind::kMember;
  int64_t id = 0;
};
std::optional<Subject> ParseSubject(const std::string& name);

// What a subject was on a day, as the stores find it.
struct SubjectOnDay {
  bool exists = false;  // an organization in existence, a probationary or official member
  mv1::MemberStatus member_status = mv1::MEMBER_STATUS_UNSPECIFIED;
  std::optional<int64_t> organization_id;  // the member's cell, or the organization itself
  mv1::OrganizationKind organization_kind = mv1::ORGANIZATION_KIND_UNSPECIFIED;
};

// SUBJECT_NOT_IN_EXISTENCE unless the subject existed on `day` (`what`
// names the date, e.g. "planned_on").
std::optional<RuleViolation> CheckSubjectExists(const std::string& subject,
                                                const SubjectOnDay& found, absl::CivilDay day,
                                                const std::string& what);

}  // namespace partywork::inspection
