// The four binaries on the platform: migrate, serve health and reflection,
// refuse unverified callers, commit a retried mutation once, survive a
// PostgreSQL outage, feed reporting, expose metrics, and stop cleanly.
#include <signal.h>

#include <thread>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "google/protobuf/unknown_field_set.h"
#include "grpcpp/generic/generic_stub.h"
#include "gtest/gtest.h"
#include "libs/platform/errors.h"
#include "libs/platform/resource.h"
#include "partywork/common/v1/feed.grpc.pb.h"
#include "partywork/membership/v1/membership_service.grpc.pb.h"
#include "partywork/reporting/v1/reporting_service.grpc.pb.h"
#include "tests/harness/postgres.h"
#include "tests/harness/server_process.h"

PARTYWORK_USE_POSTGRES();

namespace partywork {
namespace {

using ::partywork::testing::HealthOf;
using ::partywork::testing::HttpGet;
using ::partywork::testing::Postgres;
using ::partywork::testing::RunBinary;
using ::partywork::testing::ServerProcess;
using ::partywork::testing::SignAs;
namespace mv1 = ::partywork::membership::v1;

const char* const kServices[] = {"membership", "inspection", "reporting", "gateway"};

void Migrate(const std::string& service) {
  std::string out;
  ASSERT_EQ(RunBinary(service, {"migrate"}, {}, &out), 0) << out;
}

void Fresh(const std::string& service) {
  Postgres::Get().ResetSchema(service);
  Migrate(service);
}

// The service names a server lists through reflection
// (grpc.reflection.v1alpha, decoded from the wire format).
std::vector<std::string> ReflectedServices(const std::shared_ptr<grpc::Channel>& channel) {
  grpc::GenericStub stub(channel);
  grpc::ClientContext context;
  context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(5)));
  grpc::CompletionQueue cq;
  auto call = stub.PrepareCall(&context,
                               "/grpc.reflection.v1alpha.ServerReflection/"
                               "ServerReflectionInfo",
                               &cq);
  void* tag;
  bool ok;
  call->StartCall(reinterpret_cast<void*>(1));
  cq.Next(&tag, &ok);
  // ServerReflectionRequest { list_services = 7: "*" }
  std::string request = std::string("\x3a\x01*", 3);
  grpc::Slice slice(request);
  grpc::ByteBuffer out(&slice, 1);
  call->Write(out, reinterpret_cast<void*>(2));
  cq.Next(&tag, &ok);
  call->WritesDone(reinterpret_cast<void*>(3));
  cq.Next(&tag, &ok);
  grpc::ByteBuffer in;
  call->Read(&in, reinterpret_cast<void*>(4));
  std::vector<std::string> names;
  if (cq.Next(&tag, &ok) && ok) {
    std::vector<grpc::Slice> slices;
    (void)in.Dump(&slices);
    std::string bytes;
    for (auto& s : slices) bytes.append(reinterpret_cast<const char*>(s.begin()), s.size());
    // ServerReflectionResponse { list_services_response = 6 { service = 1 { name = 1 } } }
    google::protobuf::UnknownFieldSet response, list, service;
    if (response.ParseFromString(bytes)) {
      for (int i = 0; i < response.field_count(); ++i) {
        if (response.field(i).number() != 6) continue;
        list.ParseFromString(response.field(i).length_delimited());
        for (int j = 0; j < list.field_count(); ++j) {
          service.Clear();
          service.ParseFromString(list.field(j).length_delimited());
          if (service.field_count() > 0) names.push_back(service.field(0).length_delimited());
        }
      }
    }
  }
  grpc::Status status;
  call->Finish(&status, reinterpret_cast<void*>(5));
  cq.Next(&tag, &ok);
  return names;
}

mv1::CreateOrganizationRequest NewKhoi(const std::string& request_id,
                                       const std::string& name = "Đảng bộ Khối") {
  mv1::CreateOrganizationRequest request;
  request.set_request_id(request_id);
  auto* o = request.mutable_organization();
  o->set_display_name(name);
  o->set_kind(mv1::ORGANIZATION_KIND_HIGHER_COMMITTEE);
  o->mutable_established_on()->set_year(2019);
  o->mutable_established_on()->set_month(1);
  o->mutable_established_on()->set_day(1);
  return request;
}

grpc::Status Create(mv1::MembershipService::Stub& stub, const mv1::CreateOrganizationRequest& r,
                    mv1::Organization* out, absl::Duration deadline = absl::Seconds(5)) {
  grpc::ClientContext context;
  SignAs(&context);
  context.set_deadline(absl::ToChronoTime(absl::Now() + deadline));
  return stub.CreateOrganization(&context, r, out);
}

