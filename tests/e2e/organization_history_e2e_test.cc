// The organization tree over time, through the real membership server: the
// Khối of DOMAIN §2 built as it was before and after the 2019 merger of two
// blocs, the four later reorganizations of seed 003 replayed, and the tree
// read at each date with the counts the seed reports.
#include <map>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "libs/platform/errors.h"
#include "tests/e2e/khoi_fixture.h"

PARTYWORK_USE_POSTGRES();

namespace partywork::testing {
namespace {

class OrganizationHistoryTest : public KhoiTest {};

TEST_F(OrganizationHistoryTest, KhoiOf2019AndItsFourReorganizationsReadAtEachDate) {
  const Blocs blocs = BuildBlocs();
  const std::string &agencies = blocs.agencies, &enterprises = blocs.enterprises;
  ASSERT_EQ(subordinate_cells_left_, 0);

  auto before = Summary(agencies, kBeforeMerger);
  EXPECT_EQ(before.base_organizations(), 60);
  EXPECT_EQ(before.base_committees(), 25);
  EXPECT_EQ(before.subordinate_cells(), 167);
  before = Summary(enterprises, kBeforeMerger);
  EXPECT_EQ(before.base_organizations(), 19);
  EXPECT_EQ(before.subordinate_cells(), 36);

  // 2019: the two blocs merge into one new Khối (hợp nhất).
  auto merger = BlocMerger(blocs);
  mv1::Reorganization merged;
  ASSERT_TRUE(Reorganize(merger, &merged).ok());
  ASSERT_EQ(merged.dissolved_size(), 2);
  ASSERT_EQ(merged.results_size(), 80);  // the new Khối and the 79 base organizations it takes
  const std::string khoi = merged.results(0).name();

  ExpectKhoiOf2019(Summary(khoi, kBlocMerger));
  EXPECT_EQ(Summary(agencies, kBlocMerger).base_organizations(), 0);
  EXPECT_EQ(Summary(agencies, kBeforeMerger).base_organizations(), 60);  // the past stays
  EXPECT_EQ(Get(agencies, kBlocMerger).dissolved_on().year(), 2019);
  EXPECT_FALSE(Get(agencies, kBeforeMerger).has_dissolved_on());
  const std::string college = names_["Chi bộ Trường cao đẳng Cộng đồng Đắk Nông"];
  EXPECT_EQ(Get(college, kBeforeMerger).parent(), agencies);
  EXPECT_EQ(Get(college, kBlocMerger).parent(), khoi);

  const auto changes = Seed003Reorganizations(khoi);
  // 1. Giải thể Chi bộ Người cao tuổi; retried with its request id, it
  // happens once.
  auto dissolve = changes[0];
  dissolve.set_request_id("reorganize-dissolve-1");
  mv1::Reorganization first, retried;
  ASSERT_TRUE(Reorganize(dissolve, &first).ok());
  ASSERT_TRUE(Reorganize(dissolve, &retried).ok());
  EXPECT_EQ(first.name(), retried.name());
  EXPECT_EQ(first.dissolved(0), names_["Chi bộ Người cao tuổi"]);

  // 2. Sáp nhập 04 chi bộ cơ sở thành 02 chi bộ cơ sở.
  ASSERT_TRUE(Reorganize(changes[1]).ok());
  ASSERT_TRUE(Reorganize(changes[2]).ok());

  // 3. Sáp nhập 02 chi bộ cơ sở, thành lập 01 đảng bộ cơ sở: they go on as
  // its subordinate cells.
  mv1::Reorganization assembled;
  ASSERT_TRUE(Reorganize(changes[3], &assembled).ok());
  EXPECT_EQ(assembled.dissolved_size(), 0);
  EXPECT_EQ(Get(names_["Chi bộ Hội đồng nhân dân tỉnh"], absl::CivilDay(2020, 9, 1)).kind(),
            kSubordinateCell);

  // 4. Nâng cấp Chi bộ Trường cao đẳng Cộng đồng thành đảng bộ cơ sở with
  // four subordinate cells.
  ASSERT_TRUE(Reorganize(changes[4]).ok());
  EXPECT_EQ(Get(college, absl::CivilDay(2020, 12, 31)).kind(), kBaseCell);
  const auto upgraded = Get(college, absl::CivilDay(2021, 1, 1));
  EXPECT_EQ(upgraded.kind(), kBaseCommittee);
  EXPECT_EQ(upgraded.version_from().year(), 2021);

  ExpectKhoiOf2021(Summary(khoi, kReportDay));
  // The 2019 tree is unchanged by all that.
  EXPECT_EQ(Summary(khoi, kBlocMerger).base_organizations(), 79);
  EXPECT_EQ(Summary(khoi, kBlocMerger).subordinate_cells(), 203);

  // Listing the Khối's children page by page gives the same count.
  for (const auto& [day, expected] : {std::pair{kBlocMerger, 79}, std::pair{kReportDay, 75}}) {
    int listed = 0;
    std::string token;
    do {
      mv1::ListOrganizationsRequest list;
      list.set_parent(khoi);
      list.set_page_size(50);
      list.set_page_token(token);
      *list.mutable_as_of() = ToDate(day);
      mv1::ListOrganizationsResponse page;
      ASSERT_TRUE(stub_->ListOrganizations(Context().get(), list, &page).ok());
      listed += page.organizations_size();
      token = page.next_page_token();
    } while (!token.empty());
    EXPECT_EQ(listed, expected) << FormatDay(day);
  }
}

// Each refused reorganization names its rule, and the tree is unchanged.
TEST_F(OrganizationHistoryTest, IllegalReorganizationsAreRefusedAndChangeNothing) {
  const absl::CivilDay day(2022, 1, 1);
  const std::string root = Create("Đảng bộ Khối thử nghiệm", kHigher, kNoType, "", kFounded);
  const std::string committee =
      Create("Đảng bộ Sở Thử nghiệm", kBaseCommittee, kAdministrative, root, kFounded);
  const std::string cell =
      Create("Chi bộ Phòng Một", kSubordinateCell, kNoType, committee, kFounded);
  const std::string base_cell = Create("Chi bộ Sở Hai", kBaseCell, kAdministrative, root, kFounded);
  const auto before = Summary(root, day);

  auto expect_refused = [&](const mv1::ReorganizeOrganizationsRequest& r, grpc::StatusCode code,
                            const std::string& reason) {
    grpc::Status status = Reorganize(r);
    EXPECT_EQ(status.error_code(), code) << reason << ": " << status.error_message();
    EXPECT_EQ(errors::Reason(status), reason) << status.error_message();
    const auto after = Summary(root, day);
    EXPECT_EQ(after.SerializeAsString(), before.SerializeAsString()) << reason;
  };
  const auto refused = grpc::StatusCode::FAILED_PRECONDITION;

  auto r = Request(day, "Quyết định giải thể");
  r.mutable_dissolve()->set_organization(committee);
  expect_refused(r, refused, "HAS_SUBORDINATE_ORGANIZATIONS");

  r = Request(absl::CivilDay(2003, 1, 1), "Quyết định giải thể");
  r.mutable_dissolve()->set_organization(base_cell);
  expect_refused(r, refused, "ORGANIZATION_NOT_IN_EXISTENCE");

  r = Request(kFounded, "Quyết định giải thể");  // the day its only version began
  r.mutable_dissolve()->set_organization(base_cell);
  expect_refused(r, refused, "REORGANIZATION_OUT_OF_ORDER");

  r = Request(day, "Quyết định nâng cấp");
  r.mutable_upgrade()->set_organization(committee);
  *r.mutable_upgrade()->add_new_subordinate_cells() =
      NewOrganization("Chi bộ mới", kSubordinateCell, kNoType, committee);
  expect_refused(r, refused, "UPGRADE_NOT_A_BASE_CELL");

  r = Request(day, "Quyết định nâng cấp");
  r.mutable_upgrade()->set_organization(base_cell);
  expect_refused(r, refused, "UPGRADE_WITHOUT_CELLS");

  r = Request(day, "Quyết định sáp nhập");
  r.mutable_merge()->add_sources(cell);
  r.mutable_merge()->set_existing(base_cell);
  expect_refused(r, refused, "MERGE_KIND_MISMATCH");

  r = Request(day, "Quyết định sáp nhập");
  r.mutable_merge()->add_sources(base_cell);
  r.mutable_merge()->set_existing(base_cell);
  expect_refused(r, refused, "MERGE_INTO_SOURCE");

  r = Request(day, "Quyết định chuyển");
  r.mutable_move()->set_organization(committee);
  r.mutable_move()->set_new_parent(committee);
  expect_refused(r, refused, "MOVE_INTO_OWN_SUBTREE");

  r = Request(day, "Quyết định chuyển");
  r.mutable_move()->set_organization(cell);
  r.mutable_move()->set_new_parent(root);
  expect_refused(r, refused, "PARENT_KIND_NOT_ALLOWED");

  r = Request(day, "Quyết định chia tách");
  r.mutable_split()->set_source(base_cell);
  *r.mutable_split()->add_results() = NewOrganization("Chi bộ A", kBaseCell, kAdministrative, root);
  expect_refused(r, refused, "SPLIT_NEEDS_TWO_RESULTS");

  r = Request(day, "");
  r.mutable_dissolve()->set_organization("organizations/x");
  expect_refused(r, grpc::StatusCode::INVALID_ARGUMENT, "INVALID_FIELDS");
  grpc::Status bad = Reorganize(r);
  const auto details = errors::Details(bad);
  ASSERT_TRUE(details.has_value());
  EXPECT_NE(details->DebugString().find("dissolve.organization"), std::string::npos);
  EXPECT_NE(details->DebugString().find("decision"), std::string::npos);

  r = Request(day, "Quyết định giải thể");
  r.mutable_dissolve()->set_organization("organizations/999999");
  expect_refused(r, grpc::StatusCode::NOT_FOUND, "RESOURCE_NOT_FOUND");

  // A request id used again for another change is refused.
  r = Request(day, "Quyết định chia tách");
  r.mutable_split()->set_source(base_cell);
  *r.mutable_split()->add_results() = NewOrganization("Chi bộ A", kBaseCell, kAdministrative, root);
  *r.mutable_split()->add_results() = NewOrganization("Chi bộ B", kBaseCell, kOther, root);
  r.set_request_id("split-1");
  mv1::Reorganization split;
  ASSERT_TRUE(Reorganize(r, &split).ok());
  EXPECT_EQ(split.results_size(), 2);
  EXPECT_EQ(Summary(root, day).base_cells(), 2);
  EXPECT_EQ(Summary(root, absl::CivilDay(2021, 12, 31)).base_cells(), 1);
  r.mutable_split()->mutable_results(1)->set_display_name("Chi bộ C");
  EXPECT_EQ(errors::Reason(Reorganize(r)), "REQUEST_ID_REUSED");

  // Nothing is established under an organization that has ended.
  mv1::CreateOrganizationRequest late;
  *late.mutable_organization() =
      NewOrganization("Chi bộ muộn", kSubordinateCell, kNoType, base_cell);
  *late.mutable_organization()->mutable_established_on() = ToDate(day);
  mv1::Organization ignored;
  grpc::Status status = stub_->CreateOrganization(Context().get(), late, &ignored);
  EXPECT_EQ(errors::Reason(status), "PARENT_DISSOLVED") << status.error_message();

  // Moving a base committee with its subtree under another Khối.
  const std::string other_root = Create("Đảng bộ Khối khác", kHigher, kNoType, "", kFounded);
  r = Request(absl::CivilDay(2023, 1, 1), "Quyết định chuyển");
  r.mutable_move()->set_organization(committee);
  r.mutable_move()->set_new_parent(other_root);
  ASSERT_TRUE(Reorganize(r).ok());
  EXPECT_EQ(Summary(other_root, absl::CivilDay(2023, 1, 1)).subordinate_cells(), 1);
  EXPECT_EQ(Summary(root, absl::CivilDay(2023, 1, 1)).base_committees(), 0);
  EXPECT_EQ(Summary(root, absl::CivilDay(2022, 12, 31)).base_committees(), 1);
}

}  // namespace
}  // namespace partywork::testing
