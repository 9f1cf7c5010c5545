// IdentitySigner: HMAC-signed caller claims between the gateway and the services.
#include "libs/platform/identity.h"

#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <string>

#include "absl/strings/escaping.h"
#include "absl/time/clock.h"

namespace partywork {
namespace {

constexpr char kSecret[] = "a-secret-shared-by-partywork-servers";

Caller Admin() { return Caller{"user-17", "khoi_admin", "organizations/3"}; }

TEST(IdentityTest, RoundTripKeepsEveryClaim) {
  IdentitySigner signer(kSecret);
  std::string token = signer.Sign(Admin());
  auto caller = signer.Verify(token);
  ASSERT_TRUE(caller.ok()) << caller.status();
  EXPECT_EQ(caller->subject, "user-17");
  EXPECT_EQ(caller->role, "khoi_admin");
  EXPECT_EQ(caller->organization_scope, "organizations/3");
}

TEST(IdentityTest, RoundTripWithEmptyScopeAndUnicode) {
  IdentitySigner signer(kSecret);
  Caller caller{"service:gateway", "service", ""};
  auto got = signer.Verify(signer.Sign(caller, absl::Hours(1)));
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_EQ(got->subject, "service:gateway");
  EXPECT_EQ(got->role, "service");
  EXPECT_EQ(got->organization_scope, "");

  Caller vietnamese{"Nguyễn Văn \"A\".", "bí_thư", "organizations/12"};
  auto got2 = signer.Verify(signer.Sign(vietnamese));
  ASSERT_TRUE(got2.ok()) << got2.status();
  EXPECT_EQ(got2->subject, "Nguyễn Văn \"A\".");
  EXPECT_EQ(got2->role, "bí_thư");
}

TEST(IdentityTest, TokenIsTwoWebSafeParts) {
  std::string token = IdentitySigner(kSecret).Sign(Admin());
  auto dot = token.find('.');
  ASSERT_NE(dot, std::string::npos);
  EXPECT_EQ(token.find('.', dot + 1), std::string::npos);
  // It travels in gRPC metadata: no characters that need escaping there.
  EXPECT_EQ(
      token.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_."),
      std::string::npos)
      << token;
}

TEST(IdentityTest, TokenOfAnotherSecretIsRefused) {
  std::string token = IdentitySigner("another-secret").Sign(Admin());
  auto caller = IdentitySigner(kSecret).Verify(token);
  ASSERT_FALSE(caller.ok());
  EXPECT_EQ(caller.status().code(), absl::StatusCode::kUnauthenticated);
}

TEST(IdentityTest, TamperedClaimsAreRefused) {
  IdentitySigner signer(kSecret);
  std::string token = signer.Sign(Admin());
  auto dot = token.find('.');
  ASSERT_NE(dot, std::string::npos);
  // Change one character of the base64 claims, at several places.
  for (size_t i : {size_t{0}, dot / 2, dot - 1}) {
    std::string tampered = token;
    tampered[i] = tampered[i] == 'A' ? 'B' : 'A';
    ASSERT_NE(tampered, token);
    auto caller = signer.Verify(tampered);
    EXPECT_FALSE(caller.ok()) << "accepted a token changed at " << i;
    EXPECT_EQ(caller.status().code(), absl::StatusCode::kUnauthenticated);
  }
}

TEST(IdentityTest, ForgedClaimsWithOldSignatureAreRefused) {
  IdentitySigner signer(kSecret);
  std::string token = signer.Sign(Admin());
  std::string signature = token.substr(token.find('.'));
  std::string forged_body = absl::WebSafeBase64Escape(
      R"({"exp":99999999999,"role":"superadmin","scope":"","sub":"user-17"})");
  auto caller = signer.Verify(forged_body + signature);
  ASSERT_FALSE(caller.ok());
  EXPECT_EQ(caller.status().code(), absl::StatusCode::kUnauthenticated);
}

TEST(IdentityTest, TamperedSignatureIsRefused) {
  IdentitySigner signer(kSecret);
  std::string token = signer.Sign(Admin());
  std::string tampered = token;
  tampered[token.size() - 2] = tampered[token.size() - 2] == 'A' ? 'B' : 'A';
  EXPECT_FALSE(signer.Verify(tampered).ok());
  // A truncated signature.
  EXPECT_FALSE(signer.Verify(token.substr(0, token.size() - 4)).ok());
  // No signature at all.
  EXPECT_FALSE(signer.Verify(token.substr(0, token.find('.') + 1)).ok());
}

TEST(IdentityTest, ExpiredTokenIsRefused) {
  IdentitySigner signer(kSecret);
  auto caller = signer.Verify(signer.Sign(Admin(), absl::Minutes(-1)));
  ASSERT_FALSE(caller.ok());
  EXPECT_EQ(caller.status().code(), absl::StatusCode::kUnauthenticated);
  EXPECT_NE(std::string(caller.status().message()).find("expired"), std::string::npos)
      << caller.status();
}

TEST(IdentityTest, GarbageIsRefused) {
  IdentitySigner signer(kSecret);
  for (const std::string garbage :
       {"", ".", "..", "no-dot-at-all", "abc.def", "!!!.???", "e30.e30", "a.b.c"}) {
    auto caller = signer.Verify(garbage);
    EXPECT_FALSE(caller.ok()) << "accepted \"" << garbage << "\"";
    EXPECT_EQ(caller.status().code(), absl::StatusCode::kUnauthenticated) << garbage;
  }
}

// A token over `claims_json` signed the way Sign does, with `secret`.
std::string HandSigned(const std::string& secret, const std::string& claims_json) {
  std::string body = absl::WebSafeBase64Escape(claims_json);
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
       reinterpret_cast<const unsigned char*>(body.data()), body.size(), mac, &len);
  return body + "." +
         absl::WebSafeBase64Escape(std::string(reinterpret_cast<const char*>(mac), len));
}

TEST(IdentityTest, HandSignedTokenIsAccepted) {
  // Checks HandSigned itself, so the refusals below are about the claims.
  auto caller = IdentitySigner(kSecret).Verify(
      HandSigned(kSecret, R"({"exp":99999999999,"role":"r","scope":"organizations/1","sub":"s"})"));
  ASSERT_TRUE(caller.ok()) << caller.status();
  EXPECT_EQ(caller->subject, "s");
  EXPECT_EQ(caller->role, "r");
  EXPECT_EQ(caller->organization_scope, "organizations/1");
}

TEST(IdentityTest, SignedButMalformedClaimsAreRefused) {
  IdentitySigner signer(kSecret);
  for (const std::string& claims : {
           std::string("not json"),
           std::string("[1,2]"),
           std::string(R"({"role":"r","scope":"","sub":"s"})"),                      // no exp
           std::string(R"({"exp":"99999999999","role":"r","scope":"","sub":"s"})"),  // exp text
           std::string(R"({"exp":99999999999,"scope":"","sub":"s"})"),               // no role
           std::string(R"({"exp":99999999999,"role":"r","sub":"s"})"),               // no scope
           std::string(R"({"exp":99999999999,"role":"r","scope":""})"),              // no sub
           std::string(R"({"exp":99999999999,"role":1,"scope":"","sub":"s"})"),
       }) {
    auto caller = signer.Verify(HandSigned(kSecret, claims));
    EXPECT_FALSE(caller.ok()) << "accepted claims " << claims;
    EXPECT_EQ(caller.status().code(), absl::StatusCode::kUnauthenticated) << claims;
  }
}

TEST(IdentityTest, EmptyVerifierSecretRefusesEverything) {
  IdentitySigner empty("");
  EXPECT_FALSE(empty.Verify(empty.Sign(Admin())).ok());
  EXPECT_FALSE(empty.Verify(IdentitySigner(kSecret).Sign(Admin())).ok());
  EXPECT_FALSE(empty.Verify("").ok());
  auto caller = empty.Verify(empty.Sign(Admin()));
  EXPECT_EQ(caller.status().code(), absl::StatusCode::kUnauthenticated);
}

}  // namespace
}  // namespace partywork

