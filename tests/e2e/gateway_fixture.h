// What the gateway's end-to-end tests share: client tokens of the test
// secret, the real gateway started in front of given backends, and waiting
// for what the gateway learns asynchronously.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "gateway/jwt_verifier.h"
#include "grpcpp/client_context.h"
#include "gtest/gtest.h"
#include "tests/harness/local.h"
#include "tests/harness/postgres.h"
#include "tests/harness/server_process.h"

namespace partywork::gateway::testing {

inline constexpr char kJwtSecret[] = "test-jwt-secret";

// A call's context carrying a bearer token for `caller`, with a deadline
// (none when infinite).
inline std::unique_ptr<grpc::ClientContext> ContextAs(const Caller& caller,
                                                      absl::Duration deadline = absl::Seconds(10)) {
  auto context = std::make_unique<grpc::ClientContext>();
  context->AddMetadata("authorization",
                       "Bearer " + JwtVerifier::Mint({kJwtSecret, "", "partywork", "partywork"},
                                                     caller, absl::Hours(1)));
  if (deadline != absl::InfiniteDuration()) {
    context->set_deadline(absl::ToChronoTime(absl::Now() + deadline));
  }
  return context;
}

// Empty schemas of `services`, migrated (the gateway's included, though its
// tables are only the platform's).
inline void MigrateFresh(std::initializer_list<const char*> services) {
  for (const char* service : services) {
    ::partywork::testing::Postgres::Get().ResetSchema(service);
    ASSERT_EQ(::partywork::testing::RunBinary(service, {"migrate"}), 0) << service;
  }
}

// An address nothing listens on.
inline std::string Nowhere() {
  return absl::StrCat("127.0.0.1:", ::partywork::testing::FreePort());
}

// partywork-gateway in front of membership at `membership_address` (other
// backends nowhere unless `env` says), accepting the test's tokens.
inline std::unique_ptr<::partywork::testing::ServerProcess> StartGateway(
    const std::string& membership_address, std::map<std::string, std::string> env = {},
    absl::Duration ready_within = absl::Seconds(15)) {
  std::map<std::string, std::string> all = {{"PARTYWORK_MEMBERSHIP_ADDRESS", membership_address},
                                            {"PARTYWORK_INSPECTION_ADDRESS", Nowhere()},
                                            {"PARTYWORK_REPORTING_ADDRESS", Nowhere()},
                                            {"PARTYWORK_JWT_HS256_SECRET", kJwtSecret}};
  for (auto& [k, v] : env) all[k] = v;
  return ::partywork::testing::ServerProcess::Start("gateway", all, ready_within);
}

// Polls `done` until it holds; false if it never did within `within`.
inline bool Eventually(const std::function<bool()>& done,
                       absl::Duration within = absl::Seconds(10)) {
  for (absl::Time give_up = absl::Now() + within; absl::Now() < give_up;) {
    if (done()) return true;
    absl::SleepFor(absl::Milliseconds(20));
  }
  return false;
}

}  // namespace partywork::gateway::testing
