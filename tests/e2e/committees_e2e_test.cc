// Committee members through the real membership server: seats by term,
// the secretary and nhất thể hóa as of a day, a second secretary refused
// while the first serves, a seat ended with its etag (a stale one is
// ABORTED), retries by request id.
#include "gtest/gtest.h"
#include "libs/platform/errors.h"
#include "tests/e2e/member_scenario_fixture.h"

PARTYWORK_USE_POSTGRES();

namespace partywork::testing {
namespace {

class CommitteesTest : public MemberScenarioTest {
 protected:
  static grpc::Status Seat(const std::string& member, mv1::CommitteeRole role, absl::CivilDay from,
                           bool head = false, const std::string& request_id = "",
                           mv1::CommitteeMember* out = nullptr) {
    mv1::CreateCommitteeMemberRequest request;
    auto* c = request.mutable_committee_member();
    c->set_organization(committee_);
    c->set_member(member);
    c->set_role(role);
    c->set_term_start_year(2020);
    c->set_term_end_year(2025);
    *c->mutable_from_on() = ToDate(from);
    c->set_also_head_of_unit(head);
    request.set_request_id(request_id);
    mv1::CommitteeMember ignored;
    return stub_->CreateCommitteeMember(Context().get(), request, out ? out : &ignored);
  }

  static mv1::ListCommitteeMembersResponse Committee(absl::CivilDay day) {
    mv1::ListCommitteeMembersRequest request;
    request.set_organization(committee_);
    *request.mutable_as_of() = ToDate(day);
    mv1::ListCommitteeMembersResponse response;
    grpc::Status s = stub_->ListCommitteeMembers(Context().get(), request, &response);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return response;
  }
};

TEST_F(CommitteesTest, SecretaryAndSeatsAsOfADay) {
  const std::string first = Official("Nguyễn Văn Bí Thư", cells_[0]);
  const std::string deputy = Official("Trần Thị Phó", cells_[1]);
  const std::string second = Official("Lê Văn Kế Nhiệm", cells_[2]);
  const absl::CivilDay elected(2020, 10, 1);
  mv1::CommitteeMember seat, again;
  ASSERT_TRUE(Seat(first, mv1::COMMITTEE_ROLE_SECRETARY, elected, true, "seat-first", &seat).ok());
  ASSERT_TRUE(Seat(first, mv1::COMMITTEE_ROLE_SECRETARY, elected, true, "seat-first", &again).ok());
  EXPECT_EQ(again.name(), seat.name());
  ASSERT_TRUE(Seat(deputy, mv1::COMMITTEE_ROLE_DEPUTY_SECRETARY, elected).ok());
  grpc::Status s = Seat(second, mv1::COMMITTEE_ROLE_SECRETARY, absl::CivilDay(2023, 5, 1));
  EXPECT_EQ(errors::Reason(s), "SECRETARY_ALREADY_SERVING") << s.error_message();

  // The first secretary's seat ends on 1 May 2023, read with its etag.
  mv1::UpdateCommitteeMemberRequest end;
  end.mutable_committee_member()->set_name(seat.name());
  end.mutable_committee_member()->set_etag(seat.etag());
  *end.mutable_committee_member()->mutable_to_on() = ToDate(absl::CivilDay(2023, 5, 1));
  end.mutable_update_mask()->add_paths("to_on");
  mv1::CommitteeMember ended;
  s = stub_->UpdateCommitteeMember(Context().get(), end, &ended);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_NE(ended.etag(), seat.etag());
  // The same etag again is stale: ABORTED, nothing changes.
  *end.mutable_committee_member()->mutable_to_on() = ToDate(absl::CivilDay(2024, 1, 1));
  s = stub_->UpdateCommitteeMember(Context().get(), end, &ended);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::ABORTED) << s.error_message();

  s = Seat(second, mv1::COMMITTEE_ROLE_SECRETARY, absl::CivilDay(2023, 4, 30));
  EXPECT_EQ(errors::Reason(s), "SECRETARY_ALREADY_SERVING") << s.error_message();
  ASSERT_TRUE(Seat(second, mv1::COMMITTEE_ROLE_SECRETARY, absl::CivilDay(2023, 5, 1)).ok());

  auto before = Committee(absl::CivilDay(2023, 4, 30));
  EXPECT_EQ(before.secretary(), first);
  EXPECT_TRUE(before.unified_leadership());
  ASSERT_EQ(before.committee_members_size(), 2);
  EXPECT_EQ(before.committee_members(1).member(), deputy);
  auto after = Committee(absl::CivilDay(2023, 5, 1));
  EXPECT_EQ(after.secretary(), second);
  EXPECT_FALSE(after.unified_leadership());
  EXPECT_EQ(after.committee_members_size(), 2);
  auto before_term = Committee(absl::CivilDay(2020, 9, 30));
  EXPECT_EQ(before_term.committee_members_size(), 0);
  EXPECT_TRUE(before_term.secretary().empty());

  // A probationary member is not seated.
  const std::string probationary = Register("Đặng Văn Dự Bị", cells_[0], absl::CivilDay(2024, 3, 1),
                                            absl::CivilDay(2024, 3, 1), absl::CivilDay(2025, 3, 1));
  s = Seat(probationary, mv1::COMMITTEE_ROLE_MEMBER, absl::CivilDay(2024, 6, 1));
  EXPECT_EQ(errors::Reason(s), "COMMITTEE_MEMBER_NOT_OFFICIAL") << s.error_message();
}

}  // namespace
}  // namespace partywork::testing
