#include "gateway/gateway_spec.h"

#include <cstdio>
#include <map>
#include <mutex>
#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
#include "gateway/aggregation_service.h"
#include "gateway/authorization.h"
#include "gateway/backend_health.h"
#include "gateway/forwarding.h"
#include "gateway/jwt_verifier.h"
#include "gateway/organization_tree.h"
#include "gateway/rate_limiter.h"
#include "libs/platform/channel.h"
#include "libs/platform/errors.h"
#include "libs/platform/log.h"
#include "partywork/inspection/v1/inspection_service.grpc.pb.h"
#include "partywork/membership/v1/membership_service.grpc.pb.h"
#include "partywork/reporting/v1/reporting_service.grpc.pb.h"

namespace partywork::gateway {

const std::vector<db::Migration>& Migrations();  // embedded from migrations/

namespace {

JwtOptions JwtOptionsFrom(const Config& config) {
  return {config.String("jwt-hs256-secret"), config.String("jwt-public-keys-file"),
          config.String("jwt-issuer"), config.String("jwt-audience")};
}

// Who is calling, from the call's metadata; UNAUTHENTICATED otherwise.
using Authenticate = std::function<absl::StatusOr<Caller>(const grpc::CallbackServerContext&)>;

// Reads "authorization: Bearer <token>".
Authenticate BearerAuthentication(std::shared_ptr<JwtVerifier> verifier) {
  return [verifier](const grpc::CallbackServerContext& context) -> absl::StatusOr<Caller> {
    auto header = context.client_metadata().find("authorization");
    if (header == context.client_metadata().end()) {
      return absl::UnauthenticatedError(
          "no bearer token: send the metadata \"authorization: Bearer <JWT>\"");
    }
    std::string value(header->second.data(), header->second.size());
    if (!absl::StartsWithIgnoreCase(value, "bearer ")) {
      return absl::UnauthenticatedError("the authorization metadata is not \"Bearer <JWT>\"");
    }
    return verifier->Verify(value.substr(7));
  };
}

// The backends: each one's name (its settings are <name>-address and
// <name>-timeout) and the service the gateway forwards to it.
struct Forwarded {
  const char* backend;
  const char* service;
};
constexpr Forwarded kForwarded[] = {
    {"membership", "partywork.membership.v1.MembershipService"},
    {"inspection", "partywork.inspection.v1.InspectionService"},
    {"reporting", "partywork.reporting.v1.ReportingService"},
};

struct Parts : ServiceParts {
  explicit Parts(ServiceHost& h) : host(h) {}
  ~Parts() override {
    // The threads first: they use everything below.
    if (health) health->Stop();
    if (follower) follower->Stop();
  }
  void Started() override {
    follower->Start();
    health->Start();
  }

  // Serving once the tree has caught up and every required backend serves;
  // each forwarded service's health follows its backend.
  void Refresh() {
    // Both threads call it: what one computes is set before the other reads.
    std::lock_guard<std::mutex> lock(refresh_mu);
    bool ready = follower->caught_up();
    for (const auto& b : required) ready = ready && health->Serving(b);
    host.SetReady("", ready);
    host.SetReady("partywork.gateway.v1.GatewayService", ready);
    for (const auto& f : kForwarded) host.SetReady(f.service, health->Serving(f.backend));
  }

