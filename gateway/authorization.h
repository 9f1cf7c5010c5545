// Who may call what through the gateway: one table of every forwarded method
// (the roles allowed, whether it changes data, the request fields naming the
// organizations it acts on, the response fields holding personal data), and
// the checks it drives. docs/gateway.md shows the same table, generated from
// this one (`partywork-gateway authorization-table`; a test compares them).
#pragma once

#include <memory>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "absl/status/statusor.h"
#include "gateway/organization_tree.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"
#include "grpcpp/support/byte_buffer.h"
#include "grpcpp/support/status.h"
#include "libs/platform/identity.h"
#include "libs/platform/roles.h"

namespace partywork::gateway {

// Every role the table knows, in the order the docs list them.
const std::vector<std::string>& KnownRoles();

// One row of the table.
struct MethodRule {
  std::string method;  // "partywork.membership.v1.MembershipService/GetOrganization"
  std::set<std::string> roles;
  bool mutates = false;  // false: an idempotent read, retried on UNAVAILABLE
  // Request fields (dotted paths, through repeated fields too) naming the
  // organizations acted on; a scoped caller may only name organizations of
  // its subtree.
  std::vector<std::string> organizations;
  // The request's date field at which the tree is read; today when unset.
  std::string on;
  // A scoped caller must name at least one organization: an empty field
  // would mean the whole tree (or a new top-level organization).
  bool scoped_must_name = false;
  // What else decides the scope, for the docs (e.g. the member's cell,
  // checked by membership).
  std::string scope_note;
  // Response fields (dotted paths) holding personal data, cleared for roles
  // not entitled to it.
  std::vector<std::string> personal_data;
};

// The table itself.
const std::vector<MethodRule>& MethodRules();

// The table as Markdown, for docs/gateway.md.
std::string AuthorizationTableMarkdown();

// What the table says about one call.
struct Decision {
  grpc::Status status;  // OK, or PERMISSION_DENIED saying what was missing
  bool retryable = false;
  bool redact = false;  // clear the response's personal data
};

class Authorizer {
 public:
  // Resolves every rule's fields in the generated descriptors: a rule naming
  // a method or field that does not exist is an error.
  static absl::StatusOr<std::unique_ptr<Authorizer>> Create(const std::vector<MethodRule>& rules,
                                                            const OrganizationTree* tree);
  ~Authorizer();

  // `path` is "/package.Service/Method". An unlisted method, a role the
  // method does not allow, or an organization outside the caller's scope (or
  // not known yet) is PERMISSION_DENIED with reason METHOD_NOT_LISTED,
  // ROLE_NOT_ALLOWED or OUT_OF_SCOPE.
  Decision Decide(const Caller& caller, const std::string& path,
                  const grpc::ByteBuffer& request) const;
  // Clears the personal data of a response of `path` (Decision::redact);
  // false if the response does not parse.
  bool Redact(const std::string& path, grpc::ByteBuffer* response) const;

  struct Compiled;

 private:
  explicit Authorizer(const OrganizationTree* tree);
  grpc::Status CheckScope(const Caller& caller, const Compiled& rule,
                          const grpc::ByteBuffer& request) const;

  const OrganizationTree* tree_;
  std::vector<std::unique_ptr<Compiled>> compiled_;
  std::unordered_map<std::string, const Compiled*> by_path_;  // "/package.Service/Method"
};

}  // namespace partywork::gateway
