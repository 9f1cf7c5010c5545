// What the gateway costs: GetOrganization through partywork-gateway against
// the same read straight to partywork-membership, both the real binaries over
// a private PostgreSQL (the test harness's), from 1 and 8 client threads.
// Prints Google Benchmark's table, then latency (p50, p99) and throughput
// both ways and their ratio. See bench/README.md.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <mutex>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "benchmark/benchmark.h"
#include "gateway/authorization.h"
#include "gateway/jwt_verifier.h"
#include "gateway/organization_tree.h"
#include "grpcpp/impl/codegen/proto_utils.h"
#include "partywork/membership/v1/membership_service.grpc.pb.h"
#include "tests/e2e/gateway_fixture.h"
#include "tests/harness/postgres.h"
#include "tests/harness/server_process.h"

namespace partywork::gateway {
namespace {

using ::partywork::testing::kTestIdentitySecret;
using ::partywork::testing::Postgres;
using ::partywork::testing::ServerProcess;
namespace mv1 = ::partywork::membership::v1;

// Both servers log only warnings: a log line per call would be measured too.
const std::map<std::string, std::string> kQuiet = {{"PARTYWORK_LOG_LEVEL", "warn"}};

struct Stack {
  std::unique_ptr<ServerProcess> membership;
  std::unique_ptr<ServerProcess> gateway;
  std::string organization;
  std::string identity;  // signed once, as the gateway would for the direct calls
  std::string bearer;    // minted once: the client's cost is not the gateway's
};
Stack* g_stack = nullptr;

// What one run of a benchmark measured, kept for the summary: the last
// (longest) run of each name wins.
struct Run {
  std::vector<double> latencies_us;
  int64_t calls = 0;
  double seconds = 0;
};
std::mutex g_mu;
std::map<std::string, Run> g_runs;  // guarded by g_mu

void Read(benchmark::State& state, bool via_gateway) {
  const std::string key = absl::StrCat(via_gateway ? "gateway" : "direct", "/", state.threads());
  if (state.thread_index() == 0) {
    std::lock_guard<std::mutex> lock(g_mu);
    g_runs[key] = Run();
  }
  auto stub = mv1::MembershipService::NewStub(via_gateway ? g_stack->gateway->channel()
                                                          : g_stack->membership->channel());
  mv1::GetOrganizationRequest request;
  request.set_name(g_stack->organization);
  mv1::Organization response;
  std::vector<double> latencies;
  latencies.reserve(100000);
  absl::Time began = absl::Now();
  for (auto _ : state) {
    grpc::ClientContext context;
    if (via_gateway) {
      context.AddMetadata("authorization", g_stack->bearer);
    } else {
      context.AddMetadata(kIdentityHeader, g_stack->identity);
    }
    const absl::Time start = absl::Now();
    grpc::Status status = stub->GetOrganization(&context, request, &response);
    latencies.push_back(absl::ToDoubleMicroseconds(absl::Now() - start));
    if (!status.ok()) {
      state.SkipWithError(status.error_message().c_str());
      break;
    }
  }
  const double seconds = absl::ToDoubleSeconds(absl::Now() - began);
  state.SetItemsProcessed(state.iterations());
  std::lock_guard<std::mutex> lock(g_mu);
  Run& run = g_runs[key];
  run.latencies_us.insert(run.latencies_us.end(), latencies.begin(), latencies.end());
  run.calls += static_cast<int64_t>(latencies.size());
  run.seconds = std::max(run.seconds, seconds);
}

// The gateway's own work per call, without the network: the bearer token
// checked, and a scoped caller's request placed in a tree of 300
// organizations.
void VerifyToken(benchmark::State& state) {
  JwtVerifier verifier({::partywork::gateway::testing::kJwtSecret, "", "partywork", "partywork"});
  const std::string token = g_stack->bearer.substr(7);
  for (auto _ : state) benchmark::DoNotOptimize(verifier.Verify(token));
}
BENCHMARK(VerifyToken);

void AuthorizeScoped(benchmark::State& state) {
  OrganizationTree tree;
  for (int id = 1; id <= 300; ++id) {
    mv1::OrganizationEstablished established;
    established.mutable_organization()->set_name(absl::StrCat("organizations/", id));
    // A Khối, 30 base committees, each with 9 cells.
    const int parent = id == 1 ? 0 : id <= 31 ? 1 : 2 + (id - 32) / 9;
    if (parent != 0)
      established.mutable_organization()->set_parent(absl::StrCat("organizations/", parent));
    auto* day = established.mutable_organization()->mutable_established_on();
    day->set_year(2000);
    day->set_month(1);
    day->set_day(1);
    common::v1::Event event;
    event.mutable_payload()->PackFrom(established);
    tree.Apply(event);
  }
  auto authorizer = Authorizer::Create(MethodRules(), &tree);
  mv1::GetOrganizationRequest request;
  request.set_name("organizations/300");
  grpc::ByteBuffer buffer;
  bool own;
  (void)grpc::SerializationTraits<mv1::GetOrganizationRequest>::Serialize(request, &buffer, &own);
  const std::string method = "/partywork.membership.v1.MembershipService/GetOrganization";
  const Caller caller{"bench", "base_secretary", "organizations/31"};  // 300's committee
  for (auto _ : state) {
    Decision decision = (*authorizer)->Decide(caller, method, buffer);
    if (!decision.status.ok()) state.SkipWithError(decision.status.error_message().c_str());
  }
}
BENCHMARK(AuthorizeScoped);

BENCHMARK_CAPTURE(Read, direct, false)->Threads(1)->Threads(8)->UseRealTime()->MinTime(3);
BENCHMARK_CAPTURE(Read, gateway, true)->Threads(1)->Threads(8)->UseRealTime()->MinTime(3);

double Percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<size_t>(p * static_cast<double>(v.size())))];
}

