#include "bench/reporting_bench.h"

#include <cstdio>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "bench/lib/rss.h"
#include "bench/table.h"
#include "grpcpp/create_channel.h"
#include "libs/platform/identity.h"
#include "libs/platform/resource.h"
#include "partywork/common/v1/feed.grpc.pb.h"
#include "partywork/membership/v1/member.pb.h"
#include "partywork/membership/v1/organization.pb.h"
#include "partywork/reporting/v1/reporting_service.grpc.pb.h"
#include "tests/harness/postgres.h"

namespace partywork::bench {
namespace {

using ::partywork::testing::Postgres;
using ::partywork::testing::RunBinary;
using ::partywork::testing::ServerProcess;
namespace mv1 = ::partywork::membership::v1;
namespace rv1 = ::partywork::reporting::v1;

const std::map<std::string, std::string> kQuiet = {{"PARTYWORK_LOG_LEVEL", "warn"}};

// The day the reports count: a past day of the five years' history.
constexpr absl::CivilDay kReportDay(2024, 12, 31);

int64_t Scalar(const std::string& sql) {
  pqxx::result r = Postgres::Get().Admin(sql);
  return r.empty() || r[0][0].is_null() ? 0 : r[0][0].as<int64_t>();
}

// Polls `sql` (one number) until it reaches `at_least`; false on timeout.
bool WaitFor(const std::string& sql, int64_t at_least, absl::Time until) {
  pqxx::connection conn(Postgres::Get().AdminUrl());
  while (absl::Now() < until) {
    pqxx::nontransaction tx(conn);
    pqxx::result r = tx.exec(sql);
    if (!r.empty() && !r[0][0].is_null() && r[0][0].as<int64_t>() >= at_least) return true;
    absl::SleepFor(absl::Milliseconds(20));
  }
  return false;
}

std::string Checkpoint(const std::string& schema, const std::string& feed = "membership") {
  return absl::StrCat("SELECT last_sequence FROM ", schema, ".feed_checkpoints WHERE feed = '",
                      feed, "'");
}

// Membership's feed from its start to `head`, as reporting asks for it.
double ReadFeed(const std::string& address, int64_t head) {
  auto stub = common::v1::EventFeedService::NewStub(
      grpc::CreateChannel(address, grpc::InsecureChannelCredentials()));
  grpc::ClientContext context;
  context.AddMetadata(kIdentityHeader,
                      IdentitySigner(::partywork::testing::kTestIdentitySecret)
                          .Sign({"service:reporting", "service", ""}, absl::Hours(1)));
  common::v1::StreamEventsRequest request;
  request.set_max_batch_size(500);
  request.set_stop_at_head(true);
  const absl::Time start = absl::Now();
  auto reader = stub->StreamEvents(&context, request);
  common::v1::StreamEventsResponse response;
  int64_t last = 0;
  while (last < head && reader->Read(&response)) {
    if (!response.events().empty()) last = response.events().rbegin()->sequence();
  }
  const double seconds = absl::ToDoubleSeconds(absl::Now() - start);
  context.TryCancel();
  reader->Finish();
  return last >= head ? seconds : 0;
}

}  // namespace

ReportingBench::ReportingBench(std::string membership_address, std::string identity)
    : membership_address_(std::move(membership_address)), identity_(std::move(identity)) {}

ReportingBench::~ReportingBench() = default;

bool ReportingBench::StartInspection() {
  auto env = kQuiet;
  env["PARTYWORK_MEMBERSHIP_ADDRESS"] = membership_address_;
  const absl::Time start = absl::Now();
  inspection_ = ServerProcess::Start("inspection", env);
  // Inspection keeps membership's tree: let it catch up before anything is
  // measured.
  const int64_t events = Scalar("SELECT max(sequence) FROM membership.outbox");
  if (inspection_ == nullptr ||
      !WaitFor(Checkpoint("inspection"), events, start + absl::Minutes(60))) {
    return false;
  }
  const double seconds = absl::ToDoubleSeconds(absl::Now() - start);
  std::printf("inspection followed membership's whole feed: %lld events in %.1f s (%.0f/s)\n",
              static_cast<long long>(events), seconds, static_cast<double>(events) / seconds);
  return true;
}

FeedResult ReportingBench::CatchUp(absl::Duration timeout) {
  FeedResult r;
  if (reporting_) {
    peak_kib_ = std::max(peak_kib_, PeakRssKib(reporting_->pid()));
    reporting_->Terminate();
    reporting_.reset();
  }
  Postgres::Get().ResetSchema("reporting");
  if (RunBinary("reporting", {"migrate"}) != 0) return r;
  r.events = Scalar("SELECT max(sequence) FROM membership.outbox");
  r.read_seconds = ReadFeed(membership_address_, r.events);
  auto env = kQuiet;
  env["PARTYWORK_MEMBERSHIP_ADDRESS"] = membership_address_;
  env["PARTYWORK_INSPECTION_ADDRESS"] = inspection_ ? inspection_->address() : "127.0.0.1:1";
  const absl::Time start = absl::Now();
  reporting_ = ServerProcess::Start("reporting", env);
  if (!reporting_) return r;
  r.caught_up = WaitFor(Checkpoint("reporting"), r.events, start + timeout);
  r.apply_seconds = absl::ToDoubleSeconds(absl::Now() - start);
  // The reports count inspection's work too: its whole feed, applied.
  const int64_t work = Scalar("SELECT max(sequence) FROM inspection.outbox");
  r.caught_up =
      r.caught_up && WaitFor(Checkpoint("reporting", "inspection"), work, start + timeout);
  r.inspection_seconds = absl::ToDoubleSeconds(absl::Now() - start);
  r.inspection_events = work;
  // Once caught up, reporting counts its anchor days (count_anchors.h); the
  // reports are asked after, as they are in service.
  r.caught_up =
      r.caught_up && WaitFor("SELECT count(*) FROM reporting.count_anchors", 2, start + timeout);
  r.anchors_seconds = absl::ToDoubleSeconds(absl::Now() - start);
  r.peak_kib = PeakRssKib(reporting_->pid());
  return r;
}

int64_t ReportingBench::PeakReportingKib() const {
  return std::max(peak_kib_, reporting_ ? PeakRssKib(reporting_->pid()) : 0);
}

void ReportingBench::StartReportPeak() {
  peak_kib_ = PeakReportingKib();
  ResetPeakRss(reporting_->pid());
}

int64_t ReportingBench::ReportPeakKib() const { return PeakRssKib(reporting_->pid()); }

std::vector<ReportingBench::Case> ReportingBench::Reports(const Roots& roots) const {
  std::vector<Case> cases;
  auto stub = rv1::ReportingService::NewStub(reporting_->channel());
  auto add = [&](std::string name, const char* method, const google::protobuf::Message& request,
                 int goal_ms = 0) {
    Target t;
    t.channel = reporting_->channel();
    t.method = absl::StrCat("/partywork.reporting.v1.ReportingService/", method);
    t.metadata = {{kIdentityHeader, identity_}};
    t.deadline = absl::Minutes(2);
    t.request = [bytes = request.SerializeAsString()](int64_t) { return bytes; };
    cases.push_back({std::move(name), std::move(t), goal_ms});
  };
  auto context = [this](grpc::ClientContext& c) {
    c.AddMetadata(kIdentityHeader, identity_);
    c.set_deadline(absl::ToChronoTime(absl::Now() + absl::Minutes(2)));
  };
  const std::string day =
      absl::StrFormat("%02d/%02d/%d", kReportDay.day(), kReportDay.month(), kReportDay.year());
  // The goals: a Khối under 5 ms, a province under 50 ms, the
  // country under 1 s.
  struct Subtree {
    const char* what;
    int64_t id;
    int goal_ms;
  };
  std::vector<Subtree> subtrees = {{"Khối-sized", roots.khoi, 5}};
  // The first district as well, larger than a Khối at country size.
  if (roots.district != 0 && roots.district != roots.khoi) {
    subtrees.push_back({"a district", roots.district, 0});
  }
  if (roots.province != roots.khoi) subtrees.push_back({"province", roots.province, 50});
  if (roots.top != roots.province) subtrees.push_back({"country", roots.top, 1000});
  for (const auto& [what, id, goal_ms] : subtrees) {
    rv1::GetMembershipReportRequest request;
    request.set_root(ResourceName("organizations", id));
    *request.mutable_as_of() = ToDate(kReportDay);
    rv1::MembershipReport report;
    grpc::ClientContext c;
    context(c);
    grpc::Status s = stub->GetMembershipReport(&c, request, &report);
    add(absl::StrCat("report: membership on ", day, ", ", what, " (",
                     s.ok() ? Thousands(report.figures().total()) : s.error_message(), ")"),
        "GetMembershipReport", request, goal_ms);
  }
  rv1::GetStructureReportRequest structure;
  structure.set_root(ResourceName("organizations", roots.top));
  *structure.mutable_as_of() = ToDate(kReportDay);
  *structure.mutable_period_start() = ToDate(absl::CivilDay(kReportDay.year(), 1, 1));
  *structure.mutable_period_end() = ToDate(kReportDay);
  add(absl::StrCat("report: organization tree on ", day), "GetStructureReport", structure);
  // The loaded work and ratings, each beside what the report counts of it.
  rv1::GetInspectionReportRequest inspection;
  inspection.set_root(ResourceName("organizations", roots.top));
  *inspection.mutable_period_start() = ToDate(absl::CivilDay(2020, 1, 1));
  *inspection.mutable_period_end() = ToDate(absl::CivilDay(2025, 12, 31));
  {
    rv1::InspectionReport report;
    grpc::ClientContext c;
    context(c);
    grpc::Status s = stub->GetInspectionReport(&c, inspection, &report);
    add(absl::StrCat(
            "report: inspection and discipline, 2020–2025 (",
            s.ok() ? absl::StrCat(Thousands(report.petitions().received()), " petitions; loaded ",
                                  Thousands(Scalar("SELECT count(*) FROM "
                                                   "inspection.petitions")))
                   : s.error_message(),
            ")"),
        "GetInspectionReport", inspection);
  }
  rv1::GetRatingReportRequest ratings;
  ratings.set_root(ResourceName("organizations", roots.top));
  ratings.set_year(kReportDay.year());
  {
    rv1::RatingReport report;
    grpc::ClientContext c;
    context(c);
    grpc::Status s = stub->GetRatingReport(&c, ratings, &report);
    add(absl::StrCat(
            "report: ratings ", kReportDay.year(), " (",
            s.ok() ? absl::StrCat(Thousands(report.members().rated()), " members rated; loaded ",
                                  Thousands(Scalar(
                                      absl::StrCat("SELECT count(*) FROM membership.ratings WHERE "
                                                   "member_id IS NOT NULL AND year = ",
                                                   kReportDay.year()))))
                   : s.error_message(),
            ")"),
        "GetRatingReport", ratings);
  }
  rv1::GetStatisticsFormRequest form;
  form.set_root(ResourceName("organizations", roots.top));
  form.set_form(rv1::STATISTICS_FORM_KIND_GAINS_AND_LOSSES);
  *form.mutable_period_start() = ToDate(absl::CivilDay(kReportDay.year(), 1, 1));
  *form.mutable_period_end() = ToDate(kReportDay);
  add(absl::StrCat("report: Biểu 1, ", kReportDay.year()), "GetStatisticsForm", form);
  for (const auto& [kind, what] : {std::pair{rv1::STATISTICS_FORM_KIND_NEW_MEMBERS, "Biểu 2"},
                                   std::pair{rv1::STATISTICS_FORM_KIND_PARTY_WORK, "Biểu 7"}}) {
    form.set_form(kind);
    add(absl::StrCat("report: ", what, ", ", kReportDay.year()), "GetStatisticsForm", form);
  }
  rv1::GetAdmissionReportRequest admission;
  admission.set_root(form.root());
  *admission.mutable_period_start() = form.period_start();
  *admission.mutable_period_end() = form.period_end();
  add(absl::StrCat("report: admissions, ", kReportDay.year()), "GetAdmissionReport", admission);
  rv1::ExportReportRequest narrative;
  narrative.mutable_narrative()->set_root(form.root());
  *narrative.mutable_narrative()->mutable_period_start() =
      ToDate(absl::CivilDay(kReportDay.year(), 10, 1));
  *narrative.mutable_narrative()->mutable_period_end() = ToDate(kReportDay);
  narrative.set_format(rv1::EXPORT_FORMAT_TEXT);
  add(absl::StrCat("report: the narrative of the last quarter of ", kReportDay.year()),
      "ExportReport", narrative);
  return cases;
}

Roots FindRoots() {
  Roots r;
  r.top = Scalar(
      "SELECT organization_id FROM membership.organization_versions WHERE valid_to IS NULL AND "
      "parent_id IS NULL ORDER BY 1 LIMIT 1");
  auto first_child = [](int64_t parent) {
    return Scalar(absl::StrCat(
        "SELECT organization_id FROM membership.organization_versions WHERE valid_to IS NULL "
        "AND kind = 1 AND parent_id = ",
        parent, " ORDER BY 1 LIMIT 1"));
  };
  // Higher committees (kind 1) under the top: provinces under the country,
  // districts under a province, none under a Khối.
  const int64_t below = first_child(r.top);
  const int64_t below_below = below > 0 ? first_child(below) : 0;
  r.province = below_below > 0 ? below : r.top;
  r.district = below_below > 0 ? below_below : below;
  // The goal is for a Khối (DOMAIN §9: about 3,500 members): the higher
  // committee below the top whose members are nearest that, or the top.
  r.khoi = Scalar(absl::StrCat(
      "WITH RECURSIVE live AS (SELECT organization_id, parent_id, kind FROM "
      "membership.organization_versions WHERE valid_to IS NULL), "
      "up AS (SELECT organization_id AS ancestor, count(*) AS n FROM membership.members "
      "WHERE status IN (",
      mv1::MEMBER_STATUS_PROBATIONARY, ", ", mv1::MEMBER_STATUS_OFFICIAL,
      ") GROUP BY 1 UNION ALL SELECT l.parent_id, up.n FROM up JOIN live l ON "
      "l.organization_id = up.ancestor WHERE l.parent_id IS NOT NULL) "
      "SELECT up.ancestor FROM up JOIN live l ON l.organization_id = up.ancestor "
      "WHERE l.kind = ",
      mv1::ORGANIZATION_KIND_HIGHER_COMMITTEE,
      " AND l.parent_id IS NOT NULL GROUP BY 1 ORDER BY abs(sum(up.n) - 3500), 1 LIMIT 1"));
  if (r.khoi == 0) r.khoi = r.top;
  return r;
}

LoadResult CountMembers(double seconds, double warmup) {
  pqxx::connection conn(Postgres::Get().Url("membership"));
  LoadResult r;
  const absl::Time start = absl::Now(), window = start + absl::Seconds(warmup);
  do {
    const absl::Time call = absl::Now();
    pqxx::nontransaction tx(conn);
    tx.exec("SELECT count(*) FROM membership.members");
    const absl::Time end = absl::Now();
    if (end < window) continue;
    r.latency.Record(absl::ToInt64Microseconds(end - call));
    ++r.calls;
    ++r.codes[0];
    r.seconds += absl::ToDoubleSeconds(end - call);
  } while (absl::Now() < window + absl::Seconds(seconds) || r.calls == 0);
  return r;
}

}  // namespace partywork::bench
