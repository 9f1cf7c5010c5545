// The Khối of DOMAIN §2 built through membership's API, for every suite that
// needs it: the two Đắk Nông blocs as they were before 2019 (79 base
// organizations: 31 base committees with 203 subordinate cells, 48 base
// cells), their 2019 merger into one Khối, and the four later
// reorganizations of seed 003 (75 base organizations: 33 base committees with
// 209 subordinate cells, 42 base cells).
#pragma once

#include <map>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "tests/e2e/membership_fixture.h"

namespace partywork::testing {

using Kind = mv1::OrganizationKind;
using Type = mv1::OrganizationType;
inline constexpr Kind kHigher = mv1::ORGANIZATION_KIND_HIGHER_COMMITTEE;
inline constexpr Kind kBaseCommittee = mv1::ORGANIZATION_KIND_BASE_COMMITTEE;
inline constexpr Kind kBaseCell = mv1::ORGANIZATION_KIND_BASE_CELL;
inline constexpr Kind kSubordinateCell = mv1::ORGANIZATION_KIND_SUBORDINATE_CELL;
inline constexpr Type kAdministrative = mv1::ORGANIZATION_TYPE_ADMINISTRATIVE_AGENCY;
inline constexpr Type kPublicService = mv1::ORGANIZATION_TYPE_PUBLIC_SERVICE_UNIT;
inline constexpr Type kStateEnterprise = mv1::ORGANIZATION_TYPE_STATE_ENTERPRISE;
inline constexpr Type kPrivate = mv1::ORGANIZATION_TYPE_PRIVATE_JOINT_STOCK;
inline constexpr Type kOther = mv1::ORGANIZATION_TYPE_OTHER;
inline constexpr Type kNoType = mv1::ORGANIZATION_TYPE_UNSPECIFIED;

inline const absl::CivilDay kFounded(2004, 1, 1);
inline const absl::CivilDay kBeforeMerger(2019, 5, 31);
inline const absl::CivilDay kBlocMerger(2019, 6, 1);
inline const absl::CivilDay kReportDay(2021, 10, 14);  // seed 003

// {base committees, base cells} of one type.
using ByType = std::map<Type, std::pair<int, int>>;

// The counts by type of a summary of the tree (membership's or reporting's).
template <class Summary>
ByType TypesOf(const Summary& s) {
  ByType out;
  for (const auto& t : s.by_type()) out[t.type()] = {t.base_committees(), t.base_cells()};
  return out;
}

// The Khối on the day of the 2019 merger, as seed 003 counts it.
template <class Summary>
void ExpectKhoiOf2019(const Summary& s) {
  EXPECT_EQ(s.base_organizations(), 79);
  EXPECT_EQ(s.base_committees(), 31);
  EXPECT_EQ(s.subordinate_cells(), 203);
  EXPECT_EQ(s.base_cells(), 48);
  EXPECT_EQ(TypesOf(s), (ByType{{kAdministrative, {21, 24}},
                                {kPublicService, {4, 4}},
                                {kStateEnterprise, {6, 10}},
                                {kPrivate, {0, 2}},
                                {kOther, {0, 8}}}));
}

// The Khối after the four reorganizations, as seed 003 counts it in 2021.
template <class Summary>
void ExpectKhoiOf2021(const Summary& s) {
  EXPECT_EQ(s.base_organizations(), 75);
  EXPECT_EQ(s.base_committees(), 33);
  EXPECT_EQ(s.subordinate_cells(), 209);
  EXPECT_EQ(s.base_cells(), 42);
  EXPECT_EQ(TypesOf(s), (ByType{{kAdministrative, {22, 21}},
                                {kPublicService, {5, 2}},
                                {kStateEnterprise, {6, 10}},
                                {kPrivate, {0, 2}},
                                {kOther, {0, 7}}}));
}

class KhoiTest : public MembershipTest {
 protected:
  // The organizations of BuildBlocs.
  struct Blocs {
    std::string province, agencies, enterprises;
  };

  // Base organizations created by AddBase, by display name.
  static inline std::map<std::string, std::string> names_;
  static inline int subordinate_cells_left_ = 203;
  static inline int committees_ = 0;

