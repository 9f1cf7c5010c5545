// Rules of inspection and supervision (DOMAIN §6): who may do which kind of
// work, the lifecycle planned → opened → concluded → remediation → closed,
// and the figures of programs and coverage. Plain functions: no gRPC, no SQL.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "libs/platform/rule.h"
#include "partywork/inspection/v1/inspection.pb.h"
#include "partywork/membership/v1/organization.pb.h"

namespace partywork::inspection {

namespace v1 = ::partywork::inspection::v1;
namespace mv1 = ::partywork::membership::v1;

bool IsSupervision(v1::InspectionKind kind);

// The actor's body belongs to an organization of a fitting level
// (ACTOR_ORGANIZATION_MISMATCH): the Khối's committees, boards and
// commission to a higher committee; a base committee to a base organization;
// a base inspection commission to a đảng bộ cơ sở; a cell to a cell.
std::optional<RuleViolation> CheckActorOrganization(v1::ActorKind actor,
                                                    mv1::OrganizationKind organization);

// Article 32 work is an inspection commission's, Article 30 a committee's or
// cell's (KIND_NOT_FOR_ACTOR); every actor supervises. Work on lower
// organizations' inspection and discipline work and on party finance has an
// organization as subject (KIND_NEEDS_ORGANIZATION_SUBJECT).
std::optional<RuleViolation> CheckKindForActor(v1::InspectionKind kind, v1::ActorKind actor,
                                               bool subject_is_organization);

// The lifecycle: each step needs the state before it and a date not before
// the previous step's (STEP_OUT_OF_ORDER, DATE_BEFORE_PREVIOUS_STEP).
std::optional<RuleViolation> CheckInspectionStep(const v1::Inspection& inspection,
                                                 v1::InspectionState needed,
                                                 absl::CivilDay previous_day, absl::CivilDay day,
                                                 const std::string& step);
// A conclusion with discipline warranted must have found a violation
// (DISCIPLINE_WITHOUT_VIOLATION).
std::optional<RuleViolation> CheckConclusion(const v1::Conclusion& conclusion);
// Close once every remediation item is done (REMEDIATION_PENDING).
std::optional<RuleViolation> CheckClose(const v1::Inspection& inspection);

// The dates of an inspection as stored, for progress and coverage.
struct WorkDates {
  v1::InspectionKind kind = v1::INSPECTION_KIND_UNSPECIFIED;
  std::string subject;
  std::optional<absl::CivilDay> opened_on;
  std::optional<absl::CivilDay> concluded_on;
};

// A program's progress on `as_of` from its inspections.
v1::ProgramProgress ProgramProgressOn(const v1::Program& program,
                                      const std::vector<WorkDates>& work, absl::CivilDay as_of);

// covered / total against the rule's ratio in force on `day`.
v1::CoverageFigure Figure(int covered, int total, const std::string& rule, absl::CivilDay day);

// Which of `candidates` were subjects of work opened in [from, to] whose
// kind is a supervision (`supervision`), an inspection, or either (nullopt).
std::set<std::string> CoveredSubjects(const std::vector<WorkDates>& work,
                                      const std::set<std::string>& candidates, absl::CivilDay from,
                                      absl::CivilDay to, std::optional<bool> supervision);

}  // namespace partywork::inspection
