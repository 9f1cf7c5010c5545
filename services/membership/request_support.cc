#include <algorithm>

#include "libs/platform/resource.h"
#include "services/membership/member_support.h"

namespace partywork::membership {
namespace {

constexpr int kDefaultPageSize = 50;
constexpr int kMaxPageSize = 500;

}  // namespace

void Required(const std::string& value, const std::string& field, std::vector<FieldViolation>& v) {
  if (value.empty()) {
    v.push_back({field, "is required"});
  } else if (value.size() > 300) {
    v.push_back({field, "is longer than 300 bytes"});
  }
}

int PageSize(int requested) {
  return requested <= 0 ? kDefaultPageSize : std::min(requested, kMaxPageSize);
}

std::optional<int64_t> ListRoot(const std::string& organization, const CallContext& call,
                                std::vector<FieldViolation>& v) {
  const std::string& name = organization.empty() ? call.caller->organization_scope : organization;
  if (name.empty()) return std::nullopt;
  auto id = ResourceId(name, "organizations");
  if (!id) v.push_back({"organization", "must be \"organizations/{id}\""});
  return id;
}

int64_t AfterId(const std::string& token, std::vector<FieldViolation>& v) {
  if (token.empty()) return 0;
  auto id = DecodePageToken(token);
  if (!id) v.push_back({"page_token", "is not a token this service issued"});
  return id.value_or(0);
}

}  // namespace partywork::membership
