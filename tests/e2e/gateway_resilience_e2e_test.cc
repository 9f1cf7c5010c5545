// The real gateway in front of failing backends. A test backend of this
// binary (a MembershipService on the callback API, on a port of its own)
// records the deadline and attempts each call brings, and fails or restarts
// when told: the caller's deadline reaches it, reads are retried on
// UNAVAILABLE and mutations never, the gateway clears personal data itself,
// each caller is rate-limited, and the gateway's health follows the backend.
// Then the real membership: its reads survive a PostgreSQL outage, and the
// gateway's health follows it.
#include <signal.h>

#include <future>
#include <mutex>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/health_check_service_interface.h"
#include "grpcpp/security/server_credentials.h"
#include "grpcpp/server_builder.h"
#include "gtest/gtest.h"
#include "libs/platform/errors.h"
#include "partywork/common/v1/feed.grpc.pb.h"
#include "partywork/membership/v1/membership_service.grpc.pb.h"
#include "tests/e2e/gateway_fixture.h"
#include "tests/harness/local.h"
#include "tests/harness/postgres.h"
#include "tests/harness/server_process.h"

PARTYWORK_USE_POSTGRES();

namespace partywork::gateway {
namespace {

using ::partywork::gateway::testing::ContextAs;
using ::partywork::gateway::testing::Eventually;
using ::partywork::gateway::testing::MigrateFresh;
using ::partywork::gateway::testing::StartGateway;
using ::partywork::testing::FreePort;
using ::partywork::testing::HealthOf;
using ::partywork::testing::HttpGet;
using ::partywork::testing::kTestIdentitySecret;
using ::partywork::testing::Postgres;
using ::partywork::testing::ServerProcess;
using ::partywork::testing::SignAs;
namespace mv1 = ::partywork::membership::v1;

constexpr char kMembershipHealth[] = "partywork.membership.v1.MembershipService";

// What one call brought to the test backend.
struct Seen {
  absl::Time arrived;
  absl::Time deadline;
  std::string subject;  // from the identity the gateway signed
};

// A membership of the test's own: records every call, answers UNAVAILABLE
// while told to, holds its (empty) feed open, and can stop and start again
// on the same port (each time with new service objects, as gRPC wants).
class TestBackend {
 public:
  TestBackend() : port_(FreePort()) { Start(); }
  ~TestBackend() { Stop(); }

  void Start() {
    membership_ = std::make_unique<Membership>(this);
    feed_ = std::make_unique<Feed>();
    grpc::EnableDefaultHealthCheckService(true);
    grpc::ServerBuilder builder;
    builder.AddListeningPort(address(), grpc::InsecureServerCredentials());
    builder.RegisterService(membership_.get());
    builder.RegisterService(feed_.get());
    server_ = builder.BuildAndStart();
    ASSERT_NE(server_, nullptr);
  }
  void Stop() {
    if (server_) server_->Shutdown(absl::ToChronoTime(absl::Now()));
    server_.reset();
  }
  std::string address() const { return absl::StrCat("127.0.0.1:", port_); }

  // The next `n` calls (-1: all) answer UNAVAILABLE.
  void FailNext(int n) {
    std::lock_guard<std::mutex> lock(mu_);
    unavailable_ = n;
  }
  std::vector<Seen> Calls(const std::string& method) {
    std::lock_guard<std::mutex> lock(mu_);
    return seen_[method];
  }
  void Forget() {
    std::lock_guard<std::mutex> lock(mu_);
    seen_.clear();
    unavailable_ = 0;
  }

 private:
  class Membership : public mv1::MembershipService::CallbackService {
   public:
    explicit Membership(TestBackend* backend) : backend_(backend) {}
    grpc::ServerUnaryReactor* GetOrganization(grpc::CallbackServerContext* context,
                                              const mv1::GetOrganizationRequest* request,
                                              mv1::Organization* response) override {
      response->set_name(request->name());
      return backend_->Answer(context, "GetOrganization");
    }
    grpc::ServerUnaryReactor* CreateOrganization(grpc::CallbackServerContext* context,
                                                 const mv1::CreateOrganizationRequest*,
                                                 mv1::Organization*) override {
      return backend_->Answer(context, "CreateOrganization");
    }
    // Personal data, whoever asks: the gateway must clear it.
    grpc::ServerUnaryReactor* GetMember(grpc::CallbackServerContext* context,
                                        const mv1::GetMemberRequest* request,
                                        mv1::Member* response) override {
      response->set_name(request->name());
      response->set_full_name("Nguyễn Văn An");
      response->set_national_id("012345678901");
      response->set_background("Lý lịch gia đình");
      return backend_->Answer(context, "GetMember");
    }

   private:
    TestBackend* backend_;
  };

