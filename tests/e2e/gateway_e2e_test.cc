// The gateway: bearer JWTs checked (signature, expiry, not-before, audience,
// issuer, claims) on every kind of method, every client-facing method forwarded with the caller's
// identity signed for the backend, reflection listing the services, streams relayed.
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "gateway/forwarding.h"
#include "gateway/jwt_verifier.h"
#include "grpcpp/create_channel.h"
#include "gtest/gtest.h"
#include "jwt/jwt.hpp"
#include "libs/platform/channel.h"
#include "libs/platform/errors.h"
#include "libs/platform/server.h"
#include "partywork/common/v1/feed.grpc.pb.h"
#include "partywork/membership/v1/membership_service.grpc.pb.h"
#include "tests/e2e/gateway_fixture.h"
#include "tests/harness/postgres.h"
#include "tests/harness/server_process.h"

PARTYWORK_USE_POSTGRES();

namespace partywork::gateway {
namespace {

using ::partywork::gateway::testing::kJwtSecret;
using ::partywork::gateway::testing::MigrateFresh;
using ::partywork::gateway::testing::StartGateway;
using ::partywork::testing::kTestIdentitySecret;
using ::partywork::testing::Postgres;
using ::partywork::testing::RunBinary;
using ::partywork::testing::ServerProcess;
namespace mv1 = ::partywork::membership::v1;

JwtOptions Jwt(std::string secret = kJwtSecret, std::string audience = "partywork",
               std::string issuer = "partywork") {
  return {std::move(secret), "", std::move(issuer), std::move(audience)};
}

// A HS256 token with the test secret, the right issuer and audience, and
// only the claims given (times relative to now).
std::string Craft(const std::map<std::string, std::string>& claims,
                  std::optional<absl::Duration> expires_in,
                  std::optional<absl::Duration> valid_in = std::nullopt) {
  using namespace jwt::params;  // NOLINT: the library's parameter names
  jwt::jwt_object token{algorithm("HS256"), secret(kJwtSecret),
                        payload({{"iss", "partywork"}, {"aud", "partywork"}})};
  for (const auto& [k, v] : claims) token.add_claim(k, v);
  auto now = std::chrono::system_clock::now();
  if (expires_in) token.add_claim("exp", now + absl::ToChronoSeconds(*expires_in));
  if (valid_in) token.add_claim("nbf", now + absl::ToChronoSeconds(*valid_in));
  return token.signature();
}

class GatewayTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    ASSERT_NO_FATAL_FAILURE(MigrateFresh({"membership", "gateway"}));
    membership_ = ServerProcess::Start("membership").release();
    ASSERT_NE(membership_, nullptr);
    gateway_ = StartGateway(membership_->address()).release();
    ASSERT_NE(gateway_, nullptr);
  }
  static void TearDownTestSuite() {
    delete gateway_;
    delete membership_;
  }

  grpc::Status ListVia(const std::string& authorization) {
    auto stub = mv1::MembershipService::NewStub(gateway_->channel());
    grpc::ClientContext context;
    if (!authorization.empty()) context.AddMetadata("authorization", authorization);
    mv1::ListOrganizationsResponse response;
    return stub->ListOrganizations(&context, {}, &response);
  }

  // A mutation, refused by membership for its empty input if it gets there.
  grpc::Status CreateVia(const std::string& authorization) {
    auto stub = mv1::MembershipService::NewStub(gateway_->channel());
    grpc::ClientContext context;
    if (!authorization.empty()) context.AddMetadata("authorization", authorization);
    mv1::Organization response;
    return stub->CreateOrganization(&context, {}, &response);
  }

  static ServerProcess* membership_;
  static ServerProcess* gateway_;
};

ServerProcess* GatewayTest::membership_ = nullptr;
ServerProcess* GatewayTest::gateway_ = nullptr;

