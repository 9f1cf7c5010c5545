// The party-card register and badge candidates through the real membership
// server: a card only for an official member, issued once then reissued,
// its number kept in the member's record, retried by request id without a
// second line; the members reaching 30,
// 40, 45, 50 … years of party age in a period.
#include "gtest/gtest.h"
#include "libs/platform/errors.h"
#include "tests/e2e/member_scenario_fixture.h"

PARTYWORK_USE_POSTGRES();

namespace partywork::testing {
namespace {

class CardsTest : public MemberScenarioTest {
 protected:
  static grpc::Status Issue(const std::string& member, mv1::PartyCardIssueKind kind,
                            const std::string& number, absl::CivilDay on,
                            const std::string& request_id = "",
                            mv1::PartyCardIssue* out = nullptr) {
    mv1::CreatePartyCardIssueRequest request;
    request.mutable_issue()->set_member(member);
    request.mutable_issue()->set_kind(kind);
    request.mutable_issue()->set_card_number(number);
    *request.mutable_issue()->mutable_issued_on() = ToDate(on);
    request.set_request_id(request_id);
    mv1::PartyCardIssue ignored;
    return stub_->CreatePartyCardIssue(Context().get(), request, out ? out : &ignored);
  }

  static std::vector<mv1::PartyCardIssue> Register(const std::string& organization) {
    mv1::ListPartyCardIssuesRequest request;
    request.set_organization(organization);
    mv1::ListPartyCardIssuesResponse response;
    grpc::Status s = stub_->ListPartyCardIssues(Context().get(), request, &response);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return {response.issues().begin(), response.issues().end()};
  }
  using MemberScenarioTest::Register;
};

TEST_F(CardsTest, CardsForOfficialMembersIssuedThenReissued) {
  const std::string official = Official("Nguyễn Thị Thẻ", cells_[0]);
  // Probationary from 2024-03-01 (admitted that day), official a year later.
  const std::string probationary = Register("Trần Văn Dự Bị", cells_[0], absl::CivilDay(2024, 3, 1),
                                            absl::CivilDay(2024, 3, 1), absl::CivilDay(2025, 3, 1));
  grpc::Status s =
      Issue(probationary, mv1::PARTY_CARD_ISSUE_KIND_ISSUE, "79000123", absl::CivilDay(2024, 6, 1));
  EXPECT_EQ(errors::Reason(s), "CARD_FOR_OFFICIAL_ONLY") << s.error_message();
  s = Issue(official, mv1::PARTY_CARD_ISSUE_KIND_REISSUE, "79000124", absl::CivilDay(2024, 6, 1));
  EXPECT_EQ(errors::Reason(s), "CARD_NOT_ISSUED_YET") << s.error_message();

  mv1::PartyCardIssue first, again;
  ASSERT_TRUE(Issue(official, mv1::PARTY_CARD_ISSUE_KIND_ISSUE, "79000124",
                    absl::CivilDay(2024, 6, 1), "card-79000124", &first)
                  .ok());
  ASSERT_TRUE(Issue(official, mv1::PARTY_CARD_ISSUE_KIND_ISSUE, "79000124",
                    absl::CivilDay(2024, 6, 1), "card-79000124", &again)
                  .ok());
  EXPECT_EQ(again.name(), first.name());
  // The record holds the newest card's number from now on, published once.
  const auto card_of = [](const std::string& member) {
    mv1::GetMemberRequest get;
    get.set_name(member);
    mv1::Member m;
    EXPECT_TRUE(stub_->GetMember(Context().get(), get, &m).ok());
    return m.party_card_number();
  };
  const auto record_updates = [] {
    return Postgres::Get()
        .Admin(
            "SELECT count(*) FROM membership.outbox WHERE event_type = "
            "'partywork.membership.v1.MemberUpdated'")[0][0]
        .as<int>();
  };
  EXPECT_EQ(card_of(official), "79000124");
  EXPECT_EQ(record_updates(), 1);
  s = Issue(official, mv1::PARTY_CARD_ISSUE_KIND_REISSUE, "79-00A", absl::CivilDay(2025, 1, 6));
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << s.error_message();
  s = Issue(official, mv1::PARTY_CARD_ISSUE_KIND_ISSUE, "79000124", absl::CivilDay(2024, 7, 1));
  EXPECT_EQ(errors::Reason(s), "CARD_ALREADY_ISSUED") << s.error_message();
  EXPECT_TRUE(
      Issue(official, mv1::PARTY_CARD_ISSUE_KIND_REISSUE, "79000124", absl::CivilDay(2025, 1, 6))
          .ok());
  EXPECT_EQ(record_updates(), 1);  // the same number: the record is already right

  const auto lines = Register(khoi_);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0].kind(), mv1::PARTY_CARD_ISSUE_KIND_ISSUE);
  EXPECT_EQ(lines[1].kind(), mv1::PARTY_CARD_ISSUE_KIND_REISSUE);
  EXPECT_EQ(lines[1].member(), official);
  EXPECT_TRUE(Register(cells_[1]).empty());
  EXPECT_EQ(Postgres::Get()
                .Admin("SELECT count(*) FROM membership.outbox WHERE event_type = "
                       "'partywork.membership.v1.PartyCardIssued'")[0][0]
                .as<int>(),
            2);
}

