// Organization rules (DOMAIN §2): what a new organization must say about itself, and which kind
// of organization may sit under which.
#include "services/membership/organization_rules.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace partywork::membership {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

constexpr char kPrefix[] = "organization.";

const std::vector<v1::OrganizationKind>& AllKinds() {
  static const auto* const kinds = new std::vector<v1::OrganizationKind>{
      v1::ORGANIZATION_KIND_HIGHER_COMMITTEE, v1::ORGANIZATION_KIND_BASE_COMMITTEE,
      v1::ORGANIZATION_KIND_BASE_CELL, v1::ORGANIZATION_KIND_PARTIAL_COMMITTEE,
      v1::ORGANIZATION_KIND_SUBORDINATE_CELL};
  return *kinds;
}

// The kinds a parent of each kind may have (DOMAIN §2).
const std::map<v1::OrganizationKind, std::set<v1::OrganizationKind>>& AllowedParents() {
  static const auto* const allowed =
      new std::map<v1::OrganizationKind, std::set<v1::OrganizationKind>>{
          {v1::ORGANIZATION_KIND_HIGHER_COMMITTEE, {v1::ORGANIZATION_KIND_HIGHER_COMMITTEE}},
          {v1::ORGANIZATION_KIND_BASE_COMMITTEE, {v1::ORGANIZATION_KIND_HIGHER_COMMITTEE}},
          {v1::ORGANIZATION_KIND_BASE_CELL, {v1::ORGANIZATION_KIND_HIGHER_COMMITTEE}},
          {v1::ORGANIZATION_KIND_PARTIAL_COMMITTEE, {v1::ORGANIZATION_KIND_BASE_COMMITTEE}},
          {v1::ORGANIZATION_KIND_SUBORDINATE_CELL,
           {v1::ORGANIZATION_KIND_BASE_COMMITTEE, v1::ORGANIZATION_KIND_PARTIAL_COMMITTEE}},
      };
  return *allowed;
}

google::type::Date MakeDate(int year, int month, int day) {
  google::type::Date date;
  date.set_year(year);
  date.set_month(month);
  date.set_day(day);
  return date;
}

// A valid new organization of `kind`: a type where the kind needs one, none where it must not.
v1::Organization NewOrganization(v1::OrganizationKind kind) {
  v1::Organization o;
  o.set_display_name("Chi bộ Văn phòng");
  o.set_kind(kind);
  if (kind != v1::ORGANIZATION_KIND_HIGHER_COMMITTEE) {
    o.set_type(v1::ORGANIZATION_TYPE_ADMINISTRATIVE_AGENCY);
    o.set_parent("organizations/1");
  }
  *o.mutable_established_on() = MakeDate(2020, 5, 10);
  return o;
}

std::vector<std::string> Fields(const std::vector<FieldViolation>& violations) {
  std::vector<std::string> fields;
  for (const auto& v : violations) fields.push_back(v.field);
  return fields;
}

ParentFacts Parent(v1::OrganizationKind kind,
                   v1::OrganizationType type = v1::ORGANIZATION_TYPE_UNSPECIFIED,
                   absl::CivilDay established_on = absl::CivilDay(2000, 1, 1)) {
  return ParentFacts{kind, type, established_on, std::nullopt};
}

// ---- ValidateNewOrganization ----

TEST(ValidateNewOrganizationTest, ValidOrganizationsOfEveryKindPass) {
  for (auto kind : AllKinds()) {
    EXPECT_THAT(ValidateNewOrganization(NewOrganization(kind), kPrefix), IsEmpty())
        << v1::OrganizationKind_Name(kind);
  }
  // A subordinate cell or partial committee may leave its type to its parent.
  for (auto kind :
       {v1::ORGANIZATION_KIND_SUBORDINATE_CELL, v1::ORGANIZATION_KIND_PARTIAL_COMMITTEE}) {
    v1::Organization o = NewOrganization(kind);
    o.clear_type();
    EXPECT_THAT(ValidateNewOrganization(o, kPrefix), IsEmpty()) << v1::OrganizationKind_Name(kind);
  }
}

