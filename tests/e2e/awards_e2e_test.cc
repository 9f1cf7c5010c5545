// Members' awards through the real membership server: a party badge on the
// day its party age is reached (not the day before), at the party ages the
// rulebook lists, once; a commendation; only to a member of the day (from
// the day registered, until the day before death); every refusal of bad
// input, of an unknown member and of a caller out of scope; a retry by
// request id answered with the first award and nothing written twice; the
// audit record and the MemberAwardRecorded event with the member's name.
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "libs/platform/errors.h"
#include "partywork/common/v1/feed.pb.h"
#include "tests/e2e/member_scenario_fixture.h"

PARTYWORK_USE_POSTGRES();

namespace partywork::testing {
namespace {

using absl::CivilDay;

class AwardsTest : public MemberScenarioTest {
 protected:
  static mv1::MemberAward Badge(int years, CivilDay on) {
    mv1::MemberAward a;
    a.set_kind(mv1::AWARD_KIND_PARTY_BADGE);
    a.set_badge_years(years);
    *a.mutable_awarded_on() = ToDate(on);
    a.set_decision("Quyết định số 125-QĐ/ĐUK");
    a.set_awarded_by("Ban Thường vụ Đảng ủy Khối");
    return a;
  }
  static mv1::MemberAward Commendation(CivilDay on) {
    mv1::MemberAward a;
    a.set_kind(mv1::AWARD_KIND_COMMENDATION);
    *a.mutable_awarded_on() = ToDate(on);
    a.set_decision("Quyết định số 40-QĐ/ĐU");
    a.set_awarded_by("Đảng ủy Sở Xây dựng");
    a.set_note("Giấy khen: hoàn thành xuất sắc nhiệm vụ năm 2023");
    return a;
  }

  static grpc::Status Award(const std::string& member, const mv1::MemberAward& award,
                            const std::string& request_id = "", mv1::MemberAward* out = nullptr,
                            const Caller& caller = {"tester", "khoi_admin", ""}) {
    mv1::CreateMemberAwardRequest request;
    request.set_parent(member);
    *request.mutable_award() = award;
    request.set_request_id(request_id);
    grpc::ClientContext context;
    SignAs(&context, caller);
    mv1::MemberAward ignored;
    return stub_->CreateMemberAward(&context, request, out ? out : &ignored);
  }

  static grpc::Status List(const std::string& member, std::vector<mv1::MemberAward>* out,
                           const Caller& caller = {"tester", "khoi_admin", ""}) {
    mv1::ListMemberAwardsRequest request;
    request.set_parent(member);
    grpc::ClientContext context;
    SignAs(&context, caller);
    mv1::ListMemberAwardsResponse response;
    grpc::Status s = stub_->ListMemberAwards(&context, request, &response);
    out->assign(response.awards().begin(), response.awards().end());
    return s;
  }

  static int Count(const std::string& sql) { return Postgres::Get().Admin(sql)[0][0].as<int>(); }

