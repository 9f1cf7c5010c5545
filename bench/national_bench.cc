// Reads, writes and memory of membership and the gateway over a generated
// dataset (partywork-bulk-import's Khối, province or country), each figure
// beside a baseline measured in the same run:
//   - GetMember straight to membership and through the gateway at 1, 16 and
//     64 calls in flight, against partywork-echo (a bare gRPC server);
//   - ListMembers (pages of 50 of the whole dataset or of one base
//     organization) and its diacritic-free search, at 1 and 16 in flight,
//     against partywork-echo given the same requests;
//   - the gateway forwarding to partywork-echo instead of membership;
//   - an open loop at a fixed rate through the gateway (p99, errors);
//   - writes committed per second, against pgbench's single-row inserts on
//     the same PostgreSQL: transfers (RecordMemberEvent), admission files
//     opened (CreateAdmission) and their next steps (RecordAdmissionStep);
//   - the feed: reporting started on empty read models catching up with
//     membership's whole feed, against the same events streamed alone;
//   - reports (membership composition on a past day for a Khối-sized
//     subtree, a province and the country, the tree on that day, inspection
//     and discipline for a term, Biểu 1 for a year, ratings of a year, Biểu
//     2 and 7, admissions, a quarter's narrative) over the imported
//     membership and inspection data, against `SELECT count(*)` of members;
//   - peak RSS of every server; reporting's also after its catch-up and
//     while each report was asked.
// Real binaries over a private PostgreSQL (the test harness's). Every case
// runs once per round, rounds interleaved; prints one table of the medians.
// See docs/performance.md.
//
//   national_bench [--size=khoi|province|region|country] [--seed=N]
//                  [--seconds=S] [--warmup=S] [--rounds=N] [--rate=R]
//                  [--write-in-flight=N] [--db-workers=N] [--durable=true|false]
//                  [--only=reporting|membership|writes]
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "bench/lib/cpu.h"
#include "bench/lib/load.h"
#include "bench/lib/rss.h"
#include "bench/reporting_bench.h"
#include "bench/table.h"
#include "bench/write_bench.h"
#include "gateway/jwt_verifier.h"
#include "libs/platform/identity.h"
#include "libs/platform/resource.h"
#include "partywork/membership/v1/membership_service.pb.h"
#include "tests/e2e/gateway_fixture.h"
#include "tests/harness/postgres.h"
#include "tests/harness/server_process.h"
#include "tools/bulk_import/bulk_import.h"

