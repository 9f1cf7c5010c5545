// Reads of reporting's read models for the ratings report, counted in SQL:
// what the report shows is counts by grade, by group and by why a member was
// not rated, never the members themselves, so that a report of the whole
// country holds a few counts rather than every rating.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
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

// Members of the subtree on the rating day not rated in the year there, by
// whether they were exempted then and, for the others, the day of their
// latest admission (kết nạp, not voided; unset if none).
struct NotRatedGroup {
  bool exempted = false;
  std::optional<absl::CivilDay> admitted;
  int64_t members = 0;
};

// The ratings of a year in the subtree of a root on the rating day (a
// member's where their cell was, an organization's where it was).
struct RatingCounts {
  std::map<int, int64_t> member_grades;  // grade → members' ratings
  int64_t members = 0;                   // members of the subtree on the day
  std::vector<NotRatedGroup> not_rated;
  std::map<int, int64_t> organizations;                       // kind → organizations
  std::map<int, std::map<int, int64_t>> organization_grades;  // kind → grade → ratings
};

// Counts the ratings of `year` in the subtree of `root` on `day`, reading
// the tree, the ratings and the members' spells once; `each` gets the group
// of each base organization and (`committee`) of each committee of the
// subtree with organizations rated under it.
RatingCounts CountRatings(pqxx::transaction_base& tx, int64_t root, int year, absl::CivilDay day,
                          const std::function<void(const CapGroup&, bool committee)>& each);

}  // namespace partywork::reporting
