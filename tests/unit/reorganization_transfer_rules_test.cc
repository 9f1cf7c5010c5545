// Where a reorganization's members go: a cell that goes on, named whenever
// the organizations it vacates still have members.
#include "gtest/gtest.h"
#include "services/membership/reorganization_transfers.h"

namespace partywork::membership {
namespace {

std::string ReasonOf(const std::optional<RuleViolation>& v) { return v ? v->reason : ""; }

TEST(MemberDestination, NeededOnlyWhileTheVacatedOrganizationsHaveMembers) {
  const TransferDestination cell{7, "organizations/7", v1::ORGANIZATION_KIND_SUBORDINATE_CELL};
  EXPECT_EQ(ReasonOf(CheckMemberDestination({{"organizations/3", 0}}, std::nullopt)), "");
  EXPECT_EQ(ReasonOf(CheckMemberDestination({}, std::nullopt)), "");
  EXPECT_EQ(ReasonOf(CheckMemberDestination({{"organizations/3", 1}}, std::nullopt)),
            "MEMBERS_WITHOUT_DESTINATION");
  EXPECT_EQ(ReasonOf(CheckMemberDestination({{"organizations/3", 0}, {"organizations/4", 2}},
                                            std::nullopt)),
            "MEMBERS_WITHOUT_DESTINATION");
  EXPECT_EQ(ReasonOf(CheckMemberDestination({{"organizations/3", 1}}, cell)), "");
}

TEST(MemberDestination, IsACellThatGoesOn) {
  TransferDestination base_cell{7, "organizations/7", v1::ORGANIZATION_KIND_BASE_CELL};
  EXPECT_EQ(ReasonOf(CheckMemberDestination({{"organizations/3", 1}}, base_cell)), "");
  TransferDestination committee{8, "organizations/8", v1::ORGANIZATION_KIND_BASE_COMMITTEE};
  EXPECT_EQ(ReasonOf(CheckMemberDestination({{"organizations/3", 1}}, committee)),
            "MEMBERS_DESTINATION_NOT_A_CELL");
  base_cell.ends = true;
  EXPECT_EQ(ReasonOf(CheckMemberDestination({{"organizations/3", 1}}, base_cell)),
            "MEMBERS_DESTINATION_ENDS");
}

}  // namespace
}  // namespace partywork::membership
