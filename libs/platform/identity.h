// The caller's identity as the gateway passes it to the services: claims
// signed with HMAC-SHA256 under a secret shared only by partywork's servers,
// carried in the metadata "x-partywork-identity". A service trusts no identity
// it cannot verify.
#pragma once

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "libs/platform/expiring_cache.h"

namespace partywork {

inline constexpr char kIdentityHeader[] = "x-partywork-identity";
inline constexpr char kRequestIdHeader[] = "x-request-id";
// Read your own writes: a caller sends it (any value) with a mutation, and
// the answer carries it as trailing metadata, "<feed>=<sequence>", the feed
// position of the write's last event; reporting's freshness.min_positions
// takes it.
inline constexpr char kFeedPositionHeader[] = "x-partywork-feed-position";

struct Caller {
  std::string subject;             // user id, or "service:<name>"
  std::string role;                // e.g. "khoi_admin", "service"
  std::string organization_scope;  // "organizations/{id}", or "" for everything
};

// Signing and verifying cost an HMAC and a JSON document each, on every
// call through the gateway and into a service; both are remembered (shared
// by the signer's copies): a token signed for a caller is handed out again
// for a fifth of its life (at most a minute), and a token verified is taken
// from memory until it expires (at most a minute).
class IdentitySigner {
 public:
  explicit IdentitySigner(std::string secret);

  // A token valid for `ttl` from now (for at least four fifths of it when
  // it was signed before).
  std::string Sign(const Caller& caller, absl::Duration ttl = absl::Minutes(5)) const;
  // The caller, if the token was signed with this secret and has not expired.
  absl::StatusOr<Caller> Verify(const std::string& token) const;

 private:
  std::string secret_;
  std::shared_ptr<ExpiringCache<std::string>> signed_;
  std::shared_ptr<ExpiringCache<Caller>> verified_;
};

}  // namespace partywork
