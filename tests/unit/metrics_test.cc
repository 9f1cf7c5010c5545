// metrics: the Prometheus text exposition format, checked by hand and by promtool, and the
// HTTP exporter.
#include "libs/platform/metrics.h"

#include <arpa/inet.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "tests/harness/local.h"

namespace partywork::metrics {
namespace {

using ::partywork::testing::HttpGet;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

// Runs `promtool check metrics` with `text` on its stdin; returns its exit status (-1 if it
// could not run) and puts what it printed in *out.
int Promtool(const std::string& text, std::string* out) {
  char path[] = "/tmp/partywork-promtool-XXXXXX";
  int fd = mkstemp(path);
  if (fd < 0) return -1;
  close(fd);
  std::string command = absl::StrCat("promtool check metrics > ", path, " 2>&1");
  FILE* pipe = popen(command.c_str(), "w");
  if (pipe == nullptr) return -1;
  fwrite(text.data(), 1, text.size(), pipe);
  int status = pclose(pipe);
  out->clear();
  if (FILE* f = fopen(path, "r")) {
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0) out->append(buf, n);
    fclose(f);
  }
  unlink(path);
  return status != -1 && WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

// The lines of `text`.
std::vector<std::string> Lines(const std::string& text) {
  return absl::StrSplit(text, '\n', absl::SkipEmpty());
}

// The value on the sample line that starts with `series` followed by a space, or NaN.
std::string SampleValue(const std::string& text, const std::string& series) {
  for (const auto& line : Lines(text)) {
    if (line.size() > series.size() && line.compare(0, series.size(), series) == 0 &&
        line[series.size()] == ' ') {
      return line.substr(series.size() + 1);
    }
  }
  return "<missing>";
}

TEST(MetricsTest, PromtoolIsInstalled) {
  std::string out;
  EXPECT_EQ(Promtool("# HELP x_total X.\n# TYPE x_total counter\nx_total 1\n", &out), 0) << out;
  // And it does refuse broken input, so the checks below mean something.
  EXPECT_NE(Promtool("this is { not metrics\n", &out), 0) << out;
}

TEST(MetricsTest, CounterRendersHelpTypeAndLabelledSamples) {
  Registry registry;
  auto& handled = registry.AddCounter("grpc_server_handled_total", "RPCs completed on the server.",
                                      {"grpc_method", "grpc_code"});
  handled.With({"GetOrganization", "OK"}).Inc();
  handled.With({"GetOrganization", "OK"}).Inc(2);
  handled.With({"CreateOrganization", "INVALID_ARGUMENT"}).Inc();
  EXPECT_EQ(handled.With({"GetOrganization", "OK"}).Value(), 3);

  std::string text = registry.Render();
  EXPECT_EQ(text,
            "# HELP grpc_server_handled_total RPCs completed on the server.\n"
            "# TYPE grpc_server_handled_total counter\n"
            "grpc_server_handled_total{grpc_method=\"CreateOrganization\","
            "grpc_code=\"INVALID_ARGUMENT\"} 1\n"
            "grpc_server_handled_total{grpc_method=\"GetOrganization\",grpc_code=\"OK\"} 3\n");
}

TEST(MetricsTest, AddingAFamilyTwiceReturnsTheSameFamily) {
  Registry registry;
  auto& a = registry.AddCounter("jobs_total", "Jobs.");
  auto& b = registry.AddCounter("jobs_total", "Jobs.");
  EXPECT_EQ(&a, &b);
  a.With({}).Inc();
  b.With({}).Inc();
  EXPECT_EQ(SampleValue(registry.Render(), "jobs_total"), "2");
}

TEST(MetricsTest, GaugeRendersUnlabelledAndLabelled) {
  Registry registry;
  registry.AddGauge("partywork_up", "Whether the server is up.").With({}).Set(1);
  auto& pool =
      registry.AddGauge("partywork_db_pool_in_use", "Database workers running a job.", {"pool"});
  pool.With({"main"}).Set(4);
  pool.With({"main"}).Add(-1.5);
  std::string text = registry.Render();
  EXPECT_THAT(text, HasSubstr("# TYPE partywork_up gauge\npartywork_up 1\n"));
  EXPECT_THAT(text, HasSubstr("# HELP partywork_db_pool_in_use Database workers running a job.\n"
                              "# TYPE partywork_db_pool_in_use gauge\n"
                              "partywork_db_pool_in_use{pool=\"main\"} 2.5\n"));
}

TEST(MetricsTest, LabelValuesAreEscaped) {
  Registry registry;
  registry.AddCounter("odd_labels_total", "Labels that need escaping.", {"value"})
      .With({"say \"hi\"\\ then\nbye"})
      .Inc();
  std::string text = registry.Render();
  EXPECT_THAT(text, HasSubstr("odd_labels_total{value=\"say \\\"hi\\\"\\\\ then\\nbye\"} 1\n"));
  // No raw newline inside the sample line.
  EXPECT_EQ(Lines(text).size(), 3u) << text;
  std::string out;
  EXPECT_EQ(Promtool(text, &out), 0) << text << "\n" << out;
}

TEST(MetricsTest, HelpIsOneLine) {
  Registry registry;
  registry.AddGauge("two_line_help", "First line.\nSecond line.").With({}).Set(1);
  std::string text = registry.Render();
  std::vector<std::string> lines = Lines(text);
  ASSERT_EQ(lines.size(), 3u) << text;
  EXPECT_THAT(lines[0], StartsWith("# HELP two_line_help First line."));
  EXPECT_THAT(lines[0], HasSubstr("Second line."));
  std::string out;
  EXPECT_EQ(Promtool(text, &out), 0) << text << "\n" << out;
}

TEST(MetricsTest, HelpWithBackslashIsEscaped) {
  // The format escapes a backslash in HELP as "\\"; a lone one is an invalid escape.
  Registry registry;
  registry.AddGauge("path_help", "Files under C:\\data.").With({}).Set(1);
  std::string text = registry.Render();
  EXPECT_THAT(text, HasSubstr("# HELP path_help Files under C:\\\\data.\n"));
  std::string out;
  EXPECT_EQ(Promtool(text, &out), 0) << text << "\n" << out;
}

TEST(MetricsTest, HistogramBucketsAreCumulativeWithInfSumAndCount) {
  Registry registry;
  auto& latency = registry.AddHistogram("grpc_server_handling_seconds", "Time to handle an RPC.",
                                        {"grpc_method"}, {0.25, 0.5, 1});
  auto& h = latency.With({"Get"});
  // Binary-exact values, so the sum prints exactly.
  h.Observe(0.125);
  h.Observe(0.25);  // on a bound: counts in that bucket (le is "less or equal")
  h.Observe(0.75);
  h.Observe(3);
  std::string text = registry.Render();
  EXPECT_EQ(text,
            "# HELP grpc_server_handling_seconds Time to handle an RPC.\n"
            "# TYPE grpc_server_handling_seconds histogram\n"
            "grpc_server_handling_seconds_bucket{grpc_method=\"Get\",le=\"0.25\"} 2\n"
            "grpc_server_handling_seconds_bucket{grpc_method=\"Get\",le=\"0.5\"} 2\n"
            "grpc_server_handling_seconds_bucket{grpc_method=\"Get\",le=\"1\"} 3\n"
            "grpc_server_handling_seconds_bucket{grpc_method=\"Get\",le=\"+Inf\"} 4\n"
            "grpc_server_handling_seconds_sum{grpc_method=\"Get\"} 4.125\n"
            "grpc_server_handling_seconds_count{grpc_method=\"Get\"} 4\n");

  std::vector<uint64_t> cumulative;
  double sum = 0;
  uint64_t count = 0;
  h.Snapshot(&cumulative, &sum, &count);
  EXPECT_EQ(cumulative, (std::vector<uint64_t>{2, 2, 3, 4}));
  EXPECT_EQ(sum, 4.125);
  EXPECT_EQ(count, 4u);
}

TEST(MetricsTest, UnlabelledHistogram) {
  Registry registry;
  registry.AddHistogram("job_seconds", "Job time.", {}, {1}).With({}).Observe(0.5);
  std::string text = registry.Render();
  EXPECT_THAT(text, HasSubstr("job_seconds_bucket{le=\"1\"} 1\n"
                              "job_seconds_bucket{le=\"+Inf\"} 1\n"
                              "job_seconds_sum 0.5\n"
                              "job_seconds_count 1\n"));
}

TEST(MetricsTest, LatencyBucketsAreIncreasing) {
  std::vector<double> b = LatencyBuckets();
  ASSERT_FALSE(b.empty());
  EXPECT_EQ(b.front(), 0.0005);
  EXPECT_EQ(b.back(), 10);
  for (size_t i = 1; i < b.size(); ++i) EXPECT_LT(b[i - 1], b[i]) << i;
}

TEST(MetricsTest, NonIntegerValuesKeepTheirPrecision) {
  // A long-running server's _sum of seconds grows large; its fractional part must survive, or
  // rate(sum)/rate(count) turns into steps. Prometheus clients print the shortest exact form.
  Registry registry;
  auto& g = registry.AddGauge("precise_value", "A value with many digits.", {"which"});
  g.With({"small"}).Set(0.1234567891);
  g.With({"large"}).Set(1234567.25);
  std::string text = registry.Render();
  for (const auto& [which, expected] : std::vector<std::pair<std::string, double>>{
           {"small", 0.1234567891}, {"large", 1234567.25}}) {
    std::string value = SampleValue(text, absl::StrCat("precise_value{which=\"", which, "\"}"));
    double parsed = 0;
    ASSERT_TRUE(absl::SimpleAtod(value, &parsed)) << value;
    EXPECT_EQ(parsed, expected) << which << " rendered as " << value;
  }
}

TEST(MetricsTest, SpecialValues) {
  Registry registry;
  auto& g = registry.AddGauge("special", "Special values.", {"v"});
  g.With({"inf"}).Set(std::numeric_limits<double>::infinity());
  g.With({"minus_inf"}).Set(-std::numeric_limits<double>::infinity());
  g.With({"nan"}).Set(std::numeric_limits<double>::quiet_NaN());
  g.With({"negative"}).Set(-3);
  std::string text = registry.Render();
  EXPECT_EQ(SampleValue(text, "special{v=\"inf\"}"), "+Inf");
  EXPECT_EQ(SampleValue(text, "special{v=\"minus_inf\"}"), "-Inf");
  EXPECT_EQ(SampleValue(text, "special{v=\"nan\"}"), "NaN");
  EXPECT_EQ(SampleValue(text, "special{v=\"negative\"}"), "-3");
  std::string out;
  EXPECT_EQ(Promtool(text, &out), 0) << text << "\n" << out;
}

TEST(MetricsTest, CollectorsRunBeforeRendering) {
  Registry registry;
  auto& lag = registry.AddGauge("partywork_feed_lag_events", "Events not yet consumed.");
  int runs = 0;
  int id = registry.AddCollector([&] {
    ++runs;
    lag.With({}).Set(runs * 10);
  });
  EXPECT_EQ(runs, 0);
  EXPECT_EQ(SampleValue(registry.Render(), "partywork_feed_lag_events"), "10");
  EXPECT_EQ(SampleValue(registry.Render(), "partywork_feed_lag_events"), "20");
  EXPECT_EQ(runs, 2);

  registry.RemoveCollector(id);
  EXPECT_EQ(SampleValue(registry.Render(), "partywork_feed_lag_events"), "20");
  EXPECT_EQ(runs, 2);
}

TEST(MetricsTest, CollectorIdsAreDistinct) {
  Registry registry;
  int a = 0, b = 0;
  int id_a = registry.AddCollector([&] { ++a; });
  int id_b = registry.AddCollector([&] { ++b; });
  EXPECT_NE(id_a, id_b);
  registry.RemoveCollector(id_a);
  registry.Render();
  EXPECT_EQ(a, 0);
  EXPECT_EQ(b, 1);
}

TEST(MetricsTest, FullRegistryPassesPromtool) {
  Registry registry;
  auto& handled = registry.AddCounter("grpc_server_handled_total", "RPCs completed on the server.",
                                      {"grpc_service", "grpc_method", "grpc_code"});
  handled.With({"partywork.membership.v1.MembershipService", "GetOrganization", "OK"}).Inc(5);
  handled.With({"partywork.membership.v1.MembershipService", "GetOrganization", "NOT_FOUND"}).Inc();
  registry.AddCounter("escaped_total", "Escapes.", {"v"}).With({"a\"b\\c\nd"}).Inc();
  registry.AddGauge("partywork_db_pool_in_use", "Database workers running a job.", {"pool"})
      .With({"main"})
      .Set(3);
  auto& seconds = registry.AddHistogram("grpc_server_handling_seconds", "Time to handle an RPC.",
                                        {"grpc_service", "grpc_method"}, LatencyBuckets());
  for (double v : {0.0001, 0.003, 0.2, 0.7, 4.0, 30.0}) {
    seconds.With({"partywork.membership.v1.MembershipService", "GetOrganization"}).Observe(v);
  }
  auto& lag = registry.AddGauge("partywork_feed_lag_events", "Events not yet consumed.");
  registry.AddCollector([&] { lag.With({}).Set(7); });

  std::string text = registry.Render();
  EXPECT_EQ(SampleValue(text, "partywork_feed_lag_events"), "7");
  EXPECT_EQ(SampleValue(text,
                        "grpc_server_handling_seconds_count{grpc_service=\"partywork.membership.v1."
                        "MembershipService\",grpc_method=\"GetOrganization\"}"),
            "6");
  std::string out;
  EXPECT_EQ(Promtool(text, &out), 0) << text << "\n" << out;
}

TEST(MetricsTest, HttpExporterServesMetrics) {
  Registry registry;
  registry
      .AddCounter("exporter_test_requests_total", "Requests seen by the exporter test.", {"kind"})
      .With({"probe"})
      .Inc(41);
  HttpExporter exporter(registry, "127.0.0.1", 0);
  ASSERT_TRUE(exporter.ok());
  int port = exporter.port();
  ASSERT_GT(port, 0);

  std::string response = HttpGet(port, "/metrics");
  ASSERT_FALSE(response.empty());
  EXPECT_THAT(response, StartsWith("HTTP/1.1 200 OK\r\n"));
  auto header_end = response.find("\r\n\r\n");
  ASSERT_NE(header_end, std::string::npos) << response;
  std::string headers = response.substr(0, header_end);
  std::string body = response.substr(header_end + 4);
  EXPECT_THAT(headers, HasSubstr("Content-Type: text/plain; version=0.0.4"));
  EXPECT_THAT(headers, HasSubstr(absl::StrCat("Content-Length: ", body.size())));
  EXPECT_THAT(body, HasSubstr("# TYPE exporter_test_requests_total counter\n"
                              "exporter_test_requests_total{kind=\"probe\"} 41\n"));

  // It renders on every request.
  registry.AddCounter("exporter_test_requests_total", "").With({"probe"}).Inc();
  EXPECT_THAT(HttpGet(port, "/metrics"),
              HasSubstr("exporter_test_requests_total{kind=\"probe\"} 42"));
  // Only /metrics is served.
  EXPECT_THAT(HttpGet(port, "/"), Not(HasSubstr("exporter_test_requests_total")));
}

}  // namespace
}  // namespace partywork::metrics
