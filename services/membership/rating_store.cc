#include "services/membership/rating_store.h"

#include "absl/strings/str_cat.h"
#include "libs/platform/db/database.h"
#include "libs/platform/resource.h"
#include "services/membership/organization_store.h"

namespace partywork::membership {
namespace {

constexpr char kColumns[] =
    "r.id, r.member_id, r.organization_id, r.base_organization_id, r.year, r.grade, r.points, "
    "r.decision, r.recorded_by, extract(epoch FROM r.created_at)::float8";

RatingRow FromRow(const pqxx::row& r) {
  RatingRow row;
  row.id = r[0].as<int64_t>();
  if (!r[1].is_null()) row.member_id = r[1].as<int64_t>();
  row.organization_id = r[2].as<int64_t>();
  if (!r[3].is_null()) row.base_organization_id = r[3].as<int64_t>();
  row.year = r[4].as<int>();
  row.grade = r[5].as<int>();
  if (!r[6].is_null()) row.points = r[6].as<int>();
  row.decision = r[7].as<std::string>();
  row.recorded_by = r[8].as<std::string>();
  row.created_at = db::TimeOf(r[9]);
  return row;
}

}  // namespace

RatingRow InsertRating(pqxx::transaction_base& tx, const RatingRow& row) {
  static const db::Statement kInsert{
      "membership_rating_insert",
      absl::StrCat("INSERT INTO membership.ratings AS r (member_id, organization_id, "
                   "base_organization_id, year, grade, points, decision, recorded_by) "
                   "VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING ",
                   kColumns)};
  return FromRow(db::Exec(tx, kInsert, row.member_id, row.organization_id, row.base_organization_id,
                          row.year, row.grade, row.points, row.decision, row.recorded_by)[0]);
}

GradeCounts CountMemberGrades(pqxx::transaction_base& tx, int64_t base_organization_id, int year) {
  static const db::Statement kCount{
      "membership_rating_count_grades",
      "SELECT count(*) FILTER (WHERE grade = 1), count(*) FILTER (WHERE grade = 2) "
      "FROM membership.ratings WHERE member_id IS NOT NULL AND base_organization_id = $1 "
      "AND year = $2"};
  const auto r = db::Exec(tx, kCount, base_organization_id, year)[0];
  return {r[0].as<int>(), r[1].as<int>()};
}

GradeCounts CountOrganizationGrades(pqxx::transaction_base& tx, int64_t parent_id,
                                    absl::CivilDay day, int year) {
  static const db::Statement kCount{
      "membership_rating_count_organization_grades",
      "SELECT count(*) FILTER (WHERE r.grade = 1), count(*) FILTER (WHERE r.grade = 2) "
      "FROM membership.ratings r JOIN membership.organization_versions v "
      "ON v.organization_id = r.organization_id AND v.valid_from <= $2::date "
      "AND (v.valid_to IS NULL OR v.valid_to > $2::date) "
      "WHERE r.member_id IS NULL AND r.year = $3 AND v.parent_id = $1"};
  const auto r = db::Exec(tx, kCount, parent_id, FormatDay(day), year)[0];
  return {r[0].as<int>(), r[1].as<int>()};
}

std::vector<RatingRow> ListRatingRows(pqxx::transaction_base& tx, std::optional<int64_t> root,
                                      absl::CivilDay day, int year, int64_t after_id, int limit) {
  static const db::Statement kList{
      "membership_rating_list",
      absl::StrCat("SELECT ", kColumns, " FROM membership.ratings r WHERE ",
                   InSubtreeSql("r.organization_id"),
                   " AND r.year = $3 AND r.id > $4 ORDER BY r.id LIMIT $5")};
  std::vector<RatingRow> out;
  for (const auto& r : db::Exec(tx, kList, root, FormatDay(day), year, after_id, limit)) {
    out.push_back(FromRow(r));
  }
  return out;
}

std::vector<RatingRow> ListMemberRatingRows(pqxx::transaction_base& tx, int64_t member_id) {
  static const db::Statement kList{
      "membership_rating_list_member",
      absl::StrCat("SELECT ", kColumns,
                   " FROM membership.ratings r WHERE r.member_id = $1 ORDER BY r.year")};
  std::vector<RatingRow> out;
  for (const auto& r : db::Exec(tx, kList, member_id)) out.push_back(FromRow(r));
  return out;
}

std::vector<int> RatedYears(pqxx::transaction_base& tx, int year) {
  static const db::Statement kYears{
      "membership_rating_years",
      "SELECT DISTINCT year FROM membership.ratings WHERE year <= $1 ORDER BY year DESC"};
  std::vector<int> out;
  for (const auto& r : db::Exec(tx, kYears, year)) out.push_back(r[0].as<int>());
  return out;
}

int GradeTally::Total() const {
  int total = 0;
  for (int k = 0; k < 5; ++k) total += members[k] + organizations[k];
  return total;
}

GradeTally TallyGrades(pqxx::transaction_base& tx, std::optional<int64_t> root, absl::CivilDay day,
                       int year) {
  static const db::Statement kTally{
      "membership_rating_tally",
      absl::StrCat("SELECT r.member_id IS NOT NULL, r.grade, count(*)::int "
                   "FROM membership.ratings r WHERE ",
                   InSubtreeSql("r.organization_id"), " AND r.year = $3 GROUP BY 1, 2")};
  GradeTally tally;
  for (const auto& r : db::Exec(tx, kTally, root, FormatDay(day), year)) {
    auto& counts = r[0].as<bool>() ? tally.members : tally.organizations;
    counts.at(r[1].as<int>()) = r[2].as<int>();
  }
  return tally;
}

std::vector<int64_t> MembersWithGradeEveryYear(pqxx::transaction_base& tx,
                                               std::optional<int64_t> root, absl::CivilDay day,
                                               int grade, int year, int years) {
  static const db::Statement kRun{
      "membership_rating_grade_run",
      absl::StrCat("SELECT r.member_id FROM membership.ratings r WHERE ",
                   InSubtreeSql("r.organization_id"),
                   " AND r.member_id IS NOT NULL AND r.grade = $3 AND r.year > $4::int - $5::int "
                   "AND r.year <= $4 GROUP BY r.member_id HAVING count(*) = $5::int "
                   "ORDER BY r.member_id")};
  std::vector<int64_t> out;
  for (const auto& r : db::Exec(tx, kRun, root, FormatDay(day), grade, year, years)) {
    out.push_back(r[0].as<int64_t>());
  }
  return out;
}

}  // namespace partywork::membership
