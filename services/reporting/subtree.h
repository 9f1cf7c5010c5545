// The subtree of an organization on a day, as the reports' SQL reads it:
// shared by the member counts and the other reads of report_store.
#pragma once

#include <cstdint>
#include <string>
#include <utility>

#include "absl/time/civil_time.h"
#include "pqxx/pqxx"

namespace partywork::reporting {

// The subtree of $1 on the day $2, as `tree(organization_id, kind, org_type)`.
constexpr char kSubtree[] =
    "WITH RECURSIVE tree AS ("
    "SELECT organization_id, kind, org_type FROM reporting.organization_versions "
    "WHERE organization_id = $1 AND valid_from <= $2::date AND valid_to > $2::date "
    "UNION ALL SELECT v.organization_id, v.kind, v.org_type "
    "FROM reporting.organization_versions v JOIN tree t ON v.parent_id = t.organization_id "
    "WHERE v.valid_to > $2::date AND v.valid_from <= $2::date) ";

// The spells covering the day $4 (its YYYYMMDD key $3) of the organizations
// $1 (with their types $2), with the member's full years on the day. The
// organizations come as arrays from SubtreeOf, so that the planner sees how
// many there are and reads the covering index of each.
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

// The day as its YYYYMMDD key and as a date, the parameters $3 and $4 of kSpells.
std::pair<std::string, std::string> DayKeys(absl::CivilDay day);

}  // namespace partywork::reporting
