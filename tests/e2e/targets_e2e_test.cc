// Admission targets through the real membership server: stored and read by
// subtree and period, from both sources, each category within the total,
// changed only with the current etag, retried without a second target.
#include "gtest/gtest.h"
#include "libs/platform/errors.h"
#include "tests/e2e/member_scenario_fixture.h"

PARTYWORK_USE_POSTGRES();

namespace partywork::testing {
namespace {

class TargetsTest : public MemberScenarioTest {
 protected:
  static mv1::AdmissionTarget Target(const std::string& organization, mv1::TargetSource source,
                                     int total, int women) {
    mv1::AdmissionTarget t;
    t.set_organization(organization);
    t.set_source(source);
    *t.mutable_period_start() = ToDate(absl::CivilDay(2020, 10, 1));
    *t.mutable_period_end() = ToDate(absl::CivilDay(2025, 9, 30));
    t.set_document(source == mv1::TARGET_SOURCE_RESOLUTION ? "Nghị quyết Đại hội nhiệm kỳ 2020–2025"
                                                           : "Kế hoạch số 12-KH/TU");
    auto* c = t.add_targets();
    c->set_category(mv1::ADMISSION_CATEGORY_TOTAL);
    c->set_count(total);
    c = t.add_targets();
    c->set_category(mv1::ADMISSION_CATEGORY_WOMEN);
    c->set_count(women);
    return t;
  }

  static grpc::Status CreateTarget(const mv1::AdmissionTarget& t, mv1::AdmissionTarget* out,
                                   const std::string& request_id = "") {
    mv1::CreateAdmissionTargetRequest request;
    *request.mutable_target() = t;
    request.set_request_id(request_id);
    return stub_->CreateAdmissionTarget(Context().get(), request, out);
  }

  static std::vector<mv1::AdmissionTarget> List(const std::string& organization,
                                                std::optional<absl::CivilDay> on = std::nullopt) {
    mv1::ListAdmissionTargetsRequest request;
    request.set_organization(organization);
    if (on) *request.mutable_in_force_on() = ToDate(*on);
    mv1::ListAdmissionTargetsResponse response;
    grpc::Status s = stub_->ListAdmissionTargets(Context().get(), request, &response);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return {response.targets().begin(), response.targets().end()};
  }
};

TEST_F(TargetsTest, StoredReadAndChangedWithTheEtag) {
  mv1::AdmissionTarget resolution, plan, again;
  ASSERT_TRUE(CreateTarget(Target(committee_, mv1::TARGET_SOURCE_RESOLUTION, 120, 50), &resolution,
                           "target-resolution")
                  .ok());
  ASSERT_TRUE(CreateTarget(Target(committee_, mv1::TARGET_SOURCE_RESOLUTION, 120, 50), &again,
                           "target-resolution")
                  .ok());
  EXPECT_EQ(again.name(), resolution.name());
  EXPECT_EQ(
      CreateTarget(Target(committee_, mv1::TARGET_SOURCE_RESOLUTION, 90, 40), &again).error_code(),
      grpc::StatusCode::ALREADY_EXISTS);
  ASSERT_TRUE(
      CreateTarget(Target(committee_, mv1::TARGET_SOURCE_PROVINCIAL_PLAN, 150, 60), &plan).ok());
  grpc::Status s = CreateTarget(Target(cells_[0], mv1::TARGET_SOURCE_RESOLUTION, 5, 6), &again);
  EXPECT_EQ(errors::Reason(s), "TARGET_CATEGORY_OVER_TOTAL") << s.error_message();
  s = CreateTarget(mv1::AdmissionTarget(), &again);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);

  auto listed = List(khoi_);
  ASSERT_EQ(listed.size(), 2u);
  EXPECT_EQ(listed[0].name(), resolution.name());
  ASSERT_EQ(listed[0].targets_size(), 2);
  EXPECT_EQ(listed[0].targets(0).category(), mv1::ADMISSION_CATEGORY_TOTAL);
  EXPECT_EQ(listed[0].targets(0).count(), 120);
  EXPECT_EQ(listed[1].targets(1).count(), 60);
  EXPECT_EQ(List(khoi_, absl::CivilDay(2025, 9, 30)).size(), 2u);
  EXPECT_TRUE(List(khoi_, absl::CivilDay(2025, 10, 1)).empty());
  EXPECT_TRUE(List(cells_[0]).empty());

  mv1::UpdateAdmissionTargetRequest update;
  *update.mutable_target() = Target(committee_, mv1::TARGET_SOURCE_RESOLUTION, 130, 55);
  update.mutable_target()->set_name(resolution.name());
  update.mutable_target()->set_etag(resolution.etag());
  update.mutable_update_mask()->add_paths("targets");
  mv1::AdmissionTarget updated;
  s = stub_->UpdateAdmissionTarget(Context().get(), update, &updated);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(updated.targets(0).count(), 130);
  EXPECT_NE(updated.etag(), resolution.etag());
  // The etag read before the change is stale now: ABORTED, nothing changes.
  update.mutable_target()->mutable_targets(0)->set_count(200);
  s = stub_->UpdateAdmissionTarget(Context().get(), update, &updated);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::ABORTED) << s.error_message();
  EXPECT_EQ(List(khoi_)[0].targets(0).count(), 130);
  EXPECT_EQ(Postgres::Get()
                .Admin("SELECT count(*) FROM membership.outbox WHERE event_type = "
                       "'partywork.membership.v1.AdmissionTargetChanged'")[0][0]
                .as<int>(),
            3);
}

}  // namespace
}  // namespace partywork::testing
