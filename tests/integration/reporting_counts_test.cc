// Membership at a date counted two ways gives the same figures: from the
// subtree's spells grouped by profile (migration 0015), and from the totals
// of an anchor day (the open spells' among them, migrations 0010 and 0013)
// corrected by the spells begun or ended between the anchor and the day.
// The totals are kept by triggers through inserts, deletes and updates of
// spells, and always equal the spells covering each anchor summed again.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <memory>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "gtest/gtest.h"
#include "libs/platform/db/database.h"
#include "libs/platform/db/migrations.h"
#include "libs/platform/metrics.h"
#include "pqxx/pqxx"
#include "services/reporting/count_anchors.h"
#include "services/reporting/member_counts.h"
#include "services/reporting/report_store.h"
#include "services/reporting/subtree.h"
#include "services/reporting/tree_history.h"
#include "tests/harness/postgres.h"

PARTYWORK_USE_POSTGRES();

namespace partywork::reporting {
const std::vector<db::Migration>& Migrations();
}

namespace partywork::reporting {
namespace {

using ::partywork::testing::Postgres;

// Every figure of a composition, as text, so that two can be compared whole.
std::string Figures(const Composition& c) {
  auto counts = [](const std::map<int, int64_t>& m) {
    return absl::StrJoin(m, ",", absl::PairFormatter("="));
  };
  return absl::StrCat(
      "total=", c.total, " women=", c.women, " minorities=", c.minorities,
      " religious=", c.religious, " youth=", c.youth_union, " probationary=", c.probationary,
      " exempted=", c.exempted, " retired=", c.retired, " ages=", c.age_sum, " qualification[",
      counts(c.by_qualification), "] theory[", counts(c.by_political_theory), "] type[",
      counts(c.by_organization_type), "] age[", counts(c.by_age_band), "] education[",
      counts(c.by_general_education), "] admitted[", counts(c.by_admission_period), "]");
}

std::string Date(absl::CivilDay day) { return absl::FormatCivilTime(day); }

class ReportingCountsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Postgres::Get().ResetSchema("reporting");
    ASSERT_TRUE(db::Migrate(url_, "reporting", Migrations()).ok());
    pqxx::work tx(connection_);
    // The root 1, four base organizations under it, 24 cells under those;
    // cell 15 moves from base 2 to base 3 on 1/7/2020, and base 5 becomes a
    // base of type 4 on 1/1/2022.
    tx.exec(
        "INSERT INTO reporting.organization_versions (organization_id, valid_from, valid_to, "
        "display_name, kind, org_type, parent_id) VALUES "
        "(1, '2000-01-01', 'infinity', 'Đảng bộ Khối', 1, 0, NULL), "
        "(2, '2000-01-01', 'infinity', 'Đảng bộ 2', 2, 1, 1), "
        "(3, '2000-01-01', 'infinity', 'Đảng bộ 3', 2, 2, 1), "
        "(4, '2000-01-01', 'infinity', 'Đảng bộ 4', 2, 3, 1), "
        "(5, '2000-01-01', '2022-01-01', 'Đảng bộ 5', 2, 3, 1), "
        "(5, '2022-01-01', 'infinity', 'Đảng bộ 5', 2, 4, 1)");
    tx.exec(
        "INSERT INTO reporting.organization_versions (organization_id, valid_from, valid_to, "
        "display_name, kind, org_type, parent_id) SELECT c, date '2000-01-01', "
        "CASE WHEN c = 15 THEN date '2020-07-01' ELSE 'infinity' END, 'Chi bộ ' || c, 3, "
        "1 + c % 5, 2 + c % 4 FROM generate_series(10, 33) c UNION ALL "
        "SELECT 15, date '2020-07-01', 'infinity', 'Chi bộ 15', 3, 1, 3");
    tx.commit();
  }

