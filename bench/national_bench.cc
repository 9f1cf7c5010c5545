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
//   - transfers (RecordMemberEvent) committed per second, against pgbench's
//     single-row inserts on the same PostgreSQL;
//   - peak RSS of every server.
// Real binaries over a private PostgreSQL (the test harness's). Prints one
// table. See docs/performance.md.
//
//   national_bench [--size=khoi|province|country] [--seed=N] [--seconds=S]
//                  [--rate=R] [--write-in-flight=N] [--db-workers=N]
//                  [--durable=true|false]
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "bench/lib/load.h"
#include "bench/lib/rss.h"
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
constexpr char kRecordEvent[] = "/partywork.membership.v1.MembershipService/RecordMemberEvent";
constexpr char kListMembers[] = "/partywork.membership.v1.MembershipService/ListMembers";

struct Options {
  bulk::Size size = bulk::Size::kKhoi;
  uint64_t seed = 1;
  double seconds = 3;
  double rate = 5000;
  int write_in_flight = 16;
  bool durable = true;  // fsync and synchronous commit on, as in production
  int db_workers = 0;   // membership's database workers; 0: its default
};

// One line of the table.
struct Row {
  std::string name;
  int in_flight = 0;  // 0: open loop
  LoadResult result;
  double baseline = 0;  // calls/s of the baseline
  std::string baseline_name;
  std::string goal;  // e.g. "≥ 0.35"
  bool met = true;
};

