// Storage of annual ratings (migration 0005).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "pqxx/pqxx"

namespace partywork::membership {

struct RatingRow {
  int64_t id = 0;
  std::optional<int64_t> member_id;  // unset: the organization is rated
  int64_t organization_id = 0;
  std::optional<int64_t> base_organization_id;
  int year = 0;
  int grade = 0;
  std::optional<int> points;
  std::string decision;
  std::string recorded_by;
  absl::Time created_at;
};

// Inserts the rating; a second one of the same subject and year is
// ALREADY_EXISTS (unique index).
RatingRow InsertRating(pqxx::transaction_base& tx, const RatingRow& row);

// Members' ratings of a base organization and year, by grade.
struct GradeCounts {
  int excellent = 0;
  int good = 0;
};
GradeCounts CountMemberGrades(pqxx::transaction_base& tx, int64_t base_organization_id, int year);
// Grades of `year` of the organizations whose parent on `day` is `parent_id`.
GradeCounts CountOrganizationGrades(pqxx::transaction_base& tx, int64_t parent_id,
                                    absl::CivilDay day, int year);

// Ratings of `year` whose organization is in root's subtree on `day` (all
// when unset), by id after `after_id`.
std::vector<RatingRow> ListRatingRows(pqxx::transaction_base& tx, std::optional<int64_t> root,
                                      absl::CivilDay day, int year, int64_t after_id, int limit);

// A member's ratings, oldest first.
std::vector<RatingRow> ListMemberRatingRows(pqxx::transaction_base& tx, int64_t member_id);

// The years with a rating, latest first, up to `year`.
std::vector<int> RatedYears(pqxx::transaction_base& tx, int year);
// Ratings of `year` whose organization is in root's subtree on `day` (all
// when unset), counted by grade (RatingGrade) for members and organizations.
struct GradeTally {
  std::array<int, 5> members{};
  std::array<int, 5> organizations{};
  int Total() const;
};
GradeTally TallyGrades(pqxx::transaction_base& tx, std::optional<int64_t> root, absl::CivilDay day,
                       int year);

// Members of root's subtree rated `grade` in each of the `years` years up
// to `year`.
std::vector<int64_t> MembersWithGradeEveryYear(pqxx::transaction_base& tx,
                                               std::optional<int64_t> root, absl::CivilDay day,
                                               int grade, int year, int years);

}  // namespace partywork::membership
