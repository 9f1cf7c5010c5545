// The reorganization rules at their edge dates, and the plans they make.
#include "services/membership/reorganization_rules.h"

#include "gtest/gtest.h"

namespace partywork::membership {
namespace {

const absl::CivilDay kEstablished(2010, 1, 1);
const absl::CivilDay kChanged(2015, 6, 1);

OrganizationFacts Facts(int64_t id, v1::OrganizationKind kind,
                        v1::OrganizationType type = v1::ORGANIZATION_TYPE_ADMINISTRATIVE_AGENCY) {
  OrganizationFacts f;
  f.id = id;
  f.name = "organizations/" + std::to_string(id);
  f.kind = kind;
  f.type =
      kind == v1::ORGANIZATION_KIND_HIGHER_COMMITTEE ? v1::ORGANIZATION_TYPE_UNSPECIFIED : type;
  f.parent_id = 1;
  f.established_on = kEstablished;
  f.latest_change = kChanged;
  return f;
}

std::string ReasonOf(const PlanResult& r) { return r.violation ? r.violation->reason : "OK"; }

v1::Organization New(const std::string& name, v1::OrganizationKind kind,
                     v1::OrganizationType type = v1::ORGANIZATION_TYPE_UNSPECIFIED) {
  v1::Organization o;
  o.set_display_name(name);
  o.set_kind(kind);
  o.set_type(type);
  return o;
}

TEST(ReorganizationRules, TakesEffectOnlyAfterTheLatestChange) {
  const auto cell = Facts(5, v1::ORGANIZATION_KIND_BASE_CELL);
  EXPECT_EQ(ReasonOf(PlanDissolution(cell, kChanged - 1)), "REORGANIZATION_OUT_OF_ORDER");
  EXPECT_EQ(ReasonOf(PlanDissolution(cell, kChanged)), "REORGANIZATION_OUT_OF_ORDER");
  EXPECT_EQ(ReasonOf(PlanDissolution(cell, kChanged + 1)), "OK");
}

TEST(ReorganizationRules, OrganizationMustExistOnTheDate) {
  auto cell = Facts(5, v1::ORGANIZATION_KIND_BASE_CELL);
  EXPECT_EQ(ReasonOf(PlanDissolution(cell, kEstablished - 1)), "ORGANIZATION_NOT_IN_EXISTENCE");
  cell.dissolved_on = absl::CivilDay(2020, 1, 1);
  EXPECT_EQ(ReasonOf(PlanDissolution(cell, absl::CivilDay(2019, 12, 31))), "OK");
  EXPECT_EQ(ReasonOf(PlanDissolution(cell, absl::CivilDay(2020, 1, 1))),
            "ORGANIZATION_NOT_IN_EXISTENCE");
  EXPECT_EQ(ReasonOf(PlanDissolution(cell, absl::CivilDay(2020, 1, 2))),
            "ORGANIZATION_NOT_IN_EXISTENCE");
}

TEST(ReorganizationRules, DissolutionEndsTheOrganizationOnlyWithoutSubordinates) {
  auto committee = Facts(5, v1::ORGANIZATION_KIND_BASE_COMMITTEE);
  const absl::CivilDay day(2020, 1, 1);
  const auto plan = PlanDissolution(committee, day);
  ASSERT_EQ(ReasonOf(plan), "OK");
  EXPECT_EQ(plan.plan.ended, std::vector<int64_t>{5});
  committee.children.push_back({6, v1::ORGANIZATION_KIND_SUBORDINATE_CELL,
                                v1::ORGANIZATION_TYPE_ADMINISTRATIVE_AGENCY, kEstablished});
  EXPECT_EQ(ReasonOf(PlanDissolution(committee, day)), "HAS_SUBORDINATE_ORGANIZATIONS");
}

TEST(ReorganizationRules, MergerMovesSubordinatesUnderTheResultAndEndsTheSources) {
  const absl::CivilDay day(2020, 1, 1);
  MergerFacts m;
  m.sources = {Facts(10, v1::ORGANIZATION_KIND_HIGHER_COMMITTEE),
               Facts(11, v1::ORGANIZATION_KIND_HIGHER_COMMITTEE)};
  m.sources[0].children = {
      {20, v1::ORGANIZATION_KIND_BASE_CELL, v1::ORGANIZATION_TYPE_OTHER, kEstablished}};
  m.sources[1].children = {{21, v1::ORGANIZATION_KIND_BASE_COMMITTEE,
                            v1::ORGANIZATION_TYPE_STATE_ENTERPRISE, kEstablished}};
  m.into_new = New("Đảng bộ Khối mới", v1::ORGANIZATION_KIND_HIGHER_COMMITTEE);
  m.new_parent = Facts(1, v1::ORGANIZATION_KIND_HIGHER_COMMITTEE);
  const auto r = PlanMerger(m, day);
  ASSERT_EQ(ReasonOf(r), "OK");
  EXPECT_EQ(r.plan.ended, (std::vector<int64_t>{10, 11}));
  ASSERT_EQ(r.plan.created.size(), 1u);
  EXPECT_EQ(r.plan.created[0].parent.existing, 1);
  ASSERT_EQ(r.plan.changed.size(), 2u);
  EXPECT_EQ(r.plan.changed[0].parent.created, 0);  // under the new Khối
  EXPECT_EQ(r.plan.changed[1].type, v1::ORGANIZATION_TYPE_STATE_ENTERPRISE);

  // A subordinate moved on the day of its own latest change would rewrite history.
  m.sources[1].children[0].latest_change = day;
  EXPECT_EQ(ReasonOf(PlanMerger(m, day)), "REORGANIZATION_OUT_OF_ORDER");
}

TEST(ReorganizationRules, BaseCellsMergedIntoANewCommitteeBecomeItsCells) {
  const absl::CivilDay day(2020, 9, 1);
  MergerFacts m;
  m.sources = {Facts(30, v1::ORGANIZATION_KIND_BASE_CELL),
               Facts(31, v1::ORGANIZATION_KIND_BASE_CELL)};
  m.into_new = New("Đảng bộ mới", v1::ORGANIZATION_KIND_BASE_COMMITTEE,
                   v1::ORGANIZATION_TYPE_ADMINISTRATIVE_AGENCY);
  m.new_parent = Facts(1, v1::ORGANIZATION_KIND_HIGHER_COMMITTEE);
  m.sources_become_subordinate_cells = true;
  const auto r = PlanMerger(m, day);
  ASSERT_EQ(ReasonOf(r), "OK");
  EXPECT_TRUE(r.plan.ended.empty());
  ASSERT_EQ(r.plan.changed.size(), 2u);
  EXPECT_EQ(r.plan.changed[0].kind, v1::ORGANIZATION_KIND_SUBORDINATE_CELL);
  EXPECT_EQ(r.plan.changed[0].parent.created, 0);

  m.into_new->set_kind(v1::ORGANIZATION_KIND_BASE_CELL);
  EXPECT_EQ(ReasonOf(PlanMerger(m, day)), "MERGE_RESULT_HAS_NO_CELLS");
}

TEST(ReorganizationRules, MergerRefusesMixedLevels) {
  MergerFacts m;
  m.sources = {Facts(40, v1::ORGANIZATION_KIND_SUBORDINATE_CELL)};
  m.into_existing = Facts(41, v1::ORGANIZATION_KIND_BASE_CELL);
  EXPECT_EQ(ReasonOf(PlanMerger(m, absl::CivilDay(2020, 1, 1))), "MERGE_KIND_MISMATCH");
}

TEST(ReorganizationRules, UpgradeTurnsABaseCellIntoACommitteeWithNewCells) {
  const absl::CivilDay day(2021, 1, 1);
  const auto cell =
      Facts(50, v1::ORGANIZATION_KIND_BASE_CELL, v1::ORGANIZATION_TYPE_PUBLIC_SERVICE_UNIT);
  const auto r =
      PlanUpgrade(cell, {New("Chi bộ Khoa 1", v1::ORGANIZATION_KIND_SUBORDINATE_CELL)}, day);
  ASSERT_EQ(ReasonOf(r), "OK");
  ASSERT_EQ(r.plan.changed.size(), 1u);
  EXPECT_EQ(r.plan.changed[0].kind, v1::ORGANIZATION_KIND_BASE_COMMITTEE);
  ASSERT_EQ(r.plan.created.size(), 1u);
  // The new cell takes its base organization's loại hình.
  EXPECT_EQ(r.plan.created[0].organization.type(), v1::ORGANIZATION_TYPE_PUBLIC_SERVICE_UNIT);
  EXPECT_EQ(r.plan.created[0].organization.established_on().year(), 2021);
  EXPECT_EQ(ReasonOf(PlanUpgrade(cell, {}, day)), "UPGRADE_WITHOUT_CELLS");
  EXPECT_EQ(ReasonOf(PlanUpgrade(Facts(51, v1::ORGANIZATION_KIND_BASE_COMMITTEE),
                                 {New("Chi bộ", v1::ORGANIZATION_KIND_SUBORDINATE_CELL)}, day)),
            "UPGRADE_NOT_A_BASE_CELL");
}

TEST(ReorganizationRules, SplitEndsTheSourceAndPlacesEachResult) {
  const absl::CivilDay day(2021, 1, 1);
  const auto source = Facts(60, v1::ORGANIZATION_KIND_BASE_CELL);
  const auto khoi = Facts(1, v1::ORGANIZATION_KIND_HIGHER_COMMITTEE);
  std::vector<v1::Organization> results = {
      New("Chi bộ A", v1::ORGANIZATION_KIND_BASE_CELL, v1::ORGANIZATION_TYPE_OTHER),
      New("Chi bộ B", v1::ORGANIZATION_KIND_BASE_CELL, v1::ORGANIZATION_TYPE_OTHER)};
  const auto r = PlanSplit(source, results, {khoi, khoi}, day);
  ASSERT_EQ(ReasonOf(r), "OK");
  EXPECT_EQ(r.plan.ended, std::vector<int64_t>{60});
  EXPECT_EQ(r.plan.created.size(), 2u);
  EXPECT_EQ(ReasonOf(PlanSplit(source, {results[0]}, {khoi}, day)), "SPLIT_NEEDS_TWO_RESULTS");
  const auto committee = Facts(2, v1::ORGANIZATION_KIND_BASE_COMMITTEE);
  EXPECT_EQ(ReasonOf(PlanSplit(source, results, {khoi, committee}, day)),
            "PARENT_KIND_NOT_ALLOWED");
}

TEST(ReorganizationRules, MoveKeepsTheTreeATree) {
  const absl::CivilDay day(2021, 1, 1);
  const auto committee = Facts(70, v1::ORGANIZATION_KIND_BASE_COMMITTEE);
  const auto other_khoi = Facts(2, v1::ORGANIZATION_KIND_HIGHER_COMMITTEE);
  const auto r = PlanMove(committee, other_khoi, {}, day);
  ASSERT_EQ(ReasonOf(r), "OK");
  EXPECT_EQ(r.plan.changed[0].parent.existing, 2);
  EXPECT_EQ(
      ReasonOf(PlanMove(committee, Facts(1, v1::ORGANIZATION_KIND_HIGHER_COMMITTEE), {}, day)),
      "MOVE_TO_SAME_PARENT");
  const auto partial = Facts(71, v1::ORGANIZATION_KIND_PARTIAL_COMMITTEE);
  EXPECT_EQ(ReasonOf(PlanMove(committee, partial, {70, 1}, day)), "MOVE_INTO_OWN_SUBTREE");
  EXPECT_EQ(
      ReasonOf(PlanMove(Facts(72, v1::ORGANIZATION_KIND_SUBORDINATE_CELL), other_khoi, {}, day)),
      "PARENT_KIND_NOT_ALLOWED");
}

}  // namespace
}  // namespace partywork::membership