  // Spells of members [from, to): one to four in a row, the last open for
  // four in five of them, most begun long before the days counted.
  void AddMembers(int from, int to, unsigned seed) {
    std::mt19937 random(seed);
    auto pick = [&](int n) { return static_cast<int>(random() % n); };
    std::vector<std::string> rows;
    for (int m = from; m < to; ++m) {
      absl::CivilDay start = absl::CivilDay(2005, 1, 1) + pick(365 * 17);
      const int spells = 1 + pick(4);
      const absl::CivilDay birth = absl::CivilDay(1950, 1, 1) + pick(365 * 50);
      const bool female = pick(3) == 0;
      const absl::CivilDay admitted = absl::CivilDay(1944, 1, 1) + pick(365 * 70);
      for (int i = 0; i < spells; ++i) {
        const bool last = i == spells - 1;
        const absl::CivilDay end = start + 30 + pick(900);
        const std::string to_day = last && pick(5) > 0 ? "infinity" : Date(end);
        rows.push_back(absl::StrCat(
            "(", m, ", '", Date(start), "', '", to_day, "', ", 10 + pick(24), ", ", 1 + pick(2),
            ", ", pick(9) == 0 ? "true" : "false", ", false, ", female ? "true" : "false", ", '",
            Date(birth), "', '", pick(10) == 0 ? "Tày" : "Kinh", "', '",
            pick(20) == 0 ? "Phật giáo" : "", "', ", 1 + pick(3), ", ", 1 + pick(5), ", ",
            1 + pick(4), ", ", pick(4) == 0 ? "true" : "false", ", ",
            pick(6) == 0 ? "true" : "false", ", '", Date(admitted), "')"));
        start = end;
      }
    }
    pqxx::work tx(connection_);
    tx.exec(absl::StrCat(
        "INSERT INTO reporting.member_spells (member_id, valid_from, valid_to, organization_id, "
        "status, exempted, temporarily_away, female, birth_date, ethnicity, religion, "
        "general_education, qualification, political_theory, youth_union, retired, admitted_on) "
        "VALUES ",
        absl::StrJoin(rows, ", ")));
    tx.commit();
  }

  void Exec(const std::string& sql) {
    pqxx::work tx(connection_);
    tx.exec(sql);
    tx.commit();
  }

  // The same figures whichever way they are counted; and whether the
  // totals were the quicker way.
  bool ExpectSameCounts(int64_t root, absl::CivilDay day) {
    pqxx::work tx(connection_);
    auto without_periods = [](Composition c) {
      c.by_admission_period.clear();
      return Figures(c);
    };
    SetCountFromTotals(false);
    const Composition all = CountMembers(tx, root, day, /*by_admission_period=*/true);
    const std::string from_spells = Figures(all);
    EXPECT_EQ(Figures(CountMembers(tx, root, day)), without_periods(all)) << day;
    EXPECT_EQ(all.total, SpellsCovering(root, day)) << day;
    SetCountFromTotals(true);
    const std::string from_totals = Figures(CountMembers(tx, root, day, true));
    EXPECT_EQ(Figures(CountMembers(tx, root, day)), without_periods(all)) << day;
    EXPECT_EQ(from_totals, from_spells) << day;
    return TotalsCountQuicker(tx, root, day);
  }

  // The totals of every anchor equal the spells covering it summed again
  // ('infinity': the open spells).
  void ExpectTotalsOfAnchors() {
    const std::string covering =
        "FROM reporting.count_anchors a JOIN reporting.member_spells s ON s.valid_from <= a.day "
        "AND (s.valid_to > a.day OR s.valid_to = 'infinity')";
    for (const auto& [table, keys] :
         {std::pair{"birth", "birth_key"}, std::pair{"organization", "organization_id"},
          std::pair{"attributes", "female, qualification"},
          std::pair{"attributes", "retired, admission_period"}}) {
      const std::string check =
          absl::StrCat("SELECT anchor, ", keys, ", sum(n) FROM (SELECT anchor, ", keys,
                       ", members AS n FROM reporting.spell_totals_by_", table,
                       " UNION ALL SELECT a.day, ", keys, ", -count(*) ", covering, " GROUP BY 1, ",
                       keys, ") d GROUP BY 1, ", keys, " HAVING sum(n) <> 0");
      EXPECT_EQ(Postgres::Get().Admin(check).size(), 0u) << check;
    }
  }

