// Errors as AIP-193 describes them: a gRPC status whose details carry an
// ErrorInfo (UPPER_SNAKE reason, the service's domain, metadata), a BadRequest
// with field violations for bad input, and the Vietnamese text for people in a
// LocalizedMessage (vi-VN).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "google/rpc/status.pb.h"
#include "grpcpp/support/status.h"
#include "libs/platform/rule.h"

namespace partywork::errors {

// The ErrorInfo domain of this process's errors, e.g. "membership.partywork".
void SetDomain(std::string domain);

// Builds a status with details. Every helper below goes through it.
class Error {
 public:
  Error(grpc::StatusCode code, std::string reason, std::string message);
  // Vietnamese text for people.
  Error& Vietnamese(std::string text);
  Error& Meta(const std::string& key, std::string value);
  Error& Field(std::string field, std::string description);
  // A RetryInfo: when the client may try again.
  Error& RetryAfter(absl::Duration delay);
  grpc::Status Build() const;
  operator grpc::Status() const { return Build(); }  // NOLINT: builder converts implicitly

 private:
  grpc::StatusCode code_;
  std::string reason_;
  std::string message_;
  std::string vietnamese_;
  std::map<std::string, std::string> metadata_;
  std::vector<FieldViolation> fields_;
  std::optional<absl::Duration> retry_after_;
};

// INVALID_ARGUMENT with one BadRequest violation per bad field.
grpc::Status InvalidArgument(const std::vector<FieldViolation>& violations);

// The canonical name of a status code ("NOT_FOUND"), as logs and metrics
// spell it.
const char* CodeName(grpc::StatusCode code);
// FAILED_PRECONDITION from a domain rule's verdict.
grpc::Status FromRule(const RuleViolation& violation);
// FAILED_PRECONDITION for a broken domain rule: `reason` is machine-readable
// (e.g. "PROBATIONARY_MEMBER_CANNOT_BE_REMOVED_FROM_POST").
Error FailedPrecondition(std::string reason, std::string message);
grpc::Status NotFound(const std::string& resource_name);
grpc::Status AlreadyExists(const std::string& resource_name);
// The etag sent does not match the resource's current one.
grpc::Status StaleEtag(const std::string& resource_name);
grpc::Status Unavailable(std::string message);
grpc::Status Unauthenticated(std::string message);
Error PermissionDenied(std::string reason, std::string message);
// RESOURCE_EXHAUSTED (e.g. a caller over its rate limit); add RetryAfter.
Error ResourceExhausted(std::string reason, std::string message);
grpc::Status Internal(std::string message);

// Reading errors back (clients, the gateway and tests).
std::optional<google::rpc::Status> Details(const grpc::Status& status);
// The ErrorInfo reason, or "" when the status has none.
std::string Reason(const grpc::Status& status);
std::vector<FieldViolation> FieldViolations(const grpc::Status& status);
// The RetryInfo delay, if the status has one.
std::optional<absl::Duration> RetryDelay(const grpc::Status& status);

}  // namespace partywork::errors