namespace partywork::bench {
namespace {

using ::partywork::testing::Postgres;
using ::partywork::testing::ServerProcess;
namespace gt = ::partywork::gateway::testing;
namespace mv1 = ::partywork::membership::v1;

constexpr char kGetMember[] = "/partywork.membership.v1.MembershipService/GetMember";
constexpr char kListMembers[] = "/partywork.membership.v1.MembershipService/ListMembers";

struct Options {
  bulk::Size size = bulk::Size::kKhoi;
  uint64_t seed = 1;
  double seconds = 3;
  double warmup = 0.5;
  int rounds = 3;
  // --only=: the feed and the reports; membership's reads and writes; the
  // writes alone. Everything when empty.
  std::string only;
  double rate = 5000;
  int write_in_flight = 16;
  bool durable = true;            // fsync and synchronous commit on, as in production
  int db_workers = 0;             // membership's database workers; 0: its default
  const CpuMeter* cpu = nullptr;  // the stack's servers, once started
};

struct Stack {
  std::unique_ptr<ServerProcess> membership, gateway, echo, echo_gateway;
  std::string identity;  // signed as the gateway would, for direct calls
  std::string bearer;    // a client's token, for calls through a gateway
  int64_t members = 0;
  int64_t root = 0;                 // the top organization: a list of every member
  std::vector<int64_t> base_units;  // its children, the base organizations
  std::unique_ptr<ReportingBench> reporting;
  std::optional<AdmissionWrites> admissions;  // prepared by the first writes
  Roots roots;
  CpuMeter cpu;  // the servers, PostgreSQL and the load tool
};

std::string Serialized(const google::protobuf::Message& m) { return m.SerializeAsString(); }

// GetMember of members spread over the whole dataset (the same sequence
// for every server).
Target Reads(const std::shared_ptr<grpc::Channel>& channel, const std::string& header,
             const std::string& value, int64_t members) {
  Target t;
  t.channel = channel;
  t.method = kGetMember;
  t.metadata = {{header, value}};
  t.request = [members](int64_t i) {
    mv1::GetMemberRequest request;
    request.set_name(
        ResourceName("members", static_cast<int64_t>((static_cast<uint64_t>(i) * 2654435761u) %
                                                     static_cast<uint64_t>(members)) +
                                    1));
    return Serialized(request);
  };
  return t;
}

Target Direct(const Stack& s, const std::shared_ptr<grpc::Channel>& channel) {
  return Reads(channel, kIdentityHeader, s.identity, s.members);
}
Target ViaGateway(const Stack& s, const std::shared_ptr<grpc::Channel>& channel) {
  return Reads(channel, "authorization", s.bearer, s.members);
}

// ListMembers, first pages of 50 in name order: every other call lists the
// whole dataset, the others one base organization each in turn; with
// `search`, names matched without diacritics. The same sequence for every
// server.
Target Lists(const Stack& s, const std::shared_ptr<grpc::Channel>& channel, bool search) {
  Target t;
  t.channel = channel;
  t.method = kListMembers;
  t.metadata = {{kIdentityHeader, s.identity}};
  auto units = std::make_shared<std::vector<int64_t>>(s.base_units);
  if (units->empty()) units->push_back(s.root);
  t.request = [root = s.root, units, search](int64_t i) {
    static const char* const kSearches[] = {"nguyen van", "tran thi", "hoa", "le minh", "dung"};
    mv1::ListMembersRequest request;
    request.set_organization(ResourceName(
        "organizations", i % 2 == 0 ? root : (*units)[static_cast<size_t>(i / 2) % units->size()]));
    request.set_page_size(50);
    if (search) request.set_search(kSearches[static_cast<size_t>(i) % 5]);
    return Serialized(request);
  };
  return t;
}

LoadResult Measure(const Target& target, int in_flight, const Options& o, double rate = 0,
                   int64_t min_calls = 0) {
  LoadOptions load;
  load.min_calls = min_calls;
  load.in_flight = in_flight;
  load.rate = rate;
  load.duration = absl::Seconds(o.seconds);
  load.warmup = absl::Seconds(o.warmup);
  std::vector<double> before;
  if (o.cpu != nullptr) load.on_window_start = [&] { before = o.cpu->Sample(); };
  LoadResult result = RunLoad(target, load);
  if (o.cpu != nullptr) result.cpu = o.cpu->PerCall(before, o.cpu->Sample(), result.calls);
  return result;
}

// One call at a time; the rate is 1 ÷ the mean latency (a slow report has
// too few calls in the window for calls ÷ window to mean much).
LoadResult OneAtATime(const Target& target, const Options& o) {
  LoadResult r = Measure(target, 1, o, 0, /*min_calls=*/1);
  r.seconds = r.latency.Mean() * static_cast<double>(r.calls) / 1e6;
  return r;
}

bool StartStack(const Options& o, Stack* s) {
  const std::map<std::string, std::string> quiet = {{"PARTYWORK_LOG_LEVEL", "warn"}};
  // The harness starts PostgreSQL without durability (fast tests); the
  // figures here are production's, for the services and pgbench alike.
  if (o.durable) {
    pqxx::connection admin(Postgres::Get().AdminUrl());
    pqxx::nontransaction tx(admin);
    for (const char* setting : {"fsync", "synchronous_commit", "full_page_writes"}) {
      tx.exec(absl::StrCat("ALTER SYSTEM SET ", setting, " = on"));
    }
    tx.exec("SELECT pg_reload_conf()");
  }
  gt::MigrateFresh({"membership", "gateway", "inspection"});
  bulk::ImportOptions import;
  import.database_url = Postgres::Get().Url("membership");
  import.inspection_database_url = Postgres::Get().Url("inspection");
  import.size = o.size;
  import.seed = o.seed;
  auto imported = bulk::Import(import);
  if (!imported.ok()) {
    std::fprintf(stderr, "bulk import: %s\n", std::string(imported.status().message()).c_str());
    return false;
  }
  s->members = imported->counts.members;
  // Autovacuum would otherwise visit every table just loaded while the
  // first cases run, its CPU counted as PostgreSQL's for their calls. Only
  // the tables the import loaded and analyzed: a vacuumed empty table is
  // known to be empty, and a statement prepared while it is (a lookup of an
  // idempotency key, of an admission file) keeps a sequential scan of it
  // while it grows, until autovacuum analyzes it a minute later.
  const absl::Time vacuum_began = absl::Now();
  {
    pqxx::connection admin(Postgres::Get().AdminUrl());
    pqxx::nontransaction tx(admin);
    const pqxx::result loaded = tx.exec(
        "SELECT string_agg(oid::regclass::text, ', ') FROM pg_class WHERE relkind = 'r' "
        "AND reltuples > 0 AND relnamespace IN ('membership'::regnamespace, "
        "'inspection'::regnamespace)");
    if (!loaded[0][0].is_null()) tx.exec0("VACUUM " + loaded[0][0].as<std::string>());
  }
  const double vacuum_seconds = absl::ToDoubleSeconds(absl::Now() - vacuum_began);
  {
    pqxx::connection conn(Postgres::Get().Url("membership"));
    pqxx::read_transaction tx(conn);
    s->root = tx.exec(
                    "SELECT organization_id FROM membership.organization_versions "
                    "WHERE valid_to IS NULL AND parent_id IS NULL ORDER BY 1 LIMIT 1")[0][0]
                  .as<int64_t>();
    for (const auto& r :
         tx.exec_params("SELECT organization_id FROM membership.organization_versions "
                        "WHERE valid_to IS NULL AND parent_id = $1 ORDER BY 1",
                        s->root)) {
      s->base_units.push_back(r[0].as<int64_t>());
    }
  }
  const bulk::Counts& c = imported->counts;
  auto n = [](int64_t v) { return static_cast<long long>(v); };
  std::printf(
      "dataset: %s, seed %llu: %lld organizations, %lld members, %lld member events, "
      "%lld ratings, %lld outbox events; inspection: %lld programs, %lld inspections, %lld "
      "petitions, %lld discipline cases, %lld outbox events; loaded in %.1f s (indexes %.1f s), "
      "then vacuumed in %.1f s\n",
      bulk::SizeName(o.size), static_cast<unsigned long long>(o.seed), n(c.organizations),
      n(c.members), n(c.events), n(c.member_ratings + c.organization_ratings), n(c.outbox),
      n(c.programs), n(c.inspections), n(c.petitions), n(c.discipline_cases),
      n(c.inspection_outbox), imported->seconds, imported->index_seconds, vacuum_seconds);
  auto gateway_env = quiet;
  gateway_env["PARTYWORK_RATE_LIMIT_PER_SECOND"] = "0";
  auto membership_env = quiet;
  if (o.db_workers > 0) membership_env["PARTYWORK_DB_WORKERS"] = absl::StrCat(o.db_workers);
  s->membership = ServerProcess::Start("membership", membership_env);
  s->echo = ServerProcess::Start("echo", quiet);
  if (!s->membership || !s->echo) return false;
  // SERVING once it has followed membership's whole feed: about a minute
  // for the country's 8.4 million events.
  s->gateway = gt::StartGateway(s->membership->address(), gateway_env, absl::Minutes(10));
  s->echo_gateway = gt::StartGateway(s->echo->address(), gateway_env);
  if (!s->gateway || !s->echo_gateway) return false;
  const Caller caller{"bench", "khoi_admin", ""};
  s->identity =
      IdentitySigner(::partywork::testing::kTestIdentitySecret).Sign(caller, absl::Hours(4));
  s->bearer = "Bearer " + gateway::JwtVerifier::Mint({gt::kJwtSecret, "", "partywork", "partywork"},
                                                     caller, absl::Hours(4));
  s->roots = FindRoots();
  s->reporting = std::make_unique<ReportingBench>(s->membership->address(), s->identity);
  if (!s->reporting->StartInspection()) return false;
  pid_t postmaster = -1;
  {
    pqxx::connection admin(Postgres::Get().AdminUrl());
    pqxx::nontransaction tx(admin);
    postmaster = ParentOf(tx.exec("SELECT pg_backend_pid()")[0][0].as<pid_t>());
  }
  s->cpu.Watch("load tool", getpid());
  s->cpu.Watch("membership", s->membership->pid());
  s->cpu.Watch("gateway", s->gateway->pid());
  s->cpu.Watch("echo", s->echo->pid());
  s->cpu.Watch("echo's gateway", s->echo_gateway->pid());
  s->cpu.Watch("inspection", s->reporting->inspection()->pid());
  s->cpu.Watch("postgres", postmaster, /*with_children=*/true);
  return true;
}

// Reporting's catch-up from membership's whole feed, then the reports.
void RunReporting(const Options& o, Stack& s, Table& table) {
  const FeedResult feed = s.reporting->CatchUp(absl::Minutes(60));
  LoadResult applied;
  applied.calls = feed.caught_up ? feed.events : 0;
  applied.codes[0] = applied.calls;
  applied.seconds = feed.apply_seconds;
  Row& row =
      // One row over the rounds: each round's feed is longer by the writes
      // of the round before (its events are listed under the table).
      table.Add("feed → reporting's read models (whole feed)", 0, std::move(applied),
                feed.read_seconds > 0 ? feed.events / feed.read_seconds : 0, "feed streamed alone");
  const bool million = feed.events >= 1000000;
  row.goal = absl::StrCat("≥ 20,000/s, 1M < 60 s", million ? "" : " (1M extrapolated)");
  row.meets = [](const Row& r) { return r.Throughput() >= 20000 && 1e6 / r.Throughput() < 60; };
  if (!feed.caught_up) return;
  std::printf(
      "reporting applied inspection's feed (%s events) within %.1f s of its start and had "
      "counted its anchor days %.1f s after its start; its peak RSS until then %.1f MiB\n",
      Thousands(static_cast<double>(feed.inspection_events)).c_str(), feed.inspection_seconds,
      feed.anchors_seconds, feed.peak_kib / 1024.0);

  // Each report beside `SELECT count(*)` of the members in the same round.
  const double count =
      table.Add("SELECT count(*) FROM membership.members", 1, CountMembers(o.seconds, o.warmup))
          .rounds.back()
          .Throughput();
  // Reporting's peak while each report was asked.
  std::string peaks;
  for (const ReportingBench::Case& c : s.reporting->Reports(s.roots)) {
    s.reporting->StartReportPeak();
    Row& r = table.Add(c.name, 1, OneAtATime(c.target, o), count, "count(*) members");
    absl::StrAppendFormat(&peaks, "\n  %s: %.1f", c.name, s.reporting->ReportPeakKib() / 1024.0);
    if (c.goal_ms > 0) {
      r.goal = absl::StrCat("p50 < ", c.goal_ms < 1000 ? absl::StrCat(c.goal_ms, " ms") : "1 s");
      r.meets = [goal = c.goal_ms](const Row& row) {
        return row.Median().latency.Quantile(0.5) < goal * 1000;
      };
    }
  }
  std::printf("reporting's peak RSS (MiB) while each report was asked:%s\n", peaks.c_str());
}

void RunWrites(const Options& o, Stack& s, Table& table) {
  const std::vector<double> before = s.cpu.Sample();
  const double inserts = PgbenchInserts(o.write_in_flight, o.seconds);
  // PostgreSQL's CPU per insert of pgbench, beside a transfer's in the CPU
  // table (pgbench runs for whole seconds).
  for (const CpuMeter::Use& u :
       s.cpu.PerCall(before, s.cpu.Sample(),
                     static_cast<int64_t>(inserts * std::max(1.0, std::round(o.seconds))))) {
    if (u.process == "postgres") {
      std::printf("pgbench: PostgreSQL used %.0f µs of CPU per insert\n", u.us_per_call);
    }
  }
  const std::string run = absl::StrCat(absl::ToUnixMicros(absl::Now()));
  // Without a target (the admissions could not be prepared) the row has no
  // call, and the run fails.
  auto add_write = [&](const std::string& name, const std::optional<Target>& target) {
    Row& row = table.Add(name, o.write_in_flight,
                         target ? Measure(*target, o.write_in_flight, o) : LoadResult{}, inserts,
                         "pgbench insert");
    row.goal = "≥ 0.50";
    row.meets = [](const Row& r) { return r.Ratio() >= 0.50; };
  };
  add_write("membership transfer (RecordMemberEvent)",
            Transfers(s.membership->channel(), s.identity, run));
  if (!s.admissions) s.admissions = AdmissionWrites::Prepare(s.membership->channel(), s.identity);
  const AdmissionWrites* admissions = s.admissions ? &*s.admissions : nullptr;
  add_write("membership admission opened (CreateAdmission)",
            admissions ? std::optional(admissions->Open(run)) : std::nullopt);
  add_write("membership admission step (RecordAdmissionStep)",
            admissions ? std::optional(admissions->Steps(run)) : std::nullopt);
}

void Run(const Options& o, Stack& s, Table& table) {
  if (o.only.empty() || o.only == "reporting") RunReporting(o, s, table);
  if (o.only == "reporting") return;
  if (o.only == "writes") {
    RunWrites(o, s, table);
    return;
  }
  const Target echo = Direct(s, s.echo->channel());
  for (int n : {1, 16, 64}) {
    const double base =
        table.Add("echo GetMember", n, Measure(echo, n, o)).rounds.back().Throughput();
    Row& direct = table.Add("membership GetMember", n,
                            Measure(Direct(s, s.membership->channel()), n, o), base, "echo");
    Row& via = table.Add("gateway GetMember", n, Measure(ViaGateway(s, s.gateway->channel()), n, o),
                         base, "echo");
    Row& forward = table.Add("gateway → echo", n,
                             Measure(ViaGateway(s, s.echo_gateway->channel()), n, o), base, "echo");
    if (n < 64) {
      direct.goal = "p99 ≤ 20 ms";
      direct.meets = [](const Row& r) { return r.Median().latency.Quantile(0.99) <= 20000; };
    }
    if (n == 64) {
      direct.goal = "≥ 0.35";
      direct.meets = [](const Row& r) { return r.Ratio() >= 0.35; };
      via.goal = "≥ 0.20";
      via.meets = [](const Row& r) { return r.Ratio() >= 0.20; };
      forward.goal = "≥ 0.30";
      forward.meets = [](const Row& r) { return r.Ratio() >= 0.30; };
    }
  }
  // Lists and searches at Khối size (issue 8: p99 under 20 ms).
  for (bool search : {false, true}) {
    const std::string what = search ? "ListMembers search" : "ListMembers";
    for (int n : {1, 16}) {
      const double base =
          table.Add("echo " + what, n, Measure(Lists(s, s.echo->channel(), search), n, o))
              .rounds.back()
              .Throughput();
      Row& row = table.Add("membership " + what, n,
                           Measure(Lists(s, s.membership->channel(), search), n, o), base, "echo");
      row.goal = "p99 ≤ 20 ms";
      row.meets = [](const Row& r) { return r.Median().latency.Quantile(0.99) <= 20000; };
    }
  }
  Row& open = table.Add(absl::StrFormat("gateway GetMember, open loop %.0f/s", o.rate), 0,
                        Measure(ViaGateway(s, s.gateway->channel()), 0, o, o.rate));
  open.goal = "p99 ≤ 4 ms, no errors";
  open.meets = [](const Row& r) {
    return r.Median().latency.Quantile(0.99) <= 4000 && r.NotOk() == 0;
  };
  RunWrites(o, s, table);
}

// The feed's catch-up of each round, and a million events' (measured when
// the feed had a million).
void PrintFeed(const Table& table) {
  for (const Row& r : table.rows()) {
    if (r.name.rfind("feed", 0) != 0 || r.Throughput() <= 0) continue;
    std::printf("\nfeed: reporting from its start until it had applied the whole feed:");
    for (const LoadResult& l : r.rounds) {
      std::printf(" %s events in %.1f s;", Thousands(static_cast<double>(l.calls)).c_str(),
                  l.seconds);
    }
    std::printf(" 1 million events in %.1f s at the median rate%s\n", 1e6 / r.Throughput(),
                r.Median().calls >= 1000000 ? "" : " (extrapolated)");
  }
}

void PrintMemory(const Stack& s) {
  const std::pair<const char*, int64_t> servers[] = {
      {"membership", PeakRssKib(s.membership->pid())},
      {"gateway", PeakRssKib(s.gateway->pid())},
      {"reporting", s.reporting->PeakReportingKib()},
      {"inspection", PeakRssKib(s.reporting->inspection()->pid())},
      {"echo", PeakRssKib(s.echo->pid())},
      {"gateway in front of echo", PeakRssKib(s.echo_gateway->pid())}};
  std::printf("\npeak RSS (MiB; goal < 200 each):");
  for (const auto& [name, kib] : servers) {
    std::printf(" %s %.1f%s;", name, kib / 1024.0, kib >= 200 * 1024 ? " (MISSED)" : "");
  }
  std::printf("\n");
}

}  // namespace
}  // namespace partywork::bench