  // The organizations of a subtree, in order.
  static std::string Organizations(const Subtree& tree) {
    std::vector<int64_t> ids;
    for (absl::string_view id : absl::StrSplit(absl::StripPrefix(tree.ids, "{"),
                                               absl::ByAnyChar(",}"), absl::SkipEmpty())) {
      int64_t n = 0;
      EXPECT_TRUE(absl::SimpleAtoi(id, &n)) << id;
      ids.push_back(n);
    }
    std::sort(ids.begin(), ids.end());
    return absl::StrJoin(ids, ",");
  }

  // The subtree of `root` on the day as a walk down the parents finds it.
  static std::string Walked(int64_t root, absl::CivilDay day) {
    const std::string on =
        absl::StrCat("valid_from <= '", Date(day), "' AND valid_to > '", Date(day), "'");
    return Postgres::Get()
        .Admin(absl::StrCat(
            "WITH RECURSIVE t AS (SELECT organization_id FROM reporting.organization_versions "
            "WHERE organization_id = ",
            root, " AND ", on,
            " UNION ALL SELECT v.organization_id FROM reporting.organization_versions v JOIN t "
            "ON v.parent_id = t.organization_id WHERE ",
            on,
            ") SELECT string_agg(organization_id::text, ',' ORDER BY organization_id) FROM t"))[0]
                                                                                               [0]
        .as<std::string>();
  }

  // The spells covering the day in the subtree a walk finds.
  static int64_t SpellsCovering(int64_t root, absl::CivilDay day) {
    return Postgres::Get()
        .Admin(absl::StrCat("SELECT count(*) FROM reporting.member_spells WHERE organization_id = "
                            "ANY('{",
                            Walked(root, day), "}'::bigint[]) AND valid_from <= '", Date(day),
                            "' AND valid_to > '", Date(day), "'"))[0][0]
        .as<int64_t>();
  }

  std::vector<std::string> Anchors() {
    std::vector<std::string> days;
    for (const auto& row :
         Postgres::Get().Admin("SELECT day::text FROM reporting.count_anchors ORDER BY day")) {
      days.push_back(row[0].as<std::string>());
    }
    return days;
  }

  std::string url_ = Postgres::Get().Url("reporting");
  pqxx::connection connection_{url_};
};

TEST_F(ReportingCountsTest, EveryWayGivesTheSameFiguresOnEveryDay) {
  AddMembers(1, 1500, 1);
  AddMembers(1500, 3000, 2);
  ExpectTotalsOfAnchors();
  int from_totals = 0;
  for (absl::CivilDay day(2004, 12, 31); day <= absl::CivilDay(2026, 6, 30); day += 131) {
    from_totals += ExpectSameCounts(1, day);
  }
  // The days of the reorganizations, and the root being a base organization.
  for (absl::CivilDay day : {absl::CivilDay(2020, 6, 30), absl::CivilDay(2020, 7, 1),
                             absl::CivilDay(2021, 12, 31), absl::CivilDay(2022, 1, 1)}) {
    from_totals += ExpectSameCounts(1, day);
    ExpectSameCounts(3, day);
  }
  // The later days are counted from the totals, the early ones (most spells
  // begun after them) from the spells.
  EXPECT_GE(from_totals, 10);
  pqxx::work tx(connection_);
  EXPECT_FALSE(TotalsCountQuicker(tx, 1, absl::CivilDay(2006, 1, 1)));
  EXPECT_FALSE(TotalsCountQuicker(tx, 3, absl::CivilDay(2025, 1, 1)));
}