TEST(ValidateNewOrganizationTest, MissingDisplayName) {
  v1::Organization o = NewOrganization(v1::ORGANIZATION_KIND_BASE_CELL);
  o.clear_display_name();
  auto v = ValidateNewOrganization(o, kPrefix);
  ASSERT_THAT(Fields(v), ElementsAre("organization.display_name"));
  EXPECT_EQ(v[0].description, "is required");
}

TEST(ValidateNewOrganizationTest, DisplayNameLengthLimit) {
  v1::Organization o = NewOrganization(v1::ORGANIZATION_KIND_BASE_CELL);
  o.set_display_name(std::string(300, 'a'));
  EXPECT_THAT(ValidateNewOrganization(o, kPrefix), IsEmpty());
  o.set_display_name(std::string(301, 'a'));
  EXPECT_THAT(Fields(ValidateNewOrganization(o, kPrefix)),
              ElementsAre("organization.display_name"));
}

TEST(ValidateNewOrganizationTest, KindUnspecifiedOrUnknown) {
  v1::Organization o = NewOrganization(v1::ORGANIZATION_KIND_BASE_CELL);
  o.set_kind(v1::ORGANIZATION_KIND_UNSPECIFIED);
  EXPECT_THAT(Fields(ValidateNewOrganization(o, kPrefix)), ElementsAre("organization.kind"));
  o.set_kind(static_cast<v1::OrganizationKind>(42));
  EXPECT_THAT(Fields(ValidateNewOrganization(o, kPrefix)), ElementsAre("organization.kind"));
}

TEST(ValidateNewOrganizationTest, BaseOrganizationNeedsAType) {
  for (auto kind : {v1::ORGANIZATION_KIND_BASE_COMMITTEE, v1::ORGANIZATION_KIND_BASE_CELL}) {
    v1::Organization o = NewOrganization(kind);
    o.set_type(v1::ORGANIZATION_TYPE_UNSPECIFIED);
    EXPECT_THAT(Fields(ValidateNewOrganization(o, kPrefix)), ElementsAre("organization.type"))
        << v1::OrganizationKind_Name(kind);
  }
}

TEST(ValidateNewOrganizationTest, HigherCommitteeHasNoType) {
  v1::Organization o = NewOrganization(v1::ORGANIZATION_KIND_HIGHER_COMMITTEE);
  o.set_type(v1::ORGANIZATION_TYPE_STATE_ENTERPRISE);
  EXPECT_THAT(Fields(ValidateNewOrganization(o, kPrefix)), ElementsAre("organization.type"));
}

TEST(ValidateNewOrganizationTest, UnknownTypeValue) {
  v1::Organization o = NewOrganization(v1::ORGANIZATION_KIND_SUBORDINATE_CELL);
  o.set_type(static_cast<v1::OrganizationType>(99));
  EXPECT_THAT(Fields(ValidateNewOrganization(o, kPrefix)), ElementsAre("organization.type"));
}

TEST(ValidateNewOrganizationTest, BadParentName) {
  for (const std::string bad : {"organization/5", "organizations/0", "organizations/-3",
                                "organizations/", "organizations/abc", "members/5", "5"}) {
    v1::Organization o = NewOrganization(v1::ORGANIZATION_KIND_BASE_CELL);
    o.set_parent(bad);
    EXPECT_THAT(Fields(ValidateNewOrganization(o, kPrefix)), ElementsAre("organization.parent"))
        << bad;
  }
  // No parent is a placement question, not a field error.
  v1::Organization o = NewOrganization(v1::ORGANIZATION_KIND_BASE_CELL);
  o.clear_parent();
  EXPECT_THAT(ValidateNewOrganization(o, kPrefix), IsEmpty());
}

TEST(ValidateNewOrganizationTest, MissingOrInvalidEstablishedOn) {
  v1::Organization o = NewOrganization(v1::ORGANIZATION_KIND_BASE_CELL);
  o.clear_established_on();
  EXPECT_THAT(Fields(ValidateNewOrganization(o, kPrefix)),
              ElementsAre("organization.established_on"));
  *o.mutable_established_on() = MakeDate(2023, 2, 29);
  EXPECT_THAT(Fields(ValidateNewOrganization(o, kPrefix)),
              ElementsAre("organization.established_on"));
  *o.mutable_established_on() = MakeDate(2023, 0, 0);  // year only
  EXPECT_THAT(Fields(ValidateNewOrganization(o, kPrefix)),
              ElementsAre("organization.established_on"));
  *o.mutable_established_on() = MakeDate(2024, 2, 29);
  EXPECT_THAT(ValidateNewOrganization(o, kPrefix), IsEmpty());
}

