// national_bench's one table: each case measured once per round (rounds
// interleaved: every case of round 1, then of round 2 …), printed as the
// median over the rounds, each ratio taken against the baseline of the same
// round, with the spread of the ratios (or of the rates) between rounds.
#pragma once

#include <deque>
#include <functional>
#include <string>
#include <vector>

#include "bench/lib/load.h"

namespace partywork::bench {

struct Row {
  std::string name;
  int in_flight = 0;               // 0: not a closed loop (open loop, feed)
  std::vector<LoadResult> rounds;  // one per round
  std::vector<double> baselines;   // the baseline's rate in the same round
  std::string baseline_name;
  std::string goal;                       // e.g. "≥ 0.35"
  std::function<bool(const Row&)> meets;  // on the medians; none: no goal

  double Throughput() const;  // median over the rounds
  double Baseline() const;    // median over the rounds; 0 without a baseline
  double Ratio() const;       // median of each round's rate ÷ that round's baseline
  // The round whose rate is the median (its latencies are printed).
  const LoadResult& Median() const;
  // "0.30–0.36" (ratios) or "5,100–6,000" (rates) over the rounds.
  std::string Spread() const;
  int64_t NotOk() const;  // over every round
};

// 1234567 → "1,234,567".
std::string Thousands(double v);

class Table {
 public:
  // The row (name, in_flight), created in order the first time; each round
  // appends its result and baseline.
  Row& Add(const std::string& name, int in_flight, LoadResult result, double baseline = 0,
           const std::string& baseline_name = "");
  const std::deque<Row>& rows() const { return rows_; }
  // Rows with a non-OK answer, or a round without any answer.
  int Failed() const;
  void Print() const;

 private:
  std::deque<Row> rows_;  // a row stays where it is: callers keep references
};

}  // namespace partywork::bench
