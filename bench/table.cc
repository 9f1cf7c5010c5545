#include "bench/table.h"

#include <algorithm>
#include <cstdio>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace partywork::bench {
namespace {

double MedianOf(std::vector<double> v) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const size_t n = v.size();
  return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

std::vector<double> Rates(const Row& r) {
  std::vector<double> out;
  for (const LoadResult& l : r.rounds) out.push_back(l.Throughput());
  return out;
}

std::vector<double> Ratios(const Row& r) {
  std::vector<double> out;
  for (size_t i = 0; i < r.rounds.size() && i < r.baselines.size(); ++i) {
    if (r.baselines[i] > 0) out.push_back(r.rounds[i].Throughput() / r.baselines[i]);
  }
  return out;
}

// 1,234 for rates, 0.123 below 10 (a report's few calls a second).
std::string Rate(double v) { return v < 10 ? absl::StrFormat("%.3g", v) : Thousands(v); }

// `text` padded with spaces to `width` characters (not bytes: names are
// Vietnamese), on the right or, for numbers, on the left.
std::string Pad(const std::string& text, size_t width, bool left = false) {
  size_t chars = 0;
  for (unsigned char c : text) chars += (c & 0xC0) != 0x80;
  const std::string fill(width > chars ? width - chars : 0, ' ');
  return left ? fill + text : text + fill;
}

}  // namespace

std::string Thousands(double v) {
  std::string digits = absl::StrFormat("%.0f", v), out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && digits[i - 1] != '-' && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

double Row::Throughput() const { return MedianOf(Rates(*this)); }
double Row::Baseline() const { return MedianOf(baselines); }
double Row::Ratio() const { return MedianOf(Ratios(*this)); }

const LoadResult& Row::Median() const {
  std::vector<size_t> order(rounds.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(),
            [this](size_t a, size_t b) { return rounds[a].Throughput() < rounds[b].Throughput(); });
  return rounds[order[order.size() / 2]];
}

std::string Row::Spread() const {
  std::vector<double> v = Ratios(*this);
  const bool ratios = !v.empty();
  if (!ratios) v = Rates(*this);
  if (v.size() < 2) return "";
  const auto [lo, hi] = std::minmax_element(v.begin(), v.end());
  return ratios ? absl::StrFormat("%.2f–%.2f", *lo, *hi) : absl::StrCat(Rate(*lo), "–", Rate(*hi));
}

int64_t Row::NotOk() const {
  int64_t n = 0;
  for (const LoadResult& l : rounds) n += l.NotOk();
  return n;
}

Row& Table::Add(const std::string& name, int in_flight, LoadResult result, double baseline,
                const std::string& baseline_name) {
  std::fprintf(stderr, "%s at %d: %.1f calls/s (%s)\n", name.c_str(), in_flight,
               result.Throughput(), result.CodesText().c_str());
  auto it = std::find_if(rows_.begin(), rows_.end(),
                         [&](const Row& r) { return r.name == name && r.in_flight == in_flight; });
  if (it == rows_.end()) {
    Row row;
    row.name = name;
    row.in_flight = in_flight;
    rows_.push_back(std::move(row));
    it = rows_.end() - 1;
  }
  it->rounds.push_back(std::move(result));
  if (baseline > 0) {
    it->baselines.push_back(baseline);
    it->baseline_name = baseline_name;
  }
  return *it;
}

int Table::Failed() const {
  int failed = 0;
  for (const Row& r : rows_) {
    bool ok = r.NotOk() == 0;
    for (const LoadResult& l : r.rounds) ok = ok && l.calls > 0;
    failed += !ok;
  }
  return failed;
}

void Table::Print() const {
  auto line = [](const std::vector<std::string>& cells) {
    static const size_t kWidths[] = {56, 5, 9, 8, 8, 7, 20, 9, 6, 11, 0};
    std::string out;
    for (size_t i = 0; i < cells.size(); ++i) {
      const bool number = (i >= 1 && i <= 5) || i == 7 || i == 8;
      out += Pad(cells[i], kWidths[i], number) + (i + 1 < cells.size() ? " " : "");
    }
    std::printf("%s\n", out.c_str());
  };
  std::printf("\n");
  line({"case", "calls", "calls/s", "p50 µs", "p99 µs", "non-OK", "baseline", "base/s", "ratio",
        "spread", "goal"});
  for (const Row& r : rows_) {
    const LoadResult& m = r.Median();
    const bool timed = m.latency.count() > 0;
    const bool based = r.Baseline() > 0;
    line({r.name, r.in_flight > 0 ? absl::StrCat(r.in_flight) : "", Rate(r.Throughput()),
          timed ? absl::StrFormat("%.0f", m.latency.Quantile(0.5)) : "",
          timed ? absl::StrFormat("%.0f", m.latency.Quantile(0.99)) : "", absl::StrCat(r.NotOk()),
          r.baseline_name, based ? Rate(r.Baseline()) : "",
          based ? absl::StrFormat("%.2f", r.Ratio()) : "", r.Spread(),
          r.goal + (!r.meets     ? ""
                    : r.meets(r) ? " (met)"
                                 : " (MISSED)")});
  }
  std::printf("\nCPU µs per call (utime + stime from /proc over the median round's window):\n");
  for (const Row& r : rows_) {
    std::string uses;
    for (const CpuMeter::Use& u : r.Median().cpu) {
      if (u.us_per_call >= 0.5)
        absl::StrAppend(&uses, uses.empty() ? "" : ", ", u.process, " ",
                        absl::StrFormat("%.0f", u.us_per_call));
    }
    if (!uses.empty()) {
      std::printf("  %s%s: %s\n", r.name.c_str(),
                  r.in_flight > 0 ? absl::StrCat(" at ", r.in_flight).c_str() : "", uses.c_str());
    }
  }
  for (const Row& r : rows_) {
    for (const LoadResult& l : r.rounds) {
      if (l.NotOk() > 0) {
        std::printf("%s: %s; first error: %s\n", r.name.c_str(), l.CodesText().c_str(),
                    l.first_error.c_str());
      }
    }
  }
}

}  // namespace partywork::bench
