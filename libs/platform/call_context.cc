#include "libs/platform/call_context.h"

#include <mutex>
#include <random>
#include <unordered_map>

#include "absl/strings/match.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "libs/platform/errors.h"
#include "libs/platform/log.h"
#include "libs/platform/metrics.h"

namespace partywork {
namespace {

using grpc::experimental::InterceptionHookPoints;

std::mutex g_calls_mu;
std::unordered_map<const grpc::ServerContextBase*, std::shared_ptr<CallContext>>& Calls() {
  static auto* const calls =
      new std::unordered_map<const grpc::ServerContextBase*, std::shared_ptr<CallContext>>();
  return *calls;
}

// "00-<trace id>-<span id>-<flags>" (W3C Trace Context).
std::string TraceIdFrom(const std::string& traceparent) {
  std::vector<std::string> parts = absl::StrSplit(traceparent, '-');
  if (parts.size() == 4 && parts[1].size() == 32) return parts[1];
  return "";
}

struct CallMetrics {
  metrics::Family<metrics::Counter>& handled;
  metrics::Family<metrics::Histogram>& seconds;
};

CallMetrics& Metrics() {
  auto& registry = metrics::Registry::Default();
  static CallMetrics m{
      registry.AddCounter("grpc_server_handled_total", "RPCs completed on the server.",
                          {"grpc_service", "grpc_method", "grpc_code"}),
      registry.AddHistogram("grpc_server_handling_seconds",
                            "Time from receiving an RPC to sending its status.",
                            {"grpc_service", "grpc_method"}, metrics::LatencyBuckets())};
  return m;
}

// A method's labels and metrics, found once per thread: the families'
// maps, searched under their lock, are read on a method's first call only.
struct MethodMetrics {
  std::string service, method;  // "/pkg.Service/Method" → its two labels
  metrics::Histogram* seconds = nullptr;
  metrics::Counter* handled_ok = nullptr;
};

const MethodMetrics& MetricsOf(const std::string& full_method) {
  thread_local std::unordered_map<std::string, MethodMetrics> cache;
  auto it = cache.find(full_method);
  if (it != cache.end()) return it->second;
  std::vector<std::string> parts = absl::StrSplit(full_method, '/');
  MethodMetrics m;
  m.service = parts.size() == 3 ? parts[1] : full_method;
  m.method = parts.size() == 3 ? parts[2] : "";
  m.seconds = &Metrics().seconds.With({m.service, m.method});
  m.handled_ok = &Metrics().handled.With({m.service, m.method, errors::CodeName(grpc::OK)});
  return cache.emplace(full_method, std::move(m)).first->second;
}

class CallInterceptor : public grpc::experimental::Interceptor {
 public:
  CallInterceptor(grpc::experimental::ServerRpcInfo* info, const std::string& service,
                  const IdentitySigner& signer)
      : info_(info), service_(service), signer_(signer), call_(std::make_shared<CallContext>()) {
    call_->method = info->method();
    call_->start = absl::Now();
  }

  ~CallInterceptor() override {
    std::lock_guard<std::mutex> lock(g_calls_mu);
    Calls().erase(info_->server_context());
  }

  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::POST_RECV_INITIAL_METADATA)) {
      OnMetadata(*methods->GetRecvInitialMetadata());
    }
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_SEND_INITIAL_METADATA)) {
      methods->GetSendInitialMetadata()->emplace(kRequestIdHeader, call_->request_id);
    }
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_SEND_STATUS)) {
      OnStatus(methods->GetSendStatus());
    }
    methods->Proceed();
  }

 private:
  void OnMetadata(const std::multimap<grpc::string_ref, grpc::string_ref>& md) {
    auto get = [&](const char* key) -> std::string {
      auto it = md.find(key);
      return it == md.end() ? "" : std::string(it->second.data(), it->second.size());
    };
    auto* ctx = info_->server_context();
    call_->request_id = get(kRequestIdHeader);
    if (call_->request_id.empty() || call_->request_id.size() > 128) {
      call_->request_id = NewRequestId();
    }
    call_->trace_id = TraceIdFrom(get("traceparent"));
    call_->peer = ctx->peer();
    call_->deadline = absl::FromChrono(ctx->deadline());
    std::string token = get(kIdentityHeader);
    if (!token.empty()) {
      auto caller = signer_.Verify(token);
      if (caller.ok()) {
        call_->caller = *caller;
      } else {
        call_->identity_error = std::string(caller.status().message());
      }
    }
    std::lock_guard<std::mutex> lock(g_calls_mu);
    Calls()[ctx] = call_;
  }

  void OnStatus(const grpc::Status& status) {
    double seconds = absl::ToDoubleSeconds(absl::Now() - call_->start);
    const MethodMetrics& metrics = MetricsOf(call_->method);
    const char* code = errors::CodeName(status.error_code());
    (status.ok() ? *metrics.handled_ok
                 : Metrics().handled.With({metrics.service, metrics.method, code}))
        .Inc();
    metrics.seconds->Observe(seconds);

    // Probes and reflection would drown the calls that matter.
    bool routine = absl::StartsWith(call_->method, "/grpc.");
    const log::Level level = routine ? log::Level::kDebug : log::Level::kInfo;
    if (!log::Enabled(level)) return;  // the line is not built for nothing
    nlohmann::json fields = {{"grpc.method", call_->method},
                             {"grpc.code", code},
                             {"duration_ms", seconds * 1000.0},
                             {"request_id", call_->request_id},
                             {"trace_id", call_->trace_id},
                             {"peer", call_->peer},
                             {"subject", call_->caller ? call_->caller->subject : ""}};
    if (!status.ok()) fields["error"] = status.error_message();
    log::Write(level, "call", std::move(fields));
  }

  grpc::experimental::ServerRpcInfo* info_;
  const std::string& service_;
  const IdentitySigner& signer_;
  std::shared_ptr<CallContext> call_;
};

}  // namespace

std::string NewRequestId() {
  thread_local std::mt19937_64 rng(std::random_device{}());
  return absl::StrFormat("%016x%016x", rng(), rng());
}

std::shared_ptr<const CallContext> CallOf(const grpc::ServerContextBase* server_context) {
  {
    std::lock_guard<std::mutex> lock(g_calls_mu);
    auto it = Calls().find(server_context);
    if (it != Calls().end()) return it->second;
  }
  auto call = std::make_shared<CallContext>();
  call->request_id = NewRequestId();
  call->start = absl::Now();
  return call;
}

grpc::Status RequireCaller(const CallContext& call) {
  if (!call.identity_error.empty()) {
    return errors::Unauthenticated("caller identity refused: " + call.identity_error);
  }
  if (!call.caller) {
    return errors::Unauthenticated(
        "no caller identity: call partywork through its gateway, which signs the caller's "
        "identity");
  }
  return grpc::Status::OK;
}

CallInterceptorFactory::CallInterceptorFactory(std::string service, std::string identity_secret)
    : service_(std::move(service)), signer_(std::move(identity_secret)) {}

grpc::experimental::Interceptor* CallInterceptorFactory::CreateServerInterceptor(
    grpc::experimental::ServerRpcInfo* info) {
  return new CallInterceptor(info, service_, signer_);
}

}  // namespace partywork
