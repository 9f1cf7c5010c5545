// What domain rules return: plain data, no gRPC or SQL, so the rules are
// plain functions testable without a server. errors.h turns them into
// statuses.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace partywork {

// A field of the request that is wrong in itself.
struct FieldViolation {
  std::string field;        // path in the request, e.g. "organization.display_name"
  std::string description;  // what is wrong, in English
};

// A domain rule the request would break.
struct RuleViolation {
  std::string reason;      // UPPER_SNAKE, machine-readable, e.g. "PARENT_KIND_NOT_ALLOWED"
  std::string message;     // English, for developers
  std::string vietnamese;  // for people, with the domain's terms
  std::map<std::string, std::string> metadata;
};

}  // namespace partywork
