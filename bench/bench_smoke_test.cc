// The benchmarks' own tools, checked in a few seconds: the load tool counts
// the status codes it gets (errors included) and keeps an open loop's rate,
// the dataset generator is deterministic, and a bulk import loads exactly
// what was generated, consistently with membership's own reads and feed.
// Then national_bench itself, every case briefly at Khối size.
#include <map>

#include "absl/strings/str_split.h"
#include "bench/lib/load.h"
#include "bench/lib/rss.h"
#include "grpcpp/create_channel.h"
#include "gtest/gtest.h"
#include "libs/platform/identity.h"
#include "partywork/common/v1/feed.grpc.pb.h"
#include "partywork/membership/v1/membership_service.grpc.pb.h"
#include "tests/e2e/gateway_fixture.h"
#include "tests/harness/local.h"
#include "tests/harness/postgres.h"
#include "tests/harness/server_process.h"
#include "tools/bulk_import/bulk_import.h"

PARTYWORK_USE_POSTGRES();

namespace partywork::bench {
namespace {

using ::partywork::testing::Postgres;
using ::partywork::testing::ServerProcess;
namespace mv1 = ::partywork::membership::v1;

Target EchoTarget(const ServerProcess& echo) {
  Target t;
  t.channel = echo.channel();
  t.method = "/partywork.membership.v1.MembershipService/GetMember";
  t.request = [](int64_t i) {
    mv1::GetMemberRequest r;
    r.set_name(absl::StrCat("members/", i + 1));
    return r.SerializeAsString();
  };
  return t;
}

LoadOptions Briefly(int in_flight, double rate = 0) {
  LoadOptions o;
  o.in_flight = in_flight;
  o.rate = rate;
  o.duration = absl::Milliseconds(500);
  o.warmup = absl::Milliseconds(100);
  return o;
}

TEST(LoadTool, CountsEveryAnswerByStatusCode) {
  auto echo = ServerProcess::Start("echo");
  ASSERT_NE(echo, nullptr);
  Target ok = EchoTarget(*echo);
  LoadResult answered = RunLoad(ok, Briefly(4));
  EXPECT_GT(answered.calls, 10);
  EXPECT_EQ(answered.codes[0], answered.calls);
  EXPECT_EQ(answered.NotOk(), 0);
  EXPECT_EQ(answered.latency.count(), answered.calls);
  EXPECT_GT(answered.latency.Quantile(0.99), 0);
  EXPECT_LE(answered.latency.Quantile(0.5), answered.latency.Quantile(0.99));

  // The echo server refuses calls that ask it to: the tool counts each.
  Target refused = ok;
  refused.metadata = {{"x-echo-status", "5"}};
  LoadResult failed = RunLoad(refused, Briefly(4));
  EXPECT_GT(failed.calls, 10);
  EXPECT_EQ(failed.codes[grpc::StatusCode::NOT_FOUND], failed.calls);
  EXPECT_EQ(failed.NotOk(), failed.calls);
  EXPECT_EQ(failed.first_error, "refused as asked");
  EXPECT_EQ(failed.CodesText(), absl::StrCat("NOT_FOUND ", failed.calls));

  // Nothing listening: every call is UNAVAILABLE, none lost.
  Target nowhere = ok;
  nowhere.channel =
      grpc::CreateChannel(gateway::testing::Nowhere(), grpc::InsecureChannelCredentials());
  LoadResult down = RunLoad(nowhere, Briefly(2));
  EXPECT_GT(down.calls, 0);
  EXPECT_EQ(down.codes[grpc::StatusCode::UNAVAILABLE], down.calls);

  EXPECT_GT(PeakRssKib(echo->pid()), 1000);
  EXPECT_GE(PeakRssKib(echo->pid()), RssKib(echo->pid()));
}

TEST(LoadTool, OpenLoopKeepsItsRate) {
  auto echo = ServerProcess::Start("echo");
  ASSERT_NE(echo, nullptr);
  LoadResult r = RunLoad(EchoTarget(*echo), Briefly(1, /*rate=*/400));
  // 400/s for 0.5 s: 200 calls planned in the window, all answered.
  EXPECT_NEAR(static_cast<double>(r.calls), 200, 2);
  EXPECT_EQ(r.NotOk(), 0);
}

TEST(Histogram, QuantilesWithinTheBucketError) {
  Histogram h;
  for (int v = 1; v <= 100000; ++v) h.Record(v);
  EXPECT_NEAR(h.Quantile(0.5), 50000, 50000 * 0.016);
  EXPECT_NEAR(h.Quantile(0.99), 99000, 99000 * 0.016);
  EXPECT_EQ(h.Quantile(0.0), 1);
  Histogram small;
  small.Record(7);
  small.Record(900);
  EXPECT_EQ(small.Quantile(0.25), 7);
  EXPECT_EQ(small.Quantile(0.99), 900);
}

uint64_t DryRun(bulk::Size size, uint64_t seed) {
  bulk::ImportOptions o;
  o.size = size;
  o.seed = seed;
  o.dry_run = true;
  o.chunk_members = 1000;
  auto r = bulk::Import(o);
  EXPECT_TRUE(r.ok()) << r.status();
  return r.ok() ? r->checksum : 0;
}

TEST(Dataset, SameSeedSameRowsWhateverTheChunks) {
  const uint64_t first = DryRun(bulk::Size::kKhoi, 7);
  EXPECT_EQ(DryRun(bulk::Size::kKhoi, 7), first);
  EXPECT_NE(DryRun(bulk::Size::kKhoi, 8), first);
  // Chunking changes only the transactions, not the rows.
  bulk::ImportOptions whole;
  whole.size = bulk::Size::kKhoi;
  whole.seed = 7;
  whole.dry_run = true;
  whole.chunk_members = 100000;
  EXPECT_EQ(bulk::Import(whole)->checksum, first);
}

TEST(Dataset, KhoiHasTheDomainsProportions) {
  bulk::Generator g(bulk::Size::kKhoi, 3);
  const bulk::Chunk tree = g.Organizations();
  const bulk::Chunk members = g.Members(1, 3501);
  EXPECT_EQ(g.counts().members, 3500);
  EXPECT_GE(g.counts().organizations, 100);
  int women = 0, minorities = 0, rows = 0;
  for (absl::string_view line : absl::StrSplit(members.members, '\n', absl::SkipEmpty())) {
    std::vector<absl::string_view> f = absl::StrSplit(line, '\t');
    ASSERT_EQ(f.size(), 24u) << line;
    ++rows;
    women += f[2] == "2";
    minorities += f[4] != "Kinh";
  }
  EXPECT_EQ(rows, 3500);
  EXPECT_NEAR(women / 3500.0, 0.37, 0.03);
  EXPECT_NEAR(minorities / 3500.0, 0.04, 0.015);
}

TEST(BulkImport, LoadsWhatItGeneratedAndMembershipServesIt) {
  Postgres::Get().ResetSchema("membership");
  ASSERT_EQ(::partywork::testing::RunBinary("membership", {"migrate"}), 0);
  bulk::ImportOptions o;
  o.database_url = Postgres::Get().Url("membership");
  o.size = bulk::Size::kKhoi;
  o.seed = 11;
  o.chunk_members = 1000;
  auto imported = bulk::Import(o);
  ASSERT_TRUE(imported.ok()) << imported.status();
  EXPECT_EQ(imported->checksum, DryRun(bulk::Size::kKhoi, 11));
  const bulk::Counts& c = imported->counts;
  pqxx::result counts = Postgres::Get().Admin(
      "SELECT (SELECT count(*) FROM membership.organizations), "
      "(SELECT count(*) FROM membership.organization_versions), "
      "(SELECT count(*) FROM membership.members), (SELECT count(*) FROM membership.member_events), "
      "(SELECT count(*) FROM membership.outbox), (SELECT max(sequence) FROM membership.outbox), "
      "(SELECT count(*) FROM pg_indexes WHERE schemaname = 'membership' AND indexname = "
      "'members_search')");
  EXPECT_EQ(counts[0][0].as<int64_t>(), c.organizations);
  EXPECT_EQ(counts[0][1].as<int64_t>(), c.versions);
  EXPECT_EQ(counts[0][2].as<int64_t>(), 3500);
  EXPECT_EQ(counts[0][3].as<int64_t>(), c.events);
  EXPECT_EQ(counts[0][4].as<int64_t>(), c.outbox);
  EXPECT_EQ(counts[0][5].as<int64_t>(), c.outbox);  // numbered without gaps
  EXPECT_EQ(counts[0][6].as<int>(), 1);             // indexes built again
  // A second import into the same schema is refused.
  EXPECT_EQ(bulk::Import(o).status().code(), absl::StatusCode::kFailedPrecondition);

  // Membership derives from the history what the import stored, serves the
  // feed it wrote, and creates the next member after the imported ones.
  auto membership = ServerProcess::Start("membership");
  ASSERT_NE(membership, nullptr);
  auto stub = mv1::MembershipService::NewStub(membership->channel());
  for (int64_t id : {1, 1750, 3500}) {
    grpc::ClientContext context;
    ::partywork::testing::SignAs(&context);
    mv1::GetMemberRequest request;
    request.set_name(absl::StrCat("members/", id));
    mv1::Member member;
    ASSERT_TRUE(stub->GetMember(&context, request, &member).ok());
    pqxx::result stored = Postgres::Get().Admin(
        absl::StrCat("SELECT status, organization_id FROM membership.members WHERE id = ", id));
    EXPECT_EQ(static_cast<int>(member.state().status()), stored[0][0].as<int>()) << id;
    EXPECT_EQ(member.state().organization(),
              absl::StrCat("organizations/", stored[0][1].as<int64_t>()));
  }
  auto feed = common::v1::EventFeedService::NewStub(membership->channel());
  grpc::ClientContext context;
  ::partywork::testing::SignAs(&context, {"service:reporting", "service", ""});
  common::v1::StreamEventsRequest from_start;
  from_start.set_stop_at_head(true);
  auto reader = feed->StreamEvents(&context, from_start);
  common::v1::StreamEventsResponse response;
  int64_t events = 0, last = 0;
  std::map<std::string, int> types;
  while (reader->Read(&response)) {
    for (const auto& e : response.events()) {
      EXPECT_EQ(e.sequence(), last + 1);
      last = e.sequence();
      ++events;
      ++types[e.event_type()];
    }
  }
  EXPECT_TRUE(reader->Finish().ok());
  EXPECT_EQ(events, c.outbox);
  EXPECT_EQ(types["partywork.membership.v1.MemberCreated"], 3500);
  EXPECT_EQ(types["partywork.membership.v1.OrganizationEstablished"], c.organizations);
}

// national_bench at Khối size, every case for a fifth of a second, once:
// each must get answers and no error (it exits 3 otherwise), reporting must
// catch up with the whole feed, and every case must be in the table.
TEST(NationalBench, EveryCaseAnswersAtKhoiSize) {
  std::string out;
  const int rc = ::partywork::testing::RunCommand(
      absl::StrCat(PARTYWORK_BIN_DIR,
                   "/national_bench --size=khoi --seconds=0.2 --warmup=0.1 "
                   "--rounds=1 --durable=false"),
      &out);
  EXPECT_EQ(rc, 0) << out;
  for (const char* row :
       {"feed → reporting's read models (whole feed)", "SELECT count(*) FROM membership.members",
        "report: membership on 31/12/2024, Khối-sized (", "report: organization tree on 31/12/2024",
        "report: inspection and discipline, 2020–2025", "report: Biểu 1, 2024",
        "membership GetMember", "gateway GetMember, open loop",
        "membership transfer (RecordMemberEvent)",
        "until it had applied the whole feed: 5,146 events in",
        "peak RSS (MiB; goal < 200 each): membership", " reporting ", " inspection "}) {
    EXPECT_NE(out.find(row), std::string::npos) << row << "\n" << out;
  }
}

}  // namespace
}  // namespace partywork::bench
