// The subtree of an organization on a day, as the reports' SQL reads it:
// shared by the member counts and the other reads of report_store.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "partywork/membership/v1/organization.pb.h"
#include "pqxx/pqxx"

namespace partywork::reporting {

// Whether $1 is the only top organization on the day $2: then its subtree
// is every organization of the day, since membership moves or dissolves an
// organization's subordinates before it ends one (no organization of a day
// hangs from one that has ended).
constexpr char kWholeTree[] =
    "SELECT count(*) = 1 AND bool_and(organization_id = $1) FROM reporting.organization_versions "
    "WHERE parent_id IS NULL AND valid_from <= $2::date AND valid_to > $2::date";

// The subtree of $1 on the day $2, as `tree(organization_id, kind, org_type)`:
// the whole tree's organizations read straight (a walk probes the parents'
// index once per organization, 1.5 s for the country's 322,764), any other
// subtree walked down from its root. Cells have no subordinates (membership
// places organizations only under committees), so the walk does not look
// under them: a province of 5,400 organizations is 412 probes, not 5,400.
// The walk and the whole tree are two parts of a union, each skipped by a
// one-time filter: in one recursive query the planner would expect the whole
// tree's rows in the walk and plan it as a merge join over every parent.
inline const std::string kSubtree = absl::StrCat(
    "WITH RECURSIVE whole_tree AS (SELECT (", kWholeTree,
    ") AS yes), walk AS ("
    "SELECT organization_id, kind, org_type FROM reporting.organization_versions "
    "WHERE NOT (SELECT yes FROM whole_tree) AND organization_id = $1 AND valid_from <= $2::date "
    "AND valid_to > $2::date "
    "UNION ALL SELECT v.organization_id, v.kind, v.org_type "
    "FROM reporting.organization_versions v JOIN walk w ON v.parent_id = w.organization_id "
    "WHERE w.kind NOT IN (",
    ::partywork::membership::v1::ORGANIZATION_KIND_BASE_CELL, ", ",
    ::partywork::membership::v1::ORGANIZATION_KIND_SUBORDINATE_CELL,
    ") AND v.valid_to > $2::date AND v.valid_from <= $2::date), "
    "tree AS (SELECT organization_id, kind, org_type FROM reporting.organization_versions "
    "WHERE (SELECT yes FROM whole_tree) AND valid_from <= $2::date AND valid_to > $2::date "
    "UNION ALL SELECT * FROM walk) ");

// The spells covering the day $4 (its YYYYMMDD key $3) of the organizations
// $1 (with their types $2), with the member's full years on the day. The
// organizations come as arrays from SubtreeOf and the covering index is
// read for each. A prepared statement's generic plan expects ten of them
// whatever their number, so what follows must stay quick under that plan
// (a hash, not a sort: decision 7).
constexpr char kSpells[] =
    "WITH spells AS (SELECT s.*, t.org_type, ($3::integer - s.birth_key) / 10000 AS age "
    "FROM unnest($1::bigint[], $2::smallint[]) AS t(organization_id, org_type) "
    "JOIN reporting.member_spells s ON s.organization_id = t.organization_id "
    "WHERE s.valid_to > $4::date AND s.valid_from <= $4::date) ";

// The subtree's organizations on the day as PostgreSQL arrays of ids and types.
struct Subtree {
  std::string ids = "{", types = "{";
  int64_t size = 0;
};
Subtree SubtreeOf(pqxx::transaction_base& tx, int64_t root, absl::CivilDay day);
// The subtree's organizations dealt alternately into two (neighbours in the
// walk are alike in size), to be read on two connections.
std::array<Subtree, 2> Halves(const Subtree& tree);

// The day as its YYYYMMDD key and as a date, the parameters $3 and $4 of kSpells.
std::pair<std::string, std::string> DayKeys(absl::CivilDay day);

}  // namespace partywork::reporting
