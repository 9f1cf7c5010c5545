// Member spells (docs/decisions/0007-reporting-spells.md): the periods
// during which a member belonged to one cell with the same standing and the
// same reportable attributes. A count on a day is then a range over spells,
// never a replay of every member's history. Plain functions: no gRPC, no SQL.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "services/membership/member_rules.h"

namespace partywork::reporting {

namespace mv1 = ::partywork::membership::v1;

// What reports count of a member's record.
struct Attributes {
  mv1::Gender gender = mv1::GENDER_UNSPECIFIED;
  absl::CivilDay birth_date;
  std::string ethnicity;
  std::string religion;
  absl::CivilDay admitted_on;
  mv1::GeneralEducation general_education = mv1::GENERAL_EDUCATION_UNSPECIFIED;
  mv1::Qualification qualification = mv1::QUALIFICATION_UNSPECIFIED;
  mv1::PoliticalTheory political_theory = mv1::POLITICAL_THEORY_UNSPECIFIED;
  bool youth_union = false;
  bool student = false;
  bool retired = false;  // đã nghỉ hưu
  bool operator==(const Attributes& o) const;
};

// The first day of every record version: the record as created applies
// from the beginning of time.
inline constexpr absl::CivilDay kBeginning(1, 1, 1);

// One version of the record, from `valid_from` until the next version.
struct RecordVersion {
  absl::CivilDay valid_from = kBeginning;
  Attributes attributes;
};

struct Spell {
  absl::CivilDay valid_from;
  absl::CivilDay valid_to;  // exclusive; kEndOfTime while open
  int64_t organization_id = 0;
  mv1::MemberStatus status = mv1::MEMBER_STATUS_UNSPECIFIED;  // probationary or official
  bool exempted = false;
  bool temporarily_away = false;
  Attributes attributes;
};

// The spells of one member, oldest first: the standing membership's own
// fold (DeriveStanding) gives on each day an event or a record version
// starts, split wherever the standing or the record changes, joined where
// nothing reportable changed. Days outside the Party (before admission,
// after leaving, transferred out, deceased) have no spell.
std::vector<Spell> BuildSpells(const std::vector<membership::HistoryEvent>& history,
                               std::vector<RecordVersion> records);

}  // namespace partywork::reporting