TEST(ValidateNewOrganizationTest, ReportsEveryViolationInFieldOrder) {
  v1::Organization o;
  o.set_type(static_cast<v1::OrganizationType>(99));
  o.set_parent("organisations/1");
  EXPECT_THAT(Fields(ValidateNewOrganization(o, kPrefix)),
              ElementsAre("organization.display_name", "organization.kind", "organization.type",
                          "organization.parent", "organization.established_on"));
}

TEST(ValidateNewOrganizationTest, PathsFollowThePrefix) {
  v1::Organization o;
  EXPECT_THAT(Fields(ValidateNewOrganization(o, "")),
              ElementsAre("display_name", "kind", "established_on"));
  o.set_kind(v1::ORGANIZATION_KIND_BASE_COMMITTEE);
  EXPECT_THAT(Fields(ValidateNewOrganization(o, "organizations[2].")),
              ElementsAre("organizations[2].display_name", "organizations[2].type",
                          "organizations[2].established_on"));
}

TEST(ValidateNewOrganizationTest, IsBaseOrganization) {
  EXPECT_TRUE(IsBaseOrganization(v1::ORGANIZATION_KIND_BASE_COMMITTEE));
  EXPECT_TRUE(IsBaseOrganization(v1::ORGANIZATION_KIND_BASE_CELL));
  EXPECT_FALSE(IsBaseOrganization(v1::ORGANIZATION_KIND_HIGHER_COMMITTEE));
  EXPECT_FALSE(IsBaseOrganization(v1::ORGANIZATION_KIND_PARTIAL_COMMITTEE));
  EXPECT_FALSE(IsBaseOrganization(v1::ORGANIZATION_KIND_SUBORDINATE_CELL));
  EXPECT_FALSE(IsBaseOrganization(v1::ORGANIZATION_KIND_UNSPECIFIED));
}

// ---- PlaceUnderParent ----

constexpr absl::CivilDay kDay(2020, 5, 10);

// The reason of the placement's violation, or "" when there is none.
std::string ReasonOf(const Placement& p) { return p.violation ? p.violation->reason : ""; }

TEST(PlaceUnderParentTest, HigherCommitteeNeedsNoParent) {
  Placement p =
      PlaceUnderParent(NewOrganization(v1::ORGANIZATION_KIND_HIGHER_COMMITTEE), std::nullopt, kDay);
  EXPECT_FALSE(p.violation.has_value()) << p.violation->reason;
  EXPECT_EQ(p.type, v1::ORGANIZATION_TYPE_UNSPECIFIED);
}

TEST(PlaceUnderParentTest, EveryOtherKindNeedsAParent) {
  for (auto kind : AllKinds()) {
    if (kind == v1::ORGANIZATION_KIND_HIGHER_COMMITTEE) continue;
    Placement p = PlaceUnderParent(NewOrganization(kind), std::nullopt, kDay);
    ASSERT_TRUE(p.violation.has_value()) << v1::OrganizationKind_Name(kind);
    EXPECT_EQ(p.violation->reason, "PARENT_REQUIRED") << v1::OrganizationKind_Name(kind);
    EXPECT_FALSE(p.violation->message.empty());
    EXPECT_FALSE(p.violation->vietnamese.empty());
  }
}

TEST(PlaceUnderParentTest, AllowedParentKinds) {
  int allowed_pairs = 0;
  for (const auto& [kind, parents] : AllowedParents()) {
    for (auto parent_kind : parents) {
      Placement p = PlaceUnderParent(NewOrganization(kind), Parent(parent_kind), kDay);
      EXPECT_FALSE(p.violation.has_value())
          << v1::OrganizationKind_Name(kind) << " under " << v1::OrganizationKind_Name(parent_kind)
          << ": " << p.violation->reason;
      ++allowed_pairs;
    }
  }
  EXPECT_EQ(allowed_pairs, 6);
}

