// ListMembers finds a page by one of two plans (services/membership/
// member_store.h): walking every member in name order, or reading the
// subtree's members and sorting them. Over a generated Khối, both give the
// same pages for every subtree and filter, page after page, and the plan
// chosen gives them too; an unfiltered list holds exactly the subtree's
// members; a search in a large unit reads the unit's members, where the
// same list without a search walks the names.
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "libs/platform/db/migrations.h"
#include "libs/platform/resource.h"
#include "pqxx/pqxx"
#include "services/membership/member_store.h"
#include "tests/harness/postgres.h"
#include "tools/bulk_import/bulk_import.h"

PARTYWORK_USE_POSTGRES();

namespace partywork::membership {
const std::vector<db::Migration>& Migrations();
}

namespace partywork::membership {
namespace {

using ::partywork::testing::Postgres;

constexpr absl::CivilDay kDay(2025, 6, 30);
constexpr int kPageSize = 7;
constexpr int kMaxPages = 40;  // of the whole tree's 500

class MemberListPlansTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    Postgres::Get().ResetSchema("membership");
    ASSERT_TRUE(db::Migrate(Postgres::Get().Url("membership"), "membership", Migrations()).ok());
    bulk::ImportOptions o;
    o.database_url = Postgres::Get().Url("membership");
    o.size = bulk::Size::kKhoi;
    o.seed = 3;
    auto imported = bulk::Import(o);
    ASSERT_TRUE(imported.ok()) << imported.status();
  }

  // The ids of every page in turn, at most kMaxPages of them.
  std::vector<int64_t> Pages(const MemberFilter& filter, MemberListPlan plan) {
    pqxx::nontransaction tx(connection_);
    std::vector<int64_t> ids;
    std::optional<MemberCursor> after;
    for (int page = 0; page < kMaxPages; ++page) {
      MemberPage p = ListMemberPage(tx, filter, after, kPageSize, plan);
      EXPECT_LE(p.members.size(), static_cast<size_t>(kPageSize));
      for (const StoredMember& m : p.members) ids.push_back(m.id);
      if (!p.next) break;
      after = p.next;
    }
    return ids;
  }

  std::vector<int64_t> Ids(const std::string& sql) {
    std::vector<int64_t> out;
    for (const auto& r : Postgres::Get().Admin(sql)) out.push_back(r[0].as<int64_t>());
    return out;
  }

  // The top organization, base organizations and cells of several sizes.
  std::vector<int64_t> Roots() {
    return Ids(absl::StrCat(
        "(SELECT organization_id FROM membership.organization_versions WHERE parent_id IS NULL "
        "AND valid_to IS NULL) UNION ALL (SELECT v.organization_id FROM "
        "membership.organization_versions v JOIN membership.organization_versions p ON "
        "p.organization_id = v.parent_id AND p.parent_id IS NULL AND p.valid_to IS NULL "
        "WHERE v.valid_to IS NULL ORDER BY v.organization_id LIMIT 6) UNION ALL "
        "(SELECT organization_id FROM membership.members GROUP BY organization_id "
        "ORDER BY count(*) DESC, organization_id LIMIT 3)"));
  }

  // The subtree's members on kDay, whatever their status.
  std::set<int64_t> SubtreeMembers(int64_t root) {
    const auto ids = Ids(absl::StrCat(
        "WITH RECURSIVE tree(id) AS (SELECT ", root,
        "::bigint UNION ALL SELECT v.organization_id FROM membership.organization_versions v "
        "JOIN tree ON v.parent_id = tree.id WHERE v.valid_from <= '",
        FormatDay(kDay), "' AND (v.valid_to IS NULL OR v.valid_to > '", FormatDay(kDay),
        "')) SELECT m.id FROM membership.members m JOIN tree ON m.organization_id = tree.id"));
    return {ids.begin(), ids.end()};
  }

  pqxx::connection connection_{Postgres::Get().Url("membership")};
};