struct Stack {
  std::unique_ptr<ServerProcess> membership, gateway, echo, echo_gateway;
  std::string identity;  // signed as the gateway would, for direct calls
  std::string bearer;    // a client's token, for calls through a gateway
  int64_t members = 0;
  int64_t root = 0;                 // the top organization: a list of every member
  std::vector<int64_t> base_units;  // its children, the base organizations
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

LoadResult Measure(const Target& target, int in_flight, const Options& o, double rate = 0) {
  LoadOptions load;
  load.in_flight = in_flight;
  load.rate = rate;
  load.duration = absl::Seconds(o.seconds);
  return RunLoad(target, load);
}

// Transfers (chuyển sinh hoạt) of active members between cells, each member
// once per pass, to another cell each time.
Target Transfers(const Stack& s, const std::string& run) {
  pqxx::connection conn(Postgres::Get().Url("membership"));
  pqxx::read_transaction tx(conn);
  auto members = std::make_shared<std::vector<std::pair<int64_t, int64_t>>>();
  for (const auto& r : tx.exec("SELECT id, organization_id FROM membership.members "
                               "WHERE status IN (1, 2) AND NOT temporarily_away ORDER BY id")) {
    members->push_back({r[0].as<int64_t>(), r[1].as<int64_t>()});
  }
  auto cells = std::make_shared<std::vector<int64_t>>();
  for (const auto& r : tx.exec("SELECT organization_id FROM membership.organization_versions "
                               "WHERE valid_to IS NULL AND kind IN (3, 5) ORDER BY 1")) {
    cells->push_back(r[0].as<int64_t>());
  }
  Target t;
  t.channel = s.membership->channel();
  t.method = kRecordEvent;
  t.metadata = {{kIdentityHeader, s.identity}};
  const google::type::Date today = ToDate(Today());
  t.request = [members, cells, today, run](int64_t i) {
    const auto& [member, cell] = (*members)[i % members->size()];
    int64_t to = (*cells)[(static_cast<size_t>(member) + 1 + i) % cells->size()];
    if (to == cell) to = (*cells)[(static_cast<size_t>(member) + 2 + i) % cells->size()];
    mv1::RecordMemberEventRequest request;
    request.set_parent(ResourceName("members", member));
    request.set_request_id(absl::StrCat("bench-", run, "-", i));
    mv1::MemberEvent& e = *request.mutable_event();
    e.set_kind(mv1::MEMBER_EVENT_KIND_TRANSFERRED_WITHIN);
    *e.mutable_effective_on() = today;
    e.set_organization(ResourceName("organizations", to));
    e.set_decision("Quyết định số 1-QĐ/ĐU");
    return Serialized(request);
  };
  return t;
}

// pgbench's transactions per second for single-row inserts, `clients`
// connections, on the harness's PostgreSQL.
double PgbenchInserts(int clients, double seconds) {
  Postgres::Get().Admin(
      "DROP TABLE IF EXISTS public.bench_inserts; CREATE TABLE public.bench_inserts "
      "(id bigserial PRIMARY KEY, member_id bigint NOT NULL, note text NOT NULL, "
      "recorded_at timestamptz NOT NULL DEFAULT now())");
  char script[] = "/tmp/partywork-pgbench-XXXXXX";
  const int fd = mkstemp(script);
  const std::string sql =
      "\\set m random(1, 1000000)\n"
      "INSERT INTO public.bench_inserts (member_id, note) VALUES (:m, 'transfer');\n";
  if (fd < 0 || write(fd, sql.data(), sql.size()) != static_cast<ssize_t>(sql.size())) return 0;
  close(fd);
  std::string out;
  ::partywork::testing::RunCommand(
      absl::StrFormat("/usr/lib/postgresql/15/bin/pgbench -n -M prepared -h 127.0.0.1 -p %d -U "
                      "postgres -c %d -j 2 -T %d -f %s partywork 2>&1",
                      Postgres::Get().port(), clients, static_cast<int>(seconds + 0.5), script),
      &out);
  unlink(script);
  const size_t at = out.find("tps = ");
  double tps = 0;
  if (at == std::string::npos ||
      !absl::SimpleAtod(out.substr(at + 6, out.find(' ', at + 6) - at - 6), &tps)) {
    std::fprintf(stderr, "pgbench failed:\n%s\n", out.c_str());
  }
  return tps;
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
  gt::MigrateFresh({"membership", "gateway"});
  bulk::ImportOptions import;
  import.database_url = Postgres::Get().Url("membership");
  import.size = o.size;
  import.seed = o.seed;
  auto imported = bulk::Import(import);
  if (!imported.ok()) {
    std::fprintf(stderr, "bulk import: %s\n", std::string(imported.status().message()).c_str());
    return false;
  }
  s->members = imported->counts.members;
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
  std::printf(
      "dataset: %s, seed %llu: %lld organizations, %lld members, %lld member events, "
      "%lld outbox events; loaded in %.1f s (indexes %.1f s)\n",
      bulk::SizeName(o.size), static_cast<unsigned long long>(o.seed),
      static_cast<long long>(imported->counts.organizations),
      static_cast<long long>(imported->counts.members),
      static_cast<long long>(imported->counts.events),
      static_cast<long long>(imported->counts.outbox), imported->seconds, imported->index_seconds);
  auto gateway_env = quiet;
  gateway_env["PARTYWORK_RATE_LIMIT_PER_SECOND"] = "0";
  auto membership_env = quiet;
  if (o.db_workers > 0) membership_env["PARTYWORK_DB_WORKERS"] = absl::StrCat(o.db_workers);
  s->membership = ServerProcess::Start("membership", membership_env);
  s->echo = ServerProcess::Start("echo", quiet);
  if (!s->membership || !s->echo) return false;
  s->gateway = gt::StartGateway(s->membership->address(), gateway_env);
  s->echo_gateway = gt::StartGateway(s->echo->address(), gateway_env);
  if (!s->gateway || !s->echo_gateway) return false;
  const Caller caller{"bench", "khoi_admin", ""};
  s->identity =
      IdentitySigner(::partywork::testing::kTestIdentitySecret).Sign(caller, absl::Hours(4));
  s->bearer = "Bearer " + gateway::JwtVerifier::Mint({gt::kJwtSecret, "", "partywork", "partywork"},
                                                     caller, absl::Hours(4));
  return true;
}

std::vector<Row> Run(const Options& o, Stack& s) {
  std::vector<Row> rows;
  rows.reserve(32);  // rows are filled in through references
  auto add = [&](std::string name, int in_flight, LoadResult result) -> Row& {
    std::fprintf(stderr, "%s at %d: %.0f calls/s (%s)\n", name.c_str(), in_flight,
                 result.Throughput(), result.CodesText().c_str());
    Row row;
    row.name = std::move(name);
    row.in_flight = in_flight;
    row.result = std::move(result);
    rows.push_back(std::move(row));
    return rows.back();
  };
  const Target echo = Direct(s, s.echo->channel());
  for (int n : {1, 16, 64}) {
    const double base = add("echo GetMember", n, Measure(echo, n, o)).result.Throughput();
    Row& direct = add("membership GetMember", n, Measure(Direct(s, s.membership->channel()), n, o));
    direct.baseline = base;
    direct.baseline_name = "echo";
    Row& via = add("gateway GetMember", n, Measure(ViaGateway(s, s.gateway->channel()), n, o));
    via.baseline = base;
    via.baseline_name = "echo";
    Row& forward =
        add("gateway → echo", n, Measure(ViaGateway(s, s.echo_gateway->channel()), n, o));
    forward.baseline = base;
    forward.baseline_name = "echo";
    if (n < 64) {
      direct.goal = "p99 ≤ 20 ms";
      direct.met = direct.result.latency.Quantile(0.99) <= 20000;
    }
    if (n == 64) {
      direct.goal = "≥ 0.35";
      direct.met = direct.result.Throughput() >= 0.35 * base;
      via.goal = "≥ 0.20";
      via.met = via.result.Throughput() >= 0.20 * base;
      forward.goal = "≥ 0.30";
      forward.met = forward.result.Throughput() >= 0.30 * base;
    }
  }
  // Lists and searches at Khối size (issue 8: p99 under 20 ms).
  for (bool search : {false, true}) {
    const std::string what = search ? "ListMembers search" : "ListMembers";
    for (int n : {1, 16}) {
      const double base = add("echo " + what, n, Measure(Lists(s, s.echo->channel(), search), n, o))
                              .result.Throughput();
      Row& row =
          add("membership " + what, n, Measure(Lists(s, s.membership->channel(), search), n, o));
      row.baseline = base;
      row.baseline_name = "echo";
      row.goal = "p99 ≤ 20 ms";
      row.met = row.result.latency.Quantile(0.99) <= 20000;
    }
  }
  Row& open = add(absl::StrFormat("gateway GetMember, open loop %.0f/s", o.rate), 0,
                  Measure(ViaGateway(s, s.gateway->channel()), 0, o, o.rate));
  open.goal = "p99 ≤ 4 ms, no errors";
  open.met = open.result.latency.Quantile(0.99) <= 4000 && open.result.NotOk() == 0;

  const double inserts = PgbenchInserts(o.write_in_flight, o.seconds);
  Row& writes = add(
      "membership transfer (RecordMemberEvent)", o.write_in_flight,
      Measure(Transfers(s, absl::StrCat(absl::ToUnixMicros(absl::Now()))), o.write_in_flight, o));
  writes.baseline = inserts;
  writes.baseline_name = "pgbench insert";
  writes.goal = "≥ 0.50";
  writes.met = writes.result.Throughput() >= 0.5 * inserts;
  return rows;
}

void Print(const std::vector<Row>& rows, const Stack& s) {
  std::printf("\n%-44s %5s %9s %8s %8s %7s %-15s %9s %6s  %s\n", "case", "calls", "calls/s",
              "p50 µs", "p99 µs", "non-OK", "baseline", "base/s", "ratio", "goal");
  for (const Row& r : rows) {
    std::string ratio =
        r.baseline > 0 ? absl::StrFormat("%.2f", r.result.Throughput() / r.baseline) : "";
    std::printf("%-44s %5s %9.0f %8.0f %8.0f %7lld %-15s %9s %6s  %s%s\n", r.name.c_str(),
                r.in_flight > 0 ? absl::StrCat(r.in_flight).c_str() : "open", r.result.Throughput(),
                r.result.latency.Quantile(0.5), r.result.latency.Quantile(0.99),
                static_cast<long long>(r.result.NotOk()), r.baseline_name.c_str(),
                r.baseline > 0 ? absl::StrFormat("%.0f", r.baseline).c_str() : "", ratio.c_str(),
                r.goal.c_str(),
                r.goal.empty() ? ""
                : r.met        ? " (met)"
                               : " (MISSED)");
  }
  for (const Row& r : rows) {
    if (r.result.NotOk() > 0) {
      std::printf("%s: %s; first error: %s\n", r.name.c_str(), r.result.CodesText().c_str(),
                  r.result.first_error.c_str());
    }
  }
  std::printf(
      "\npeak RSS (MiB): membership %.1f, gateway %.1f, echo %.1f, gateway in front of "
      "echo %.1f\n",
      PeakRssKib(s.membership->pid()) / 1024.0, PeakRssKib(s.gateway->pid()) / 1024.0,
      PeakRssKib(s.echo->pid()) / 1024.0, PeakRssKib(s.echo_gateway->pid()) / 1024.0);
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
    } else if (key == "--rate" && numeric) {
      o.rate = number;
    } else if (key == "--write-in-flight" && numeric) {
      o.write_in_flight = static_cast<int>(number);
    } else if (key == "--db-workers" && numeric) {
      o.db_workers = static_cast<int>(number);
    } else if (key == "--durable" && (value == "true" || value == "false")) {
      o.durable = value == "true";
    } else {
      std::fprintf(stderr,
                   "usage: national_bench [--size=khoi|province|country] [--seed=N] "
                   "[--seconds=S] [--rate=R] [--write-in-flight=N] [--db-workers=N] "
                   "[--durable=true|false]\n");
      return 2;
    }
  }
  partywork::testing::Postgres::Get().Create();
  int rc = 1;
  try {  // whatever happens, the private cluster is removed below
    pb::Stack stack;
    if (pb::StartStack(o, &stack)) {
      pb::Print(pb::Run(o, stack), stack);
      rc = 0;
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "national_bench: %s\n", e.what());
  }
  partywork::testing::Postgres::Get().Destroy();
  return rc;
}