  // An empty feed: at its head at once; followed, it stays open.
  class Feed : public common::v1::EventFeedService::CallbackService {
    grpc::ServerWriteReactor<common::v1::StreamEventsResponse>* StreamEvents(
        grpc::CallbackServerContext*, const common::v1::StreamEventsRequest* request) override {
      struct Stream : grpc::ServerWriteReactor<common::v1::StreamEventsResponse> {
        void OnCancel() override { Finish(grpc::Status::CANCELLED); }
        void OnDone() override { delete this; }
      };
      auto* stream = new Stream();
      if (request->stop_at_head()) stream->Finish(grpc::Status::OK);
      return stream;
    }
  };

  grpc::ServerUnaryReactor* Answer(grpc::CallbackServerContext* context,
                                   const std::string& method) {
    Seen seen{absl::Now(), absl::FromChrono(context->deadline()), ""};
    auto identity = context->client_metadata().find(kIdentityHeader);
    if (identity != context->client_metadata().end()) {
      auto caller = IdentitySigner(kTestIdentitySecret)
                        .Verify(std::string(identity->second.data(), identity->second.size()));
      if (caller.ok()) seen.subject = caller->subject;
    }
    bool fail;
    {
      std::lock_guard<std::mutex> lock(mu_);
      seen_[method].push_back(seen);
      fail = unavailable_ != 0;
      if (unavailable_ > 0) --unavailable_;
    }
    auto* reactor = context->DefaultReactor();
    reactor->Finish(fail ? grpc::Status(grpc::StatusCode::UNAVAILABLE, "the test backend is down")
                         : grpc::Status::OK);
    return reactor;
  }

  const int port_;
  std::unique_ptr<Membership> membership_;
  std::unique_ptr<Feed> feed_;
  std::unique_ptr<grpc::Server> server_;
  std::mutex mu_;
  int unavailable_ = 0;                            // guarded by mu_
  std::map<std::string, std::vector<Seen>> seen_;  // guarded by mu_
};

class GatewayInFrontOfATestBackend : public ::testing::Test {
 protected:
  // Their backoffs (at most 200 + 400 + 800 ms) fit in membership-timeout.
  static constexpr int kAttempts = 4;
  static constexpr int kPerSecond = 5;

  static void SetUpTestSuite() {
    ASSERT_NO_FATAL_FAILURE(MigrateFresh({"gateway"}));
    backend_ = new TestBackend();
    gateway_ = StartGateway(backend_->address(),
                            {{"PARTYWORK_MEMBERSHIP_TIMEOUT", "2s"},
                             {"PARTYWORK_BACKEND_RETRY_ATTEMPTS", absl::StrCat(kAttempts)},
                             {"PARTYWORK_BACKEND_RETRY_BACKOFF", "200ms"},
                             {"PARTYWORK_BACKEND_HEALTH_INTERVAL", "200ms"},
                             {"PARTYWORK_RATE_LIMIT_PER_SECOND", absl::StrCat(kPerSecond)},
                             {"PARTYWORK_RATE_LIMIT_BURST", absl::StrCat(kPerSecond)}})
                   .release();
    ASSERT_NE(gateway_, nullptr);
    stub_ = mv1::MembershipService::NewStub(gateway_->channel()).release();
  }
  static void TearDownTestSuite() {
    delete stub_;
    // A clean exit: its threads stopped, nothing leaked (under the sanitizers).
    EXPECT_EQ(gateway_->Terminate(), 0) << gateway_->Log();
    delete gateway_;
    delete backend_;
  }
  void SetUp() override { backend_->Forget(); }

  static grpc::Status Get(const std::string& subject, absl::Duration deadline = absl::Seconds(10)) {
    mv1::GetOrganizationRequest request;
    request.set_name("organizations/1");
    mv1::Organization response;
    return stub_->GetOrganization(ContextAs({subject, "khoi_admin", ""}, deadline).get(), request,
                                  &response);
  }

  static inline TestBackend* backend_ = nullptr;
  static inline ServerProcess* gateway_ = nullptr;
  static inline mv1::MembershipService::Stub* stub_ = nullptr;
};

TEST_F(GatewayInFrontOfATestBackend, TheCallersDeadlineReachesTheBackend) {
  const absl::Time deadline = absl::Now() + absl::Milliseconds(200);
  mv1::GetOrganizationRequest request;
  auto context = ContextAs({"deadline", "khoi_admin", ""}, absl::InfiniteDuration());
  context->set_deadline(absl::ToChronoTime(deadline));
  mv1::Organization response;
  ASSERT_TRUE(stub_->GetOrganization(context.get(), request, &response).ok());
  auto seen = backend_->Calls("GetOrganization");
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].subject, "deadline");
  // gRPC sends the time left, not the instant: rounded up to its unit (1 ms
  // under a second) on each of the two hops.
  EXPECT_LE(seen[0].deadline - seen[0].arrived, absl::Milliseconds(202));
  EXPECT_GT(seen[0].deadline - seen[0].arrived, absl::Milliseconds(100));