  static std::string AddBase(const std::string& display_name, Kind kind, Type type,
                             const std::string& bloc) {
    std::string name = Create(display_name, kind, type, bloc, absl::CivilDay(2010, 1, 1));
    names_[display_name] = name;
    if (kind == kBaseCommittee) {
      // 203 subordinate cells over 31 committees: the first 17 have 7, the rest 6.
      const int cells = committees_++ < 17 ? 7 : 6;
      for (int i = 1; i <= cells; ++i) {
        Create(absl::StrCat("Chi bộ ", i, " thuộc ", display_name), kSubordinateCell, kNoType, name,
               absl::CivilDay(2012, 1, 1));
      }
      subordinate_cells_left_ -= cells;
    }
    return name;
  }

  static void Many(int count, const std::string& prefix, Kind kind, Type type,
                   const std::string& bloc) {
    for (int i = 1; i <= count; ++i) AddBase(absl::StrCat(prefix, " ", i), kind, type, bloc);
  }

  static mv1::ReorganizeOrganizationsRequest Request(absl::CivilDay day,
                                                     const std::string& decision) {
    mv1::ReorganizeOrganizationsRequest r;
    *r.mutable_effective_on() = ToDate(day);
    r.set_decision(decision);
    return r;
  }

  static mv1::Organization NewOrganization(const std::string& display_name, Kind kind, Type type,
                                           const std::string& parent) {
    mv1::Organization o;
    o.set_display_name(display_name);
    o.set_kind(kind);
    o.set_type(type);
    o.set_parent(parent);
    return o;
  }

  // The province and its two blocs with their base organizations, as they
  // were before the 2019 merger.
  static Blocs BuildBlocs() {
    Blocs b;
    b.province = Create("Đảng bộ tỉnh Đắk Nông", kHigher, kNoType, "", absl::CivilDay(2004, 1, 1));
    b.agencies =
        Create("Đảng bộ Khối các cơ quan tỉnh Đắk Nông", kHigher, kNoType, b.province, kFounded);
    b.enterprises =
        Create("Đảng bộ Khối Doanh nghiệp tỉnh Đắk Nông", kHigher, kNoType, b.province, kFounded);
    // Agencies' bloc: 25 base committees, 35 base cells.
    Many(21, "Đảng bộ cơ quan hành chính", kBaseCommittee, kAdministrative, b.agencies);
    Many(4, "Đảng bộ đơn vị sự nghiệp", kBaseCommittee, kPublicService, b.agencies);
    for (const char* cell :
         {"Chi bộ Cơ quan Đảng ủy Khối các cơ quan tỉnh",
          "Chi bộ Văn phòng Đoàn đại biểu Quốc hội tỉnh", "Chi bộ Hội đồng nhân dân tỉnh"}) {
      AddBase(cell, kBaseCell, kAdministrative, b.agencies);
    }
    Many(20, "Chi bộ cơ quan hành chính", kBaseCell, kAdministrative, b.agencies);
    for (const char* cell :
         {"Chi bộ Ban quản lý dự án đầu tư xây dựng các công trình giao thông",
          "Chi bộ Ban quản lý dự án đầu tư xây dựng các công trình dân dụng và công nghiệp",
          "Chi bộ Trường cao đẳng Cộng đồng Đắk Nông"}) {
      AddBase(cell, kBaseCell, kPublicService, b.agencies);
    }
    Many(1, "Chi bộ đơn vị sự nghiệp", kBaseCell, kPublicService, b.agencies);
    AddBase("Chi bộ Người cao tuổi", kBaseCell, kOther, b.agencies);
    Many(7, "Chi bộ loại hình khác", kBaseCell, kOther, b.agencies);
    // Enterprises' bloc: 6 base committees, 13 base cells.
    Many(6, "Đảng bộ doanh nghiệp nhà nước", kBaseCommittee, kStateEnterprise, b.enterprises);
    Many(10, "Chi bộ doanh nghiệp nhà nước", kBaseCell, kStateEnterprise, b.enterprises);
    Many(2, "Chi bộ công ty cổ phần", kBaseCell, kPrivate, b.enterprises);
    AddBase("Chi bộ Cơ quan Đảng ủy Khối Doanh nghiệp tỉnh", kBaseCell, kAdministrative,
            b.enterprises);
    return b;
  }

