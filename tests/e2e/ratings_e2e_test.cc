// Annual ratings through the real membership server: the excellent-share
// cap of a base organization (one over refused, nothing stored), members
// not rated while exempt, outside the year or admitted less than 6 months
// before, the cap of the organizations under one committee, the 100-point
// scale from 2025, two consecutive "not completed" years listed, retries by
// request id.
#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "libs/platform/errors.h"
#include "tests/e2e/member_scenario_fixture.h"

PARTYWORK_USE_POSTGRES();

namespace partywork::testing {
namespace {

class RatingsTest : public MemberScenarioTest {
 protected:
  static grpc::Status Rate(const std::string& subject, int year, mv1::RatingGrade grade,
                           std::optional<int> points = std::nullopt,
                           const std::string& request_id = "", mv1::Rating* out = nullptr) {
    mv1::CreateRatingRequest request;
    request.mutable_rating()->set_subject(subject);
    request.mutable_rating()->set_year(year);
    request.mutable_rating()->set_grade(grade);
    if (points) request.mutable_rating()->set_points(*points);
    request.set_request_id(request_id);
    mv1::Rating ignored;
    return stub_->CreateRating(Context().get(), request, out ? out : &ignored);
  }

  static int RatingCount(int year) {
    mv1::ListRatingsRequest request;
    request.set_organization(khoi_);
    request.set_year(year);
    request.set_page_size(3);
    int count = 0;
    do {
      mv1::ListRatingsResponse page;
      grpc::Status s = stub_->ListRatings(Context().get(), request, &page);
      EXPECT_TRUE(s.ok()) << s.error_message();
      count += page.ratings_size();
      request.set_page_token(page.next_page_token());
    } while (!request.page_token().empty());
    return count;
  }

