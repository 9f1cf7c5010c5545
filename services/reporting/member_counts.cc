#include "services/reporting/member_counts.h"

#include <array>
#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "libs/platform/db/database.h"
#include "libs/platform/log.h"
#include "libs/platform/metrics.h"
#include "libs/platform/resource.h"
#include "services/reporting/row_stream.h"
#include "services/reporting/subtree.h"

namespace partywork::reporting {
namespace {

std::atomic<bool> count_from_totals{true};
std::atomic<int64_t> split_count_from{1000};

metrics::Counter& SplitCounts() {
  static metrics::Counter& c =
      metrics::Registry::Default()
          .AddCounter("partywork_reporting_split_counts_total",
                      "Member counts of a large subtree read in two halves on two database "
                      "connections sharing the report's snapshot.",
                      {})
          .With({});
  return c;
}

void Add(std::map<int, int64_t>& to, const pqxx::field& key, int64_t count) {
  if (!key.is_null()) to[key.as<int>()] += count;
}

// A member's full years on the day, in bands (Composition::by_age_band).
constexpr char kBand[] =
    "CASE WHEN age <= 30 THEN 1 WHEN age > 60 THEN 8 ELSE (age - 26) / 5 + 1 END AS age_band";

// The rows of the anchor's statement (CountFromAnchor): GROUPING(qualification,
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

// The anchor's statement with the admission periods or without (a seventh
// breakdown, which only Biểu 3 shows). Without, the period column is null
// and CompositionOf's codes stay the same.
struct PeriodsOrNot {
  std::string grouping_extra, key, set;
};
PeriodsOrNot Periods(bool wanted) {
  if (wanted) {
    return {", admission_period", "admission_period", ", (admission_period)"};
  }
  return {"", "NULL::smallint", ""};
}

// The anchor a whole tree on a day is counted from (count_anchors.h): its
// totals, plus or minus the spells begun and ended in (lo, hi], the days
// between the anchor and the day. A spell begun and ended in between adds
// and takes away the same.
struct Anchor {
  std::string day, lo, hi;
  int begun_sign;  // +1 when the anchor is before the day, -1 after it
};

Composition CountFromAnchor(pqxx::transaction_base& tx, absl::CivilDay day, const Anchor& anchor,
                            bool by_admission_period) {
  static const std::string kAttributes =
      "status, exempted, female, minority, religious, youth_union, general_education, "
      "qualification, political_theory, retired, admission_period";
  // A sum over no rows is null: a small tree may have no religious member.
  auto sum_where = [](const char* condition) {
    return absl::StrCat("coalesce(sum(members) FILTER (WHERE ", condition, "), 0)::bigint");
  };
  static const std::string kSums =
      absl::StrCat("sum(members)::bigint, ", sum_where("female"), ", ", sum_where("minority"), ", ",
                   sum_where("religious"), ", ", sum_where("youth_union"), ", ",
                   sum_where("status = 1"), ", ", sum_where("exempted"), ", ");
  static const std::string kRetired = absl::StrCat(", ", sum_where("retired"));
  // $1 the day, $2 its key, $3 the anchor, ($4, $5] the days between, $6
  // the sign of the spells begun in between. The organizations' types are
  // those of the day.
  auto statement = [&](bool periods) {
    const PeriodsOrNot p = Periods(periods);
    return db::Statement{
        absl::StrCat("reporting_count_members_from_anchor", periods ? "_periods" : ""),
        absl::StrCat(
            "WITH changed AS (SELECT organization_id, birth_key, ", kAttributes,
            ", $6::integer AS sign FROM reporting.member_spells WHERE valid_from > $4::date AND "
            "valid_from <= $5::date UNION ALL SELECT organization_id, birth_key, ",
            kAttributes,
            ", -$6::integer FROM reporting.member_spells WHERE valid_to <> 'infinity' AND "
            "valid_to > $4::date AND valid_to <= $5::date), "
            "births AS (SELECT birth_key, members FROM reporting.spell_totals_by_birth WHERE "
            "anchor = $3::date UNION ALL SELECT birth_key, sum(sign) FROM changed GROUP BY 1), "
            "ages AS (SELECT ($2::integer - birth_key) / 10000 AS age, sum(members) AS members "
            "FROM births GROUP BY 1), "
            "attributes AS (SELECT ",
            kAttributes,
            ", members FROM reporting.spell_totals_by_attributes WHERE anchor = $3::date UNION "
            "ALL SELECT ",
            kAttributes, ", sum(sign) FROM changed GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11), ",
            "cells AS (SELECT organization_id, members FROM reporting.spell_totals_by_organization "
            "WHERE anchor = $3::date UNION ALL SELECT organization_id, sum(sign) FROM changed "
            "GROUP BY 1) "
            // As CompositionOf's codes: 0b111111 the total, 0b011111
            // qualification, 0b101111 theory, 0b111101 education, 0b111110
            // admission period; then age bands and organization types.
            "SELECT CASE GROUPING(qualification, political_theory, general_education",
            p.grouping_extra, ")", periods ? "" : " * 2 + 1",
            " WHEN 15 THEN 63 WHEN 7 THEN 31 WHEN 11 THEN 47 WHEN 13 THEN 61 "
            "ELSE 62 END, qualification, political_theory, NULL::smallint, NULL::integer, "
            "general_education, ",
            p.key, ", ", kSums, "coalesce((SELECT sum(age * members) FROM ages), 0)::bigint",
            kRetired,
            " FROM attributes GROUP BY GROUPING SETS ((), (qualification), (political_theory), "
            "(general_education)",
            p.set,
            ") HAVING sum(members) <> 0 UNION ALL SELECT "
            "59, NULL, NULL, NULL, age_band, NULL, NULL, sum(members)::bigint, 0, 0, 0, 0, 0, 0, "
            "0, 0 FROM (SELECT ",
            kBand,
            ", members FROM ages) a GROUP BY age_band HAVING sum(members) <> 0 UNION ALL SELECT "
            "55, NULL, NULL, t.org_type, NULL, NULL, NULL, sum(c.members)::bigint, 0, 0, 0, 0, 0, "
            "0, 0, 0 FROM cells c JOIN reporting.organization_versions t ON t.organization_id = "
            "c.organization_id AND t.valid_from <= $1::date AND t.valid_to > $1::date GROUP BY "
            "t.org_type HAVING sum(c.members) <> 0")};
  };
  static const db::Statement kCount[2] = {statement(false), statement(true)};
  const auto [key, date] = DayKeys(day);
  return CompositionOf(db::Exec(tx, kCount[by_admission_period], date, key, anchor.day, anchor.lo,
                                anchor.hi, anchor.begun_sign));
}

// The anchor to count the subtree of `root` on the day from, if one counts
// it quicker than its spells: the root is the only top organization that day
// (its subtree is every organization), and fewer spells began or ended
// between the day and the nearer of the anchors around it than 40 % of the
// open ones. The 40 %: reading a changed spell costs about twice what
// counting a spell does (bench/reporting_scale, 5.6 million members: 0.1 s
// with nothing changed, 0.26 s with 270,000 changed, 2.5 s against 1.9 s
// with 3 million).
std::optional<Anchor> QuickestAnchor(pqxx::transaction_base& tx, int64_t root, absl::CivilDay day) {
  static const db::Statement kAround{
      "reporting_anchors_around",
      // The anchors only for the whole tree (a CASE's subqueries run only
      // when it takes their branch): the bound sums the open spells' totals.
      absl::StrCat(
          "SELECT whole, CASE WHEN whole THEN "
          "(SELECT max(day) FROM reporting.count_anchors WHERE day <= $2::date)::text END, "
          "CASE WHEN whole THEN "
          "(SELECT min(day) FROM reporting.count_anchors WHERE day > $2::date)::text END, "
          "CASE WHEN whole THEN (SELECT (coalesce(sum(members), 0) * 0.4)::bigint FROM "
          "reporting.spell_totals_by_attributes WHERE anchor = 'infinity') END "
          "FROM (SELECT coalesce((",
          kWholeTree, "), false) AS whole) w")};
  // The spells begun or ended in ($1, $2], counted up to $3.
  static const db::Statement kChanged{
      "reporting_spells_changed_between",
      "SELECT (SELECT count(*) FROM (SELECT 1 FROM reporting.member_spells WHERE valid_from > "
      "$1::date AND valid_from <= $2::date LIMIT $3) b) + (SELECT count(*) FROM (SELECT 1 FROM "
      "reporting.member_spells WHERE valid_to <> 'infinity' AND valid_to > $1::date AND "
      "valid_to <= $2::date LIMIT $3) e)"};
  const std::string date = FormatDay(day);
  const auto around = db::Exec(tx, kAround, root, date)[0];
  if (!around[0].as<bool>()) return std::nullopt;
  if (!around[1].is_null() && around[1].as<std::string>() == date)
    return Anchor{date, date, date, 1};
  int64_t bound = around[3].as<int64_t>();
  std::optional<Anchor> best;
  // The anchor after the day first: there is always one, the open spells'.
  std::vector<Anchor> candidates = {
      {around[2].as<std::string>(), date, around[2].as<std::string>(), -1}};
  if (!around[1].is_null()) {
    candidates.push_back({around[1].as<std::string>(), around[1].as<std::string>(), date, 1});
  }
  for (const Anchor& a : candidates) {
    const int64_t changed = db::Exec(tx, kChanged, a.lo, a.hi, bound)[0][0].as<int64_t>();
    if (changed < bound) {
      best = a;
      bound = changed;
    }
  }
  return best;
}

int64_t Sum(const std::map<int, int64_t>& counts) {
  int64_t sum = 0;
  for (const auto& [key, count] : counts) sum += count;
  return sum;
}

}  // namespace

void SetCountFromTotals(bool on) { count_from_totals = on; }

void SetSplitCountFrom(int64_t organizations) { split_count_from = organizations; }

bool TotalsCountQuicker(pqxx::transaction_base& tx, int64_t root, absl::CivilDay day) {
  return QuickestAnchor(tx, root, day).has_value();
}

SpellProfile UnpackProfile(int32_t profile) {
  auto bit = [profile](int i) { return ((profile >> i) & 1) != 0; };
  auto field = [profile](int from, int bits) { return (profile >> from) & ((1 << bits) - 1); };
  return {bit(0), bit(1),      bit(2),       bit(3),       bit(4),      bit(5),
          bit(6), field(7, 3), field(10, 5), field(15, 5), field(20, 5)};
}

void AddMembers(const SpellProfile& p, int organization_type, int age_band, int64_t members,
                int64_t ages, bool by_admission_period, Composition* c) {
  c->total += members;
  c->women += p.female ? members : 0;
  c->minorities += p.minority ? members : 0;
  c->religious += p.religious ? members : 0;
  c->youth_union += p.youth_union ? members : 0;
  c->probationary += p.probationary ? members : 0;
  c->exempted += p.exempted ? members : 0;
  c->retired += p.retired ? members : 0;
  c->age_sum += ages;
  c->by_qualification[p.qualification] += members;
  c->by_political_theory[p.political_theory] += members;
  c->by_general_education[p.general_education] += members;
  c->by_organization_type[organization_type] += members;
  c->by_age_band[age_band] += members;
  if (by_admission_period) c->by_admission_period[p.admission_period] += members;
}

Composition CountMembers(pqxx::transaction_base& tx, int64_t root, absl::CivilDay day,
                         bool by_admission_period) {
  // The whole tree needs no walk: its organizations are every one of the day.
  if (const std::optional<Anchor> anchor =
          count_from_totals.load() ? QuickestAnchor(tx, root, day) : std::nullopt) {
    // Every member of the day must be in a cell of the day's organizations
    // (the whole tree's: membership moves or dissolves an organization's
    // subordinates before it ends one); else the spells are counted.
    Composition c = CountFromAnchor(tx, day, *anchor, by_admission_period);
    if (c.total == Sum(c.by_organization_type)) return c;
    log::Warn("members outside the tree: counted from the spells",
              {{"root", root},
               {"day", FormatDay(day)},
               {"members", c.total},
               {"in_tree", Sum(c.by_organization_type)}});
  }
  // The subtree's spells in groups of one profile, organization type and
  // age band (a province at country size: 86,000 spells, 3,300 groups),
  // unpacked here into every breakdown.
  static const db::Statement kCount{
      "reporting_count_members_by_profile",
      absl::StrCat(kSpells, "SELECT profile, org_type, ", kBand,
                   ", count(*), sum(age) FROM spells GROUP BY 1, 2, 3")};
  const Subtree tree = SubtreeOf(tx, root, day);
  const std::pair<std::string, std::string> keys = DayKeys(day);
  auto count = [keys](pqxx::transaction_base& t, const Subtree& part) {
    return db::Exec(t, kCount, part.ids, part.types, keys.first, keys.second);
  };
  // A large subtree in two halves on two connections: reading a province's
  // 86,000 spells is most of its report (decision 7).
  std::vector<pqxx::result> groups;
  const int64_t split_from = split_count_from.load();
  if (split_from > 0 && tree.size >= split_from) {
    const std::array<Subtree, 2> halves = Halves(tree);
    auto theirs = std::make_shared<pqxx::result>();
    auto helper =
        db::ReadAlongside(tx, [count, theirs, half = halves[1]](pqxx::transaction_base& t) {
          t.exec0(kReportTransactionSettings);
          *theirs = count(t, half);
        });
    if (helper) {
      SplitCounts().Inc();
      groups.push_back(count(tx, halves[0]));
      // A helper that failed (a lock it waited for, say) leaves its half to
      // this connection.
      groups.push_back(helper->get().ok() ? *theirs : count(tx, halves[1]));
    }
  }
  if (groups.empty()) groups.push_back(count(tx, tree));
  Composition c;
  for (const pqxx::result& rows : groups) {
    for (const auto& r : rows) {
      AddMembers(UnpackProfile(r[0].as<int32_t>()), r[1].as<int>(), r[2].as<int>(),
                 r[3].as<int64_t>(), r[4].as<int64_t>(), by_admission_period, &c);
    }
  }
  return c;
}

}  // namespace partywork::reporting
