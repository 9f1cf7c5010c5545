// Annual ratings through the real membership server: the excellent-share
// cap of a base organization (one over refused, nothing stored), members
// not rated while exempt, outside the year or admitted less than 6 months
// before, the cap of the organizations under one committee, the 100-point
// scale from 2025, two consecutive "not completed" years listed, retries by
// request id; a member's ratings and a subtree's latest rated year by grade.
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

// A Khối of its own: a committee with cells A and B. The first member of A
// is rated 2021–2023, the second 2022 only; the member of B 2023; cell A
// 2022 and the committee itself 2023.
TEST_F(RatingsTest, AMembersRatingsAndTheLatestYearOfASubtreeByGrade) {
  const absl::CivilDay founded(2000, 1, 1);
  const std::string khoi =
      Create("Đảng bộ Khối Doanh nghiệp", mv1::ORGANIZATION_KIND_HIGHER_COMMITTEE,
             mv1::ORGANIZATION_TYPE_UNSPECIFIED, "", founded);
  const std::string committee =
      Create("Đảng bộ Công ty Cấp nước", mv1::ORGANIZATION_KIND_BASE_COMMITTEE,
             mv1::ORGANIZATION_TYPE_ADMINISTRATIVE_AGENCY, khoi, founded);
  const std::string cell_a =
      Create("Chi bộ Phòng Kỹ thuật", mv1::ORGANIZATION_KIND_SUBORDINATE_CELL,
             mv1::ORGANIZATION_TYPE_UNSPECIFIED, committee, founded);
  const std::string cell_b =
      Create("Chi bộ Phòng Kinh doanh", mv1::ORGANIZATION_KIND_SUBORDINATE_CELL,
             mv1::ORGANIZATION_TYPE_UNSPECIFIED, committee, founded);
  const std::string first = Official("Trịnh Văn Nhất", cell_a);
  const std::string second = Official("Trịnh Văn Nhì", cell_a);
  const std::string third = Official("Trịnh Văn Ba", cell_b);
  ASSERT_TRUE(Rate(first, 2023, mv1::RATING_GRADE_GOOD).ok());
  ASSERT_TRUE(Rate(first, 2021, mv1::RATING_GRADE_COMPLETED).ok());
  ASSERT_TRUE(Rate(first, 2022, mv1::RATING_GRADE_GOOD).ok());
  ASSERT_TRUE(Rate(second, 2022, mv1::RATING_GRADE_NOT_COMPLETED).ok());
  ASSERT_TRUE(Rate(third, 2023, mv1::RATING_GRADE_COMPLETED).ok());
  ASSERT_TRUE(Rate(cell_a, 2022, mv1::RATING_GRADE_GOOD).ok());
  ASSERT_TRUE(Rate(committee, 2023, mv1::RATING_GRADE_GOOD).ok());

  // The member's ratings, oldest first, each with the cell of its year.
  auto caller = [](const std::string& scope) {
    auto context = std::make_unique<grpc::ClientContext>();
    SignAs(context.get(), {"ratings-secretary", "base_secretary", scope});
    return context;
  };
  mv1::ListMemberRatingsRequest of_member;
  of_member.set_parent(first);
  mv1::ListMemberRatingsResponse rated;
  ASSERT_TRUE(stub_->ListMemberRatings(caller(committee).get(), of_member, &rated).ok());
  ASSERT_EQ(rated.ratings_size(), 3);
  for (int k = 0; k < 3; ++k) {
    EXPECT_EQ(rated.ratings(k).year(), 2021 + k);
    EXPECT_EQ(rated.ratings(k).subject(), first);
    EXPECT_EQ(rated.ratings(k).organization(), cell_a);
  }
  EXPECT_EQ(rated.ratings(0).grade(), mv1::RATING_GRADE_COMPLETED);
  EXPECT_EQ(rated.ratings(2).grade(), mv1::RATING_GRADE_GOOD);
  // Another base organization's secretary may not read them.
  grpc::Status s = stub_->ListMemberRatings(caller(committee_).get(), of_member, &rated);
  EXPECT_EQ(errors::Reason(s), "OUT_OF_SCOPE") << s.error_message();
  of_member.set_parent("members/999999");
  EXPECT_EQ(stub_->ListMemberRatings(Context().get(), of_member, &rated).error_code(),
            grpc::StatusCode::NOT_FOUND);
  of_member.set_parent(cell_a);
  EXPECT_EQ(stub_->ListMemberRatings(Context().get(), of_member, &rated).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);

  const auto summary = [](const std::string& organization, absl::CivilDay as_of,
                          std::unique_ptr<grpc::ClientContext> context = Context()) {
    mv1::SummarizeRatingsRequest request;
    request.set_organization(organization);
    *request.mutable_as_of() = ToDate(as_of);
    mv1::RatingSummary response;
    grpc::Status s = stub_->SummarizeRatings(context.get(), request, &response);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return response;
  };
  // Mid-2024: 2023 is the latest year rated; the committee's own rating counts.
  mv1::RatingSummary latest = summary(committee, absl::CivilDay(2024, 6, 30));
  EXPECT_EQ(latest.organization(), committee);
  EXPECT_EQ(latest.year(), 2023);
  EXPECT_EQ(latest.members().good(), 1);
  EXPECT_EQ(latest.members().completed(), 1);
  EXPECT_EQ(latest.members().not_completed(), 0);
  EXPECT_EQ(latest.organizations().good(), 1);
  // Up to 2022: that year's.
  mv1::RatingSummary earlier = summary(committee, absl::CivilDay(2022, 12, 31));
  EXPECT_EQ(earlier.year(), 2022);
  EXPECT_EQ(earlier.members().good(), 1);
  EXPECT_EQ(earlier.members().not_completed(), 1);
  EXPECT_EQ(earlier.organizations().good(), 1);
  // Cell B was first rated in 2023; the Khối's other subtrees do not count.
  EXPECT_EQ(summary(cell_b, absl::CivilDay(2024, 1, 1)).members().completed(), 1);
  mv1::RatingSummary none = summary(cell_b, absl::CivilDay(2022, 12, 31));
  EXPECT_EQ(none.year(), 0);
  EXPECT_EQ(none.members().good() + none.members().completed(), 0);
  // A scoped caller naming nothing gets its own subtree's.
  EXPECT_EQ(summary("", absl::CivilDay(2024, 6, 30), caller(cell_a)).organization(), cell_a);
  EXPECT_EQ(summary("", absl::CivilDay(2024, 6, 30), caller(cell_a)).members().good(), 1);
  mv1::SummarizeRatingsRequest outside;
  outside.set_organization(khoi_);
  mv1::RatingSummary refused;
  s = stub_->SummarizeRatings(caller(committee).get(), outside, &refused);
  EXPECT_EQ(errors::Reason(s), "OUT_OF_SCOPE") << s.error_message();
}

}  // namespace
}  // namespace partywork::testing
