#include "gateway/gateway_spec.h"

#include <cstdio>

#include "absl/strings/match.h"
#include "gateway/forwarding.h"
#include "gateway/jwt_verifier.h"
#include "libs/platform/channel.h"
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

struct Parts : ServiceParts {
  std::vector<std::unique_ptr<ForwardingService>> forwarders;
};

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
       "Longest a forwarded call may take, whatever the caller's deadline."},
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
  spec.wire = [](ServiceRuntime& rt) -> absl::StatusOr<std::unique_ptr<ServiceParts>> {
    JwtOptions jwt = JwtOptionsFrom(rt.config);
    if (jwt.hs256_secret.empty() && jwt.public_keys_file.empty()) {
      return absl::InvalidArgumentError(
          "set jwt-hs256-secret or jwt-public-keys-file: the gateway must authenticate callers");
    }
    auto authenticate = BearerAuthentication(std::make_shared<JwtVerifier>(jwt));
    auto parts = std::make_unique<Parts>();
    const struct {
      const char* service;
      const char* address_setting;
    } kForwarded[] = {
        {"partywork.membership.v1.MembershipService", "membership-address"},
        {"partywork.inspection.v1.InspectionService", "inspection-address"},
        {"partywork.reporting.v1.ReportingService", "reporting-address"},
    };
    for (const auto& f : kForwarded) {
      const auto* descriptor =
          google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(f.service);
      if (descriptor == nullptr || descriptor->method_count() == 0) continue;
      Backend backend{NewChannel(rt.config.String(f.address_setting)), rt.identity_secret,
                      rt.config.Duration("backend-timeout")};
      parts->forwarders.push_back(
          std::make_unique<ForwardingService>(*descriptor, std::move(backend), authenticate));
      rt.host.Register(parts->forwarders.back().get(), f.service);
    }
    return parts;
  };
  return spec;
}

}  // namespace partywork::gateway
