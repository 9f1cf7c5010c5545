#include "services/reporting/report_store.h"

#include <algorithm>
#include <atomic>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "libs/platform/db/database.h"
#include "libs/platform/log.h"
#include "libs/platform/resource.h"
#include "partywork/membership/v1/member.pb.h"

namespace partywork::reporting {
namespace {

namespace mv1 = ::partywork::membership::v1;

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
Subtree SubtreeOf(pqxx::transaction_base& tx, int64_t root, absl::CivilDay day) {
  static const db::Statement kTree{
      "reporting_subtree",
      absl::StrCat(kSubtree,
                   "SELECT coalesce(string_agg(organization_id::text, ','), ''), "
                   "coalesce(string_agg(org_type::text, ','), ''), count(*) FROM tree")};
  auto r = db::Exec(tx, kTree, root, FormatDay(day));
  return {absl::StrCat("{", r[0][0].as<std::string>(), "}"),
          absl::StrCat("{", r[0][1].as<std::string>(), "}"), r[0][2].as<int64_t>()};
}

std::atomic<int64_t> large_subtree{5000};
std::atomic<bool> count_from_totals{true};

std::pair<std::string, std::string> DayKeys(absl::CivilDay day) {
  return {absl::StrCat(day.year() * 10000 + day.month() * 100 + day.day()), FormatDay(day)};
}

// Runs a statement over kSpells for the subtree on the day: `large` instead
// of `small` when the subtree has more than large_subtree organizations.
pqxx::result OverSpells(pqxx::transaction_base& tx, const Subtree& tree, const db::Statement& small,
                        const db::Statement& large, absl::CivilDay day) {
  const auto [key, date] = DayKeys(day);
  return db::Exec(tx, tree.size > large_subtree.load() ? large : small, tree.ids, tree.types, key,
                  date);
}
pqxx::result OverSpells(pqxx::transaction_base& tx, const db::Statement& small,
                        const db::Statement& large, int64_t root, absl::CivilDay day) {
  return OverSpells(tx, SubtreeOf(tx, root, day), small, large, day);
}

void Add(std::map<int, int64_t>& to, const pqxx::field& key, int64_t count) {
  if (!key.is_null()) to[key.as<int>()] += count;
}

}  // namespace

void SetLargeSubtree(int64_t organizations) { large_subtree = organizations; }

std::vector<int64_t> MembersOn(pqxx::transaction_base& tx, int64_t root, absl::CivilDay day,
                               std::set<int64_t>* exempted) {
  static const db::Statement kMembers{
      "reporting_members_on",
      "SELECT s.member_id, bool_or(s.exempted) FROM unnest($1::bigint[]) AS t(organization_id) "
      "JOIN reporting.member_spells s ON s.organization_id = t.organization_id "
      "WHERE s.valid_to > $2::date AND s.valid_from <= $2::date GROUP BY 1 ORDER BY 1"};
  std::vector<int64_t> out;
  for (const auto& r : db::Exec(tx, kMembers, SubtreeOf(tx, root, day).ids, FormatDay(day))) {
    out.push_back(r[0].as<int64_t>());
    if (exempted && r[1].as<bool>()) exempted->insert(out.back());
  }
  return out;
}

std::vector<AdmittedMember> LoadAdmissions(pqxx::transaction_base& tx, absl::CivilDay start,
                                           absl::CivilDay end) {
  // The record as it was on the day; a readmission follows earlier events.
  static const db::Statement kAdmitted{
      "reporting_admissions_of_period",
      "SELECT e.member_id, e.effective_on::text, e.organization_id, r.gender, "
      "r.birth_date::text, r.ethnicity, r.religion, r.general_education, r.qualification, "
      "r.youth_union, r.student, r.occupation, r.private_business_owner, r.academic_title, EXISTS "
      "(SELECT 1 FROM reporting.member_events p "
      "WHERE p.member_id = e.member_id AND p.event_id < e.event_id AND NOT p.voided AND p.kind "
      "<> $2) FROM reporting.member_events e JOIN LATERAL (SELECT * FROM reporting.member_records "
      "r WHERE r.member_id = e.member_id AND r.valid_from <= e.effective_on ORDER BY r.valid_from "
      "DESC LIMIT 1) r ON true WHERE e.kind = $1 AND NOT e.voided AND e.organization_id IS NOT "
      "NULL AND e.effective_on BETWEEN $3::date AND $4::date ORDER BY e.member_id, e.event_id"};
  std::vector<AdmittedMember> out;
  for (const auto& r : db::Exec(tx, kAdmitted, static_cast<int>(mv1::MEMBER_EVENT_KIND_ADMITTED),
                                static_cast<int>(mv1::MEMBER_EVENT_KIND_CORRECTION),
                                FormatDay(start), FormatDay(end))) {
    AdmittedMember a;
    a.member = r[0].as<int64_t>();
    a.day = db::DayOf(r[1]);
    a.cell = r[2].as<int64_t>();
    a.record.gender = static_cast<mv1::Gender>(r[3].as<int>());
    a.record.birth_date = db::DayOf(r[4]);
    a.record.ethnicity = r[5].as<std::string>();
    a.record.religion = r[6].as<std::string>();
    a.record.general_education = static_cast<mv1::GeneralEducation>(r[7].as<int>());
    a.record.qualification = static_cast<mv1::Qualification>(r[8].as<int>());
    a.record.youth_union = r[9].as<bool>();
    a.record.student = r[10].as<bool>();
    a.occupation = r[11].as<std::string>();
    a.private_business_owner = r[12].as<bool>();
    a.academic_title = r[13].as<int>();
    a.readmitted = r[14].as<bool>();
    out.push_back(std::move(a));
  }
  return out;
}

std::vector<RatingRow> LoadRatings(pqxx::transaction_base& tx, int64_t root, int year,
                                   absl::CivilDay day) {
  static const db::Statement kRatings{
      "reporting_ratings_of_subtree",
      "SELECT r.member_id, r.organization_id, r.base_organization_id, r.grade "
      "FROM unnest($1::bigint[]) AS t(organization_id) JOIN reporting.ratings r "
      "ON r.year = $2 AND r.organization_id = t.organization_id ORDER BY r.id"};
  std::vector<RatingRow> out;
  for (const auto& r : db::Exec(tx, kRatings, SubtreeOf(tx, root, day).ids, year)) {
    RatingRow row;
    if (!r[0].is_null()) row.member = r[0].as<int64_t>();
    row.organization = r[1].as<int64_t>();
    if (!r[2].is_null()) row.base_organization = r[2].as<int64_t>();
    row.grade = r[3].as<int>();
    out.push_back(row);
  }
  return out;
}

std::map<int64_t, absl::CivilDay> AdmissionDays(pqxx::transaction_base& tx,
                                                const std::vector<int64_t>& members) {
  static const db::Statement kAdmitted{
      "reporting_admission_days",
      "SELECT member_id, max(effective_on)::text FROM reporting.member_events "
      "WHERE member_id = ANY($1::bigint[]) AND kind = $2 AND NOT voided GROUP BY member_id"};
  std::map<int64_t, absl::CivilDay> out;
  if (members.empty()) return out;
  for (const auto& r : db::Exec(tx, kAdmitted, absl::StrCat("{", absl::StrJoin(members, ","), "}"),
                                static_cast<int>(mv1::MEMBER_EVENT_KIND_ADMITTED))) {
    out[r[0].as<int64_t>()] = db::DayOf(r[1]);
  }
  return out;
}

std::vector<int64_t> OrganizationsOn(pqxx::transaction_base& tx, int64_t root, absl::CivilDay day,
                                     const std::vector<int>& kinds) {
  static const db::Statement kOfKinds{
      "reporting_organizations_of_kinds",
      absl::StrCat(kSubtree,
                   "SELECT organization_id FROM tree WHERE kind = ANY($3::smallint[]) ORDER BY 1")};
  std::vector<int64_t> out;
  for (const auto& r : db::Exec(tx, kOfKinds, root, FormatDay(day),
                                absl::StrCat("{", absl::StrJoin(kinds, ","), "}"))) {
    out.push_back(r[0].as<int64_t>());
  }
  return out;
}

namespace {

// A member's full years on the day, in bands (Composition::by_age_band).
constexpr char kBand[] =
    "CASE WHEN age <= 30 THEN 1 WHEN age > 60 THEN 8 ELSE (age - 26) / 5 + 1 END AS age_band";

// The rows of the count statements: GROUPING(qualification,
// political_theory, org_type, age_band, general_education,
// admission_period), the six keys, then the counts.
Composition CompositionOf(const pqxx::result& rows) {
  Composition c;
  for (const auto& r : rows) {
    const int64_t count = r[7].as<int64_t>();
    switch (r[0].as<int>()) {
      case 0b111111:  // the grand total
        c.total = count;
        c.women = r[8].as<int64_t>();
        c.minorities = r[9].as<int64_t>();
        c.religious = r[10].as<int64_t>();
        c.youth_union = r[11].as<int64_t>();
        c.probationary = r[12].as<int64_t>();
        c.exempted = r[13].as<int64_t>();
        c.age_sum = r[14].as<int64_t>();
        c.retired = r[15].as<int64_t>();
        break;
      case 0b011111:
        Add(c.by_qualification, r[1], count);
        break;
      case 0b101111:
        Add(c.by_political_theory, r[2], count);
        break;
      case 0b110111:
        Add(c.by_organization_type, r[3], count);
        break;
      case 0b111011:
        Add(c.by_age_band, r[4], count);
        break;
      case 0b111101:
        Add(c.by_general_education, r[5], count);
        break;
      case 0b111110:
        Add(c.by_admission_period, r[6], count);
        break;
      default:
        break;
    }
  }
  return c;
}

// The whole tree on a day from the open spells' totals (migration 0010):
// each total, plus the closed spells covering the day, minus the open spells
// begun after it. Reads only what changed after the day.
// The statements of a count, with the admission periods or without (a
// seventh breakdown, which only Biểu 3 shows, costs the spells' count a
// third more). Without, the period column is null and CompositionOf's codes
// stay the same.
struct PeriodsOrNot {
  std::string grouping_extra, key, set, fine_key, fine_groups;
};
PeriodsOrNot Periods(bool wanted) {
  if (wanted) {
    return {", admission_period", "admission_period", ", (admission_period)", ", admission_period",
            ", 6"};
  }
  return {"", "NULL::smallint", "", "", ""};
}

Composition CountFromTotals(pqxx::transaction_base& tx, const Subtree& tree, absl::CivilDay day,
                            bool by_admission_period) {
  static const std::string kAttributes =
      "status, exempted, female, minority, religious, youth_union, general_education, "
      "qualification, political_theory, retired, admission_period";
  static const std::string kSums =
      "sum(members)::bigint, (sum(members) FILTER (WHERE female))::bigint, "
      "(sum(members) FILTER (WHERE minority))::bigint, "
      "(sum(members) FILTER (WHERE religious))::bigint, "
      "(sum(members) FILTER (WHERE youth_union))::bigint, "
      "(sum(members) FILTER (WHERE status = 1))::bigint, "
      "(sum(members) FILTER (WHERE exempted))::bigint, ";
  static const std::string kRetired = ", (sum(members) FILTER (WHERE retired))::bigint";
  auto statement = [&](bool periods) {
    const PeriodsOrNot p = Periods(periods);
    return db::Statement{
        absl::StrCat("reporting_count_members_from_totals", periods ? "_periods" : ""),
        absl::StrCat(
            "WITH changed AS (SELECT organization_id, birth_key, ", kAttributes,
            ", 1 AS sign FROM reporting.member_spells WHERE valid_to <> 'infinity' AND valid_to > "
            "$4::date AND valid_from <= $4::date UNION ALL SELECT organization_id, birth_key, ",
            kAttributes,
            ", -1 FROM reporting.member_spells WHERE valid_to = 'infinity' AND valid_from > "
            "$4::date), "
            "births AS (SELECT birth_key, members FROM reporting.open_spells_by_birth UNION ALL "
            "SELECT birth_key, sum(sign) FROM changed GROUP BY 1), "
            "ages AS (SELECT ($3::integer - birth_key) / 10000 AS age, sum(members) AS members "
            "FROM births GROUP BY 1), "
            "attributes AS (SELECT ",
            kAttributes, ", members FROM reporting.open_spells_by_attributes UNION ALL SELECT ",
            kAttributes, ", sum(sign) FROM changed GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11), ",
            "cells AS (SELECT organization_id, members FROM reporting.open_spells_by_organization "
            "UNION ALL SELECT organization_id, sum(sign) FROM changed GROUP BY 1) "
            // As CompositionOf's codes: 0b111111 the total, 0b011111
            // qualification, 0b101111 theory, 0b111101 education, 0b111110
            // admission period; then age bands and organization types.
            "SELECT CASE GROUPING(qualification, political_theory, general_education",
            p.grouping_extra, ")", periods ? "" : " * 2 + 1",
            " WHEN 15 THEN 63 WHEN 7 THEN 31 WHEN 11 THEN 47 WHEN 13 THEN 61 "
            "ELSE 62 END, qualification, political_theory, NULL::smallint, NULL::integer, "
            "general_education, ",
            p.key, ", ", kSums, "(SELECT sum(age * members) FROM ages)::bigint", kRetired,
            " FROM attributes GROUP BY GROUPING SETS ((), (qualification), (political_theory), "
            "(general_education)",
            p.set,
            ") HAVING sum(members) <> 0 UNION ALL SELECT "
            "59, NULL, NULL, NULL, age_band, NULL, NULL, sum(members)::bigint, 0, 0, 0, 0, 0, 0, "
            "0, 0 FROM (SELECT ",
            kBand,
            ", members FROM ages) a GROUP BY age_band HAVING sum(members) <> 0 UNION ALL SELECT "
            "55, NULL, NULL, t.org_type, NULL, NULL, NULL, sum(c.members)::bigint, 0, 0, 0, 0, 0, "
            "0, 0, 0 FROM cells c JOIN unnest($1::bigint[], $2::smallint[]) AS "
            "t(organization_id, org_type) USING (organization_id) GROUP BY t.org_type HAVING "
            "sum(c.members) <> 0")};
  };
  static const db::Statement kCount[2] = {statement(false), statement(true)};
  const auto [key, date] = DayKeys(day);
  return CompositionOf(db::Exec(tx, kCount[by_admission_period], tree.ids, tree.types, key, date));
}

int64_t Sum(const std::map<int, int64_t>& counts) {
  int64_t sum = 0;
  for (const auto& [key, count] : counts) sum += count;
  return sum;
}

}  // namespace

void SetCountFromTotals(bool on) { count_from_totals = on; }

// The 40 %: reading a changed spell costs about twice what counting a spell
// does (bench/reporting_scale, 5.6 million members: 0.1 s with nothing
// changed, 0.26 s with 270,000 changed, 2.5 s against 1.9 s with 3 million).
bool TotalsCountQuicker(pqxx::transaction_base& tx, int64_t root, absl::CivilDay day) {
  static const db::Statement kTotalsApply{
      "reporting_totals_apply",
      "WITH tops AS (SELECT bool_and(organization_id = $1) AS root_only, count(*) AS n "
      "FROM reporting.organization_versions WHERE parent_id IS NULL AND valid_from <= $2::date "
      "AND valid_to > $2::date), "
      "bound AS (SELECT (coalesce(sum(members), 0) * 0.4)::bigint AS n "
      "FROM reporting.open_spells_by_attributes) "
      "SELECT tops.n = 1 AND tops.root_only AND "
      "(SELECT count(*) FROM (SELECT 1 FROM reporting.member_spells WHERE valid_to = "
      "'infinity' AND valid_from > $2::date LIMIT (SELECT n FROM bound)) o) + "
      "(SELECT count(*) FROM (SELECT 1 FROM reporting.member_spells WHERE valid_to <> "
      "'infinity' AND valid_to > $2::date LIMIT (SELECT n FROM bound)) c) < (SELECT n FROM bound) "
      "FROM tops"};
  return db::Exec(tx, kTotalsApply, root, FormatDay(day))[0][0].as<bool>();
}

Composition CountMembers(pqxx::transaction_base& tx, int64_t root, absl::CivilDay day,
                         bool by_admission_period) {
  auto statements = [](bool periods) {
    const PeriodsOrNot p = Periods(periods);
    const std::string suffix = periods ? "_periods" : "";
    const std::string keys = absl::StrCat(
        "GROUPING(qualification, political_theory, org_type, age_band, general_education",
        p.grouping_extra, ")", periods ? "" : " * 2 + 1",
        ", qualification, political_theory, org_type, age_band, general_education, ", p.key, ", ");
    const std::string breakdowns = absl::StrCat(
        " GROUP BY GROUPING SETS ((), (qualification), (political_theory), "
        "(org_type), (age_band), (general_education)",
        p.set, ")");
    // Each breakdown straight from the spells: the quickest for a province.
    db::Statement count{
        "reporting_count_members" + suffix,
        absl::StrCat(kSpells, ", banded AS (SELECT *, ", kBand, " FROM spells) SELECT ", keys,
                     "count(*), count(*) FILTER (WHERE female), count(*) FILTER (WHERE "
                     "minority), count(*) FILTER (WHERE religious), count(*) FILTER (WHERE "
                     "youth_union), count(*) FILTER (WHERE status = 1), count(*) FILTER (WHERE "
                     "exempted), coalesce(sum(age), 0), count(*) FILTER (WHERE retired) FROM "
                     "banded",
                     breakdowns)};
    // Fine groups first, then each breakdown over them: one hash per row
    // instead of one per breakdown, the quickest for a large subtree that
    // is not the whole tree.
    db::Statement large{
        "reporting_count_members_large" + suffix,
        absl::StrCat(kSpells, ", fine AS (SELECT qualification, political_theory, org_type, ",
                     kBand, ", general_education", p.fine_key,
                     ", count(*) AS n, count(*) FILTER (WHERE female) AS f, "
                     "count(*) FILTER (WHERE minority) AS mi, count(*) FILTER (WHERE religious) "
                     "AS re, count(*) FILTER (WHERE youth_union) AS y, count(*) FILTER (WHERE "
                     "status = 1) AS p, count(*) FILTER (WHERE exempted) AS e, sum(age) AS ages, "
                     "count(*) FILTER (WHERE retired) AS r FROM spells GROUP BY 1, 2, 3, 4, 5",
                     p.fine_groups, ") SELECT ", keys,
                     "coalesce(sum(n), 0)::bigint, coalesce(sum(f), 0)::bigint, "
                     "coalesce(sum(mi), 0)::bigint, coalesce(sum(re), 0)::bigint, "
                     "coalesce(sum(y), 0)::bigint, coalesce(sum(p), 0)::bigint, "
                     "coalesce(sum(e), 0)::bigint, coalesce(sum(ages), 0)::bigint, "
                     "coalesce(sum(r), 0)::bigint FROM fine",
                     breakdowns)};
    return std::pair{std::move(count), std::move(large)};
  };
  static const std::pair<db::Statement, db::Statement> kCount[2] = {statements(false),
                                                                    statements(true)};
  const auto& [count, large] = kCount[by_admission_period];
  const Subtree tree = SubtreeOf(tx, root, day);
  if (tree.size > large_subtree.load() && count_from_totals.load() &&
      TotalsCountQuicker(tx, root, day)) {
    // Every member of the day must be in a cell of the tree; else (a spell
    // in a cell the tree does not hold) the spells are counted instead.
    Composition c = CountFromTotals(tx, tree, day, by_admission_period);
    if (c.total == Sum(c.by_organization_type)) return c;
    log::Warn("members outside the tree: counted from the spells",
              {{"root", root},
               {"day", FormatDay(day)},
               {"members", c.total},
               {"in_tree", Sum(c.by_organization_type)}});
  }
  return CompositionOf(OverSpells(tx, tree, count, large, day));
}

EthnicityAndReligion CountByEthnicityAndReligion(pqxx::transaction_base& tx, int64_t root,
                                                 absl::CivilDay day) {
  static const db::Statement kCount{
      "reporting_count_ethnicity_religion",
      absl::StrCat(kSpells,
                   "SELECT GROUPING(ethnicity), coalesce(ethnicity, religion), count(*), "
                   "count(*) FILTER (WHERE female) FROM spells "
                   "GROUP BY GROUPING SETS ((ethnicity), (religion)) "
                   "ORDER BY 1, 3 DESC, coalesce(ethnicity, religion) COLLATE \"vi-VN-x-icu\"")};
  EthnicityAndReligion out;
  for (const auto& r : OverSpells(tx, kCount, kCount, root, day)) {
    GroupCount g{r[1].as<std::string>(), r[2].as<int64_t>(), r[3].as<int64_t>()};
    (r[0].as<int>() == 0 ? out.ethnicities : out.religions).push_back(std::move(g));
  }
  return out;
}

std::vector<OrganizationCount> CountOrganizations(pqxx::transaction_base& tx, int64_t root,
                                                  absl::CivilDay day) {
  static const db::Statement kCount{
      "reporting_count_organizations",
      absl::StrCat(kSubtree,
                   "SELECT kind, org_type, count(*) FROM tree GROUP BY kind, org_type "
                   "ORDER BY kind, org_type")};
  std::vector<OrganizationCount> out;
  for (const auto& r : db::Exec(tx, kCount, root, FormatDay(day))) {
    out.push_back({r[0].as<int>(), r[1].as<int>(), r[2].as<int64_t>()});
  }
  return out;
}

bool InSubtree(pqxx::transaction_base& tx, int64_t organization, int64_t root, absl::CivilDay day) {
  static const db::Statement kWithin{
      "reporting_in_subtree",
      absl::StrCat(kSubtree, "SELECT EXISTS (SELECT 1 FROM tree WHERE organization_id = $3)")};
  return db::Exec(tx, kWithin, root, FormatDay(day), organization)[0][0].as<bool>();
}

std::optional<std::string> DisplayName(pqxx::transaction_base& tx, int64_t organization,
                                       absl::CivilDay day) {
  static const db::Statement kName{
      "reporting_display_name",
      "SELECT display_name FROM reporting.organization_versions WHERE organization_id = $1 "
      "ORDER BY (valid_from <= $2::date AND valid_to > $2::date) DESC, valid_from DESC LIMIT 1"};
  auto r = db::Exec(tx, kName, organization, FormatDay(day));
  if (r.empty()) return std::nullopt;
  return r[0][0].as<std::string>();
}

TreeHistory TreeHistory::Load(pqxx::transaction_base& tx) {
  static const db::Statement kAll{
      "reporting_tree_history",
      "SELECT organization_id, valid_from::text, "
      "CASE WHEN valid_to = 'infinity' THEN '9999-12-31' ELSE valid_to::text END, parent_id, "
      "display_name, org_type, kind FROM reporting.organization_versions "
      "ORDER BY organization_id, valid_from"};
  TreeHistory tree;
  for (const auto& r : db::Exec(tx, kAll)) {
    std::optional<int64_t> parent;
    if (!r[3].is_null()) parent = r[3].as<int64_t>();
    tree.Add(r[0].as<int64_t>(), db::DayOf(r[1]), db::DayOf(r[2]), parent, r[4].as<std::string>(),
             r[5].as<int>(), r[6].as<int>());
  }
  return tree;
}

void TreeHistory::Add(int64_t organization, absl::CivilDay from, absl::CivilDay to,
                      std::optional<int64_t> parent, std::string name, int type, int kind) {
  versions_[organization].push_back({from, to, parent, std::move(name), type, kind});
}

int TreeHistory::KindOf(int64_t organization, absl::CivilDay day) const {
  const Version* v = At(organization, day);
  return v == nullptr ? 0 : v->kind;
}

std::optional<int64_t> TreeHistory::ParentOf(int64_t organization, absl::CivilDay day) const {
  const Version* v = At(organization, day);
  return v == nullptr ? std::nullopt : v->parent;
}

int TreeHistory::TypeOf(int64_t organization, absl::CivilDay day) const {
  std::optional<int64_t> current = organization;
  for (size_t depth = 0; current && depth <= versions_.size(); ++depth) {
    const Version* v = At(*current, day);
    if (v == nullptr) return 0;
    if (v->type != 0) return v->type;
    current = v->parent;
  }
  return 0;
}

const TreeHistory::Version* TreeHistory::At(int64_t organization, absl::CivilDay day) const {
  auto it = versions_.find(organization);
  if (it == versions_.end()) return nullptr;
  for (const auto& v : it->second) {
    if (v.from <= day && day < v.to) return &v;
  }
  return nullptr;
}

bool TreeHistory::Within(int64_t organization, int64_t root, absl::CivilDay day) const {
  std::optional<int64_t> current = organization;
  for (size_t depth = 0; current && depth <= versions_.size(); ++depth) {
    const Version* v = At(*current, day);
    if (v == nullptr) return false;
    if (*current == root) return true;
    current = v->parent;
  }
  return false;
}

std::string TreeHistory::NameOf(int64_t organization, absl::CivilDay day) const {
  if (const Version* v = At(organization, day)) return v->name;
  auto it = versions_.find(organization);
  return it == versions_.end() || it->second.empty() ? ResourceName("organizations", organization)
                                                     : it->second.back().name;
}

std::vector<Movement> LoadMovements(pqxx::transaction_base& tx, absl::CivilDay start,
                                    absl::CivilDay end) {
  // Admissions, restorations, transfers and every way of leaving; a
  // transfer within the Khối moves a member between subtrees.
  static const db::Statement kMovements{
      "reporting_movements",
      "SELECT e.kind, e.effective_on::text, b.organization_id, b.status, a.organization_id "
      "FROM reporting.member_events e "
      "LEFT JOIN reporting.member_spells b ON b.member_id = e.member_id "
      "AND b.valid_to = e.effective_on "
      "LEFT JOIN reporting.member_spells a ON a.member_id = e.member_id "
      "AND a.valid_from = e.effective_on "
      "WHERE e.effective_on BETWEEN $1::date AND $2::date AND NOT e.voided "
      "AND e.kind IN (1, 6, 7, 8, 11, 12, 13, 14, 16) ORDER BY e.effective_on, e.member_id"};
  std::vector<Movement> out;
  for (const auto& r : db::Exec(tx, kMovements, FormatDay(start), FormatDay(end))) {
    Movement m;
    m.kind = r[0].as<int>();
    m.day = db::DayOf(r[1]);
    if (!r[2].is_null()) m.before_organization = r[2].as<int64_t>();
    if (!r[3].is_null()) m.before_status = r[3].as<int>();
    if (!r[4].is_null()) m.after_organization = r[4].as<int64_t>();
    out.push_back(m);
  }
  return out;
}

std::vector<ReorganizationRow> LoadReorganizations(pqxx::transaction_base& tx, absl::CivilDay start,
                                                   absl::CivilDay end) {
  static const db::Statement kReorganizations{
      "reporting_reorganizations",
      "SELECT r.id, r.kind, r.effective_on::text, r.decision, o.organization_id, o.dissolved "
      "FROM reporting.reorganizations r JOIN reporting.reorganization_organizations o "
      "ON o.reorganization_id = r.id WHERE r.effective_on BETWEEN $1::date AND $2::date "
      "ORDER BY r.effective_on, r.id, o.dissolved DESC, o.organization_id"};
  std::vector<ReorganizationRow> out;
  for (const auto& r : db::Exec(tx, kReorganizations, FormatDay(start), FormatDay(end))) {
    const int64_t id = r[0].as<int64_t>();
    if (out.empty() || out.back().id != id) {
      out.push_back({id, r[1].as<int>(), db::DayOf(r[2]), r[3].as<std::string>(), {}, {}});
    }
    (r[5].as<bool>() ? out.back().dissolved : out.back().results).push_back(r[4].as<int64_t>());
  }
  return out;
}

std::vector<CountedSeat> LoadSeats(pqxx::transaction_base& tx, int year, bool by_end,
                                   std::optional<absl::CivilDay> as_of) {
  // $1 the year, $2 whether it is the term's last, $3 the day or null.
  static const db::Statement kSeats{
      "reporting_committee_seats",
      "SELECT s.id, s.organization_id, s.member_id, s.role, s.term_start_year, "
      "s.term_end_year, s.from_on::text, CASE WHEN s.to_on = 'infinity' THEN NULL ELSE "
      "s.to_on::text END, s.also_head_of_unit, coalesce($3::date, s.from_on)::text, r.gender, "
      "r.birth_date::text, r.ethnicity, r.qualification, r.political_theory "
      "FROM reporting.committee_seats s JOIN LATERAL (SELECT * FROM reporting.member_records r "
      "WHERE r.member_id = s.member_id AND r.valid_from <= coalesce($3::date, s.from_on) "
      "ORDER BY r.valid_from DESC LIMIT 1) r ON true "
      "WHERE (CASE WHEN $2 THEN s.term_end_year ELSE s.term_start_year END) = $1 "
      "AND ($3::date IS NULL OR (s.from_on <= $3::date AND s.to_on > $3::date)) "
      "ORDER BY s.organization_id, s.member_id, s.from_on, s.id"};
  std::optional<std::string> day;
  if (as_of) day = FormatDay(*as_of);
  std::vector<CountedSeat> out;
  for (const auto& r : db::Exec(tx, kSeats, year, by_end, day)) {
    CountedSeat c;
    c.seat.id = r[0].as<int64_t>();
    c.organization = r[1].as<int64_t>();
    c.seat.member_id = r[2].as<int64_t>();
    c.seat.role = static_cast<mv1::CommitteeRole>(r[3].as<int>());
    c.seat.term_start_year = r[4].as<int>();
    c.seat.term_end_year = r[5].as<int>();
    c.seat.from_on = db::DayOf(r[6]);
    if (!r[7].is_null()) c.seat.to_on = db::DayOf(r[7]);
    c.seat.also_head_of_unit = r[8].as<bool>();
    c.counted_on = db::DayOf(r[9]);
    c.member.gender = static_cast<mv1::Gender>(r[10].as<int>());
    c.member.birth_date = db::DayOf(r[11]);
    c.member.ethnicity = r[12].as<std::string>();
    c.member.qualification = static_cast<mv1::Qualification>(r[13].as<int>());
    c.member.political_theory = static_cast<mv1::PoliticalTheory>(r[14].as<int>());
    out.push_back(std::move(c));
  }
  return out;
}

std::vector<v1::FeedPosition> Positions(pqxx::transaction_base& tx) {
  static const db::Statement kPositions{
      "reporting_feed_positions",
      "SELECT feed, last_sequence FROM reporting.feed_checkpoints ORDER BY feed"};
  std::vector<v1::FeedPosition> out;
  for (const auto& row : db::Exec(tx, kPositions)) {
    v1::FeedPosition p;
    p.set_feed(row[0].as<std::string>());
    p.set_applied_sequence(row[1].as<int64_t>());
    out.push_back(std::move(p));
  }
  return out;
}

}  // namespace partywork::reporting
