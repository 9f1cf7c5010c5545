// The load tool of the benchmarks: unary calls to any method over gRPC's
// generic async API (requests are serialized bytes, so one tool drives every
// service, the gateway and the echo server alike), either closed loop (N
// calls always in flight) or open loop (calls started at a fixed rate
// whatever the answers, latency counted from the planned start so a slow
// server cannot hide its queue). It keeps a latency histogram and counts
// every gRPC status code itself: h2load would count an error in the trailers
// as a success.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/time/time.h"
#include "bench/lib/cpu.h"
#include "bench/lib/histogram.h"
#include "grpcpp/channel.h"

namespace partywork::bench {

struct Target {
  std::shared_ptr<grpc::Channel> channel;
  std::string method;  // "/partywork.membership.v1.MembershipService/GetMember"
  std::vector<std::pair<std::string, std::string>> metadata;  // sent with every call
  // The serialized request of the call numbered `i` (0, 1, …).
  std::function<std::string(int64_t i)> request;
  absl::Duration deadline = absl::Seconds(10);
};

struct LoadOptions {
  int in_flight = 1;  // closed loop: calls kept in flight
  double rate = 0;    // open loop when > 0: calls started per second
  absl::Duration duration = absl::Seconds(3);
  absl::Duration warmup = absl::Milliseconds(500);  // run first, not counted
  // Closed loop: the window stays open until this many calls are counted (a
  // call slower than the window would leave none).
  int64_t min_calls = 0;
  // Called once, on the load tool's thread, when the measured window opens
  // (e.g. to sample the servers' CPU).
  std::function<void()> on_window_start;
};

struct LoadResult {
  int64_t calls = 0;  // answered within the measured window
  double seconds = 0;
  Histogram latency;                // µs
  std::array<int64_t, 17> codes{};  // by grpc::StatusCode
  std::string first_error;          // message of the first non-OK answer
  // CPU µs per call of the servers watched (CpuMeter), over the window.
  std::vector<CpuMeter::Use> cpu;

  double Throughput() const { return seconds > 0 ? calls / seconds : 0; }
  int64_t NotOk() const { return calls - codes[0]; }
  // "OK 1200" or "OK 1190, NOT_FOUND 10".
  std::string CodesText() const;
};

LoadResult RunLoad(const Target& target, const LoadOptions& options);

}  // namespace partywork::bench
