#include "services/reporting/ratings_store.h"

#include "absl/strings/str_cat.h"
#include "libs/platform/db/database.h"
#include "libs/platform/resource.h"
#include "partywork/membership/v1/member.pb.h"
#include "partywork/membership/v1/rating.pb.h"
#include "services/reporting/row_stream.h"

namespace partywork::reporting {
namespace {

namespace mv1 = ::partywork::membership::v1;

CapGroup CapGroupOf(const pqxx::row& r) {
  return {r[1].as<int64_t>(), r[4].as<int>(), r[5].as<int>()};
}

}  // namespace

std::map<int, int64_t> CountMemberGrades(pqxx::transaction_base& tx, const std::string& ids,
                                         int year,
                                         const std::function<void(const CapGroup&)>& each) {
  // The grades (GROUPING 1) and the base organizations (GROUPING 0).
  std::map<int, int64_t> by_grade;
  ForEachRow(
      tx,
      "SELECT GROUPING(r.base_organization_id), r.base_organization_id, r.grade, count(*), "
      "count(*) FILTER (WHERE r.grade = $3), count(*) FILTER (WHERE r.grade = $4) "
      "FROM unnest($1::bigint[]) AS t(organization_id) JOIN reporting.ratings r "
      "ON r.year = $2 AND r.organization_id = t.organization_id WHERE r.member_id IS NOT NULL "
      "GROUP BY GROUPING SETS ((r.base_organization_id), (r.grade))",
      [&](const pqxx::row& r) {
        if (r[0].as<int>() == 1) {
          by_grade[r[2].as<int>()] = r[3].as<int64_t>();
        } else if (!r[1].is_null()) {
          each(CapGroupOf(r));
        }
      },
      ids, year, static_cast<int>(mv1::RATING_GRADE_EXCELLENT),
      static_cast<int>(mv1::RATING_GRADE_GOOD));
  return by_grade;
}

int64_t CountMembersNotRated(pqxx::transaction_base& tx, const std::string& ids, int year,
                             absl::CivilDay day, std::vector<NotRatedGroup>* not_rated) {
  // A first row (exempted null) with every member of the day.
  static const db::Statement kNotRated{
      "reporting_members_not_rated",
      "WITH members AS (SELECT s.member_id, bool_or(s.exempted) AS exempted "
      "FROM unnest($1::bigint[]) AS t(organization_id) JOIN reporting.member_spells s "
      "ON s.organization_id = t.organization_id "
      "WHERE s.valid_to > $3::date AND s.valid_from <= $3::date GROUP BY 1), "
      "rated AS (SELECT r.member_id FROM unnest($1::bigint[]) AS t(organization_id) "
      "JOIN reporting.ratings r ON r.year = $2 AND r.organization_id = t.organization_id "
      "WHERE r.member_id IS NOT NULL) "
      "SELECT NULL::boolean, NULL::text, count(*) FROM members UNION ALL "
      "SELECT m.exempted, CASE WHEN m.exempted THEN NULL ELSE a.admitted::text END, count(*) "
      "FROM members m LEFT JOIN LATERAL (SELECT max(e.effective_on) AS admitted "
      "FROM reporting.member_events e WHERE e.member_id = m.member_id AND e.kind = $4 "
      "AND NOT e.voided) a ON true "
      "WHERE NOT EXISTS (SELECT 1 FROM rated WHERE rated.member_id = m.member_id) GROUP BY 1, 2"};
  int64_t members = 0;
  for (const auto& r : db::Exec(tx, kNotRated, ids, year, FormatDay(day),
                                static_cast<int>(mv1::MEMBER_EVENT_KIND_ADMITTED))) {
    if (r[0].is_null()) {
      members = r[2].as<int64_t>();
      continue;
    }
    NotRatedGroup g;
    g.exempted = r[0].as<bool>();
    if (!r[1].is_null()) g.admitted = db::DayOf(r[1]);
    g.members = r[2].as<int64_t>();
    not_rated->push_back(g);
  }
  return members;
}

OrganizationGrades CountOrganizationGrades(pqxx::transaction_base& tx, int64_t root, int year,
                                           absl::CivilDay day,
                                           const std::function<void(const CapGroup&)>& each) {
  // The subtree on the day with each organization's parent then; rows: 'k'
  // organizations by kind, 'g' ratings by kind and grade, 'c' the ratings
  // under each committee of the subtree.
  OrganizationGrades out;
  ForEachRow(
      tx,
      "WITH RECURSIVE tree AS (SELECT organization_id, parent_id, kind "
      "FROM reporting.organization_versions WHERE organization_id = $1 "
      "AND valid_from <= $2::date AND valid_to > $2::date "
      "UNION ALL SELECT v.organization_id, v.parent_id, v.kind "
      "FROM reporting.organization_versions v JOIN tree t ON v.parent_id = t.organization_id "
      "WHERE v.valid_to > $2::date AND v.valid_from <= $2::date), "
      "rated AS (SELECT t.kind, t.parent_id, r.grade FROM tree t JOIN reporting.ratings r "
      "ON r.year = $3 AND r.organization_id = t.organization_id AND r.member_id IS NULL) "
      "SELECT 'k', kind::bigint, NULL::smallint, count(*), 0, 0 FROM tree GROUP BY 2 "
      "UNION ALL SELECT 'g', kind, grade, count(*), 0, 0 FROM rated GROUP BY 2, 3 "
      "UNION ALL SELECT 'c', parent_id, NULL, count(*), count(*) FILTER (WHERE grade = $4), "
      "count(*) FILTER (WHERE grade = $5) FROM rated "
      "WHERE parent_id IN (SELECT organization_id FROM tree) GROUP BY 2",
      [&](const pqxx::row& r) {
        const std::string what = r[0].as<std::string>();
        if (what == "k") {
          out.organizations[r[1].as<int>()] = r[3].as<int64_t>();
        } else if (what == "g") {
          out.grades[r[1].as<int>()][r[2].as<int>()] = r[3].as<int64_t>();
        } else {
          each(CapGroupOf(r));
        }
      },
      root, FormatDay(day), year, static_cast<int>(mv1::RATING_GRADE_EXCELLENT),
      static_cast<int>(mv1::RATING_GRADE_GOOD));
  return out;
}

}  // namespace partywork::reporting