int main(int argc, char** argv) {
  namespace pb = partywork::bench;
  setenv("GRPC_CLIENT_CHANNEL_BACKUP_POLL_INTERVAL_MS", "100", /*overwrite=*/0);
  pb::Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    const size_t eq = arg.find('=');
    const std::string key = arg.substr(0, eq),
                      value = eq == std::string::npos ? "" : arg.substr(eq + 1);
    double number = 0;
    const bool numeric = absl::SimpleAtod(value, &number) && number > 0;
    if (key == "--size" && partywork::bulk::ParseSize(value)) {
      o.size = *partywork::bulk::ParseSize(value);
    } else if (key == "--seed" && numeric) {
      o.seed = static_cast<uint64_t>(number);
    } else if (key == "--seconds" && numeric) {
      o.seconds = number;
    } else if (key == "--warmup" && absl::SimpleAtod(value, &number) && number >= 0) {
      o.warmup = number;
    } else if (key == "--only" &&
               (value == "reporting" || value == "membership" || value == "writes")) {
      o.only = value;
    } else if (key == "--rounds" && numeric) {
      o.rounds = static_cast<int>(number);
    } else if (key == "--rate" && numeric) {
      o.rate = number;
    } else if (key == "--write-in-flight" && numeric) {
      o.write_in_flight = static_cast<int>(number);
    } else if (key == "--db-workers" && numeric) {
      o.db_workers = static_cast<int>(number);
    } else if (key == "--durable" && (value == "true" || value == "false")) {
      o.durable = value == "true";
    } else {
      std::fprintf(
          stderr,
          "usage: national_bench [--size=khoi|province|region|country] [--seed=N] "
          "[--seconds=S] [--warmup=S] [--rounds=N] [--rate=R] [--write-in-flight=N] "
          "[--db-workers=N] [--durable=true|false] [--only=reporting|membership|writes]\n");
      return 2;
    }
  }
  partywork::testing::Postgres::Get().Create();
  int rc = 1;
  try {  // whatever happens, the private cluster is removed below
    pb::Stack stack;
    if (pb::StartStack(o, &stack)) {
      o.cpu = &stack.cpu;
      pb::Table table;
      for (int round = 1; round <= o.rounds; ++round) {
        std::fprintf(stderr, "round %d of %d\n", round, o.rounds);
        pb::Run(o, stack, table);
      }
      std::printf("%d round(s), %.1f s per case; medians over the rounds, spread min–max\n",
                  o.rounds, o.seconds);
      table.Print();
      pb::PrintFeed(table);
      pb::PrintMemory(stack);
      // A benchmark that got errors (or nothing) measured nothing.
      rc = table.Failed() == 0 ? 0 : 3;
      if (rc != 0) std::printf("%d case(s) had non-OK answers or none\n", table.Failed());
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "national_bench: %s\n", e.what());
  }
  partywork::testing::Postgres::Get().Destroy();
  return rc;
}