TEST_F(ReportingCountsTest, TotalsFollowDeletesAndUpdates) {
  AddMembers(1, 2000, 3);
  // A member's spells rewritten, as a batch of the feed does; open spells
  // closed and closed ones reopened; a correction of the birth day.
  Exec("DELETE FROM reporting.member_spells WHERE member_id % 7 = 0");
  AddMembers(2000, 2400, 4);
  Exec(
      "UPDATE reporting.member_spells SET valid_to = valid_from + 400 WHERE member_id % 5 = 0 "
      "AND valid_to = 'infinity'");
  Exec(
      "UPDATE reporting.member_spells SET valid_to = 'infinity' WHERE member_id % 11 = 0 AND "
      "(member_id, valid_from) IN (SELECT member_id, max(valid_from) FROM "
      "reporting.member_spells GROUP BY 1)");
  Exec(
      "UPDATE reporting.member_spells SET birth_date = birth_date + 3, female = NOT female "
      "WHERE member_id % 13 = 0");
  ExpectTotalsOfAnchors();
  for (absl::CivilDay day : {absl::CivilDay(2019, 12, 31), absl::CivilDay(2023, 3, 31),
                             absl::CivilDay(2024, 12, 31), absl::CivilDay(2027, 1, 1)}) {
    // Counted from the totals from 2023 on (few spells changed after).
    EXPECT_EQ(ExpectSameCounts(1, day), day.year() >= 2023) << day;
  }
}

TEST_F(ReportingCountsTest, ASecondTopOrganizationIsNotCountedFromTheTotals) {
  AddMembers(1, 1000, 5);
  // A second top organization on 2023, with a cell of its own holding
  // members: the root's subtree is not every organization then.
  Exec(
      "INSERT INTO reporting.organization_versions (organization_id, valid_from, valid_to, "
      "display_name, kind, org_type, parent_id) VALUES (90, '2023-01-01', '2024-01-01', "
      "'Đảng bộ khác', 1, 0, NULL), (91, '2023-01-01', '2024-01-01', 'Chi bộ 91', 3, 2, 90)");
  Exec(
      "INSERT INTO reporting.member_spells (member_id, valid_from, valid_to, organization_id, "
      "status, exempted, temporarily_away, female, birth_date, ethnicity, religion, "
      "general_education, qualification, political_theory, youth_union) SELECT m, "
      "date '2023-02-01', date '2023-11-01', 91, 2, false, false, false, date '1980-05-05', "
      "'Kinh', '', 3, 3, "
      "2, false FROM generate_series(5000, 5040) m");
  EXPECT_FALSE(ExpectSameCounts(1, absl::CivilDay(2023, 6, 30)));
  EXPECT_TRUE(ExpectSameCounts(1, absl::CivilDay(2024, 6, 30)));
  pqxx::work tx(connection_);
  EXPECT_EQ(CountMembers(tx, 90, absl::CivilDay(2023, 6, 30)).total, 41);
  // The root's subtree read straight while it is the only top organization
  // is the one a walk finds, on the days of the reorganizations too; with a
  // second top it is walked, and the second top's cell is not in it.
  for (absl::CivilDay day :
       {absl::CivilDay(2020, 6, 30), absl::CivilDay(2020, 7, 1), absl::CivilDay(2022, 1, 1),
        absl::CivilDay(2023, 6, 30), absl::CivilDay(2024, 6, 30)}) {
    EXPECT_EQ(Organizations(SubtreeOf(tx, 1, day)), Walked(1, day)) << day;
    EXPECT_EQ(SubtreeOf(tx, 1, day).size, 29) << day;
  }
  EXPECT_EQ(Organizations(SubtreeOf(tx, 90, absl::CivilDay(2023, 6, 30))), "90,91");
  EXPECT_EQ(Organizations(SubtreeOf(tx, 3, absl::CivilDay(2020, 7, 1))),
            Walked(3, absl::CivilDay(2020, 7, 1)));
}