TEST(PlaceUnderParentTest, EveryOtherParentKindIsRefused) {
  int refused_pairs = 0;
  for (auto kind : AllKinds()) {
    for (auto parent_kind : AllKinds()) {
      if (AllowedParents().at(kind).count(parent_kind) > 0) continue;
      Placement p = PlaceUnderParent(NewOrganization(kind), Parent(parent_kind), kDay);
      ASSERT_TRUE(p.violation.has_value())
          << v1::OrganizationKind_Name(kind) << " under " << v1::OrganizationKind_Name(parent_kind);
      EXPECT_EQ(p.violation->reason, "PARENT_KIND_NOT_ALLOWED")
          << v1::OrganizationKind_Name(kind) << " under " << v1::OrganizationKind_Name(parent_kind);
      EXPECT_EQ(p.violation->metadata.at("parent_kind"), v1::OrganizationKind_Name(parent_kind));
      EXPECT_FALSE(p.violation->vietnamese.empty());
      ++refused_pairs;
    }
  }
  EXPECT_EQ(refused_pairs, 25 - 6);
}

TEST(PlaceUnderParentTest, SpecificRefusals) {
  // A chi bộ trực thuộc directly under the Khối, a đảng bộ cơ sở under another, a cell under a
  // chi bộ cơ sở (which has no cells).
  struct Case {
    v1::OrganizationKind kind, parent;
  };
  for (const Case& c :
       {Case{v1::ORGANIZATION_KIND_SUBORDINATE_CELL, v1::ORGANIZATION_KIND_HIGHER_COMMITTEE},
        Case{v1::ORGANIZATION_KIND_BASE_COMMITTEE, v1::ORGANIZATION_KIND_BASE_COMMITTEE},
        Case{v1::ORGANIZATION_KIND_SUBORDINATE_CELL, v1::ORGANIZATION_KIND_BASE_CELL},
        Case{v1::ORGANIZATION_KIND_HIGHER_COMMITTEE, v1::ORGANIZATION_KIND_BASE_COMMITTEE},
        Case{v1::ORGANIZATION_KIND_PARTIAL_COMMITTEE, v1::ORGANIZATION_KIND_PARTIAL_COMMITTEE}}) {
    Placement p = PlaceUnderParent(NewOrganization(c.kind), Parent(c.parent), kDay);
    ASSERT_TRUE(p.violation.has_value());
    EXPECT_EQ(p.violation->reason, "PARENT_KIND_NOT_ALLOWED");
  }
}

TEST(PlaceUnderParentTest, ParentEstablishedTheDayAfterIsRefused) {
  v1::Organization o = NewOrganization(v1::ORGANIZATION_KIND_BASE_CELL);
  Placement p =
      PlaceUnderParent(o,
                       Parent(v1::ORGANIZATION_KIND_HIGHER_COMMITTEE,
                              v1::ORGANIZATION_TYPE_UNSPECIFIED, absl::CivilDay(2020, 5, 11)),
                       absl::CivilDay(2020, 5, 10));
  ASSERT_TRUE(p.violation.has_value());
  EXPECT_EQ(p.violation->reason, "PARENT_NOT_YET_ESTABLISHED");
  EXPECT_EQ(p.violation->metadata.at("parent_established_on"), "2020-05-11");
  EXPECT_FALSE(p.violation->vietnamese.empty());
}

TEST(PlaceUnderParentTest, ParentEstablishedTheSameDayOrBeforeIsAccepted) {
  v1::Organization o = NewOrganization(v1::ORGANIZATION_KIND_BASE_CELL);
  for (absl::CivilDay parent_day : {absl::CivilDay(2020, 5, 10), absl::CivilDay(2020, 5, 9)}) {
    Placement p = PlaceUnderParent(o,
                                   Parent(v1::ORGANIZATION_KIND_HIGHER_COMMITTEE,
                                          v1::ORGANIZATION_TYPE_UNSPECIFIED, parent_day),
                                   absl::CivilDay(2020, 5, 10));
    EXPECT_FALSE(p.violation.has_value()) << parent_day << ": " << p.violation->reason;
  }
}