TEST_F(GatewayTest, ForwardsWithTheCallersIdentity) {
  std::string token = JwtVerifier::Mint(Jwt(), {"secretary-9", "khoi_office", ""}, absl::Hours(1));
  auto stub = mv1::MembershipService::NewStub(gateway_->channel());
  mv1::CreateOrganizationRequest request;
  request.set_request_id("gateway-1");
  request.mutable_organization()->set_display_name("Đảng bộ Khối");
  request.mutable_organization()->set_kind(mv1::ORGANIZATION_KIND_HIGHER_COMMITTEE);
  request.mutable_organization()->mutable_established_on()->set_year(2019);
  request.mutable_organization()->mutable_established_on()->set_month(1);
  request.mutable_organization()->mutable_established_on()->set_day(1);
  grpc::ClientContext context;
  context.AddMetadata("authorization", "Bearer " + token);
  context.AddMetadata(kRequestIdHeader, "through-the-gateway");
  mv1::Organization created;
  grpc::Status status = stub->CreateOrganization(&context, request, &created);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(created.display_name(), "Đảng bộ Khối");
  // The backend recorded the gateway's caller and request id.
  auto audit = Postgres::Get().Admin(
      "SELECT subject, role, request_id FROM membership.audit_log ORDER BY id DESC LIMIT 1");
  EXPECT_EQ(audit[0][0].as<std::string>(), "secretary-9");
  EXPECT_EQ(audit[0][1].as<std::string>(), "khoi_office");
  EXPECT_EQ(audit[0][2].as<std::string>(), "through-the-gateway");

  // Errors come back with their details.
  grpc::ClientContext bad_context;
  bad_context.AddMetadata("authorization", "Bearer " + token);
  mv1::CreateOrganizationRequest bad;
  grpc::Status invalid = stub->CreateOrganization(&bad_context, bad, &created);
  EXPECT_EQ(invalid.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_FALSE(errors::FieldViolations(invalid).empty());
}

TEST_F(GatewayTest, RefusesMissingExpiredTamperedAndForeignTokens) {
  const Caller caller{"u", "khoi_admin", ""};
  std::string good = JwtVerifier::Mint(Jwt(), caller, absl::Hours(1));
  EXPECT_TRUE(ListVia("Bearer " + good).ok());
  EXPECT_EQ(CreateVia("Bearer " + good).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  const std::map<std::string, std::string> claims = {{"sub", "u"}, {"role", "khoi_admin"}};
  EXPECT_TRUE(ListVia("Bearer " + Craft(claims, absl::Hours(1))).ok());
  struct Case {
    const char* what;
    std::string authorization;
    const char* message;
  } cases[] = {
      {"missing", "", "no bearer token"},
      {"not bearer", "Basic dTpw", "not \"Bearer <JWT>\""},
      {"expired", "Bearer " + JwtVerifier::Mint(Jwt(), caller, -absl::Minutes(5)), "expired"},
      {"other secret", "Bearer " + JwtVerifier::Mint(Jwt("another-secret"), caller, absl::Hours(1)),
       "signature"},
      {"wrong audience",
       "Bearer " + JwtVerifier::Mint(Jwt(kJwtSecret, "someone-else"), caller, absl::Hours(1)),
       "aud"},
      {"wrong issuer",
       "Bearer " +
           JwtVerifier::Mint(Jwt(kJwtSecret, "partywork", "someone-else"), caller, absl::Hours(1)),
       "issuer"},
      {"not yet valid", "Bearer " + Craft(claims, absl::Hours(2), absl::Hours(1)), "not valid yet"},
      {"no expiry", "Bearer " + Craft(claims, std::nullopt), "no expiry"},
      {"no role", "Bearer " + Craft({{"sub", "u"}}, absl::Hours(1)), "role"},
      {"tampered", "Bearer " + good.substr(0, good.size() - 3) + "abc", "signature"},
      {"garbage", "Bearer not.a.jwt", "malformed"},
  };
  // Refused alike by a read and a mutation, before anything reaches membership.
  for (const auto& c : cases) {
    for (grpc::Status status : {ListVia(c.authorization), CreateVia(c.authorization)}) {
      EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAUTHENTICATED) << c.what;
      EXPECT_NE(status.error_message().find(c.message), std::string::npos)
          << c.what << ": " << status.error_message();
    }
  }
}

TEST_F(GatewayTest, IdentityHeadersFromClientsAreNotTrusted) {
  // A client's own identity header does not get it through the gateway …
  auto stub = mv1::MembershipService::NewStub(gateway_->channel());
  grpc::ClientContext context;
  ::partywork::testing::SignAs(&context);
  mv1::ListOrganizationsResponse response;
  EXPECT_EQ(stub->ListOrganizations(&context, {}, &response).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  // … and a forged one sent straight to a service is refused there.
  auto direct = mv1::MembershipService::NewStub(membership_->channel());
  grpc::ClientContext forged;
  forged.AddMetadata(kIdentityHeader, IdentitySigner("guessed").Sign({"x", "khoi_admin", ""}));
  EXPECT_EQ(direct->ListOrganizations(&forged, {}, &response).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
}

TEST_F(GatewayTest, MintTokenCommandMakesAWorkingToken) {
  std::string out;
  ASSERT_EQ(RunBinary("gateway", {"mint-token", "--token-role=khoi_office", "--token-ttl=1h"},
                      {{"PARTYWORK_JWT_HS256_SECRET", kJwtSecret}}, &out),
            0)
      << out;
  while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
  auto caller = JwtVerifier(Jwt()).Verify(out);
  ASSERT_TRUE(caller.ok()) << caller.status();
  EXPECT_EQ(caller->role, "khoi_office");
  EXPECT_TRUE(ListVia("Bearer " + out).ok());
}

TEST(JwtVerifierTest, ARememberedTokenStillExpires) {
  JwtVerifier verifier(Jwt());
  const std::string token = JwtVerifier::Mint(Jwt(), {"u", "khoi_admin", ""}, absl::Seconds(2));
  ASSERT_TRUE(verifier.Verify(token).ok());
  EXPECT_TRUE(verifier.Verify(token).ok());  // from memory
  absl::SleepFor(absl::Seconds(3));
  const auto expired = verifier.Verify(token);
  EXPECT_EQ(expired.status().code(), absl::StatusCode::kUnauthenticated);
  EXPECT_NE(std::string(expired.status().message()).find("expired"), std::string::npos)
      << expired.status();
}

TEST_F(GatewayTest, RefusesToStartWithBadSettings) {
  for (const auto& [flag, message] :
       std::map<std::string, std::string>{{"--membership-timeout=soon", "membership-timeout"},
                                          {"--required-backends=membership,billing", "billing"}}) {
    std::string out;
    EXPECT_EQ(
        RunBinary("gateway", {"serve", flag}, {{"PARTYWORK_JWT_HS256_SECRET", kJwtSecret}}, &out),
        1)
        << flag;
    EXPECT_NE(out.find(message), std::string::npos) << flag << ": " << out;
  }
}

// A server-streaming method relayed message by message, ended by the
// backend's status: the relay of the gateway, over membership's feed.
TEST_F(GatewayTest, RelaysServerStreams) {
  auto* descriptor = google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(
      "partywork.common.v1.EventFeedService");
  ASSERT_NE(descriptor, nullptr);
  ForwardingService relay(
      *descriptor,
      {"membership", NewChannel(membership_->address()), IdentitySigner(kTestIdentitySecret),
       absl::Seconds(10)},
      [](const grpc::CallbackServerContext&, const std::string&, const grpc::ByteBuffer&) {
        Admission admission;
        admission.caller = {"service:test", "service", ""};
        return admission;
      });
  HostOptions options;
  options.service = "relay-test";
  options.listen_host = "127.0.0.1";
  options.metrics_port = -1;
  options.identity_secret = kTestIdentitySecret;
  ServiceHost host(options);
  host.Register(&relay, relay.full_name());
  ASSERT_TRUE(host.Start().ok());

  auto stub = common::v1::EventFeedService::NewStub(grpc::CreateChannel(
      absl::StrCat("127.0.0.1:", host.grpc_port()), grpc::InsecureChannelCredentials()));
  grpc::ClientContext context;
  context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(10)));
  common::v1::StreamEventsRequest request;
  request.set_stop_at_head(true);
  request.set_max_batch_size(1);
  auto reader = stub->StreamEvents(&context, request);
  common::v1::StreamEventsResponse response;
  int64_t last = 0;
  int responses = 0;
  while (reader->Read(&response)) {
    for (const auto& e : response.events()) {
      EXPECT_EQ(e.sequence(), last + 1);
      last = e.sequence();
    }
    ++responses;
  }
  grpc::Status status = reader->Finish();
  EXPECT_TRUE(status.ok()) << status.error_message();
  int outbox = Postgres::Get().Admin("SELECT count(*) FROM membership.outbox")[0][0].as<int>();
  EXPECT_GE(outbox, 1);
  EXPECT_EQ(last, outbox);
  EXPECT_EQ(responses, outbox);  // one event per response, as asked
  host.RequestShutdown();
  host.Wait();
}

}  // namespace
}  // namespace partywork::gateway
