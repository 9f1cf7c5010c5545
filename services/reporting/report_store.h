// Reads of reporting's read models for the reports: schema-qualified SQL on
// reporting's own schema. A subtree on a day is the tree as it was that day
// (organization versions), and members on a day are the spells covering it.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "partywork/reporting/v1/reporting_service.pb.h"
#include "pqxx/pqxx"
#include "services/membership/committee_rules.h"
#include "services/reporting/spells.h"
#include "services/reporting/tree_history.h"

namespace partywork::reporting {

struct GroupCount {
  std::string name;  // the ethnicity or religion ("" for none)
  int64_t members = 0;
  int64_t women = 0;
};
// Members by ethnicity and by religion, largest groups first.
struct EthnicityAndReligion {
  std::vector<GroupCount> ethnicities;
  std::vector<GroupCount> religions;
};
EthnicityAndReligion CountByEthnicityAndReligion(pqxx::transaction_base& tx, int64_t root,
                                                 absl::CivilDay day);

struct OrganizationCount {
  int kind = 0;  // OrganizationKind
  int type = 0;  // OrganizationType
  int64_t count = 0;
};
// The subtree's organizations on a day (the root included), by kind and type.
std::vector<OrganizationCount> CountOrganizations(pqxx::transaction_base& tx, int64_t root,
                                                  absl::CivilDay day);

// Whether `organization` is `root` or below it on `day`.
bool InSubtree(pqxx::transaction_base& tx, int64_t organization, int64_t root, absl::CivilDay day);

// The organization's name on the day, else its latest; nullopt if unknown.
std::optional<std::string> DisplayName(pqxx::transaction_base& tx, int64_t organization,
                                       absl::CivilDay day);
// DisplayName, else the organization's resource name ("organizations/42").
std::string NameOn(pqxx::transaction_base& tx, int64_t organization, absl::CivilDay day);

// A status event of the period with the member's spell before and after it.
struct Movement {
  int kind = 0;  // MemberEventKind
  absl::CivilDay day;
  std::optional<int64_t> before_organization;
  int before_status = 0;
  std::optional<int64_t> after_organization;
};
// The status events of the period (admissions, restorations, transfers and
// every way of leaving), by day, read a page at a time.
void ForEachMovement(pqxx::transaction_base& tx, absl::CivilDay start, absl::CivilDay end,
                     const std::function<void(const Movement&)>& each);

struct ReorganizationRow {
  int64_t id = 0;
  int kind = 0;
  absl::CivilDay effective_on;
  std::string decision;
  std::vector<int64_t> dissolved, results;
};
std::vector<ReorganizationRow> LoadReorganizations(pqxx::transaction_base& tx, absl::CivilDay start,
                                                   absl::CivilDay end);

// An admission (kết nạp) of a period with the member's record on its day.
struct AdmittedMember {
  int64_t member = 0;
  absl::CivilDay day;
  int64_t cell = 0;
  // The member had a history before: a readmission (kết nạp lại).
  bool readmitted = false;
  Attributes record;
  std::string occupation;
  bool private_business_owner = false;
  int academic_title = 0;  // mv1::AcademicTitle
};
// Every admission from `start` to `end` (both included), not voided, by
// member, read a page at a time.
void ForEachAdmission(pqxx::transaction_base& tx, absl::CivilDay start, absl::CivilDay end,
                      const std::function<void(const AdmittedMember&)>& each);

// A committee seat with the member's record on the day it is counted.
struct CountedSeat {
  int64_t organization = 0;
  membership::Seat seat;
  absl::CivilDay counted_on;
  Attributes member;  // gender, birth date, ethnicity, qualification, theory
};
// The seats of the term starting (or, with `by_end`, ending) in `year`:
// with `as_of`, those serving that day, counted on it; else every seat,
// counted on its first day. By organization, member and first day, read a
// page at a time.
void ForEachSeat(pqxx::transaction_base& tx, int year, bool by_end,
                 std::optional<absl::CivilDay> as_of,
                 const std::function<void(const CountedSeat&)>& each);

// The feed positions the read models reflect, in the reading transaction.
std::vector<v1::FeedPosition> Positions(pqxx::transaction_base& tx);

}  // namespace partywork::reporting
