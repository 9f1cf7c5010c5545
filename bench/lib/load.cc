#include "bench/lib/load.h"

#include <algorithm>
#include <deque>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "grpcpp/client_context.h"
#include "grpcpp/completion_queue.h"
#include "grpcpp/generic/generic_stub.h"
#include "grpcpp/support/byte_buffer.h"
#include "libs/platform/errors.h"

namespace partywork::bench {
namespace {

struct Call {
  grpc::ClientContext context;
  grpc::ByteBuffer request;
  grpc::ByteBuffer response;
  grpc::Status status;
  absl::Time planned;  // latency counts from here
  std::unique_ptr<grpc::GenericClientAsyncResponseReader> reader;
};

// One thread drives every call: it starts them and polls their completions,
// so the client's own cost stays one core at most and is the same for every
// server measured.
class Driver {
 public:
  Driver(const Target& target, const LoadOptions& options)
      : target_(target), options_(options), stub_(target.channel) {}

  LoadResult Run() {
    const absl::Time began = absl::Now();
    window_start_ = began + options_.warmup;
    window_end_ = window_start_ + options_.duration;
    if (options_.rate > 0) {
      RunOpen(began);
    } else {
      if (options_.warmup <= absl::ZeroDuration()) Observe(began);
      for (int i = 0; i < options_.in_flight; ++i) Start(began);
      while (outstanding_ > 0) {
        void* tag;
        bool ok;
        if (!cq_.Next(&tag, &ok)) break;
        const absl::Time now = Complete(static_cast<Call*>(tag));
        if (now < window_end_ || result_.calls < options_.min_calls) Start(now);
      }
    }
    cq_.Shutdown();
    void* tag;
    bool ok;
    while (cq_.Next(&tag, &ok)) {
    }
    result_.seconds = absl::ToDoubleSeconds(std::max(options_.duration, last_ - window_start_));
    return std::move(result_);
  }

 private:
  // Calls are started on schedule, k / rate after the beginning, whether or
  // not earlier ones have answered.
  void RunOpen(absl::Time began) {
    const absl::Duration interval = absl::Seconds(1) / options_.rate;
    absl::Time next = began;
    while (next < window_end_ || outstanding_ > 0) {
      void* tag;
      bool ok;
      const absl::Time wake = next < window_end_ ? next : window_end_ + target_.deadline;
      auto got = cq_.AsyncNext(&tag, &ok, absl::ToChronoTime(wake));
      if (got == grpc::CompletionQueue::SHUTDOWN) break;
      if (got == grpc::CompletionQueue::GOT_EVENT) Complete(static_cast<Call*>(tag));
      const absl::Time now = absl::Now();
      Observe(now);
      for (; next <= now && next < window_end_; next += interval) {
        Start(next);
      }
    }
  }

  void Start(absl::Time planned) {
    auto* call = new Call();
    call->planned = planned;
    call->context.set_deadline(absl::ToChronoTime(absl::Now() + target_.deadline));
    for (const auto& [key, value] : target_.metadata) call->context.AddMetadata(key, value);
    const std::string bytes = target_.request(next_index_++);
    grpc::Slice slice(bytes);
    call->request = grpc::ByteBuffer(&slice, 1);
    call->reader = stub_.PrepareUnaryCall(&call->context, target_.method, call->request, &cq_);
    call->reader->StartCall();
    call->reader->Finish(&call->response, &call->status, call);
    ++outstanding_;
  }

  // Opens the measured window once `now` has reached it.
  void Observe(absl::Time now) {
    if (window_open_ || now < window_start_) return;
    window_open_ = true;
    if (options_.on_window_start) options_.on_window_start();
  }

  absl::Time Complete(Call* call) {
    const absl::Time now = absl::Now();
    Observe(now);
    --outstanding_;
    // Closed loop: calls that end inside the window; open loop: calls
    // planned inside it, however late they end.
    const bool counted =
        options_.rate > 0
            ? call->planned >= window_start_ && call->planned < window_end_
            : now >= window_start_ && (now < window_end_ || result_.calls < options_.min_calls);
    if (counted) {
      if (options_.rate <= 0) last_ = now;
      const int code = static_cast<int>(call->status.error_code());
      ++result_.codes[code >= 0 && code < 17 ? code : 2];
      ++result_.calls;
      result_.latency.Record(absl::ToInt64Microseconds(now - call->planned));
      if (!call->status.ok() && result_.first_error.empty()) {
        result_.first_error = call->status.error_message();
      }
    }
    delete call;
    return now;
  }

  const Target& target_;
  const LoadOptions& options_;
  grpc::GenericStub stub_;
  grpc::CompletionQueue cq_;
  absl::Time window_start_, window_end_;
  bool window_open_ = false;
  absl::Time last_ = absl::InfinitePast();  // closed loop: the last counted call's end
  int64_t outstanding_ = 0;
  int64_t next_index_ = 0;
  LoadResult result_;
};

}  // namespace

std::string LoadResult::CodesText() const {
  std::string out;
  for (int code = 0; code < 17; ++code) {
    if (codes[code] == 0) continue;
    absl::StrAppend(&out, out.empty() ? "" : ", ",
                    errors::CodeName(static_cast<grpc::StatusCode>(code)), " ", codes[code]);
  }
  return out.empty() ? "none" : out;
}

LoadResult RunLoad(const Target& target, const LoadOptions& options) {
  return Driver(target, options).Run();
}

}  // namespace partywork::bench
