// The benchmarks' own tools, checked in a few seconds: the load tool counts
// the status codes it gets (errors included) and keeps an open loop's rate,
// the dataset generator is deterministic, and a bulk import loads exactly
// what was generated, consistently with membership's own reads and feed.
// Then national_bench itself, every case briefly at Khối size.
#include <map>
#include <regex>
#include <set>

#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
#include "bench/lib/load.h"
#include "bench/lib/rss.h"
#include "grpcpp/create_channel.h"
#include "gtest/gtest.h"
#include "libs/platform/identity.h"
#include "libs/platform/resource.h"
#include "partywork/common/v1/feed.grpc.pb.h"
#include "partywork/inspection/v1/inspection_service.grpc.pb.h"
#include "partywork/membership/v1/membership_service.grpc.pb.h"
#include "services/membership/card_rules.h"
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
namespace iv1 = ::partywork::inspection::v1;

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
  int women = 0, minorities = 0, retired = 0, rows = 0;
  for (absl::string_view line : absl::StrSplit(members.members, '\n', absl::SkipEmpty())) {
    std::vector<absl::string_view> f = absl::StrSplit(line, '\t');
    ASSERT_EQ(f.size(), 25u) << line;
    ++rows;
    women += f[2] == "2";
    minorities += f[4] != "Kinh";
    retired += f[24] == "t";
    EXPECT_EQ(f[24] == "t", f[10] == "Nghỉ hưu") << line;  // retired: occupation "Nghỉ hưu"
  }
  EXPECT_EQ(rows, 3500);
  EXPECT_GT(retired, 0);
  EXPECT_NEAR(women / 3500.0, 0.37, 0.03);
  EXPECT_NEAR(minorities / 3500.0, 0.04, 0.015);
}

// Ratings as membership's rules have them, discipline as rare as the
// seeds', and every expulsion the decision of a discipline case.
TEST(Dataset, RatingsAndDisciplineFollowTheRules) {
  bulk::Generator g(bulk::Size::kKhoi, 5);
  const bulk::Chunk tree = g.Organizations();
  EXPECT_EQ(std::count(tree.ratings.begin(), tree.ratings.end(), '\n'), 101 * 5);
  const bulk::Chunk members = g.Members(1, 3501);
  std::map<std::pair<std::string, std::string>, std::pair<int, int>> caps;  // (base, year)
  std::map<std::string, int> grades;                                        // of members
  int rows = 0;
  for (absl::string_view line : absl::StrSplit(members.ratings, '\n', absl::SkipEmpty())) {
    std::vector<std::string> f = absl::StrSplit(line, '\t');
    ASSERT_EQ(f.size(), 10u) << line;
    ASSERT_NE(f[1], "\\N");  // a member's rating, with the base organization of the cap
    ++rows;
    ++grades[f[5]];
    caps[{f[3], f[4]}].first += f[5] == "1";
    caps[{f[3], f[4]}].second += f[5] == "2";
    EXPECT_EQ(f[6] == "\\N", f[4] != "2025") << line;  // points from Quy định 366-QĐ/TW
  }
  EXPECT_EQ(rows, g.counts().member_ratings);
  // Nearly every member who was one for a whole year, every year.
  EXPECT_GT(rows, 3500 * 4);
  for (const auto& [group, counts] : caps) {
    EXPECT_LE(counts.first * 100, counts.second * 20) << group.first << " " << group.second;
  }
  EXPECT_NEAR(grades["1"] / static_cast<double>(rows), 0.14, 0.03);  // excellent, under the cap
  EXPECT_GT((grades["1"] + grades["2"]) / static_cast<double>(rows), 0.9);  // good or better
  EXPECT_GT(grades["4"], 0);                                                // a few not completed
  EXPECT_LT(grades["4"] / static_cast<double>(rows), 0.02);
  EXPECT_EQ(g.counts().organization_ratings, 101 * 5);

  // Discipline: under 1 % of members a year; each expulsion a case.
  EXPECT_LT(g.counts().discipline_cases, 3500 * 5 / 100);
  int expelled = 0;
  for (absl::string_view line : absl::StrSplit(members.member_events, '\n', absl::SkipEmpty())) {
    std::vector<std::string> f = absl::StrSplit(line, '\t');
    if (f[2] != "13") continue;  // EXPELLED
    ++expelled;
    EXPECT_EQ(f[7], "service:inspection");
    EXPECT_NE(members.applied_discipline.find(
                  absl::StrCat(f[8], "\t", f[1], "\tmembers/", f[1], "/events/", f[0], "\n")),
              std::string::npos)
        << line;
    const std::string id = f[8].substr(f[8].find('/') + 1);
    EXPECT_NE(
        ("\n" + members.discipline_cases).find(absl::StrCat("\n", id, "\tmembers/", f[1], "\t")),
        std::string::npos)
        << line;
  }
  EXPECT_GT(expelled, 0);
  EXPECT_GT(g.counts().inspections, 0);
  EXPECT_GT(g.counts().petitions, 0);
  EXPECT_GT(g.counts().programs, 0);
}