int AdminCount(const std::string& sql) { return Postgres::Get().Admin(sql)[0][0].as<int>(); }

TEST(PlatformE2E, FourServersMigrateServeHealthAndReflection) {
  for (const char* service : kServices) Fresh(service);
  const std::map<std::string, std::vector<std::string>> expected = {
      {"membership",
       {"partywork.membership.v1.MembershipService", "partywork.common.v1.EventFeedService"}},
      {"inspection", {"partywork.common.v1.EventFeedService"}},
      {"reporting", {"partywork.reporting.v1.ReportingService"}},
      {"gateway",
       {"partywork.membership.v1.MembershipService", "partywork.reporting.v1.ReportingService"}}};
  // The gateway serves once the backends it needs do: they stay up for it.
  std::map<std::string, std::string> env = {{"PARTYWORK_JWT_HS256_SECRET", "jwt-secret"}};
  std::vector<std::unique_ptr<ServerProcess>> backends;
  for (const char* service : kServices) {
    SCOPED_TRACE(service);
    auto server = ServerProcess::Start(service, env);
    ASSERT_NE(server, nullptr);
    EXPECT_EQ(HealthOf(server->channel()), "SERVING");
    auto names = ReflectedServices(server->channel());
    EXPECT_NE(std::find(names.begin(), names.end(), "grpc.health.v1.Health"), names.end());
    for (const auto& name : expected.at(service)) {
      EXPECT_NE(std::find(names.begin(), names.end(), name), names.end()) << name;
      EXPECT_EQ(HealthOf(server->channel(), name), "SERVING") << name;
    }
    if (std::string(service) != "gateway") {
      env[absl::StrCat("PARTYWORK_", absl::AsciiStrToUpper(service), "_ADDRESS")] =
          server->address();
      backends.push_back(std::move(server));
      continue;
    }
    EXPECT_EQ(server->Terminate(), 0) << server->Log();
  }
  for (auto& backend : backends) EXPECT_EQ(backend->Terminate(), 0) << backend->Log();
}

TEST(PlatformE2E, CallsWithoutAVerifiedIdentityAreRefused) {
  Fresh("membership");
  auto server = ServerProcess::Start("membership");
  ASSERT_NE(server, nullptr);
  auto stub = mv1::MembershipService::NewStub(server->channel());
  mv1::Organization out;
  {
    grpc::ClientContext context;
    EXPECT_EQ(stub->CreateOrganization(&context, NewKhoi("anon"), &out).error_code(),
              grpc::StatusCode::UNAUTHENTICATED);
  }
  {
    grpc::ClientContext context;
    context.AddMetadata(kIdentityHeader,
                        IdentitySigner("not-the-secret").Sign({"intruder", "khoi_admin", ""}));
    grpc::Status forged = stub->CreateOrganization(&context, NewKhoi("forged"), &out);
    EXPECT_EQ(forged.error_code(), grpc::StatusCode::UNAUTHENTICATED);
    EXPECT_NE(forged.error_message().find("signature"), std::string::npos);
  }
  EXPECT_EQ(AdminCount("SELECT count(*) FROM membership.organizations"), 0);
}

