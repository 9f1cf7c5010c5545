// The period reports read their rows a page at a time through a cursor
// (services/reporting/row_stream.h): every row arrives once and in order
// across pages, other statements run between pages, and the awards' pages
// never split a member's awards, which Biểu 7 counts once a member.
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "libs/platform/db/migrations.h"
#include "partywork/membership/v1/award.pb.h"
#include "pqxx/pqxx"
#include "services/reporting/party_work.h"
#include "services/reporting/party_work_store.h"
#include "services/reporting/row_stream.h"
#include "services/reporting/tree_history.h"
#include "tests/harness/postgres.h"

PARTYWORK_USE_POSTGRES();

namespace partywork::reporting {
const std::vector<db::Migration>& Migrations();
}

namespace partywork::reporting {
namespace {

using ::partywork::testing::Postgres;
namespace mv1 = ::partywork::membership::v1;

// Three pages and a bit.
constexpr int kRows = 3 * kRowsPerPage + 345;

class ReportingPagesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Postgres::Get().ResetSchema("reporting");
    ASSERT_TRUE(db::Migrate(url_, "reporting", Migrations()).ok());
  }
  const std::string url_ = Postgres::Get().Url("reporting");
  pqxx::connection connection_{url_};
};

TEST_F(ReportingPagesTest, EveryRowOnceInOrderWithStatementsBetweenPages) {
  pqxx::work tx(connection_);
  int64_t expected = 0, calls_between = 0;
  ForEachRow(
      tx, "SELECT n, n % 7 FROM generate_series(1, $1::integer) AS n ORDER BY n",
      [&](const pqxx::row& r) {
        EXPECT_EQ(r[0].as<int64_t>(), ++expected);
        EXPECT_EQ(r[1].as<int64_t>(), expected % 7);
        if (expected % kRowsPerPage == 0) {
          // As Biểu 7 asks members' cells for each page.
          EXPECT_EQ(tx.exec1("SELECT 41 + 1")[0].as<int>(), 42);
          ++calls_between;
        }
      },
      kRows);
  EXPECT_EQ(expected, kRows);
  EXPECT_EQ(calls_between, 3);
  // Another cursor in the same transaction, none of its rows this time.
  ForEachRow(tx, "SELECT 1 WHERE false",
             [](const pqxx::row&) { ADD_FAILURE() << "no row expected"; });
}

TEST_F(ReportingPagesTest, AwardPagesKeepEachMembersAwardsTogether) {
  // 3,000 members of cell 2 (under the root 1) through 2024, each commended
  // three times: 9,000 awards, a page boundary inside a member's awards.
  constexpr int kMembers = 3000;
  {
    pqxx::work tx(connection_);
    tx.exec(
        "INSERT INTO reporting.organization_versions (organization_id, valid_from, valid_to, "
        "display_name, kind, org_type, parent_id) VALUES "
        "(1, '2000-01-01', 'infinity', 'Đảng bộ Khối', 1, 0, NULL), "
        "(2, '2000-01-01', 'infinity', 'Chi bộ 2', 3, 1, 1)");
    tx.exec(absl::StrCat(
        "INSERT INTO reporting.member_spells (member_id, valid_from, valid_to, organization_id, "
        "status, exempted, temporarily_away, female, birth_date, ethnicity, religion, "
        "general_education, qualification, political_theory, youth_union, retired, admitted_on) "
        "SELECT m, date '2010-01-01', 'infinity', 2, 2, false, false, false, date '1980-01-01', "
        "'Kinh', '', 3, 3, 2, false, false, date '2010-01-01' FROM generate_series(1, ",
        kMembers, ") AS m"));
    tx.exec(absl::StrCat(
        "INSERT INTO reporting.member_awards (id, member_id, kind, badge_years, awarded_on) "
        "SELECT 3 * m + i, m, ",
        static_cast<int>(mv1::AWARD_KIND_COMMENDATION),
        ", 0, date '2024-03-01' + 30 * i FROM generate_series(1, ", kMembers,
        ") AS m, generate_series(0, 2) AS i"));
    tx.commit();
  }
  pqxx::work tx(connection_);
  const absl::CivilDay start(2024, 1, 1), end(2024, 12, 31);
  int pages = 0;
  int64_t rows = 0, last_member = 0;
  ForEachAwardPage(tx, start, end, [&](const std::vector<MemberDay>& page) {
    ++pages;
    rows += static_cast<int64_t>(page.size());
    EXPECT_LT(last_member, page.front().member) << "a member's awards over two pages";
    last_member = page.back().member;
  });
  EXPECT_EQ(rows, 3 * kMembers);
  EXPECT_EQ(pages, 2);
  // Each member commended once in the count, whatever the pages.
  const PartyWork w = CountPartyWork(tx, TreeHistory::Load(tx), 1, {start, end});
  EXPECT_EQ(w.commended, kMembers);
  EXPECT_EQ(w.badge_awardees, 0);
}

}  // namespace
}  // namespace partywork::reporting