TEST_F(CardsTest, BadgeCandidatesOfAPeriod) {
  // Admitted 2 September 1995: 30 years on 2 September 2025.
  const std::string thirty = Register("Phạm Văn Ba Mươi", cells_[1], absl::CivilDay(2020, 1, 1),
                                      absl::CivilDay(1995, 9, 2), absl::CivilDay(1996, 9, 2));
  const std::string forty = Register("Lê Thị Bốn Mươi", cells_[2], absl::CivilDay(2020, 1, 1),
                                     absl::CivilDay(1985, 12, 31), absl::CivilDay(1986, 12, 31));
  Register("Đỗ Văn Ba Lăm", cells_[1], absl::CivilDay(2020, 1, 1), absl::CivilDay(1990, 9, 2),
           absl::CivilDay(1991, 9, 2));  // 35 years: no badge
  const auto candidates = [](const std::string& organization, absl::CivilDay start,
                             absl::CivilDay end) {
    mv1::ListBadgeCandidatesRequest request;
    request.set_organization(organization);
    *request.mutable_period_start() = ToDate(start);
    *request.mutable_period_end() = ToDate(end);
    mv1::ListBadgeCandidatesResponse response;
    grpc::Status s = stub_->ListBadgeCandidates(Context().get(), request, &response);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return std::vector<mv1::BadgeCandidate>(response.candidates().begin(),
                                            response.candidates().end());
  };
  auto found = candidates(committee_, absl::CivilDay(2025, 1, 1), absl::CivilDay(2025, 12, 31));
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found[0].member(), thirty);
  EXPECT_EQ(found[0].party_age_years(), 30);
  EXPECT_EQ(ToCivilDay(found[0].reached_on()), absl::CivilDay(2025, 9, 2));
  EXPECT_EQ(found[1].member(), forty);
  EXPECT_EQ(found[1].party_age_years(), 40);
  // The anniversary day is the first day of the badge.
  EXPECT_EQ(candidates(committee_, absl::CivilDay(2025, 9, 2), absl::CivilDay(2025, 9, 2)).size(),
            1u);
  EXPECT_TRUE(
      candidates(committee_, absl::CivilDay(2025, 1, 1), absl::CivilDay(2025, 9, 1)).empty());
  EXPECT_TRUE(
      candidates(cells_[0], absl::CivilDay(2025, 1, 1), absl::CivilDay(2025, 12, 31)).empty());
}

}  // namespace
}  // namespace partywork::testing
