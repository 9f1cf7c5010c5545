#include "libs/platform/identity.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

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

}  // namespace

std::string IdentitySigner::Sign(const Caller& caller, absl::Duration ttl) const {
  nlohmann::json claims = {{"sub", caller.subject},
                           {"role", caller.role},
                           {"scope", caller.organization_scope},
                           {"exp", absl::ToUnixSeconds(absl::Now() + ttl)}};
  std::string body = absl::WebSafeBase64Escape(claims.dump());
  return absl::StrCat(body, ".", absl::WebSafeBase64Escape(Hmac(secret_, body)));
}

absl::StatusOr<Caller> IdentitySigner::Verify(const std::string& token) const {
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
  if (claims["exp"].get<int64_t>() < absl::ToUnixSeconds(absl::Now())) {
    return absl::UnauthenticatedError("identity token has expired");
  }
  return Caller{claims["sub"].get<std::string>(), claims["role"].get<std::string>(),
                claims["scope"].get<std::string>()};
}

}  // namespace partywork
