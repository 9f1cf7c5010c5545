#include "libs/platform/identity.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <algorithm>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "nlohmann/json.hpp"

namespace partywork {
namespace {

std::string Hmac(const std::string& secret, const std::string& data) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), mac, &len);
  return std::string(reinterpret_cast<char*>(mac), len);
}

// How long a signed or verified token is remembered at most.
constexpr absl::Duration kRemembered = absl::Minutes(1);

}  // namespace

IdentitySigner::IdentitySigner(std::string secret)
    : secret_(std::move(secret)),
      signed_(std::make_shared<ExpiringCache<std::string>>()),
      verified_(std::make_shared<ExpiringCache<Caller>>()) {}

std::string IdentitySigner::Sign(const Caller& caller, absl::Duration ttl) const {
  const absl::Time now = absl::Now();
  // Each claim after its length: no two callers share a key.
  const std::string key = absl::StrCat(
      caller.subject.size(), ":", caller.subject, caller.role.size(), ":", caller.role,
      caller.organization_scope.size(), ":", caller.organization_scope, absl::ToInt64Seconds(ttl));
  if (auto token = signed_->Find(key, now)) return *token;
  nlohmann::json claims = {{"sub", caller.subject},
                           {"role", caller.role},
                           {"scope", caller.organization_scope},
                           {"exp", absl::ToUnixSeconds(now + ttl)}};
  std::string body = absl::WebSafeBase64Escape(claims.dump());
  std::string token = absl::StrCat(body, ".", absl::WebSafeBase64Escape(Hmac(secret_, body)));
  const absl::Duration reuse = std::min(ttl / 5, kRemembered);
  if (reuse > absl::ZeroDuration()) signed_->Put(key, token, now + reuse);
  return token;
}

absl::StatusOr<Caller> IdentitySigner::Verify(const std::string& token) const {
  const absl::Time now = absl::Now();
  if (auto caller = verified_->Find(token, now)) return *caller;
  auto dot = token.find('.');
  std::string mac;
  if (secret_.empty() || dot == std::string::npos ||
      !absl::WebSafeBase64Unescape(token.substr(dot + 1), &mac)) {
    return absl::UnauthenticatedError("identity token is malformed");
  }
  std::string body = token.substr(0, dot);
  std::string expected = Hmac(secret_, body);
  if (mac.size() != expected.size() ||
      CRYPTO_memcmp(mac.data(), expected.data(), mac.size()) != 0) {
    return absl::UnauthenticatedError("identity token signature does not verify");
  }
  std::string json;
  if (!absl::WebSafeBase64Unescape(body, &json)) {
    return absl::UnauthenticatedError("identity token is malformed");
  }
  auto claims = nlohmann::json::parse(json, nullptr, /*allow_exceptions=*/false);
  if (!claims.is_object() || !claims["exp"].is_number_integer() || !claims["sub"].is_string() ||
      !claims["role"].is_string() || !claims["scope"].is_string()) {
    return absl::UnauthenticatedError("identity token claims are malformed");
  }
  const int64_t expires = claims["exp"].get<int64_t>();
  if (expires < absl::ToUnixSeconds(now)) {
    return absl::UnauthenticatedError("identity token has expired");
  }
  Caller caller{claims["sub"].get<std::string>(), claims["role"].get<std::string>(),
                claims["scope"].get<std::string>()};
  verified_->Put(token, caller, std::min(absl::FromUnixSeconds(expires), now + kRemembered));
  return caller;
}

}  // namespace partywork
