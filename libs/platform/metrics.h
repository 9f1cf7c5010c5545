// Prometheus metrics in the text exposition format (there is no
// prometheus-cpp in Debian 12). Families are created once at startup; a
// labelled child is looked up per observation.
#pragma once

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

struct mg_context;  // civetweb

namespace partywork::metrics {

class Counter {
 public:
  void Inc(double v = 1.0);
  double Value() const { return value_.load(); }

 private:
  std::atomic<double> value_{0};
};

class Gauge {
 public:
  void Set(double v) { value_.store(v); }
  void Add(double v);
  double Value() const { return value_.load(); }

 private:
  std::atomic<double> value_{0};
};

class Histogram {
 public:
  explicit Histogram(std::vector<double> bounds);
  void Observe(double v);
  // Snapshot for rendering: cumulative counts per bound, then +Inf.
  void Snapshot(std::vector<uint64_t>* cumulative, double* sum, uint64_t* count) const;
  const std::vector<double>& bounds() const { return bounds_; }

 private:
  std::vector<double> bounds_;
  mutable std::mutex mu_;
  std::vector<uint64_t> counts_;  // per bucket, last is +Inf
  double sum_ = 0;
};

// Latency buckets in seconds, from 0.5 ms to 10 s.
std::vector<double> LatencyBuckets();

template <class Metric>
class Family {
 public:
  Family(std::string name, std::string help, std::vector<std::string> label_names,
         std::function<std::unique_ptr<Metric>()> make)
      : name_(std::move(name)),
        help_(std::move(help)),
        label_names_(std::move(label_names)),
        make_(std::move(make)) {}

  // The child for these label values (in label_names order).
  Metric& With(const std::vector<std::string>& label_values) {
    std::lock_guard<std::mutex> lock(mu_);
    auto& slot = children_[label_values];
    if (!slot) slot = make_();
    return *slot;
  }

  const std::string& name() const { return name_; }
  const std::string& help() const { return help_; }
  const std::vector<std::string>& label_names() const { return label_names_; }
  // Calls f(label_values, metric) for every child, in label order.
  void ForEach(const std::function<void(const std::vector<std::string>&, const Metric&)>& f) const {
    std::lock_guard<std::mutex> lock(mu_);
    for (const auto& [labels, metric] : children_) f(labels, *metric);
  }

 private:
  std::string name_, help_;
  std::vector<std::string> label_names_;
  std::function<std::unique_ptr<Metric>()> make_;
  mutable std::mutex mu_;
  std::map<std::vector<std::string>, std::unique_ptr<Metric>> children_;
};

class Registry {
 public:
  // The process-wide registry the servers expose.
  static Registry& Default();

  Family<Counter>& AddCounter(const std::string& name, const std::string& help,
                              std::vector<std::string> labels = {});
  Family<Gauge>& AddGauge(const std::string& name, const std::string& help,
                          std::vector<std::string> labels = {});
  Family<Histogram>& AddHistogram(const std::string& name, const std::string& help,
                                  std::vector<std::string> labels, std::vector<double> bounds);
  // Called before each rendering, to refresh gauges read from elsewhere
  // (pool usage, feed lag). Returns an id for RemoveCollector.
  int AddCollector(std::function<void()> collect);
  void RemoveCollector(int id);

  // The text exposition format, version 0.0.4.
  std::string Render() const;

 private:
  mutable std::mutex mu_;
  // Families are never removed, so references handed out stay valid.
  std::map<std::string, std::unique_ptr<Family<Counter>>> counters_;
  std::map<std::string, std::unique_ptr<Family<Gauge>>> gauges_;
  std::map<std::string, std::unique_ptr<Family<Histogram>>> histograms_;
  mutable std::mutex collect_mu_;
  std::map<int, std::function<void()>> collectors_;  // guarded by collect_mu_
  int next_collector_ = 0;
};

// Serves GET /metrics of a registry over HTTP on its own port.
class HttpExporter {
 public:
  HttpExporter(Registry& registry, const std::string& host, int port);
  ~HttpExporter();
  HttpExporter(const HttpExporter&) = delete;
  HttpExporter& operator=(const HttpExporter&) = delete;
  bool ok() const { return context_ != nullptr; }
  // The bound port (useful with port 0).
  int port() const;

 private:
  Registry& registry_;
  mg_context* context_ = nullptr;
};

}  // namespace partywork::metrics