void PrintSummary() {
  std::printf("\n%-16s %7s %10s %10s %10s\n", "GetOrganization", "threads", "p50 us", "p99 us",
              "calls/s");
  for (int threads : {1, 8}) {
    if (g_runs[absl::StrCat("direct/", threads)].calls == 0 ||
        g_runs[absl::StrCat("gateway/", threads)].calls == 0) {
      continue;  // filtered out
    }
    double figures[2][3];
    for (int i = 0; i < 2; ++i) {
      const std::string mode = i == 0 ? "direct" : "gateway";
      const Run& run = g_runs[absl::StrCat(mode, "/", threads)];
      figures[i][0] = Percentile(run.latencies_us, 0.50);
      figures[i][1] = Percentile(run.latencies_us, 0.99);
      figures[i][2] = run.seconds > 0 ? static_cast<double>(run.calls) / run.seconds : 0;
      std::printf("%-16s %7d %10.0f %10.0f %10.0f\n", mode.c_str(), threads, figures[i][0],
                  figures[i][1], figures[i][2]);
    }
    std::printf("%-16s %7d %9.2fx %9.2fx %9.2fx\n", "gateway/direct", threads,
                figures[1][0] / figures[0][0], figures[1][1] / figures[0][1],
                figures[1][2] / figures[0][2]);
  }
}

// The servers over a fresh PostgreSQL, and one organization to read.
bool StartStack() {
  namespace gt = ::partywork::gateway::testing;
  gt::MigrateFresh({"membership", "gateway"});
  g_stack = new Stack();
  g_stack->membership = ServerProcess::Start("membership", kQuiet);
  if (!g_stack->membership) return false;
  auto env = kQuiet;
  env["PARTYWORK_RATE_LIMIT_PER_SECOND"] = "0";
  g_stack->gateway = gt::StartGateway(g_stack->membership->address(), env);
  if (!g_stack->gateway) return false;
  g_stack->identity =
      IdentitySigner(kTestIdentitySecret).Sign({"bench", "khoi_admin", ""}, absl::Hours(1));
  g_stack->bearer = "Bearer " + JwtVerifier::Mint({gt::kJwtSecret, "", "partywork", "partywork"},
                                                  {"bench", "khoi_admin", ""}, absl::Hours(1));
  mv1::CreateOrganizationRequest create;
  create.mutable_organization()->set_display_name("Đảng bộ Khối các cơ quan và doanh nghiệp tỉnh");
  create.mutable_organization()->set_kind(mv1::ORGANIZATION_KIND_HIGHER_COMMITTEE);
  auto* day = create.mutable_organization()->mutable_established_on();
  day->set_year(2000);
  day->set_month(1);
  day->set_day(1);
  grpc::ClientContext context;
  context.AddMetadata(kIdentityHeader, g_stack->identity);
  mv1::Organization created;
  grpc::Status status = mv1::MembershipService::NewStub(g_stack->membership->channel())
                            ->CreateOrganization(&context, create, &created);
  if (!status.ok()) {
    std::fprintf(stderr, "cannot create the organization: %s\n", status.error_message().c_str());
    return false;
  }
  g_stack->organization = created.name();
  return true;
}

}  // namespace
}  // namespace partywork::gateway

int main(int argc, char** argv) {
  // As in the tests: idle clients notice a stopping server's GOAWAY at once.
  setenv("GRPC_CLIENT_CHANNEL_BACKUP_POLL_INTERVAL_MS", "100", /*overwrite=*/0);
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  partywork::testing::Postgres::Get().Create();
  int rc = 1;
  if (partywork::gateway::StartStack()) {
    benchmark::RunSpecifiedBenchmarks();
    partywork::gateway::PrintSummary();
    rc = 0;
  }
  delete partywork::gateway::g_stack;
  partywork::testing::Postgres::Get().Destroy();
  benchmark::Shutdown();
  return rc;
}
