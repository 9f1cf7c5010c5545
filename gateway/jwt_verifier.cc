#include "gateway/jwt_verifier.h"

#include <sys/stat.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "jwt/jwt.hpp"

namespace partywork::gateway {
namespace {

// The PEM blocks of a file, each a key.
std::vector<std::string> SplitPem(const std::string& text) {
  std::vector<std::string> keys;
  const std::string end = "-----END ";
  size_t start = text.find("-----BEGIN ");
  while (start != std::string::npos) {
    size_t stop = text.find(end, start);
    if (stop == std::string::npos) break;
    stop = text.find("-----", stop + end.size());
    if (stop == std::string::npos) break;
    keys.push_back(text.substr(start, stop + 5 - start) + "\n");
    start = text.find("-----BEGIN ", stop);
  }
  return keys;
}

std::string Explain(const std::error_code& ec) {
  if (ec == jwt::VerificationErrc::TokenExpired) return "the token has expired";
  if (ec == jwt::VerificationErrc::ImmatureSignature) return "the token is not valid yet (nbf)";
  if (ec == jwt::VerificationErrc::InvalidIssuer) return "the token's issuer is not accepted";
  if (ec == jwt::VerificationErrc::InvalidAudience)
    return "the token is not meant for partywork (aud)";
  if (ec == jwt::VerificationErrc::InvalidSignature) return "the token's signature does not verify";
  if (ec == jwt::VerificationErrc::InvalidAlgorithm) return "the token's algorithm is not accepted";
  return "the token is malformed (" + ec.message() + ")";
}

}  // namespace

JwtVerifier::JwtVerifier(JwtOptions options) : options_(std::move(options)) {}

std::vector<std::string> JwtVerifier::PublicKeys() {
  if (options_.public_keys_file.empty()) return {};
  struct stat st;
  std::lock_guard<std::mutex> lock(mu_);
  if (stat(options_.public_keys_file.c_str(), &st) != 0) return keys_;
  int64_t mtime = static_cast<int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
  if (mtime != keys_mtime_ns_) {
    std::ifstream in(options_.public_keys_file);
    std::stringstream text;
    text << in.rdbuf();
    keys_ = SplitPem(text.str());
    keys_mtime_ns_ = mtime;
  }
  return keys_;
}

absl::StatusOr<Caller> JwtVerifier::Verify(const std::string& token) {
  const absl::Time now = absl::Now();
  if (auto caller = verified_.Find(token, now)) return *caller;
  absl::Time expires;
  absl::StatusOr<Caller> caller = Decode(token, &expires);
  if (caller.ok()) verified_.Put(token, *caller, std::min(expires, now + absl::Minutes(1)));
  return caller;
}

absl::StatusOr<Caller> JwtVerifier::Decode(const std::string& token, absl::Time* expires) {
  using namespace jwt::params;  // NOLINT: the library's parameter names
  // Each key of the accepted kinds is tried; the first that verifies wins.
  std::vector<std::pair<std::string, std::vector<std::string>>> candidates;
  if (!options_.hs256_secret.empty()) {
    candidates.push_back({options_.hs256_secret, {"HS256"}});
  }
  for (auto& key : PublicKeys()) candidates.push_back({key, {"RS256", "ES256"}});
  if (candidates.empty()) return absl::UnauthenticatedError("the gateway has no keys configured");
  std::string why = "the token's signature does not verify";
  for (const auto& [key, algos] : candidates) {
    std::error_code ec;
    try {
      auto decoded = jwt::decode(token, algorithms(algos), ec, secret(key), issuer(options_.issuer),
                                 aud(options_.audience), verify(true));
      if (ec) {
        why = Explain(ec);
        // A bad signature may just mean another key; anything else is final.
        if (ec == jwt::VerificationErrc::InvalidSignature ||
            ec == jwt::VerificationErrc::InvalidAlgorithm) {
          continue;
        }
        return absl::UnauthenticatedError(why);
      }
      const auto& payload = decoded.payload();
      if (!payload.has_claim("exp")) return absl::UnauthenticatedError("the token has no expiry");
      if (!payload.has_claim("sub") || !payload.has_claim("role")) {
        return absl::UnauthenticatedError("the token lacks the sub or role claim");
      }
      *expires = absl::FromUnixSeconds(payload.get_claim_value<int64_t>("exp"));
      Caller caller;
      caller.subject = payload.get_claim_value<std::string>("sub");
      caller.role = payload.get_claim_value<std::string>("role");
      if (payload.has_claim("org_scope")) {
        caller.organization_scope = payload.get_claim_value<std::string>("org_scope");
      }
      return caller;
    } catch (const std::exception& e) {
      why = absl::StrCat("the token is malformed (", e.what(), ")");
    }
  }
  return absl::UnauthenticatedError(why);
}

std::string JwtVerifier::Mint(const JwtOptions& options, const Caller& caller, absl::Duration ttl) {
  using namespace jwt::params;  // NOLINT: the library's parameter names
  jwt::jwt_object token{algorithm("HS256"), secret(options.hs256_secret),
                        payload({{"sub", caller.subject},
                                 {"role", caller.role},
                                 {"org_scope", caller.organization_scope},
                                 {"iss", options.issuer},
                                 {"aud", options.audience}})};
  auto now = std::chrono::system_clock::now();
  token.add_claim("iat", now);
  token.add_claim("nbf", now - std::chrono::seconds(5));
  token.add_claim("exp", now + absl::ToChronoSeconds(ttl));
  return token.signature();
}

}  // namespace partywork::gateway