  // A caller without a deadline, or a longer one, gets membership-timeout (2 s;
  // 10 ms units on the wire).
  for (absl::Duration asked : {absl::InfiniteDuration(), absl::Minutes(1)}) {
    backend_->Forget();
    ASSERT_TRUE(stub_
                    ->GetOrganization(ContextAs({"patient", "khoi_admin", ""}, asked).get(),
                                      request, &response)
                    .ok());
    seen = backend_->Calls("GetOrganization");
    ASSERT_EQ(seen.size(), 1u);
    EXPECT_LE(seen[0].deadline - seen[0].arrived, absl::Milliseconds(2010)) << asked;
    EXPECT_GT(seen[0].deadline - seen[0].arrived, absl::Seconds(1)) << asked;
  }
}

TEST_F(GatewayInFrontOfATestBackend, ReadsAreRetriedOnUnavailableMutationsNever) {
  backend_->FailNext(2);
  ASSERT_TRUE(Get("retried").ok());
  auto seen = backend_->Calls("GetOrganization");
  ASSERT_EQ(seen.size(), 3u);
  // Backoff: 200 ms (jittered down to half), then 400 ms.
  EXPECT_GE(seen[1].arrived - seen[0].arrived, absl::Milliseconds(100));
  EXPECT_GE(seen[2].arrived - seen[1].arrived, absl::Milliseconds(200));

  // At most backend-retry-attempts in all.
  backend_->Forget();
  backend_->FailNext(-1);
  EXPECT_EQ(Get("unlucky").error_code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_EQ(backend_->Calls("GetOrganization").size(), static_cast<size_t>(kAttempts));

  // Only while the caller's deadline leaves room: the third attempt would
  // come after 100-200 ms + 200-400 ms, past 300 ms.
  backend_->Forget();
  backend_->FailNext(-1);
  EXPECT_EQ(Get("hurried", absl::Milliseconds(300)).error_code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_EQ(backend_->Calls("GetOrganization").size(), 2u);

  // A mutation is tried once: its client retries it with the same request id.
  backend_->Forget();
  backend_->FailNext(-1);
  mv1::Organization created;
  EXPECT_EQ(
      stub_
          ->CreateOrganization(ContextAs({"writer", "khoi_admin", ""}, absl::Seconds(10)).get(),
                               mv1::CreateOrganizationRequest(), &created)
          .error_code(),
      grpc::StatusCode::UNAVAILABLE);
  EXPECT_EQ(backend_->Calls("CreateOrganization").size(), 1u);
}

TEST_F(GatewayInFrontOfATestBackend, HealthFollowsTheBackendAndReadsSurviveItsRestart) {
  EXPECT_EQ(HealthOf(gateway_->channel()), "SERVING");
  EXPECT_EQ(HealthOf(gateway_->channel(), kMembershipHealth), "SERVING");
  backend_->Stop();
  EXPECT_TRUE(Eventually([] { return HealthOf(gateway_->channel()) == "NOT_SERVING"; }));
  EXPECT_EQ(HealthOf(gateway_->channel(), kMembershipHealth), "NOT_SERVING");

  // A read sent while the backend is down is answered once it is back.
  auto read = std::async(std::launch::async, [] { return Get("patient-reader"); });
  absl::SleepFor(absl::Milliseconds(300));
  backend_->Start();
  grpc::Status status = read.get();
  EXPECT_TRUE(status.ok()) << status.error_message();
  EXPECT_GE(backend_->Calls("GetOrganization").size(), 1u);
  EXPECT_TRUE(Eventually([] { return HealthOf(gateway_->channel()) == "SERVING"; }));
  EXPECT_EQ(HealthOf(gateway_->channel(), kMembershipHealth), "SERVING");
}

TEST_F(GatewayInFrontOfATestBackend, TheGatewayClearsPersonalDataItself) {
  for (const char* role : {"khoi_admin", "base_secretary", "read_only", "cell_secretary"}) {
    mv1::GetMemberRequest request;
    request.set_name("members/1");
    mv1::Member member;
    grpc::Status status = stub_->GetMember(
        ContextAs({absl::StrCat("personal-", role), role, ""}, absl::Seconds(10)).get(), request,
        &member);
    ASSERT_TRUE(status.ok()) << role << ": " << status.error_message();
    const bool entitled =
        std::string(role) == "khoi_admin" || std::string(role) == "base_secretary";
    EXPECT_EQ(member.full_name(), "Nguyễn Văn An") << role;
    EXPECT_EQ(member.national_id().empty(), !entitled) << role;
    EXPECT_EQ(member.background().empty(), !entitled) << role;
  }
}

TEST_F(GatewayInFrontOfATestBackend, EachCallerIsRateLimited) {
  for (int i = 0; i < kPerSecond; ++i) ASSERT_TRUE(Get("eager").ok()) << i;
  grpc::Status limited = Get("eager");
  EXPECT_EQ(limited.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_EQ(errors::Reason(limited), "RATE_LIMITED");
  auto delay = errors::RetryDelay(limited);
  ASSERT_TRUE(delay.has_value()) << "no RetryInfo";
  EXPECT_GT(*delay, absl::ZeroDuration());
  EXPECT_LE(*delay, absl::Seconds(1) / kPerSecond);
  EXPECT_EQ(backend_->Calls("GetOrganization").size(), static_cast<size_t>(kPerSecond));
  EXPECT_TRUE(Get("patient").ok());  // another caller is not affected
  absl::SleepFor(*delay);
  EXPECT_TRUE(Get("eager").ok());
}

// The real membership and PostgreSQL behind the gateway.
class GatewayInFrontOfMembership : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    ASSERT_NO_FATAL_FAILURE(MigrateFresh({"membership", "gateway"}));
    membership_ = ServerProcess::Start("membership").release();
    ASSERT_NE(membership_, nullptr);
    gateway_ =
        StartGateway(membership_->address(), {{"PARTYWORK_BACKEND_RETRY_ATTEMPTS", "6"},
                                              {"PARTYWORK_BACKEND_RETRY_BACKOFF", "500ms"},
                                              {"PARTYWORK_BACKEND_HEALTH_INTERVAL", "200ms"}})
            .release();
    ASSERT_NE(gateway_, nullptr);
  }
  static void TearDownTestSuite() {
    EXPECT_EQ(gateway_->Terminate(), 0) << gateway_->Log();
    delete gateway_;
    delete membership_;
  }

  static inline ServerProcess* membership_ = nullptr;
  static inline ServerProcess* gateway_ = nullptr;
};

TEST_F(GatewayInFrontOfMembership, HealthFollowsTheRequiredBackendsOnly) {
  EXPECT_EQ(HealthOf(gateway_->channel()), "SERVING");
  // Reporting is not running, and not required: only its own name says so.
  EXPECT_EQ(HealthOf(gateway_->channel(), "partywork.reporting.v1.ReportingService"),
            "NOT_SERVING");
  // Membership stops answering (its process frozen), then answers again.
  ASSERT_EQ(kill(membership_->pid(), SIGSTOP), 0);
  EXPECT_TRUE(Eventually([] { return HealthOf(gateway_->channel()) == "NOT_SERVING"; }));
  EXPECT_EQ(HealthOf(gateway_->channel(), kMembershipHealth), "NOT_SERVING");
  ASSERT_EQ(kill(membership_->pid(), SIGCONT), 0);
  EXPECT_TRUE(Eventually([] { return HealthOf(gateway_->channel()) == "SERVING"; }));
  EXPECT_EQ(HealthOf(gateway_->channel(), kMembershipHealth), "SERVING");
}

TEST_F(GatewayInFrontOfMembership, ReadsAreRetriedThroughAPostgresOutage) {
  mv1::CreateOrganizationRequest create;
  create.mutable_organization()->set_display_name("Đảng bộ Khối");
  create.mutable_organization()->set_kind(mv1::ORGANIZATION_KIND_HIGHER_COMMITTEE);
  create.mutable_organization()->mutable_established_on()->set_year(2000);
  create.mutable_organization()->mutable_established_on()->set_month(1);
  create.mutable_organization()->mutable_established_on()->set_day(1);
  mv1::Organization khoi;
  {
    grpc::ClientContext context;
    SignAs(&context);
    ASSERT_TRUE(mv1::MembershipService::NewStub(membership_->channel())
                    ->CreateOrganization(&context, create, &khoi)
                    .ok());
  }
  Postgres::Get().Stop();
  // Membership answers UNAVAILABLE until PostgreSQL is back, moments later.
  auto restart = std::async(std::launch::async, [] {
    absl::SleepFor(absl::Milliseconds(200));
    Postgres::Get().Start();
  });
  mv1::GetOrganizationRequest request;
  request.set_name(khoi.name());
  mv1::Organization read;
  grpc::Status status =
      mv1::MembershipService::NewStub(gateway_->channel())
          ->GetOrganization(ContextAs({"reader", "read_only", ""}, absl::Seconds(20)).get(),
                            request, &read);
  restart.get();
  EXPECT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(read.display_name(), "Đảng bộ Khối");
  const std::string metrics = HttpGet(gateway_->metrics_port(), "/metrics");
  EXPECT_NE(metrics.find("partywork_gateway_backend_retries_total{backend=\"membership\"}"),
            std::string::npos)
      << "the read was not retried";
}

}  // namespace
}  // namespace partywork::gateway
