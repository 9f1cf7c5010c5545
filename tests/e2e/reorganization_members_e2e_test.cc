// Members of reorganized organizations, through the real membership server:
// a merger moves the sources' members to the result by recorded transfers
// dated on its effective date; a dissolution of a cell with members needs a
// cell that takes them; a member who has left is not transferred.
#include "gtest/gtest.h"
#include "libs/platform/errors.h"
#include "tests/e2e/member_scenario_fixture.h"

PARTYWORK_USE_POSTGRES();

namespace partywork::testing {
namespace {

using ReorganizationMembersTest = MemberScenarioTest;

const absl::CivilDay kMergedOn(2024, 7, 1);

mv1::ReorganizeOrganizationsRequest Merge(const std::string& source, const std::string& into) {
  mv1::ReorganizeOrganizationsRequest r;
  *r.mutable_effective_on() = ToDate(kMergedOn);
  r.set_decision("Quyết định số 45-QĐ/ĐU");
  r.mutable_merge()->add_sources(source);
  r.mutable_merge()->set_existing(into);
  return r;
}

mv1::ReorganizeOrganizationsRequest Dissolve(const std::string& organization,
                                             const std::string& members_to) {
  mv1::ReorganizeOrganizationsRequest r;
  *r.mutable_effective_on() = ToDate(absl::CivilDay(2024, 9, 1));
  r.set_decision("Quyết định số 51-QĐ/ĐU");
  r.mutable_dissolve()->set_organization(organization);
  r.mutable_dissolve()->set_members_to(members_to);
  return r;
}

TEST_F(ReorganizationMembersTest, MergerTransfersTheSourcesMembersOnItsDate) {
  const std::string first = Official("Nguyễn Văn Hải", cells_[0]);
  const std::string second = Official("Trần Thị Mai", cells_[0]);
  const std::string left = Official("Lê Văn Tùng", cells_[0]);
  ASSERT_TRUE(
      RecordEvent(left, Event(mv1::MEMBER_EVENT_KIND_RELEASED, absl::CivilDay(2022, 3, 1))).ok());
  // A member who has left is not transferred.
  grpc::Status s = RecordEvent(left, Event(mv1::MEMBER_EVENT_KIND_TRANSFERRED_WITHIN,
                                           absl::CivilDay(2023, 1, 1), cells_[1]));
  EXPECT_EQ(errors::Reason(s), "MEMBER_HAS_LEFT_PARTY") << s.error_message();
  EXPECT_EQ(Events(left).size(), 2u);

  mv1::ReorganizeOrganizationsRequest merge = Merge(cells_[0], cells_[1]);
  merge.set_request_id("merge-quy-hoach");
  mv1::Reorganization done;
  s = Reorganize(merge, &done);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(std::vector<std::string>(done.transferred_members().begin(),
                                     done.transferred_members().end()),
            (std::vector<std::string>{first, second}));
  for (const auto& member : {first, second}) {
    EXPECT_EQ(StateOf(member, kMergedOn - 1).organization(), cells_[0]);
    EXPECT_EQ(StateOf(member, kMergedOn).organization(), cells_[1]);
    const auto events = Events(member);
    ASSERT_EQ(events.size(), 2u);
    EXPECT_EQ(events[1].kind(), mv1::MEMBER_EVENT_KIND_TRANSFERRED_WITHIN);
    EXPECT_EQ(ToCivilDay(events[1].effective_on()), kMergedOn);
    EXPECT_EQ(events[1].decision(), "Quyết định số 45-QĐ/ĐU");
    EXPECT_EQ(events[1].note(), done.name());
  }
  EXPECT_EQ(StateOf(left, kMergedOn).organization(), cells_[0]);
  EXPECT_EQ(Events(left).size(), 2u);

  // The retry returns the first answer and records nothing more.
  mv1::Reorganization again;
  ASSERT_TRUE(Reorganize(merge, &again).ok());
  EXPECT_EQ(again.name(), done.name());
  EXPECT_EQ(Events(first).size(), 2u);
}

TEST_F(ReorganizationMembersTest, DissolvingACellWithMembersNeedsACellThatTakesThem) {
  const std::string member = Official("Phạm Văn Long", cells_[2]);
  grpc::Status s = Reorganize(Dissolve(cells_[2], ""));
  EXPECT_EQ(errors::Reason(s), "MEMBERS_WITHOUT_DESTINATION") << s.error_message();
  s = Reorganize(Dissolve(cells_[2], committee_));
  EXPECT_EQ(errors::Reason(s), "MEMBERS_DESTINATION_NOT_A_CELL") << s.error_message();
  s = Reorganize(Dissolve(cells_[2], cells_[2]));
  EXPECT_EQ(errors::Reason(s), "MEMBERS_DESTINATION_ENDS") << s.error_message();
  // Refused: nothing changed.
  EXPECT_FALSE(Get(cells_[2], absl::CivilDay(2024, 9, 1)).has_dissolved_on());
  EXPECT_EQ(Events(member).size(), 1u);

  mv1::Reorganization done;
  s = Reorganize(Dissolve(cells_[2], base_cell_), &done);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(done.transferred_members_size(), 1);
  EXPECT_EQ(StateOf(member, absl::CivilDay(2024, 9, 1)).organization(), base_cell_);
  EXPECT_TRUE(Get(cells_[2], absl::CivilDay(2024, 9, 1)).has_dissolved_on());

  // An empty cell is dissolved without a destination.
  const std::string empty =
      Create("Chi bộ Văn phòng", mv1::ORGANIZATION_KIND_SUBORDINATE_CELL,
             mv1::ORGANIZATION_TYPE_UNSPECIFIED, committee_, absl::CivilDay(2001, 1, 1));
  s = Reorganize(Dissolve(empty, ""), &done);
  EXPECT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(done.transferred_members_size(), 0);
}

TEST_F(ReorganizationMembersTest, UpgradeMovesTheCellsMembersToItsFirstNewCell) {
  const std::string upgraded =
      Create("Chi bộ Trung tâm Kiểm định", mv1::ORGANIZATION_KIND_BASE_CELL,
             mv1::ORGANIZATION_TYPE_PUBLIC_SERVICE_UNIT, khoi_, absl::CivilDay(2001, 1, 1));
  const std::string member = Official("Bùi Thị Kiểm", upgraded);
  mv1::ReorganizeOrganizationsRequest r;
  *r.mutable_effective_on() = ToDate(absl::CivilDay(2024, 10, 1));
  r.set_decision("Quyết định số 60-QĐ/ĐUK");
  r.mutable_upgrade()->set_organization(upgraded);
  for (const char* name : {"Chi bộ Phòng Kiểm định 1", "Chi bộ Phòng Kiểm định 2"}) {
    auto* cell = r.mutable_upgrade()->add_new_subordinate_cells();
    cell->set_display_name(name);
    cell->set_kind(mv1::ORGANIZATION_KIND_SUBORDINATE_CELL);
  }
  mv1::Reorganization done;
  grpc::Status s = Reorganize(r, &done);
  ASSERT_TRUE(s.ok()) << s.error_message();
  ASSERT_EQ(done.transferred_members_size(), 1);
  EXPECT_EQ(StateOf(member, absl::CivilDay(2024, 10, 1)).organization(), done.results(0).name());
  EXPECT_EQ(StateOf(member, absl::CivilDay(2024, 9, 30)).organization(), upgraded);
}

}  // namespace
}  // namespace partywork::testing