TEST_F(ReportingCountsTest, ALargeSubtreeIsCountedInHalvesOnTwoConnections) {
  AddMembers(1, 3000, 7);
  const metrics::Counter& splits = metrics::Registry::Default()
                                       .AddCounter("partywork_reporting_split_counts_total", "")
                                       .With({});
  db::DatabaseOptions options;
  options.conninfo = url_;
  options.workers = 2;
  db::Database pool(options);
  // The figures of every subtree on a day, counted in a report's snapshot on
  // a worker of `pool` (which may split them) and from the spells.
  auto count_all = [&](absl::CivilDay day) {
    std::string figures;
    EXPECT_TRUE(pool.Run([&](pqxx::connection& conn) {
                      pqxx::transaction<pqxx::isolation_level::repeatable_read, pqxx::read_only> tx(
                          conn);
                      for (int64_t root : {1, 2, 3, 5}) {
                        absl::StrAppend(&figures, root, ": ",
                                        Figures(CountMembers(tx, root, day, true)), "\n");
                      }
                      return grpc::Status::OK;
                    })
                    .ok());
    return figures;
  };
  SetCountFromTotals(false);
  for (absl::CivilDay day :
       {absl::CivilDay(2012, 3, 31), absl::CivilDay(2020, 7, 1), absl::CivilDay(2024, 12, 31)}) {
    SetSplitCountFrom(0);
    const double before = splits.Value();
    const std::string whole = count_all(day);
    EXPECT_EQ(splits.Value(), before);
    SetSplitCountFrom(1);  // every subtree of more than one organization
    EXPECT_EQ(count_all(day), whole) << day;
    EXPECT_EQ(splits.Value(), before + 4) << day;
  }
  SetSplitCountFrom(1000);
  SetCountFromTotals(true);
}

TEST_F(ReportingCountsTest, TheSharedTreeIsReadAgainOnlyAfterTheTreeChanged) {
  const absl::CivilDay day(2024, 6, 30);
  // A report's snapshot taken before the change below.
  pqxx::connection other{url_};
  pqxx::transaction<pqxx::isolation_level::repeatable_read> before(other);
  const std::shared_ptr<const TreeHistory> first = TreeHistory::Shared(before);
  EXPECT_TRUE(first->Within(15, 3, day));
  EXPECT_EQ(first->KindOf(40, day), 0);
  {
    pqxx::work tx(connection_);
    EXPECT_EQ(TreeHistory::Shared(tx).get(), first.get());  // the same tree, not read again
  }
  // A cell opened under base 4 on 1/1/2024.
  Exec(
      "INSERT INTO reporting.organization_versions (organization_id, valid_from, valid_to, "
      "display_name, kind, org_type, parent_id) VALUES (40, '2024-01-01', 'infinity', "
      "'Chi bộ 40', 3, 3, 4)");
  pqxx::work tx(connection_);
  const std::shared_ptr<const TreeHistory> after = TreeHistory::Shared(tx);
  EXPECT_NE(after.get(), first.get());
  EXPECT_TRUE(after->Within(40, 4, day));
  EXPECT_TRUE(after->Within(40, 1, day));
  EXPECT_EQ(TreeHistory::Shared(tx).get(), after.get());
  // The snapshot taken before still sees the tree without the cell.
  EXPECT_EQ(TreeHistory::Shared(before)->KindOf(40, day), 0);
  EXPECT_EQ(TreeHistory::Shared(tx).get(), after.get());
}