TEST(PlaceUnderParentTest, DateEdgesAcrossYearAndLeapDay) {
  v1::Organization o = NewOrganization(v1::ORGANIZATION_KIND_SUBORDINATE_CELL);
  auto place = [&](absl::CivilDay parent_day, absl::CivilDay day) {
    return PlaceUnderParent(
        o, Parent(v1::ORGANIZATION_KIND_BASE_COMMITTEE, v1::ORGANIZATION_TYPE_OTHER, parent_day),
        day);
  };
  EXPECT_EQ(ReasonOf(place(absl::CivilDay(2025, 1, 1), absl::CivilDay(2024, 12, 31))),
            "PARENT_NOT_YET_ESTABLISHED");
  EXPECT_EQ(ReasonOf(place(absl::CivilDay(2024, 12, 31), absl::CivilDay(2025, 1, 1))), "");
  EXPECT_EQ(ReasonOf(place(absl::CivilDay(2024, 3, 1), absl::CivilDay(2024, 2, 29))),
            "PARENT_NOT_YET_ESTABLISHED");
  EXPECT_EQ(ReasonOf(place(absl::CivilDay(2024, 2, 29), absl::CivilDay(2024, 2, 29))), "");
}

TEST(PlaceUnderParentTest, KindIsCheckedBeforeDate) {
  Placement p = PlaceUnderParent(NewOrganization(v1::ORGANIZATION_KIND_BASE_CELL),
                                 Parent(v1::ORGANIZATION_KIND_BASE_CELL,
                                        v1::ORGANIZATION_TYPE_OTHER, absl::CivilDay(2030, 1, 1)),
                                 kDay);
  ASSERT_TRUE(p.violation.has_value());
  EXPECT_EQ(p.violation->reason, "PARENT_KIND_NOT_ALLOWED");
}

TEST(PlaceUnderParentTest, SubordinateCellWithoutTypeInheritsParentsType) {
  for (auto parent_kind :
       {v1::ORGANIZATION_KIND_BASE_COMMITTEE, v1::ORGANIZATION_KIND_PARTIAL_COMMITTEE}) {
    v1::Organization o = NewOrganization(v1::ORGANIZATION_KIND_SUBORDINATE_CELL);
    o.set_type(v1::ORGANIZATION_TYPE_UNSPECIFIED);
    Placement p =
        PlaceUnderParent(o, Parent(parent_kind, v1::ORGANIZATION_TYPE_STATE_ENTERPRISE), kDay);
    EXPECT_FALSE(p.violation.has_value());
    EXPECT_EQ(p.type, v1::ORGANIZATION_TYPE_STATE_ENTERPRISE)
        << v1::OrganizationKind_Name(parent_kind);
  }
}

TEST(PlaceUnderParentTest, OwnTypeIsKept) {
  v1::Organization cell = NewOrganization(v1::ORGANIZATION_KIND_SUBORDINATE_CELL);
  cell.set_type(v1::ORGANIZATION_TYPE_PRIVATE_JOINT_STOCK);
  Placement p = PlaceUnderParent(
      cell, Parent(v1::ORGANIZATION_KIND_BASE_COMMITTEE, v1::ORGANIZATION_TYPE_OTHER), kDay);
  EXPECT_FALSE(p.violation.has_value());
  EXPECT_EQ(p.type, v1::ORGANIZATION_TYPE_PRIVATE_JOINT_STOCK);

  v1::Organization base = NewOrganization(v1::ORGANIZATION_KIND_BASE_CELL);
  base.set_type(v1::ORGANIZATION_TYPE_PUBLIC_SERVICE_UNIT);
  p = PlaceUnderParent(base, Parent(v1::ORGANIZATION_KIND_HIGHER_COMMITTEE), kDay);
  EXPECT_FALSE(p.violation.has_value());
  EXPECT_EQ(p.type, v1::ORGANIZATION_TYPE_PUBLIC_SERVICE_UNIT);
}

TEST(PlaceUnderParentTest, HigherCommitteeDoesNotInheritAType) {
  Placement p = PlaceUnderParent(
      NewOrganization(v1::ORGANIZATION_KIND_HIGHER_COMMITTEE),
      Parent(v1::ORGANIZATION_KIND_HIGHER_COMMITTEE, v1::ORGANIZATION_TYPE_OTHER), kDay);
  EXPECT_FALSE(p.violation.has_value());
  EXPECT_EQ(p.type, v1::ORGANIZATION_TYPE_UNSPECIFIED);
}

}  // namespace
}  // namespace partywork::membership
