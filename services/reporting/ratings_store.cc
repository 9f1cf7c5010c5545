#include "services/reporting/ratings_store.h"

#include <string>

#include "libs/platform/db/database.h"
#include "libs/platform/resource.h"
#include "partywork/membership/v1/member.pb.h"
#include "partywork/membership/v1/rating.pb.h"
#include "services/reporting/row_stream.h"

namespace partywork::reporting {
namespace {

namespace mv1 = ::partywork::membership::v1;

// $1 the root, $2 the day, $3 the year, $4 and $5 the grades excellent and
// good, $6 an admission's event kind. One row a count: (what, key, grade,
// day, count, excellent, good).
constexpr char kRatings[] =
    "WITH RECURSIVE tree AS (SELECT organization_id, parent_id, kind "
    "FROM reporting.organization_versions WHERE organization_id = $1 "
    "AND valid_from <= $2::date AND valid_to > $2::date "
    "UNION ALL SELECT v.organization_id, v.parent_id, v.kind "
    "FROM reporting.organization_versions v JOIN tree t ON v.parent_id = t.organization_id "
    "WHERE v.valid_to > $2::date AND v.valid_from <= $2::date), "
    "rated AS MATERIALIZED (SELECT t.kind, t.parent_id, r.member_id, r.base_organization_id, "
    "r.grade FROM tree t JOIN reporting.ratings r ON r.year = $3 "
    "AND r.organization_id = t.organization_id), "
    "members AS MATERIALIZED (SELECT s.member_id, bool_or(s.exempted) AS exempted "
    "FROM tree t JOIN reporting.member_spells s ON s.organization_id = t.organization_id "
    "WHERE s.valid_to > $2::date AND s.valid_from <= $2::date GROUP BY 1) "
    "SELECT 'grade', NULL::bigint, grade::integer, NULL::text, count(*), 0::bigint, 0::bigint "
    "FROM rated WHERE member_id IS NOT NULL GROUP BY grade "
    "UNION ALL SELECT 'base', base_organization_id, NULL, NULL, count(*), "
    "count(*) FILTER (WHERE grade = $4), count(*) FILTER (WHERE grade = $5) FROM rated "
    "WHERE member_id IS NOT NULL AND base_organization_id IS NOT NULL GROUP BY 2 "
    "UNION ALL SELECT 'members', NULL, NULL, NULL, count(*), 0, 0 FROM members "
    "UNION ALL SELECT 'not rated', CASE WHEN m.exempted THEN 1 ELSE 0 END, NULL, "
    "CASE WHEN m.exempted THEN NULL ELSE a.admitted::text END, count(*), 0, 0 "
    "FROM members m LEFT JOIN LATERAL (SELECT max(e.effective_on) AS admitted "
    "FROM reporting.member_events e WHERE e.member_id = m.member_id AND e.kind = $6 "
    "AND NOT e.voided) a ON true "
    "WHERE NOT EXISTS (SELECT 1 FROM rated r WHERE r.member_id = m.member_id) GROUP BY 2, 4 "
    "UNION ALL SELECT 'kind', kind, NULL, NULL, count(*), 0, 0 FROM tree GROUP BY 2 "
    "UNION ALL SELECT 'organization grade', kind, grade, NULL, count(*), 0, 0 FROM rated "
    "WHERE member_id IS NULL GROUP BY 2, 3 "
    "UNION ALL SELECT 'committee', parent_id, NULL, NULL, count(*), "
    "count(*) FILTER (WHERE grade = $4), count(*) FILTER (WHERE grade = $5) FROM rated "
    "WHERE member_id IS NULL AND parent_id IN (SELECT organization_id FROM tree) GROUP BY 2";

}  // namespace

RatingCounts CountRatings(pqxx::transaction_base& tx, int64_t root, int year, absl::CivilDay day,
                          const std::function<void(const CapGroup&, bool committee)>& each) {
  RatingCounts out;
  ForEachRow(
      tx, kRatings,
      [&](const pqxx::row& r) {
        const std::string what = r[0].as<std::string>();
        const int64_t count = r[4].as<int64_t>();
        if (what == "grade") {
          out.member_grades[r[2].as<int>()] = count;
        } else if (what == "base" || what == "committee") {
          each({r[1].as<int64_t>(), r[5].as<int>(), r[6].as<int>()}, what == "committee");
        } else if (what == "members") {
          out.members = count;
        } else if (what == "not rated") {
          NotRatedGroup g;
          g.exempted = r[1].as<int>() == 1;
          if (!r[3].is_null()) g.admitted = db::DayOf(r[3]);
          g.members = count;
          out.not_rated.push_back(g);
        } else if (what == "kind") {
          out.organizations[r[1].as<int>()] = count;
        } else {
          out.organization_grades[r[1].as<int>()][r[2].as<int>()] = count;
        }
      },
      root, FormatDay(day), year, static_cast<int>(mv1::RATING_GRADE_EXCELLENT),
      static_cast<int>(mv1::RATING_GRADE_GOOD), static_cast<int>(mv1::MEMBER_EVENT_KIND_ADMITTED));
  return out;
}

}  // namespace partywork::reporting
