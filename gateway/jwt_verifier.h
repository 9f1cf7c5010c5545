// Authentication of the gateway's clients: bearer JWTs checked for their
// signature (HS256 with a shared secret for local use; RS256 or ES256 with
// public keys from a PEM file, re-read when the file changes so keys rotate
// without a restart), expiry, not-before, issuer and audience. A token
// verified is remembered until it expires, at most a minute (decoding and
// checking it cost about a tenth of the gateway's work per call, an RSA or
// ECDSA signature more): a key removed from the file stops admitting the
// tokens it signed within a minute.
#pragma once

#include <mutex>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "libs/platform/expiring_cache.h"
#include "libs/platform/identity.h"

namespace partywork::gateway {

struct JwtOptions {
  std::string hs256_secret;      // empty: HS256 tokens are refused
  std::string public_keys_file;  // PEM public keys (RS256/ES256); empty: none
  std::string issuer;
  std::string audience;
};

class JwtVerifier {
 public:
  explicit JwtVerifier(JwtOptions options);

  // The caller the token names: claims "sub", "role" and "org_scope". Any
  // failure is UNAUTHENTICATED with a message saying what is wrong.
  absl::StatusOr<Caller> Verify(const std::string& token);

  // A HS256 token for local use (`partywork-gateway mint-token`).
  static std::string Mint(const JwtOptions& options, const Caller& caller, absl::Duration ttl);

 private:
  // Re-reads the key file when its modification time changed.
  std::vector<std::string> PublicKeys();
  absl::StatusOr<Caller> Decode(const std::string& token, absl::Time* expires);

  JwtOptions options_;
  ExpiringCache<Caller> verified_;
  std::mutex mu_;
  std::vector<std::string> keys_;  // guarded by mu_
  int64_t keys_mtime_ns_ = -1;     // guarded by mu_
};

}  // namespace partywork::gateway
