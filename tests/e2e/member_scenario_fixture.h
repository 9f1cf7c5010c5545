// MembershipTest with members: a small Khối (a base committee with three
// cells, a base cell) and short calls that register members, record their
// events and read their standing — for the scenario tests of reorganized
// members, ratings, targets, cards and committees.
#pragma once

#include <string>
#include <vector>

#include "tests/e2e/membership_fixture.h"

namespace partywork::testing {

class MemberScenarioTest : public MembershipTest {
 protected:
  static void SetUpTestSuite() {
    MembershipTest::SetUpTestSuite();
    const absl::CivilDay founded(2000, 1, 1);
    khoi_ = Create("Đảng bộ Khối các cơ quan tỉnh", mv1::ORGANIZATION_KIND_HIGHER_COMMITTEE,
                   mv1::ORGANIZATION_TYPE_UNSPECIFIED, "", founded);
    committee_ = Create("Đảng bộ Sở Xây dựng", mv1::ORGANIZATION_KIND_BASE_COMMITTEE,
                        mv1::ORGANIZATION_TYPE_ADMINISTRATIVE_AGENCY, khoi_, founded);
    for (const char* name : {"Chi bộ Phòng Quy hoạch", "Chi bộ Phòng Nhà ở", "Chi bộ Thanh tra"}) {
      cells_.push_back(Create(name, mv1::ORGANIZATION_KIND_SUBORDINATE_CELL,
                              mv1::ORGANIZATION_TYPE_UNSPECIFIED, committee_, founded));
    }
    base_cell_ = Create("Chi bộ Ban Quản lý dự án", mv1::ORGANIZATION_KIND_BASE_CELL,
                        mv1::ORGANIZATION_TYPE_ADMINISTRATIVE_AGENCY, khoi_, founded);
  }

  static mv1::MemberEvent Event(mv1::MemberEventKind kind, absl::CivilDay day,
                                const std::string& organization = "") {
    mv1::MemberEvent e;
    e.set_kind(kind);
    *e.mutable_effective_on() = ToDate(day);
    e.set_organization(organization);
    return e;
  }

  // A member registered in `cell` on `registered_on`, official since
  // `official_on` (probationary, admitted that day, when official_on is
  // after registered_on).
  static std::string Register(const std::string& full_name, const std::string& cell,
                              absl::CivilDay registered_on, absl::CivilDay admitted_on,
                              absl::CivilDay official_on) {
    mv1::CreateMemberRequest request;
    auto* m = request.mutable_member();
    m->set_full_name(full_name);
    m->set_gender(mv1::GENDER_MALE);
    *m->mutable_birth_date() = ToDate(absl::CivilDay(admitted_on.year() - 30, 4, 2));
    m->set_ethnicity("Kinh");
    *m->mutable_admitted_on() = ToDate(admitted_on);
    const bool official = official_on <= registered_on;
    if (official) *m->mutable_official_on() = ToDate(official_on);
    *request.mutable_first_event() = Event(mv1::MEMBER_EVENT_KIND_REGISTERED, registered_on, cell);
    request.mutable_first_event()->set_initial_status(official ? mv1::MEMBER_STATUS_OFFICIAL
                                                               : mv1::MEMBER_STATUS_PROBATIONARY);
    mv1::Member created;
    grpc::Status s = stub_->CreateMember(Context().get(), request, &created);
    EXPECT_TRUE(s.ok()) << full_name << ": " << s.error_message();
    return created.name();
  }
  // An official member since 2010, registered in `cell` on 2020-01-01.
  static std::string Official(const std::string& full_name, const std::string& cell) {
    return Register(full_name, cell, absl::CivilDay(2020, 1, 1), absl::CivilDay(2009, 5, 1),
                    absl::CivilDay(2010, 5, 1));
  }

  static grpc::Status RecordEvent(const std::string& member, const mv1::MemberEvent& e) {
    mv1::RecordMemberEventRequest request;
    request.set_parent(member);
    *request.mutable_event() = e;
    mv1::MemberEvent ignored;
    return stub_->RecordMemberEvent(Context().get(), request, &ignored);
  }

  static mv1::MemberState StateOf(const std::string& member, absl::CivilDay day) {
    mv1::GetMemberRequest request;
    request.set_name(member);
    *request.mutable_as_of() = ToDate(day);
    mv1::Member m;
    grpc::Status s = stub_->GetMember(Context().get(), request, &m);
    EXPECT_TRUE(s.ok()) << member << ": " << s.error_message();
    return m.state();
  }

  static std::vector<mv1::MemberEvent> Events(const std::string& member) {
    mv1::ListMemberEventsRequest request;
    request.set_parent(member);
    mv1::ListMemberEventsResponse response;
    grpc::Status s = stub_->ListMemberEvents(Context().get(), request, &response);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return {response.events().begin(), response.events().end()};
  }

  static inline std::string khoi_, committee_, base_cell_;
  static inline std::vector<std::string> cells_;
};

}  // namespace partywork::testing