// Awards as membership's rules have them: each badge at a listed party age,
// on or after its anniversary, once; a few percent of members commended a
// year.
TEST(Dataset, AwardsFollowTheRules) {
  bulk::Generator g(bulk::Size::kKhoi, 5);
  g.Organizations();
  const bulk::Chunk members = g.Members(1, 3501);
  std::map<std::string, absl::CivilDay> admitted;
  for (absl::string_view line : absl::StrSplit(members.members, '\n', absl::SkipEmpty())) {
    std::vector<std::string> f = absl::StrSplit(line, '\t');
    admitted[f[0]] = *ParseDay(f[8]);
  }
  std::set<std::pair<std::string, std::string>> badges;
  int rows = 0, commendations = 0;
  for (absl::string_view line : absl::StrSplit(members.awards, '\n', absl::SkipEmpty())) {
    std::vector<std::string> f = absl::StrSplit(line, '\t');
    ASSERT_EQ(f.size(), 10u) << line;
    ++rows;
    if (f[2] == "2") {
      ++commendations;
      EXPECT_EQ(f[3], "0") << line;
      continue;
    }
    EXPECT_TRUE(badges.insert({f[1], f[3]}).second) << line;  // once
    const int years = std::stoi(f[3]);
    const std::vector<int> listed = membership::BadgeYears(*ParseDay(f[4]));
    EXPECT_NE(std::find(listed.begin(), listed.end(), years), listed.end()) << line;
    const absl::CivilDay from = admitted.at(f[1]);
    EXPECT_GE(*ParseDay(f[4]), absl::CivilDay(from.year() + years, from.month(), from.day()))
        << line;
  }
  EXPECT_EQ(rows, g.counts().awards);
  EXPECT_GT(badges.size(), 10u);
  EXPECT_NEAR(commendations / (3500.0 * 5), 0.03, 0.01);
  int events = 0;
  for (absl::string_view line : absl::StrSplit(members.outbox, '\n', absl::SkipEmpty())) {
    events += absl::StrContains(line, "\tpartywork.membership.v1.MemberAwardRecorded\t");
  }
  EXPECT_EQ(events, rows);
}

// No step of inspection's work is dated after the history's end (its
// deadlines may be): at province size, where the latest days are drawn.
TEST(Dataset, NoStepAfterTheEndOfTheHistory) {
  bulk::Generator g(bulk::Size::kProvince, 5);
  const bulk::Chunk tree = g.Organizations();
  const bulk::Chunk members = g.Members(1, 50001);
  for (const std::string* rows :
       {&members.inspections, &members.petitions, &members.discipline_cases, &tree.inspections}) {
    for (const char* step :
         {"received_on", "planned_on", "opened_on", "concluded_on", "published_on", "closed_on",
          "resolved_on", "decided_on", "effective_on", "notified_on", "lodged_on"}) {
      const size_t at = rows->find(absl::StrCat("\"", step, "\":{\"year\":2026"));
      EXPECT_EQ(at, std::string::npos) << rows->substr(at == std::string::npos ? 0 : at, 60);
    }
  }
}

int64_t Count(const std::string& sql) { return Postgres::Get().Admin(sql)[0][0].as<int64_t>(); }

// Pages through a list call (`call` of the stub) from `request` until its
// last page; the items (`items` of a response) counted, -1 on an error.
template <typename Response, typename Request, typename Call, typename Items>
int64_t CountPages(Request request, Call call, Items items) {
  int64_t n = 0;
  request.set_page_size(100);
  do {
    grpc::ClientContext context;
    ::partywork::testing::SignAs(&context);
    Response page;
    const grpc::Status status = call(&context, request, &page);
    EXPECT_TRUE(status.ok()) << status.error_message();
    if (!status.ok()) return -1;
    n += items(page);
    request.set_page_token(page.next_page_token());
  } while (!request.page_token().empty());
  return n;
}