  // 2019: the two blocs merge into one new Khối (hợp nhất).
  static mv1::ReorganizeOrganizationsRequest BlocMerger(const Blocs& b) {
    auto merger = Request(kBlocMerger,
                          "Quyết định hợp nhất Đảng bộ Khối các cơ quan tỉnh và "
                          "Đảng bộ Khối Doanh nghiệp tỉnh");
    merger.mutable_merge()->add_sources(b.agencies);
    merger.mutable_merge()->add_sources(b.enterprises);
    *merger.mutable_merge()->mutable_new_organization() = NewOrganization(
        "Đảng bộ Khối các cơ quan và doanh nghiệp tỉnh Đắk Nông", kHigher, kNoType, b.province);
    return merger;
  }

  // The reorganizations of seed 003 after the merger, in order: giải thể
  // Chi bộ Người cao tuổi; sáp nhập 04 chi bộ cơ sở thành 02 (two requests);
  // sáp nhập 02 chi bộ cơ sở thành 01 đảng bộ cơ sở, whose subordinate
  // cells they become; nâng cấp Chi bộ Trường cao đẳng Cộng đồng with four
  // subordinate cells.
  static std::vector<mv1::ReorganizeOrganizationsRequest> Seed003Reorganizations(
      const std::string& khoi) {
    std::vector<mv1::ReorganizeOrganizationsRequest> out;
    auto dissolve =
        Request(absl::CivilDay(2020, 3, 1), "Quyết định giải thể Chi bộ Người cao tuổi");
    dissolve.mutable_dissolve()->set_organization(names_["Chi bộ Người cao tuổi"]);
    out.push_back(dissolve);

    auto projects =
        Request(absl::CivilDay(2020, 6, 1), "Quyết định sáp nhập hai Chi bộ Ban quản lý dự án");
    projects.mutable_merge()->add_sources(
        names_["Chi bộ Ban quản lý dự án đầu tư xây dựng các công trình giao thông"]);
    projects.mutable_merge()->add_sources(
        names_["Chi bộ Ban quản lý dự án đầu tư xây dựng các công trình dân dụng và công nghiệp"]);
    *projects.mutable_merge()->mutable_new_organization() =
        NewOrganization("Chi bộ Ban quản lý giao thông, dân dụng, công nghiệp tỉnh Đắk Nông",
                        kBaseCell, kPublicService, khoi);
    out.push_back(projects);
    auto offices =
        Request(absl::CivilDay(2020, 6, 1), "Quyết định sáp nhập hai Chi bộ Cơ quan Đảng ủy Khối");
    offices.mutable_merge()->add_sources(names_["Chi bộ Cơ quan Đảng ủy Khối các cơ quan tỉnh"]);
    offices.mutable_merge()->add_sources(names_["Chi bộ Cơ quan Đảng ủy Khối Doanh nghiệp tỉnh"]);
    *offices.mutable_merge()->mutable_new_organization() =
        NewOrganization("Chi bộ Cơ quan Đảng ủy Khối các cơ quan và doanh nghiệp tỉnh", kBaseCell,
                        kAdministrative, khoi);
    out.push_back(offices);

    auto assembly = Request(absl::CivilDay(2020, 9, 1),
                            "Quyết định thành lập Đảng bộ Văn phòng "
                            "Đoàn ĐBQH và HĐND tỉnh");
    assembly.mutable_merge()->add_sources(names_["Chi bộ Văn phòng Đoàn đại biểu Quốc hội tỉnh"]);
    assembly.mutable_merge()->add_sources(names_["Chi bộ Hội đồng nhân dân tỉnh"]);
    *assembly.mutable_merge()->mutable_new_organization() = NewOrganization(
        "Đảng bộ Văn phòng Đoàn đại biểu Quốc hội và Hội đồng nhân dân tỉnh Đắk Nông",
        kBaseCommittee, kAdministrative, khoi);
    assembly.mutable_merge()->set_sources_become_subordinate_cells(true);
    out.push_back(assembly);

    const std::string college = names_["Chi bộ Trường cao đẳng Cộng đồng Đắk Nông"];
    auto upgrade = Request(absl::CivilDay(2021, 1, 1),
                           "Quyết định thành lập Đảng bộ Trường cao "
                           "đẳng Cộng đồng Đắk Nông");
    upgrade.mutable_upgrade()->set_organization(college);
    for (int i = 1; i <= 4; ++i) {
      *upgrade.mutable_upgrade()->add_new_subordinate_cells() =
          NewOrganization(absl::StrCat("Chi bộ Khoa ", i, " Trường cao đẳng Cộng đồng"),
                          kSubordinateCell, kNoType, college);
    }
    out.push_back(upgrade);
    return out;
  }
};

}  // namespace partywork::testing