  static std::vector<std::string> Fields(const grpc::Status& s) {
    std::vector<std::string> out;
    for (const auto& v : errors::FieldViolations(s)) out.push_back(v.field);
    return out;
  }
};

TEST_F(AwardsTest, BadgeOnItsPartyAgeOnceAndCommendations) {
  // Admitted 10 March 1994: 30 years of party age on 10 March 2024.
  const std::string veteran = Register("Hoàng Văn Huy", cells_[0], CivilDay(2020, 1, 1),
                                       CivilDay(1994, 3, 10), CivilDay(1995, 3, 10));
  grpc::Status s = Award(veteran, Badge(30, CivilDay(2024, 3, 9)));
  EXPECT_EQ(errors::Reason(s), "BADGE_PARTY_AGE_NOT_REACHED") << s.error_message();
  EXPECT_NE(s.error_message().find("2024-03-10"), std::string::npos) << s.error_message();
  s = Award(veteran, Badge(35, CivilDay(2024, 6, 1)));
  EXPECT_EQ(errors::Reason(s), "BADGE_YEARS_NOT_LISTED") << s.error_message();
  EXPECT_NE(s.error_message().find("badge.party_age_years"), std::string::npos)
      << s.error_message();

  mv1::MemberAward first, again;
  s = Award(veteran, Badge(30, CivilDay(2024, 3, 10)), "award-30", &first);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(first.name().rfind(veteran + "/awards/", 0), 0u) << first.name();
  EXPECT_EQ(first.badge_years(), 30);
  EXPECT_EQ(first.recorded_by(), "tester");
  EXPECT_GT(first.record_time().seconds(), 0);
  // The retry answers the first award and writes nothing.
  ASSERT_TRUE(Award(veteran, Badge(30, CivilDay(2024, 3, 10)), "award-30", &again).ok());
  EXPECT_EQ(again.SerializeAsString(), first.SerializeAsString());
  s = Award(veteran, Badge(30, CivilDay(2024, 9, 2)), "award-30-again");
  EXPECT_EQ(errors::Reason(s), "BADGE_ALREADY_AWARDED") << s.error_message();

  // Commendations: not before the member is registered here, from that day.
  s = Award(veteran, Commendation(CivilDay(2019, 12, 31)));
  EXPECT_EQ(errors::Reason(s), "AWARD_TO_NON_MEMBER") << s.error_message();
  mv1::MemberAward commended;
  ASSERT_TRUE(Award(veteran, Commendation(CivilDay(2020, 1, 1)), "", &commended).ok());
  ASSERT_TRUE(Award(veteran, Commendation(CivilDay(2020, 1, 1))).ok());  // another decision

  std::vector<mv1::MemberAward> awards;
  ASSERT_TRUE(List(veteran, &awards).ok());
  ASSERT_EQ(awards.size(), 3u);
  EXPECT_EQ(awards[0].SerializeAsString(), commended.SerializeAsString());
  EXPECT_EQ(awards[0].note(), "Giấy khen: hoàn thành xuất sắc nhiệm vụ năm 2023");
  EXPECT_EQ(awards[1].kind(), mv1::AWARD_KIND_COMMENDATION);
  EXPECT_EQ(awards[2].SerializeAsString(), first.SerializeAsString());

  const std::string mine = absl::StrCat("'", veteran, "/awards/%'");
  EXPECT_EQ(Count(absl::StrCat("SELECT count(*) FROM membership.member_awards WHERE member_id = ",
                               *ResourceId(veteran, "members"))),
            3);
  EXPECT_EQ(Count(absl::StrCat("SELECT count(*) FROM membership.audit_log WHERE action = "
                               "'CreateMemberAward' AND resource LIKE ",
                               mine)),
            3);
  EXPECT_EQ(Postgres::Get()
                .Admin(absl::StrCat("SELECT details->>'badge_years' FROM membership.audit_log "
                                    "WHERE resource = '",
                                    first.name(), "'"))[0][0]
                .as<std::string>(),
            "30");
  // One event per award, the badge's with the member and their name.
  EXPECT_EQ(Count(absl::StrCat("SELECT count(*) FROM membership.outbox WHERE event_type = "
                               "'partywork.membership.v1.MemberAwardRecorded' AND subject LIKE ",
                               mine)),
            3);
  std::string payload;
  ASSERT_TRUE(absl::Base64Unescape(
      Postgres::Get()
          .Admin(absl::StrCat("SELECT encode(payload, 'base64') FROM membership.outbox "
                              "WHERE subject = '",
                              first.name(), "'"))[0][0]
          .as<std::string>(),
      &payload));
  google::protobuf::Any any;
  ASSERT_TRUE(any.ParseFromString(payload));
  mv1::MemberAwardRecorded event;
  ASSERT_TRUE(any.UnpackTo(&event));
  EXPECT_EQ(event.member(), veteran);
  EXPECT_EQ(event.full_name(), "Hoàng Văn Huy");
  EXPECT_EQ(event.award().SerializeAsString(), first.SerializeAsString());
}

TEST_F(AwardsTest, OnlyToAMemberOfTheDay) {
  // Probationary from 1 March 2024: a commendation is allowed.
  const std::string probationary = Register("Trần Thị Mới", cells_[1], CivilDay(2024, 3, 1),
                                            CivilDay(2024, 3, 1), CivilDay(2025, 3, 1));
  EXPECT_TRUE(Award(probationary, Commendation(CivilDay(2024, 3, 1))).ok());
  // 40 years of party age on 31 May 2024; died on 1 June 2024: awarded the
  // day before, not that day.
  const std::string died = Register("Lê Văn Cố", cells_[1], CivilDay(2020, 1, 1),
                                    CivilDay(1984, 5, 31), CivilDay(1985, 5, 31));
  ASSERT_TRUE(RecordEvent(died, Event(mv1::MEMBER_EVENT_KIND_DECEASED, CivilDay(2024, 6, 1))).ok());
  EXPECT_TRUE(Award(died, Badge(40, CivilDay(2024, 5, 31))).ok());
  grpc::Status s = Award(died, Commendation(CivilDay(2024, 6, 1)));
  EXPECT_EQ(errors::Reason(s), "AWARD_TO_NON_MEMBER") << s.error_message();
  // Struck off: no longer a member.
  const std::string struck = Official("Phạm Văn Xóa", cells_[2]);
  ASSERT_TRUE(
      RecordEvent(struck, Event(mv1::MEMBER_EVENT_KIND_STRUCK_OFF, CivilDay(2023, 1, 1))).ok());
  s = Award(struck, Commendation(CivilDay(2023, 1, 1)));
  EXPECT_EQ(errors::Reason(s), "AWARD_TO_NON_MEMBER") << s.error_message();
  EXPECT_TRUE(Award(struck, Commendation(CivilDay(2022, 12, 31))).ok());
}

TEST_F(AwardsTest, BadInputUnknownMembersAndScope) {
  const std::string member = Official("Đỗ Thị Phạm Vi", cells_[2]);
  mv1::MemberAward bad;
  EXPECT_EQ(Fields(Award(member, bad)),
            (std::vector<std::string>{"award.kind", "award.awarded_on", "award.decision"}));
  mv1::MemberAward no_years = Badge(0, CivilDay(2024, 1, 2));
  EXPECT_EQ(Fields(Award(member, no_years)), std::vector<std::string>{"award.badge_years"});
  mv1::MemberAward commendation_years = Commendation(CivilDay(2024, 1, 2));
  commendation_years.set_badge_years(30);
  EXPECT_EQ(Fields(Award(member, commendation_years)),
            std::vector<std::string>{"award.badge_years"});
  // Today is allowed, tomorrow is not.
  EXPECT_EQ(Fields(Award(member, Commendation(Today() + 1))),
            std::vector<std::string>{"award.awarded_on"});
  EXPECT_TRUE(Award(member, Commendation(Today())).ok());
  mv1::MemberAward impossible = Commendation(CivilDay(2024, 1, 2));
  impossible.mutable_awarded_on()->set_day(31);
  impossible.mutable_awarded_on()->set_month(2);
  EXPECT_EQ(Fields(Award(member, impossible)), std::vector<std::string>{"award.awarded_on"});
  mv1::MemberAward long_decision = Commendation(CivilDay(2024, 1, 2));
  long_decision.set_decision(std::string(301, 'x'));
  EXPECT_EQ(Fields(Award(member, long_decision)), std::vector<std::string>{"award.decision"});
  EXPECT_EQ(Fields(Award("organizations/1", Commendation(CivilDay(2024, 1, 2)))),
            std::vector<std::string>{"parent"});
  EXPECT_EQ(Award("members/987654", Commendation(CivilDay(2024, 1, 2))).error_code(),
            grpc::StatusCode::NOT_FOUND);

  // A base cell's secretary neither awards nor reads a member of the committee's cells.
  const Caller other{"secretary", "base_secretary", base_cell_};
  grpc::Status s = Award(member, Commendation(CivilDay(2024, 1, 2)), "", nullptr, other);
  EXPECT_EQ(errors::Reason(s), "OUT_OF_SCOPE") << s.error_message();
  std::vector<mv1::MemberAward> awards;
  EXPECT_EQ(errors::Reason(List(member, &awards, other)), "OUT_OF_SCOPE");
  const Caller own{"secretary", "base_secretary", committee_};
  ASSERT_TRUE(Award(member, Commendation(CivilDay(2024, 1, 2)), "", nullptr, own).ok());
  ASSERT_TRUE(List(member, &awards, own).ok());
  EXPECT_EQ(awards.size(), 2u);
  EXPECT_EQ(awards[0].recorded_by(), "secretary");

  EXPECT_EQ(List("members/987654", &awards).error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(Fields(List("members/x", &awards)), std::vector<std::string>{"parent"});
  // Nothing refused was written.
  EXPECT_EQ(Count(absl::StrCat("SELECT count(*) FROM membership.member_awards WHERE member_id = ",
                               *ResourceId(member, "members"))),
            2);
}

}  // namespace
}  // namespace partywork::testing