namespace partywork {
namespace {

TEST(IdentityTest, ATokenIsSignedOnceForTheSameCallerAndLife) {
  IdentitySigner signer(kSecret);
  const std::string token = signer.Sign(Admin());
  // Signed a second later, a new token would expire a second later.
  absl::SleepFor(absl::Milliseconds(1100));
  EXPECT_EQ(IdentitySigner(signer).Sign(Admin()), token);  // copies share what was signed
  EXPECT_NE(signer.Sign(Admin(), absl::Minutes(10)), token);
  // Claims that would read the same joined by a separator are other callers.
  const std::string a = signer.Sign({"a\nb", "c", ""});
  const std::string b = signer.Sign({"a", "b\nc", ""});
  EXPECT_NE(a, b);
  EXPECT_EQ(signer.Verify(b)->subject, "a");
  // An already expired token is never handed out again.
  EXPECT_FALSE(signer.Verify(signer.Sign(Admin(), absl::Minutes(-1))).ok());
}

TEST(IdentityTest, AVerifiedTokenIsRememberedAndNoOtherWithIt) {
  IdentitySigner signer(kSecret);
  const std::string token = signer.Sign(Admin());
  ASSERT_TRUE(signer.Verify(token).ok());
  EXPECT_EQ(signer.Verify(token)->organization_scope, "organizations/3");
  std::string tampered = token;
  tampered.back() = tampered.back() == 'A' ? 'B' : 'A';
  EXPECT_FALSE(signer.Verify(tampered).ok());
  EXPECT_FALSE(IdentitySigner("another-secret").Verify(token).ok());
}

TEST(ExpiringCacheTest, KeepsAValueUntilItExpiresAndStartsAgainWhenFull) {
  ExpiringCache<int> cache(2);
  const absl::Time now = absl::FromUnixSeconds(1'000'000);
  cache.Put("a", 1, now + absl::Seconds(10));
  EXPECT_EQ(cache.Find("a", now), 1);
  EXPECT_EQ(cache.Find("a", now + absl::Seconds(9)), 1);
  EXPECT_EQ(cache.Find("a", now + absl::Seconds(10)), std::nullopt);
  EXPECT_EQ(cache.Find("b", now), std::nullopt);
  cache.Put("a", 2, now + absl::Seconds(10));  // replaced
  EXPECT_EQ(cache.Find("a", now), 2);
  cache.Put("b", 3, now + absl::Seconds(10));
  cache.Put("c", 4, now + absl::Seconds(10));  // full: the others are forgotten
  EXPECT_EQ(cache.Find("a", now), std::nullopt);
  EXPECT_EQ(cache.Find("c", now), 4);
}

}  // namespace
}  // namespace partywork