TEST_F(ReportingCountsTest, AnchorDaysCountTheDaysAroundThemFromTheirTotals) {
  AddMembers(1, 3000, 6);
  pqxx::work check(connection_);
  // Most spells changed after mid-2010: the open spells' totals do not help.
  EXPECT_FALSE(TotalsCountQuicker(check, 1, absl::CivilDay(2010, 6, 30)));
  check.abort();
  // The anchors as on 15/02/2011: the year-ends 2008–2010, the quarters of 2010.
  const AnchorChanges first = RefreshAnchors(connection_, absl::CivilDay(2011, 2, 15), 3);
  EXPECT_EQ(first.added, 6);
  EXPECT_EQ(first.dropped, 0);
  EXPECT_EQ(Anchors(),
            (std::vector<std::string>{"2008-12-31", "2009-12-31", "2010-03-31", "2010-06-30",
                                      "2010-09-30", "2010-12-31", "infinity"}));
  ExpectTotalsOfAnchors();
  // An anchor day is counted from its totals alone; a day near one from the
  // anchor before it or the one after it.
  for (absl::CivilDay day :
       {absl::CivilDay(2008, 12, 31), absl::CivilDay(2010, 6, 30), absl::CivilDay(2010, 4, 3),
        absl::CivilDay(2010, 6, 27), absl::CivilDay(2009, 12, 1), absl::CivilDay(2010, 12, 31)}) {
    EXPECT_TRUE(ExpectSameCounts(1, day)) << day;
  }
  for (absl::CivilDay day(2007, 1, 1); day <= absl::CivilDay(2012, 1, 1); day += 97) {
    ExpectSameCounts(1, day);
  }
  // The triggers keep every anchor through the feed's rewrites.
  Exec("DELETE FROM reporting.member_spells WHERE member_id % 7 = 0");
  AddMembers(3000, 3400, 7);
  Exec(
      "UPDATE reporting.member_spells SET valid_to = valid_from + 400 WHERE member_id % 5 = 0 "
      "AND valid_to = 'infinity'");
  Exec(
      "UPDATE reporting.member_spells SET birth_date = birth_date + 3, female = NOT female "
      "WHERE member_id % 13 = 0");
  ExpectTotalsOfAnchors();
  // A year and a half on: 2008's year-end and 2010's first three quarters
  // are dropped, the last four quarters added.
  const AnchorChanges later = RefreshAnchors(connection_, absl::CivilDay(2012, 8, 1), 3);
  EXPECT_EQ(later.added, 4);
  EXPECT_EQ(later.dropped, 4);
  EXPECT_EQ(Anchors(),
            (std::vector<std::string>{"2009-12-31", "2010-12-31", "2011-09-30", "2011-12-31",
                                      "2012-03-31", "2012-06-30", "infinity"}));
  ExpectTotalsOfAnchors();
  EXPECT_TRUE(ExpectSameCounts(1, absl::CivilDay(2012, 3, 31)));
  EXPECT_EQ(RefreshAnchors(connection_, absl::CivilDay(2012, 8, 2), 3).added, 0);
}

TEST_F(ReportingCountsTest, AnAnchorAddedWhileSpellsAreWrittenCountsThem) {
  AddMembers(1, 500, 8);
  // A feed's transaction has written spells and not yet committed: the
  // refresh waits for it, so its spells are in the new anchor's totals.
  pqxx::connection writer{url_};
  pqxx::work feed(writer);
  feed.exec("DELETE FROM reporting.member_spells WHERE member_id % 3 = 0");
  std::atomic<bool> refreshed{false};
  std::thread refresh([&] {
    pqxx::connection conn{url_};
    RefreshAnchors(conn, absl::CivilDay(2016, 5, 1), 1);
    refreshed = true;
  });
  // The refresh waits for the feed's lock (at most 10 s, or it did not wait).
  const absl::Time until = absl::Now() + absl::Seconds(10);
  while (
      !refreshed && absl::Now() < until &&
      Postgres::Get()
              .Admin("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'")[0][0]
              .as<int>() == 0) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_FALSE(refreshed);
  feed.commit();
  refresh.join();
  EXPECT_EQ(Anchors().size(), 5u);
  ExpectTotalsOfAnchors();
}

}  // namespace
}  // namespace partywork::reporting
