#include "libs/platform/metrics.h"

#include <civetweb.h>

#include <algorithm>
#include <charconv>
#include <cmath>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"

namespace partywork::metrics {
namespace {

void AtomicAdd(std::atomic<double>& a, double v) {
  double old = a.load();
  while (!a.compare_exchange_weak(old, old + v)) {
  }
}

std::string FormatValue(double v) {
  if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
  if (std::isnan(v)) return "NaN";
  if (v == std::floor(v) && std::fabs(v) < 1e15) return absl::StrCat(static_cast<int64_t>(v));
  // The shortest text that reads back as exactly v.
  char buffer[64];
  auto result = std::to_chars(buffer, buffer + sizeof(buffer), v);
  return std::string(buffer, result.ptr);
}

std::string EscapeLabel(const std::string& v) {
  return absl::StrReplaceAll(v, {{"\\", "\\\\"}, {"\"", "\\\""}, {"\n", "\\n"}});
}

std::string Labels(const std::vector<std::string>& names, const std::vector<std::string>& values,
                   const std::string& extra = "") {
  std::string out;
  for (size_t i = 0; i < names.size() && i < values.size(); ++i) {
    absl::StrAppend(&out, out.empty() ? "" : ",", names[i], "=\"", EscapeLabel(values[i]), "\"");
  }
  if (!extra.empty()) absl::StrAppend(&out, out.empty() ? "" : ",", extra);
  return out.empty() ? "" : absl::StrCat("{", out, "}");
}

void Header(std::string* out, const std::string& name, const std::string& help, const char* type) {
  absl::StrAppend(out, "# HELP ", name, " ",
                  absl::StrReplaceAll(help, {{"\\", "\\\\"}, {"\n", "\\n"}}), "\n", "# TYPE ", name,
                  " ", type, "\n");
}

}  // namespace

void Counter::Inc(double v) { AtomicAdd(value_, v); }
void Gauge::Add(double v) { AtomicAdd(value_, v); }

Histogram::Histogram(std::vector<double> bounds)
    : bounds_(std::move(bounds)), counts_(bounds_.size() + 1, 0) {}

void Histogram::Observe(double v) {
  size_t i = std::lower_bound(bounds_.begin(), bounds_.end(), v) - bounds_.begin();
  std::lock_guard<std::mutex> lock(mu_);
  ++counts_[i];
  sum_ += v;
}

void Histogram::Snapshot(std::vector<uint64_t>* cumulative, double* sum, uint64_t* count) const {
  std::lock_guard<std::mutex> lock(mu_);
  cumulative->clear();
  uint64_t running = 0;
  for (uint64_t c : counts_) cumulative->push_back(running += c);
  *sum = sum_;
  *count = running;
}

std::vector<double> LatencyBuckets() {
  return {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
}

Registry& Registry::Default() {
  static auto* const registry = new Registry();
  return *registry;
}

Family<Counter>& Registry::AddCounter(const std::string& name, const std::string& help,
                                      std::vector<std::string> labels) {
  std::lock_guard<std::mutex> lock(mu_);
  auto& slot = counters_[name];
  if (!slot) {
    slot = std::make_unique<Family<Counter>>(name, help, std::move(labels),
                                             [] { return std::make_unique<Counter>(); });
  }
  return *slot;
}

Family<Gauge>& Registry::AddGauge(const std::string& name, const std::string& help,
                                  std::vector<std::string> labels) {
  std::lock_guard<std::mutex> lock(mu_);
  auto& slot = gauges_[name];
  if (!slot) {
    slot = std::make_unique<Family<Gauge>>(name, help, std::move(labels),
                                           [] { return std::make_unique<Gauge>(); });
  }
  return *slot;
}

Family<Histogram>& Registry::AddHistogram(const std::string& name, const std::string& help,
                                          std::vector<std::string> labels,
                                          std::vector<double> bounds) {
  std::lock_guard<std::mutex> lock(mu_);
  auto& slot = histograms_[name];
  if (!slot) {
    slot = std::make_unique<Family<Histogram>>(
        name, help, std::move(labels), [bounds] { return std::make_unique<Histogram>(bounds); });
  }
  return *slot;
}

int Registry::AddCollector(std::function<void()> collect) {
  std::lock_guard<std::mutex> lock(collect_mu_);
  collectors_[next_collector_] = std::move(collect);
  return next_collector_++;
}

void Registry::RemoveCollector(int id) {
  std::lock_guard<std::mutex> lock(collect_mu_);
  collectors_.erase(id);
}

std::string Registry::Render() const {
  {
    // Collectors may create families (which takes mu_), so they run under
    // their own lock; RemoveCollector waits for a collection under way.
    std::lock_guard<std::mutex> lock(collect_mu_);
    for (const auto& [id, collect] : collectors_) collect();
  }
  std::lock_guard<std::mutex> lock(mu_);
  std::string out;
  for (const auto& [name, family] : counters_) {
    Header(&out, name, family->help(), "counter");
    family->ForEach([&](const std::vector<std::string>& labels, const Counter& c) {
      absl::StrAppend(&out, name, Labels(family->label_names(), labels), " ",
                      FormatValue(c.Value()), "\n");
    });
  }
  for (const auto& [name, family] : gauges_) {
    Header(&out, name, family->help(), "gauge");
    family->ForEach([&](const std::vector<std::string>& labels, const Gauge& g) {
      absl::StrAppend(&out, name, Labels(family->label_names(), labels), " ",
                      FormatValue(g.Value()), "\n");
    });
  }
  for (const auto& [name, family] : histograms_) {
    Header(&out, name, family->help(), "histogram");
    family->ForEach([&](const std::vector<std::string>& labels, const Histogram& h) {
      std::vector<uint64_t> cumulative;
      double sum;
      uint64_t count;
      h.Snapshot(&cumulative, &sum, &count);
      for (size_t i = 0; i < cumulative.size(); ++i) {
        std::string le = i < h.bounds().size() ? FormatValue(h.bounds()[i]) : "+Inf";
        absl::StrAppend(&out, name, "_bucket",
                        Labels(family->label_names(), labels, absl::StrCat("le=\"", le, "\"")), " ",
                        cumulative[i], "\n");
      }
      absl::StrAppend(&out, name, "_sum", Labels(family->label_names(), labels), " ",
                      FormatValue(sum), "\n", name, "_count", Labels(family->label_names(), labels),
                      " ", count, "\n");
    });
  }
  return out;
}

namespace {

int HandleMetrics(struct mg_connection* conn, void* data) {
  auto* registry = static_cast<Registry*>(data);
  std::string body = registry->Render();
  mg_printf(conn,
            "HTTP/1.1 200 OK\r\nContent-Type: text/plain; version=0.0.4; charset=utf-8\r\n"
            "Content-Length: %zu\r\nConnection: close\r\n\r\n",
            body.size());
  mg_write(conn, body.data(), body.size());
  return 200;
}

}  // namespace

HttpExporter::HttpExporter(Registry& registry, const std::string& host, int port)
    : registry_(registry) {
  std::string listen = absl::StrCat(host, ":", port);
  const char* options[] = {"listening_ports", listen.c_str(), "num_threads", "2", nullptr};
  mg_init_library(0);
  context_ = mg_start(nullptr, nullptr, options);
  if (context_ != nullptr) mg_set_request_handler(context_, "/metrics", HandleMetrics, &registry_);
}

HttpExporter::~HttpExporter() {
  if (context_ != nullptr) mg_stop(context_);
}

int HttpExporter::port() const {
  if (context_ == nullptr) return 0;
  struct mg_server_port ports[1];
  int n = mg_get_server_ports(context_, 1, ports);
  return n > 0 ? ports[0].port : 0;
}

}  // namespace partywork::metrics
