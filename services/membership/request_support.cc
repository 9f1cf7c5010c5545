#include <algorithm>

#include "libs/platform/errors.h"
#include "libs/platform/resource.h"
#include "services/membership/member_support.h"

namespace partywork::membership {
namespace {

constexpr int kDefaultPageSize = 50;
constexpr int kMaxPageSize = 500;

}  // namespace

grpc::Status FindReadableMember(pqxx::transaction_base& tx, const CallContext& call,
                                const std::string& name, const std::string& field, int64_t* id) {
  auto parsed = ResourceId(name, "members");
  if (!parsed) return errors::InvalidArgument({{field, "must be \"members/{id}\""}});
  auto stored = FindMember(tx, *parsed);
  if (!stored) return errors::NotFound(name);
  *id = *parsed;
  return CheckScope(tx, call, *stored->standing.organization_id, Today());
}

void Required(const std::string& value, const std::string& field, std::vector<FieldViolation>& v) {
  if (value.empty()) {
    v.push_back({field, "is required"});
  } else if (value.size() > 300) {
    v.push_back({field, "is longer than 300 bytes"});
  }
}

ListWindow ReadListWindow(const std::string& organization, const std::string& page_token,
                          int page_size, const CallContext& call, std::vector<FieldViolation>& v) {
  ListWindow window;
  const std::string& name = organization.empty() ? call.caller->organization_scope : organization;
  if (!name.empty()) {
    window.root = ResourceId(name, "organizations");
    if (!window.root) v.push_back({"organization", "must be \"organizations/{id}\""});
  }
  if (!page_token.empty()) {
    auto id = DecodePageToken(page_token);
    if (!id) v.push_back({"page_token", "is not a token this service issued"});
    window.after_id = id.value_or(0);
  }
  if (page_size < 0) v.push_back({"page_size", "must not be negative"});
  window.size = page_size <= 0 ? kDefaultPageSize : std::min(page_size, kMaxPageSize);
  return window;
}

grpc::Status CheckListScope(pqxx::transaction_base& tx, const CallContext& call,
                            const ListWindow& window, absl::CivilDay day) {
  return window.root ? CheckScope(tx, call, *window.root, day) : grpc::Status::OK;
}

}  // namespace partywork::membership