  ServiceHost& host;
  std::mutex refresh_mu;
  std::set<std::string> required;
  OrganizationTree tree;
  std::unique_ptr<Authorizer> authorizer;
  std::unique_ptr<RateLimiter> limiter;
  std::vector<std::unique_ptr<ForwardingService>> forwarders;
  std::map<std::string, std::unique_ptr<BackendClient>> clients;  // for the aggregated calls
  std::unique_ptr<AggregationService> aggregation;
  std::unique_ptr<TreeFollower> follower;
  std::unique_ptr<BackendHealth> health;
};

// Authenticates, rate-limits, then authorizes.
Admit AdmitCalls(Authenticate authenticate, RateLimiter* limiter, const Authorizer* authorizer) {
  return [=](const grpc::CallbackServerContext& context, const std::string& path,
             const grpc::ByteBuffer& request) {
    Admission admission;
    auto caller = authenticate(context);
    if (!caller.ok()) {
      admission.status = errors::Unauthenticated(std::string(caller.status().message()));
      return admission;
    }
    if (auto wait = limiter->Take(caller->subject, absl::Now())) {
      admission.status =
          errors::ResourceExhausted(
              "RATE_LIMITED",
              absl::StrCat("too many calls from ", caller->subject, "; retry in ",
                           absl::FormatDuration(absl::Ceil(*wait, absl::Milliseconds(1)))))
              .RetryAfter(*wait)
              .Meta("subject", caller->subject)
              .Vietnamese("Bạn gửi quá nhiều yêu cầu; vui lòng thử lại sau giây lát.");
      return admission;
    }
    Decision decision = authorizer->Decide(*caller, path, request);
    admission.status = decision.status;
    admission.caller = *std::move(caller);
    admission.retryable = decision.retryable;
    if (decision.redact) {
      admission.filter = [authorizer, path](grpc::ByteBuffer* response) {
        return authorizer->Redact(path, response);
      };
    }
    return admission;
  };
}

// <backend>-timeout when set, else backend-timeout.
absl::StatusOr<absl::Duration> BackendTimeout(const Config& config, const std::string& backend) {
  const std::string& own = config.String(backend + "-timeout");
  if (own.empty()) return config.Duration("backend-timeout");
  absl::Duration timeout;
  if (!absl::ParseDuration(own, &timeout) || timeout <= absl::ZeroDuration()) {
    return absl::InvalidArgumentError(
        absl::StrCat(backend, "-timeout: \"", own, "\" is not a duration (e.g. 500ms, 10s, 5m)"));
  }
  return timeout;
}

grpc::ChannelArguments BackendChannelArguments() {
  grpc::ChannelArguments args;
  // A restarted backend is dialled again within a second, not after the
  // default backoff of up to two minutes.
  args.SetInt(GRPC_ARG_INITIAL_RECONNECT_BACKOFF_MS, 100);
  args.SetInt(GRPC_ARG_MAX_RECONNECT_BACKOFF_MS, 1000);
  return args;
}

int MintToken(const Config& config) {
  JwtOptions options = JwtOptionsFrom(config);
  if (options.hs256_secret.empty()) {
    std::fprintf(stderr, "mint-token needs jwt-hs256-secret (PARTYWORK_JWT_HS256_SECRET)\n");
    return 2;
  }
  Caller caller{config.String("token-subject"), config.String("token-role"),
                config.String("token-scope")};
  std::printf("%s\n", JwtVerifier::Mint(options, caller, config.Duration("token-ttl")).c_str());
  return 0;
}

}  // namespace

ServiceSpec Spec() {
  ServiceSpec spec;
  spec.name = "gateway";
  spec.grpc_port = 50051;
  spec.metrics_port = 9051;
  spec.migrations = Migrations();
  spec.settings = {
      {"membership-address", "127.0.0.1:50061",
       "Membership's address (e.g. dns:///membership:50061)."},
      {"inspection-address", "127.0.0.1:50062",
       "Inspection's address (e.g. dns:///inspection:50062)."},
      {"reporting-address", "127.0.0.1:50063",
       "Reporting's address (e.g. dns:///reporting:50063)."},
      {"backend-timeout", "10s",
       "Longest a forwarded call may take, whatever the caller's deadline, unless the "
       "backend's own timeout is set."},
      {"membership-timeout", "",
       "Longest a call forwarded to membership may take; empty: "
       "backend-timeout."},
      {"inspection-timeout", "",
       "Longest a call forwarded to inspection may take; empty: "
       "backend-timeout."},
      {"reporting-timeout", "",
       "Longest a call forwarded to reporting may take; empty: "
       "backend-timeout."},
      {"aggregation-timeout", "3s",
       "Longest an aggregated call (dossier, overview, dashboard) may take, whatever the "
       "caller's deadline; the parts not back by then are named as missing."},
      {"backend-retry-attempts", "3",
       "Attempts of an idempotent read whose backend answers UNAVAILABLE (1: no retry)."},
      {"backend-retry-backoff", "100ms",
       "Wait before the first retry of a read; doubled each time (up to 2s), within the "
       "caller's deadline."},
      {"backend-health-interval", "1s", "How often the gateway checks its backends' health."},
      {"required-backends", "membership",
       "Backends (comma-separated) without which the gateway's health is NOT_SERVING."},
      {"rate-limit-per-second", "50",
       "Calls per second each caller (token subject) may make on average; 0: no limit."},
      {"rate-limit-burst", "100", "Calls a caller may make at once above its average rate."},
      {"jwt-hs256-secret", "", "Secret of HS256 client tokens (local use); empty refuses HS256."},
      {"jwt-public-keys-file", "",
       "PEM file of RS256/ES256 public keys for client tokens; re-read when it changes."},
      {"jwt-issuer", "partywork", "The iss claim client tokens must carry."},
      {"jwt-audience", "partywork", "The aud claim client tokens must carry."},
      {"token-subject", "local-operator", "mint-token: the token's subject (sub)."},
      {"token-role", "khoi_admin", "mint-token: the token's role."},
      {"token-scope", "", "mint-token: the organization subtree (organizations/N); empty for all."},
      {"token-ttl", "12h", "mint-token: how long the token is valid."},
  };
  spec.extra_modes["mint-token"] = MintToken;
  spec.extra_modes["authorization-table"] = [](const Config&) {
    std::printf("%s", AuthorizationTableMarkdown().c_str());
    return 0;
  };
  spec.wire = [](ServiceRuntime& rt) -> absl::StatusOr<std::unique_ptr<ServiceParts>> {
    JwtOptions jwt = JwtOptionsFrom(rt.config);
    if (jwt.hs256_secret.empty() && jwt.public_keys_file.empty()) {
      return absl::InvalidArgumentError(
          "set jwt-hs256-secret or jwt-public-keys-file: the gateway must authenticate callers");
    }
    auto parts = std::make_unique<Parts>(rt.host);
    for (absl::string_view b :
         absl::StrSplit(rt.config.String("required-backends"), ',', absl::SkipWhitespace())) {
      b = absl::StripAsciiWhitespace(b);
      if (b != "membership" && b != "inspection" && b != "reporting") {
        return absl::InvalidArgumentError(absl::StrCat(
            "required-backends: \"", b, "\" is not membership, inspection or reporting"));
      }
      parts->required.insert(std::string(b));
    }
    auto authorizer = Authorizer::Create(MethodRules(), &parts->tree);
    if (!authorizer.ok()) return authorizer.status();
    parts->authorizer = *std::move(authorizer);
    parts->limiter = std::make_unique<RateLimiter>(rt.config.Int("rate-limit-per-second"),
                                                   rt.config.Int("rate-limit-burst"));
    Admit admit = AdmitCalls(BearerAuthentication(std::make_shared<JwtVerifier>(jwt)),
                             parts->limiter.get(), parts->authorizer.get());
    std::vector<BackendHealth::Watched> watched;
    const IdentitySigner signer(rt.identity_secret);  // one, so its tokens are reused
    for (const auto& f : kForwarded) {
      const std::string backend = f.backend;
      auto channel = NewChannel(rt.config.String(backend + "-address"), BackendChannelArguments());
      watched.push_back({backend, channel});
      if (backend == "membership") {
        parts->follower = std::make_unique<TreeFollower>(channel, rt.identity_secret, &parts->tree);
      }
      auto timeout = BackendTimeout(rt.config, backend);
      if (!timeout.ok()) return timeout.status();
      Backend forwarded{backend,
                        channel,
                        signer,
                        *timeout,
                        std::max(1, rt.config.Int("backend-retry-attempts")),
                        rt.config.Duration("backend-retry-backoff")};
      parts->clients[backend] = std::make_unique<BackendClient>(forwarded);
      const auto* descriptor =
          google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(f.service);
      if (descriptor == nullptr || descriptor->method_count() == 0) continue;
      parts->forwarders.push_back(
          std::make_unique<ForwardingService>(*descriptor, std::move(forwarded), admit));
      rt.host.Register(parts->forwarders.back().get(), f.service);
    }
    parts->aggregation = std::make_unique<AggregationService>(
        admit, *parts->authorizer,
        AggregationBackends{parts->clients["membership"].get(), parts->clients["inspection"].get(),
                            parts->clients["reporting"].get()},
        rt.config.Duration("aggregation-timeout"));
    rt.host.Register(parts->aggregation.get(), "partywork.gateway.v1.GatewayService");
    Parts* p = parts.get();
    parts->health = std::make_unique<BackendHealth>(
        std::move(watched), rt.config.Duration("backend-health-interval"), [p] { p->Refresh(); });
    parts->follower->OnCaughtUp([p] { p->Refresh(); });
    p->Refresh();  // NOT_SERVING from the start, until the checks say otherwise
    return parts;
  };
  return spec;
}

}  // namespace partywork::gateway