// A list request of the whole dataset (the top organization).
template <typename Request>
Request OfAll() {
  Request request;
  request.set_organization("organizations/1");
  return request;
}

// The indexes and constraints of membership's and inspection's schemas, as
// their definitions, which the import drops for the load and puts back.
std::string SchemaShape() {
  std::string shape;
  for (const auto& row : Postgres::Get().Admin(
           "SELECT indexdef FROM pg_indexes WHERE schemaname IN ('membership', 'inspection') "
           "UNION ALL SELECT conrelid::regclass::text || ' ' || conname || ' ' || "
           "pg_get_constraintdef(oid) || ' ' || convalidated FROM pg_constraint WHERE "
           "connamespace IN ('membership'::regnamespace, 'inspection'::regnamespace) "
           "ORDER BY 1")) {
    absl::StrAppend(&shape, row[0].as<std::string>(), "\n");
  }
  return shape;
}

// Membership's and inspection's schemas emptied and migrated again; their shape.
std::string EmptySchemas() {
  for (const char* schema : {"membership", "inspection"}) {
    Postgres::Get().ResetSchema(schema);
    EXPECT_EQ(::partywork::testing::RunBinary(schema, {"migrate"}), 0) << schema;
  }
  return SchemaShape();
}

TEST(BulkImport, AFailedImportPutsBackWhatItDropped) {
  const std::string migrated = EmptySchemas();
  ASSERT_FALSE(::testing::Test::HasFailure());
  bulk::ImportOptions o;
  o.database_url = Postgres::Get().Url("membership");
  // Membership's indexes and keys are dropped before inspection's
  // connection is found to fail.
  o.inspection_database_url = "postgresql://nobody@127.0.0.1:1/partywork?connect_timeout=2";
  const absl::Status failed = bulk::Import(o).status();
  EXPECT_EQ(failed.code(), absl::StatusCode::kUnavailable);
  EXPECT_NE(failed.message().find("every index and key is back"), std::string::npos) << failed;
  EXPECT_EQ(SchemaShape(), migrated);
  // The import began: the schema is refused until migrated again, whatever
  // a crash could have left in it.
  o.inspection_database_url = "";
  const absl::Status again = bulk::Import(o).status();
  EXPECT_EQ(again.code(), absl::StatusCode::kFailedPrecondition) << again;
  EXPECT_EQ(SchemaShape(), migrated);
}

