// Reading one's own write through the gateway, with the real gateway,
// membership and reporting: a mutation asked for its feed position returns
// it in the trailing metadata, and a report asked to wait for that position
// counts the write; without the header nothing is added.
#include "gtest/gtest.h"
#include "libs/platform/errors.h"
#include "libs/platform/identity.h"
#include "partywork/reporting/v1/reporting_service.grpc.pb.h"
#include "tests/e2e/gateway_fixture.h"
#include "tests/e2e/membership_fixture.h"

PARTYWORK_USE_POSTGRES();

namespace partywork::gateway {
namespace {

using ::partywork::gateway::testing::ContextAs;
using ::partywork::gateway::testing::Eventually;
using ::partywork::gateway::testing::MigrateFresh;
using ::partywork::gateway::testing::Nowhere;
using ::partywork::gateway::testing::StartGateway;
using ::partywork::testing::HealthOf;
using ::partywork::testing::ServerProcess;
namespace mv1 = ::partywork::membership::v1;
namespace rv1 = ::partywork::reporting::v1;

const Caller kAdmin{"read-your-writes", "khoi_admin", ""};

class ReadYourWritesTest : public ::partywork::testing::MembershipTest {
 protected:
  static void SetUpTestSuite() {
    MembershipTest::SetUpTestSuite();
    ASSERT_NO_FATAL_FAILURE(MigrateFresh({"gateway", "reporting"}));
    const absl::CivilDay founded(2015, 1, 1);
    khoi_ = Create("Đảng bộ Khối các cơ quan tỉnh", mv1::ORGANIZATION_KIND_HIGHER_COMMITTEE,
                   mv1::ORGANIZATION_TYPE_UNSPECIFIED, "", founded);
    cell_ = Create("Chi bộ Văn phòng", mv1::ORGANIZATION_KIND_BASE_CELL,
                   mv1::ORGANIZATION_TYPE_ADMINISTRATIVE_AGENCY, khoi_, founded);
    reporting_ =
        ServerProcess::Start("reporting", {{"PARTYWORK_MEMBERSHIP_ADDRESS", server_->address()},
                                           {"PARTYWORK_INSPECTION_ADDRESS", Nowhere()}})
            .release();
    ASSERT_NE(reporting_, nullptr);
    gateway_ =
        StartGateway(server_->address(), {{"PARTYWORK_REPORTING_ADDRESS", reporting_->address()}})
            .release();
    ASSERT_NE(gateway_, nullptr);
    ASSERT_TRUE(Eventually([] { return HealthOf(gateway_->channel(), "") == "SERVING"; }));
  }
  static void TearDownTestSuite() {
    delete gateway_;
    delete reporting_;
    MembershipTest::TearDownTestSuite();
  }

  static mv1::CreateMemberRequest NewMember(const std::string& full_name) {
    mv1::CreateMemberRequest request;
    mv1::Member* m = request.mutable_member();
    m->set_full_name(full_name);
    m->set_gender(mv1::GENDER_FEMALE);
    *m->mutable_birth_date() = ToDate(absl::CivilDay(1988, 9, 2));
    m->set_ethnicity("Kinh");
    *m->mutable_admitted_on() = ToDate(absl::CivilDay(2012, 3, 1));
    *m->mutable_official_on() = ToDate(absl::CivilDay(2013, 3, 1));
    mv1::MemberEvent* first = request.mutable_first_event();
    first->set_kind(mv1::MEMBER_EVENT_KIND_REGISTERED);
    first->set_initial_status(mv1::MEMBER_STATUS_OFFICIAL);
    first->set_organization(cell_);
    *first->mutable_effective_on() = ToDate(absl::CivilDay(2020, 1, 1));
    return request;
  }

  // The trailer's "membership=<n>", or "" when there is none.
  static std::string PositionOf(const grpc::ClientContext& context) {
    const auto& trailers = context.GetServerTrailingMetadata();
    auto found = trailers.find(kFeedPositionHeader);
    return found == trailers.end() ? "" : std::string(found->second.data(), found->second.size());
  }

  static grpc::Status Report(int64_t min_sequence, absl::Duration wait,
                             rv1::MembershipReport* out) {
    rv1::GetMembershipReportRequest request;
    request.set_root(khoi_);
    auto* position = request.mutable_freshness()->add_min_positions();
    position->set_feed("membership");
    position->set_applied_sequence(min_sequence);
    request.mutable_freshness()->mutable_max_wait()->set_seconds(
        absl::ToInt64Seconds(absl::Trunc(wait, absl::Seconds(1))));
    request.mutable_freshness()->mutable_max_wait()->set_nanos(
        static_cast<int32_t>(absl::ToInt64Nanoseconds(wait % absl::Seconds(1))));
    auto reports = rv1::ReportingService::NewStub(gateway_->channel());
    return reports->GetMembershipReport(ContextAs(kAdmin).get(), request, out);
  }

  static inline ServerProcess* reporting_ = nullptr;
  static inline ServerProcess* gateway_ = nullptr;
  static inline std::string khoi_, cell_;
};

TEST_F(ReadYourWritesTest, TheWritesPositionComesBackAndTheReportWaitsForIt) {
  auto members = mv1::MembershipService::NewStub(gateway_->channel());
  // Not asked: no position.
  auto plain = ContextAs(kAdmin);
  mv1::Member created;
  ASSERT_TRUE(members->CreateMember(plain.get(), NewMember("Lê Thị Hằng"), &created).ok());
  EXPECT_EQ(PositionOf(*plain), "");

  auto asked = ContextAs(kAdmin);
  asked->AddMetadata(kFeedPositionHeader, "1");
  ASSERT_TRUE(members->CreateMember(asked.get(), NewMember("Phạm Thị Hương"), &created).ok());
  const std::string position = PositionOf(*asked);
  ASSERT_EQ(position.rfind("membership=", 0), 0u) << position;
  const int64_t sequence = std::stoll(position.substr(sizeof("membership")));
  // At least the two organizations and the two members were published.
  EXPECT_GE(sequence, 4);

  // The report waits for the write and counts both members.
  rv1::MembershipReport report;
  grpc::Status s = Report(sequence, absl::Seconds(10), &report);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(report.figures().total(), 2);
  ASSERT_EQ(report.reflects_size(), 1);
  EXPECT_GE(report.reflects(0).applied_sequence(), sequence);
  // A position not written yet is not reached: UNAVAILABLE, NOT_CAUGHT_UP.
  s = Report(sequence + 100, absl::Milliseconds(300), &report);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::UNAVAILABLE) << s.error_message();
  EXPECT_EQ(errors::Reason(s), "NOT_CAUGHT_UP");
}

}  // namespace
}  // namespace partywork::gateway