  static int RecordedEvents() {
    return Postgres::Get()
        .Admin(
            "SELECT count(*) FROM membership.outbox WHERE event_type = "
            "'partywork.membership.v1.RatingRecorded'")[0][0]
        .as<int>();
  }
};

TEST_F(RatingsTest, ExcellentShareCapOfTheBaseOrganization) {
  std::vector<std::string> members;
  for (int i = 0; i < 7; ++i) {
    members.push_back(Official(absl::StrCat("Đảng viên Số ", i + 1), cells_[i % 2]));
  }
  // No one rated good yet: even one excellent is over 20 % of none.
  grpc::Status s = Rate(members[0], 2024, mv1::RATING_GRADE_EXCELLENT);
  EXPECT_EQ(errors::Reason(s), "EXCELLENT_SHARE_OVER_CAP") << s.error_message();
  for (int i = 0; i < 5; ++i) {
    ASSERT_TRUE(Rate(members[i], 2024, mv1::RATING_GRADE_GOOD).ok());
  }
  mv1::Rating excellent;
  s = Rate(members[5], 2024, mv1::RATING_GRADE_EXCELLENT, std::nullopt, "rate-6-2024", &excellent);
  ASSERT_TRUE(s.ok()) << s.error_message();  // 1 of 5: exactly 20 %
  EXPECT_EQ(excellent.base_organization(), committee_);
  EXPECT_EQ(excellent.organization(), cells_[1]);
  const int events = RecordedEvents();
  s = Rate(members[6], 2024, mv1::RATING_GRADE_EXCELLENT);
  EXPECT_EQ(errors::Reason(s), "EXCELLENT_SHARE_OVER_CAP") << s.error_message();
  EXPECT_EQ(RatingCount(2024), 6);
  EXPECT_EQ(RecordedEvents(), events);

  // The retry returns the first answer; a second rating of the year is refused.
  mv1::Rating again;
  ASSERT_TRUE(
      Rate(members[5], 2024, mv1::RATING_GRADE_EXCELLENT, std::nullopt, "rate-6-2024", &again)
          .ok());
  EXPECT_EQ(again.name(), excellent.name());
  EXPECT_EQ(Rate(members[5], 2024, mv1::RATING_GRADE_GOOD).error_code(),
            grpc::StatusCode::ALREADY_EXISTS);
  EXPECT_EQ(RatingCount(2024), 6);
  EXPECT_EQ(RecordedEvents(), events);

  // Organizations are rated too.
  EXPECT_TRUE(Rate(cells_[0], 2024, mv1::RATING_GRADE_GOOD).ok());
  EXPECT_EQ(RatingCount(2024), 7);
}

TEST_F(RatingsTest, OnlyMembersOfTheYearNotExempt) {
  const std::string exempt = Official("Hồ Văn Miễn", cells_[2]);
  ASSERT_TRUE(
      RecordEvent(exempt, Event(mv1::MEMBER_EVENT_KIND_EXEMPTED, absl::CivilDay(2023, 3, 1))).ok());
  grpc::Status s = Rate(exempt, 2023, mv1::RATING_GRADE_COMPLETED);
  EXPECT_EQ(errors::Reason(s), "RATED_WHILE_EXEMPT") << s.error_message();
  EXPECT_TRUE(Rate(exempt, 2022, mv1::RATING_GRADE_COMPLETED).ok());

  const std::string newcomer = Register("Đinh Thị Mới", cells_[2], absl::CivilDay(2023, 1, 1),
                                        absl::CivilDay(2015, 2, 3), absl::CivilDay(2016, 2, 3));
  s = Rate(newcomer, 2022, mv1::RATING_GRADE_GOOD);
  EXPECT_EQ(errors::Reason(s), "NOT_A_MEMBER_THAT_YEAR") << s.error_message();
  EXPECT_TRUE(Rate(newcomer, 2023, mv1::RATING_GRADE_COMPLETED).ok());

  // From 2025 the grade follows from the points.
  mv1::Rating scored;
  s = Rate(newcomer, 2025, mv1::RATING_GRADE_UNSPECIFIED, 70, "", &scored);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(scored.grade(), mv1::RATING_GRADE_GOOD);
  s = Rate(exempt, 2025, mv1::RATING_GRADE_GOOD);
  EXPECT_EQ(errors::Reason(s), "RATING_POINTS_REQUIRED") << s.error_message();
  s = Rate(newcomer, 2024, mv1::RATING_GRADE_GOOD, 80);
  EXPECT_EQ(errors::Reason(s), "RATING_POINTS_NOT_IN_FORCE") << s.error_message();
}

TEST_F(RatingsTest, NewMembersOfLessThanSixMonthsAreNotGraded) {
  const std::string june = Register("Phan Văn Sáu", cells_[2], absl::CivilDay(2024, 6, 30),
                                    absl::CivilDay(2024, 6, 30), absl::CivilDay(2025, 6, 30));
  const std::string july = Register("Phan Thị Bảy", cells_[2], absl::CivilDay(2024, 7, 1),
                                    absl::CivilDay(2024, 7, 1), absl::CivilDay(2025, 7, 1));
  EXPECT_TRUE(Rate(june, 2024, mv1::RATING_GRADE_COMPLETED).ok());
  grpc::Status s = Rate(july, 2024, mv1::RATING_GRADE_COMPLETED);
  EXPECT_EQ(errors::Reason(s), "NEW_MEMBER_NOT_GRADED") << s.error_message();
  EXPECT_NE(s.error_message().find("2024-07-01"), std::string::npos) << s.error_message();
}

TEST_F(RatingsTest, ExcellentShareCapOfTheOrganizationsUnderOneCommittee) {
  std::vector<std::string> cells = cells_;
  for (const char* name : {"Chi bộ Phòng Kế toán", "Chi bộ Văn phòng", "Chi bộ Phòng Pháp chế"}) {
    cells.push_back(Create(name, mv1::ORGANIZATION_KIND_SUBORDINATE_CELL,
                           mv1::ORGANIZATION_TYPE_UNSPECIFIED, committee_,
                           absl::CivilDay(2000, 1, 1)));
  }
  grpc::Status s = Rate(cells[0], 2022, mv1::RATING_GRADE_EXCELLENT);
  EXPECT_EQ(errors::Reason(s), "EXCELLENT_SHARE_OVER_CAP") << s.error_message();
  for (int i = 1; i <= 5; ++i) ASSERT_TRUE(Rate(cells[i], 2022, mv1::RATING_GRADE_GOOD).ok());
  s = Rate(cells[0], 2022, mv1::RATING_GRADE_EXCELLENT);
  EXPECT_TRUE(s.ok()) << s.error_message();  // 1 of 5 good under the committee
  // The Khối's own base organizations are a group of their own.
  s = Rate(base_cell_, 2022, mv1::RATING_GRADE_EXCELLENT);
  EXPECT_EQ(errors::Reason(s), "EXCELLENT_SHARE_OVER_CAP") << s.error_message();
  EXPECT_TRUE(Rate(committee_, 2022, mv1::RATING_GRADE_GOOD).ok());
}

TEST_F(RatingsTest, TwoConsecutiveYearsNotCompletedAreListed) {
  const std::string twice = Official("Vũ Văn Kém", cells_[0]);
  const std::string once = Official("Mạc Thị Vừa", cells_[0]);
  const std::string apart = Official("Lý Văn Cách", cells_[1]);
  ASSERT_TRUE(Rate(twice, 2020, mv1::RATING_GRADE_NOT_COMPLETED).ok());
  ASSERT_TRUE(Rate(twice, 2021, mv1::RATING_GRADE_NOT_COMPLETED).ok());
  ASSERT_TRUE(Rate(once, 2020, mv1::RATING_GRADE_COMPLETED).ok());
  ASSERT_TRUE(Rate(once, 2021, mv1::RATING_GRADE_NOT_COMPLETED).ok());
  ASSERT_TRUE(Rate(apart, 2020, mv1::RATING_GRADE_NOT_COMPLETED).ok());
  ASSERT_TRUE(Rate(apart, 2022, mv1::RATING_GRADE_NOT_COMPLETED).ok());

  const auto flagged = [](const std::string& organization, int year) {
    mv1::ListRepeatedNotCompletedRequest request;
    request.set_organization(organization);
    request.set_year(year);
    mv1::ListRepeatedNotCompletedResponse response;
    grpc::Status s = stub_->ListRepeatedNotCompleted(Context().get(), request, &response);
    EXPECT_TRUE(s.ok()) << s.error_message();
    EXPECT_EQ(response.consecutive_years(), 2);
    return std::vector<std::string>(response.members().begin(), response.members().end());
  };
  EXPECT_EQ(flagged(khoi_, 2021), std::vector<std::string>{twice});
  EXPECT_EQ(flagged(cells_[0], 2021), std::vector<std::string>{twice});
  EXPECT_TRUE(flagged(cells_[1], 2021).empty());
  EXPECT_TRUE(flagged(khoi_, 2022).empty());
  EXPECT_TRUE(flagged(khoi_, 2020).empty());
}

}  // namespace
}  // namespace partywork::testing