TEST(BulkImport, LoadsWhatItGeneratedAndMembershipServesIt) {
  const std::string migrated = EmptySchemas();
  ASSERT_FALSE(::testing::Test::HasFailure());
  bulk::ImportOptions o;
  o.database_url = Postgres::Get().Url("membership");
  o.inspection_database_url = Postgres::Get().Url("inspection");
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
      "(SELECT count(*) FROM membership.members), (SELECT count(*) FROM "
      "membership.member_events), "
      "(SELECT count(*) FROM membership.outbox), (SELECT max(sequence) FROM membership.outbox), "
      "(SELECT count(*) FROM pg_indexes WHERE schemaname = 'membership' AND indexname = "
      "'members_by_name')");
  EXPECT_EQ(counts[0][0].as<int64_t>(), c.organizations);
  EXPECT_EQ(counts[0][1].as<int64_t>(), c.versions);
  EXPECT_EQ(counts[0][2].as<int64_t>(), 3500);
  EXPECT_EQ(counts[0][3].as<int64_t>(), c.events);
  EXPECT_EQ(counts[0][4].as<int64_t>(), c.outbox);
  EXPECT_EQ(counts[0][5].as<int64_t>(), c.outbox);  // numbered without gaps
  EXPECT_EQ(counts[0][6].as<int>(), 1);             // indexes built again
  EXPECT_EQ(SchemaShape(), migrated);               // every index and key back, the keys checked
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
  EXPECT_EQ(types["partywork.membership.v1.RatingRecorded"],
            c.member_ratings + c.organization_ratings);
  EXPECT_EQ(types["partywork.membership.v1.MemberAwardRecorded"], c.awards);

  // Membership serves the awards: the member with the most.
  EXPECT_EQ(Count("SELECT count(*) FROM membership.member_awards"), c.awards);
  EXPECT_GT(c.awards, 0);
  {
    pqxx::result most = Postgres::Get().Admin(
        "SELECT member_id, count(*) FROM membership.member_awards GROUP BY member_id "
        "ORDER BY count(*) DESC, member_id LIMIT 1");
    grpc::ClientContext context;
    ::partywork::testing::SignAs(&context);
    mv1::ListMemberAwardsRequest request;
    request.set_parent(absl::StrCat("members/", most[0][0].as<int64_t>()));
    mv1::ListMemberAwardsResponse awards;
    ASSERT_TRUE(stub->ListMemberAwards(&context, request, &awards).ok());
    EXPECT_EQ(awards.awards_size(), most[0][1].as<int>());
  }

  // Membership serves the ratings: a member's, and the summary of 2024.
  EXPECT_EQ(Count("SELECT count(*) FROM membership.ratings"),
            c.member_ratings + c.organization_ratings);
  for (int64_t id : {2, 1750, 3499}) {
    grpc::ClientContext context;
    ::partywork::testing::SignAs(&context);
    mv1::ListMemberRatingsRequest request;
    request.set_parent(absl::StrCat("members/", id));
    mv1::ListMemberRatingsResponse ratings;
    ASSERT_TRUE(stub->ListMemberRatings(&context, request, &ratings).ok());
    EXPECT_EQ(
        ratings.ratings_size(),
        Count(absl::StrCat("SELECT count(*) FROM membership.ratings WHERE member_id = ", id)));
  }
  {
    grpc::ClientContext context;
    ::partywork::testing::SignAs(&context);
    mv1::SummarizeRatingsRequest request;
    request.set_organization("organizations/1");
    *request.mutable_as_of() = ToDate(absl::CivilDay(2024, 12, 31));
    mv1::RatingSummary summary;
    ASSERT_TRUE(stub->SummarizeRatings(&context, request, &summary).ok());
    EXPECT_EQ(summary.year(), 2024);
    const std::string of2024 =
        "FROM membership.ratings WHERE year = 2024 AND member_id IS NOT NULL";
    EXPECT_EQ(summary.members().excellent(), Count("SELECT count(*) " + of2024 + " AND grade = 1"));
    EXPECT_EQ(summary.members().good(), Count("SELECT count(*) " + of2024 + " AND grade = 2"));
    EXPECT_EQ(summary.members().not_completed(),
              Count("SELECT count(*) " + of2024 + " AND grade = 4"));
    EXPECT_GT(summary.members().not_completed(), 0);
  }
  auto ratings_2025 = OfAll<mv1::ListRatingsRequest>();
  ratings_2025.set_year(2025);
  EXPECT_EQ(CountPages<mv1::ListRatingsResponse>(
                ratings_2025,
                [&](auto* context, const auto& request, auto* page) {
                  return stub->ListRatings(context, request, page);
                },
                [](const auto& page) { return page.ratings_size(); }),
            Count("SELECT count(*) FROM membership.ratings WHERE year = 2025"));

  // Inspection, once it has followed membership's feed (its copy of the
  // tree and of the members), serves what was loaded into its schema.
  EXPECT_EQ(Count("SELECT count(*) FROM inspection.programs"), c.programs);
  EXPECT_EQ(Count("SELECT count(*) FROM inspection.inspections"), c.inspections);
  EXPECT_EQ(Count("SELECT count(*) FROM inspection.petitions"), c.petitions);
  EXPECT_EQ(Count("SELECT count(*) FROM inspection.discipline_cases"), c.discipline_cases);
  EXPECT_EQ(Count("SELECT max(sequence) FROM inspection.outbox"), c.inspection_outbox);
  EXPECT_EQ(Count("SELECT count(*) FROM membership.applied_discipline"),
            Count("SELECT count(*) FROM membership.member_events WHERE kind = 13"));
  auto inspection =
      ServerProcess::Start("inspection", {{"PARTYWORK_MEMBERSHIP_ADDRESS", membership->address()}});
  ASSERT_NE(inspection, nullptr);
  const absl::Time until = absl::Now() + absl::Seconds(60);
  while (Count("SELECT coalesce((SELECT last_sequence FROM inspection.feed_checkpoints WHERE "
               "feed = 'membership'), 0)") < last &&
         absl::Now() < until) {
    absl::SleepFor(absl::Milliseconds(50));
  }
  auto work = iv1::InspectionService::NewStub(inspection->channel());
  EXPECT_EQ(CountPages<iv1::ListInspectionsResponse>(
                OfAll<iv1::ListInspectionsRequest>(),
                [&](auto* context, const auto& request, auto* page) {
                  return work->ListInspections(context, request, page);
                },
                [](const auto& page) { return page.inspections_size(); }),
            c.inspections);
  EXPECT_EQ(CountPages<iv1::ListDisciplineCasesResponse>(
                OfAll<iv1::ListDisciplineCasesRequest>(),
                [&](auto* context, const auto& request, auto* page) {
                  return work->ListDisciplineCases(context, request, page);
                },
                [](const auto& page) { return page.discipline_cases_size(); }),
            c.discipline_cases);
  // Petitions overdue at the end of the history: handled, past due, unresolved.
  auto overdue = OfAll<iv1::ListPetitionsRequest>();
  *overdue.mutable_overdue_on() = ToDate(bulk::kAsOf);
  EXPECT_EQ(CountPages<iv1::ListPetitionsResponse>(
                overdue,
                [&](auto* context, const auto& request, auto* page) {
                  return work->ListPetitions(context, request, page);
                },
                [](const auto& page) { return page.petitions_size(); }),
            Count("SELECT count(*) FROM inspection.petitions WHERE state = 2 AND due_on < "
                  "'2025-12-31'"));
  {
    grpc::ClientContext context;
    ::partywork::testing::SignAs(&context);
    iv1::GetDisciplineCaseRequest request;
    request.set_name("disciplineCases/1");
    iv1::DisciplineCase found;
    ASSERT_TRUE(work->GetDisciplineCase(&context, request, &found).ok());
    EXPECT_EQ(found.name(), "disciplineCases/1");
    EXPECT_NE(found.state(), iv1::DISCIPLINE_STATE_UNSPECIFIED);
  }

  // Membership following inspection's feed finds every expulsion applied
  // already: its discipline consumer changes nothing.
  const std::string changes =
      "SELECT (SELECT count(*) FROM membership.member_events) * 1000000 + "
      "(SELECT count(*) * 1000 + count(*) FILTER (WHERE refused <> '' OR restored_by <> '') "
      "FROM membership.applied_discipline)";
  const int64_t before = Count(changes);
  auto follower =
      ServerProcess::Start("membership", {{"PARTYWORK_INSPECTION_ADDRESS", inspection->address()}});
  ASSERT_NE(follower, nullptr);
  const absl::Time applied = absl::Now() + absl::Seconds(60);
  while (Count("SELECT coalesce((SELECT last_sequence FROM membership.feed_checkpoints WHERE "
               "feed = 'inspection'), 0)") < c.inspection_outbox &&
         absl::Now() < applied) {
    absl::SleepFor(absl::Milliseconds(50));
  }
  EXPECT_EQ(Count("SELECT last_sequence FROM membership.feed_checkpoints WHERE feed = "
                  "'inspection'"),
            c.inspection_outbox);
  EXPECT_EQ(Count(changes), before);
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
        "report: ratings 2024 (", "reporting applied inspection's feed (", "membership GetMember",
        "gateway GetMember, open loop", "membership transfer (RecordMemberEvent)",
        "membership admission opened (CreateAdmission)",
        "membership admission step (RecordAdmissionStep)",
        "until it had applied the whole feed: 21,149 events in",
        "peak RSS (MiB; goal < 200 each): membership", " reporting ", " inspection "}) {
    EXPECT_NE(out.find(row), std::string::npos) << row << "\n" << out;
  }
  // The reports count the imported work and ratings: as many as were loaded.
  for (const char* counted : {R"(2020–2025 \(([0-9,]+) petitions; loaded ([0-9,]+)\))",
                              R"(ratings 2024 \(([0-9,]+) members rated; loaded ([0-9,]+)\))"}) {
    std::smatch m;
    ASSERT_TRUE(std::regex_search(out, m, std::regex(counted))) << counted << "\n" << out;
    EXPECT_EQ(m[1], m[2]) << m[0];
    EXPECT_NE(m[1], "0") << m[0];
  }
}

}  // namespace
}  // namespace partywork::bench