std::vector<MemberFilter> Filters(int64_t root) {
  MemberFilter none;
  none.subtree_root = root;
  none.today = kDay;
  std::vector<MemberFilter> out(6, none);
  out[1].search = "nguyen";
  out[2].statuses = {1, 2};
  out[3].gender = 2;
  out[3].born_on_or_before = absl::CivilDay(1980, 1, 1);
  out[4].search = "van";
  out[4].admitted_after = absl::CivilDay(2010, 1, 1);
  out[5].qualification = 3;
  return out;
}

TEST_F(MemberListPlansTest, BothPlansGiveTheSamePagesForEverySubtreeAndFilter) {
  const auto roots = Roots();
  ASSERT_EQ(roots.size(), 10u);
  int lists_with_members = 0;
  for (int64_t root : roots) {
    for (const MemberFilter& filter : Filters(root)) {
      SCOPED_TRACE(absl::StrCat("root ", root, ", search ", filter.search.value_or("-"),
                                ", statuses ", filter.statuses.size()));
      const auto walked = Pages(filter, MemberListPlan::kNameOrderWalk);
      EXPECT_EQ(Pages(filter, MemberListPlan::kByOrganization), walked);
      EXPECT_EQ(Pages(filter, MemberListPlan::kChosen), walked);
      if (!walked.empty()) ++lists_with_members;
    }
  }
  // The filters keep some members in most lists: the comparison compared.
  EXPECT_GE(lists_with_members, 40);
}

TEST_F(MemberListPlansTest, AnUnfilteredListHoldsExactlyTheSubtreesMembers) {
  for (int64_t root : Roots()) {
    SCOPED_TRACE(absl::StrCat("root ", root));
    const std::set<int64_t> expected = SubtreeMembers(root);
    if (expected.size() > kPageSize * kMaxPages) continue;  // the whole tree: too many pages
    MemberFilter filter;
    filter.subtree_root = root;
    filter.today = kDay;
    for (MemberListPlan plan : {MemberListPlan::kNameOrderWalk, MemberListPlan::kByOrganization}) {
      const auto ids = Pages(filter, plan);
      EXPECT_EQ(std::set<int64_t>(ids.begin(), ids.end()), expected);
      EXPECT_EQ(ids.size(), expected.size());  // none twice
    }
  }
}

// The plan chosen, seen from the indexes the list read in its transaction:
// a search in a unit above the list's bound (200 members here) reads the
// unit's members, as the same list without a search walks the name index.
TEST_F(MemberListPlansTest, ASearchInALargeUnitReadsItsMembersAndAListWalksTheNames) {
  const auto units = Ids(
      "SELECT v.organization_id FROM membership.organization_versions v JOIN "
      "membership.organization_versions p ON p.organization_id = v.parent_id AND p.parent_id IS "
      "NULL AND p.valid_to IS NULL WHERE v.valid_to IS NULL ORDER BY v.organization_id");
  int64_t largest = 0;
  size_t most = 0;
  for (int64_t unit : units) {
    if (const size_t n = SubtreeMembers(unit).size(); n > most) {
      most = n;
      largest = unit;
    }
  }
  ASSERT_GT(most, 200u);
  // Index scans of `index` counted by this connection and not yet reported
  // (PostgreSQL 15 reports them at most once a second): read before and
  // after the list, in its transaction.
  auto scans = [](pqxx::transaction_base& tx, const std::string& index) {
    return tx.exec1("SELECT pg_stat_get_xact_numscans('membership." + index + "'::regclass)")[0]
        .as<int64_t>();
  };
  for (const bool search : {false, true, false, true}) {
    SCOPED_TRACE(search ? "a search" : "a list");
    MemberFilter filter;
    filter.subtree_root = largest;
    filter.today = kDay;
    if (search) filter.search = "nguyen";
    pqxx::read_transaction tx(connection_);
    const int64_t by_name = scans(tx, "members_by_name");
    const int64_t by_organization = scans(tx, "members_by_organization");
    const MemberPage page = ListMemberPage(tx, filter, std::nullopt, kPageSize);
    EXPECT_EQ(page.members.size(), static_cast<size_t>(kPageSize));
    EXPECT_EQ(scans(tx, "members_by_name") > by_name, !search);
    if (search) {
      EXPECT_GT(scans(tx, "members_by_organization"), by_organization);
    }
  }
}

}  // namespace
}  // namespace partywork::membership
