// Reads of reporting's read models for the ratings report, counted in SQL:
// what the report shows is counts by grade, by group and by why a member was
// not rated, never the members themselves, so that a report of the whole
// country holds a few counts rather than every rating.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "pqxx/pqxx"

namespace partywork::reporting {

// The excellent and good ratings of a group held to the cap together
// (membership's CheckExcellentCap): a base organization's members, or the
// organizations under one committee.
struct CapGroup {
  int64_t organization = 0;  // the base organization or the committee
  int excellent = 0, good = 0;
};

// The members' ratings of `year` in the organizations `ids` (the subtree on
// the rating day, as an array): how many of each grade; `each` gets the
// group of each base organization.
std::map<int, int64_t> CountMemberGrades(pqxx::transaction_base& tx, const std::string& ids,
                                         int year,
                                         const std::function<void(const CapGroup&)>& each);

// Members of the organizations `ids` on `day` that were not rated in `year`
// there, by whether they were exempted then and, for the others, the day of
// their latest admission (kết nạp, not voided; unset if none).
struct NotRatedGroup {
  bool exempted = false;
  std::optional<absl::CivilDay> admitted;
  int64_t members = 0;
};
// Returns how many members the organizations had on `day` in all.
int64_t CountMembersNotRated(pqxx::transaction_base& tx, const std::string& ids, int year,
                             absl::CivilDay day, std::vector<NotRatedGroup>* not_rated);

// The organizations of the subtree of `root` on `day` and their ratings of
// `year`, by OrganizationKind; `each` gets the ratings of the organizations
// under each committee of the subtree.
struct OrganizationGrades {
  std::map<int, int64_t> organizations;          // kind → organizations
  std::map<int, std::map<int, int64_t>> grades;  // kind → grade → ratings
};
OrganizationGrades CountOrganizationGrades(pqxx::transaction_base& tx, int64_t root, int year,
                                           absl::CivilDay day,
                                           const std::function<void(const CapGroup&)>& each);

}  // namespace partywork::reporting