TEST(PlatformE2E, RetriedMutationWithTheSameRequestIdCommitsOnce) {
  Fresh("membership");
  auto server = ServerProcess::Start("membership");
  ASSERT_NE(server, nullptr);
  auto stub = mv1::MembershipService::NewStub(server->channel());
  mv1::Organization first, second, other;
  ASSERT_TRUE(Create(*stub, NewKhoi("req-A"), &first).ok());
  ASSERT_TRUE(Create(*stub, NewKhoi("req-A"), &second).ok());
  EXPECT_EQ(second.name(), first.name());
  EXPECT_EQ(second.create_time().seconds(), first.create_time().seconds());
  // The same id for a different request is refused.
  grpc::Status reused = Create(*stub, NewKhoi("req-A", "Đảng bộ khác"), &other);
  EXPECT_EQ(reused.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(errors::Reason(reused), "REQUEST_ID_REUSED");
  EXPECT_EQ(AdminCount("SELECT count(*) FROM membership.organizations"), 1);
  EXPECT_EQ(AdminCount("SELECT count(*) FROM membership.audit_log"), 1);
  EXPECT_EQ(AdminCount("SELECT count(*) FROM membership.outbox"), 1);
  // Concurrent retries of one request: still once.
  std::vector<std::thread> callers;
  std::vector<mv1::Organization> results(8);
  for (int i = 0; i < 8; ++i) {
    callers.emplace_back(
        [&, i] { EXPECT_TRUE(Create(*stub, NewKhoi("req-B"), &results[i]).ok()); });
  }
  for (auto& t : callers) t.join();
  for (const auto& r : results) EXPECT_EQ(r.name(), results[0].name());
  EXPECT_EQ(AdminCount("SELECT count(*) FROM membership.organizations"), 2);
  EXPECT_EQ(AdminCount("SELECT count(*) FROM membership.outbox"), 2);
}

TEST(PlatformE2E, PostgresOutageGivesUnavailableThenServesAgainWithoutRestart) {
  Fresh("membership");
  auto server = ServerProcess::Start("membership");
  ASSERT_NE(server, nullptr);
  auto stub = mv1::MembershipService::NewStub(server->channel());
  mv1::Organization out;
  ASSERT_TRUE(Create(*stub, NewKhoi("before"), &out).ok());
  Postgres::Get().Stop();
  for (int i = 0; i < 5; ++i) {
    absl::Time start = absl::Now();
    grpc::Status down = Create(*stub, NewKhoi(absl::StrCat("during-", i)), &out, absl::Seconds(2));
    EXPECT_EQ(down.error_code(), grpc::StatusCode::UNAVAILABLE) << down.error_message();
    EXPECT_LT(absl::Now() - start, absl::Seconds(2) + absl::Milliseconds(200));
  }
  EXPECT_TRUE(server->Running());
  EXPECT_EQ(HealthOf(server->channel()), "SERVING");
  Postgres::Get().Start();
  grpc::Status back = Create(*stub, NewKhoi("after"), &out);
  EXPECT_TRUE(back.ok()) << back.error_message();
  EXPECT_TRUE(server->Running());
  EXPECT_EQ(AdminCount("SELECT count(*) FROM membership.organizations"), 2);
}

TEST(PlatformE2E, TwoReplicasMigratingAtOnceMigrateOnce) {
  Postgres::Get().ResetSchema("membership");
  int codes[2];
  std::string logs[2];
  std::thread a([&] { codes[0] = RunBinary("membership", {"migrate"}, {}, &logs[0]); });
  std::thread b([&] { codes[1] = RunBinary("membership", {"migrate"}, {}, &logs[1]); });
  a.join();
  b.join();
  EXPECT_EQ(codes[0], 0) << logs[0];
  EXPECT_EQ(codes[1], 0) << logs[1];
  // Each migration was applied by exactly one of them.
  auto applied_lines = [](const std::string& log) {
    int n = 0;
    for (size_t p = log.find("migration applied"); p != std::string::npos;
         p = log.find("migration applied", p + 1)) {
      ++n;
    }
    return n;
  };
  int total = AdminCount("SELECT count(*) FROM membership.schema_migrations");
  EXPECT_GE(total, 2);
  EXPECT_EQ(applied_lines(logs[0]) + applied_lines(logs[1]), total);
}

TEST(PlatformE2E, ReportingFollowsTheMembershipFeed) {
  Fresh("membership");
  Fresh("reporting");
  auto membership = ServerProcess::Start("membership");
  ASSERT_NE(membership, nullptr);
  auto reporting =
      ServerProcess::Start("reporting", {{"PARTYWORK_MEMBERSHIP_ADDRESS", membership->address()}});
  ASSERT_NE(reporting, nullptr);
  auto stub = mv1::MembershipService::NewStub(membership->channel());
  mv1::Organization khoi, cell;
  ASSERT_TRUE(Create(*stub, NewKhoi("khoi"), &khoi).ok());
  auto cell_request = NewKhoi("cell", "Chi bộ Sở Tài chính");
  cell_request.mutable_organization()->set_kind(mv1::ORGANIZATION_KIND_BASE_CELL);
  cell_request.mutable_organization()->set_type(mv1::ORGANIZATION_TYPE_ADMINISTRATIVE_AGENCY);
  cell_request.mutable_organization()->set_parent(khoi.name());
  ASSERT_TRUE(Create(*stub, cell_request, &cell).ok());

  auto reports = reporting::v1::ReportingService::NewStub(reporting->channel());
  int64_t applied = 0;
  for (absl::Time give_up = absl::Now() + absl::Seconds(10); absl::Now() < give_up && applied < 2;
       absl::SleepFor(absl::Milliseconds(50))) {
    grpc::ClientContext context;
    SignAs(&context);
    reporting::v1::GetFeedPositionsResponse positions;
    ASSERT_TRUE(reports->GetFeedPositions(&context, {}, &positions).ok());
    for (const auto& p : positions.positions()) {
      if (p.feed() == "membership") applied = p.applied_sequence();
    }
  }
  EXPECT_EQ(applied, 2);
  auto row = Postgres::Get().Admin(
      "SELECT display_name, kind, org_type, parent_id FROM reporting.organizations ORDER BY id");
  ASSERT_EQ(row.size(), 2u);
  EXPECT_EQ(row[1][0].as<std::string>(), "Chi bộ Sở Tài chính");
  EXPECT_EQ(row[1][1].as<int>(), mv1::ORGANIZATION_KIND_BASE_CELL);
  EXPECT_EQ(row[1][3].as<int64_t>(), *ResourceId(khoi.name(), "organizations"));
}

TEST(PlatformE2E, FeedsAreForServersOnly) {
  Fresh("membership");
  auto server = ServerProcess::Start("membership");
  ASSERT_NE(server, nullptr);
  auto feed = common::v1::EventFeedService::NewStub(server->channel());
  grpc::ClientContext context;
  SignAs(&context);  // a person (a Khối administrator), verified
  auto reader = feed->StreamEvents(&context, {});
  common::v1::StreamEventsResponse response;
  EXPECT_FALSE(reader->Read(&response));
  grpc::Status status = reader->Finish();
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(errors::Reason(status), "ROLE_NOT_ALLOWED") << status.error_message();
}

TEST(PlatformE2E, DrainingTurnsHealthNotServingAndEndsFeedStreams) {
  Fresh("membership");
  auto server = ServerProcess::Start("membership", {{"PARTYWORK_DRAIN_DELAY", "1500ms"}});
  ASSERT_NE(server, nullptr);
  // A consumer following the feed.
  auto feed = common::v1::EventFeedService::NewStub(server->channel());
  grpc::ClientContext stream_context;
  SignAs(&stream_context, {"service:test", "service", ""});
  auto reader = feed->StreamEvents(&stream_context, {});
  // The request id the client sends comes back and names the call in the log.
  auto stub = mv1::MembershipService::NewStub(server->channel());
  grpc::ClientContext context;
  SignAs(&context);
  context.AddMetadata(kRequestIdHeader, "req-drain-1");
  mv1::ListOrganizationsResponse listed;
  ASSERT_TRUE(stub->ListOrganizations(&context, {}, &listed).ok());
  auto echoed = context.GetServerInitialMetadata().find(kRequestIdHeader);
  ASSERT_NE(echoed, context.GetServerInitialMetadata().end());
  EXPECT_EQ(std::string(echoed->second.data(), echoed->second.size()), "req-drain-1");

  ASSERT_EQ(kill(server->pid(), SIGTERM), 0);
  absl::SleepFor(absl::Milliseconds(500));
  EXPECT_EQ(HealthOf(server->channel()), "NOT_SERVING");  // still answering, draining
  common::v1::StreamEventsResponse response;
  while (reader->Read(&response)) {
  }
  EXPECT_EQ(reader->Finish().error_code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_EQ(server->Terminate(), 0);
  EXPECT_NE(server->Log().find("\"request_id\":\"req-drain-1\""), std::string::npos);
}

TEST(PlatformE2E, MetricsAndLogsDescribeEachCall) {
  Fresh("membership");
  auto server = ServerProcess::Start("membership");
  ASSERT_NE(server, nullptr);
  auto stub = mv1::MembershipService::NewStub(server->channel());
  mv1::Organization out;
  ASSERT_TRUE(Create(*stub, NewKhoi("metrics"), &out).ok());
  std::string metrics = HttpGet(server->metrics_port(), "/metrics");
  EXPECT_NE(metrics.find("200 OK"), std::string::npos);
  EXPECT_NE(
      metrics.find("grpc_server_handled_total{grpc_service=\"partywork.membership.v1."
                   "MembershipService\",grpc_method=\"CreateOrganization\",grpc_code=\"OK\"} 1"),
      std::string::npos)
      << metrics;
  EXPECT_NE(metrics.find("grpc_server_handling_seconds_bucket"), std::string::npos);
  EXPECT_NE(metrics.find("partywork_db_pool_in_use{pool=\"membership\"}"), std::string::npos);
  EXPECT_EQ(server->Terminate(), 0);
  std::string log = server->Log();
  EXPECT_NE(log.find("\"grpc.method\":\"/partywork.membership.v1.MembershipService/"
                     "CreateOrganization\""),
            std::string::npos)
      << log;
  EXPECT_NE(log.find("\"subject\":\"tester\""), std::string::npos);
  EXPECT_NE(log.find("\"msg\":\"stopped\""), std::string::npos);
}

}  // namespace
}  // namespace partywork
