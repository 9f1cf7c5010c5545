#include "services/inspection/handler_support.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "libs/platform/errors.h"
#include "libs/platform/resource.h"
#include "services/inspection/tree_store.h"

namespace partywork::inspection {

std::optional<absl::CivilDay> RequiredDay(const google::type::Date& date, const std::string& field,
                                          std::vector<FieldViolation>& v) {
  auto day = ToCivilDay(date);
  if (!day) {
    v.push_back({field, "is required and must be a real date"});
  } else if (*day > Today()) {
    v.push_back({field, "must not be in the future"});
    return std::nullopt;
  }
  return day;
}

std::optional<int64_t> RequiredId(const std::string& name, const char* collection,
                                  const std::string& field, std::vector<FieldViolation>& v) {
  auto id = ResourceId(name, collection);
  if (!id) v.push_back({field, absl::StrCat("must be \"", collection, "/{id}\"")});
  return id;
}

void RequiredText(const std::string& text, const std::string& field, size_t max,
                  std::vector<FieldViolation>& v) {
  if (text.empty()) {
    v.push_back({field, "is required"});
  } else if (text.size() > max) {
    v.push_back({field, absl::StrCat("is longer than ", max, " bytes")});
  }
}

grpc::Status CheckScope(pqxx::transaction_base& tx, const CallContext& call,
                        int64_t organization_id, absl::CivilDay day) {
  const std::string& scope = call.caller->organization_scope;
  if (scope.empty()) return grpc::Status::OK;
  auto root = ResourceId(scope, "organizations");
  if (root && IsWithin(tx, organization_id, *root, day)) return grpc::Status::OK;
  return errors::PermissionDenied("OUT_OF_SCOPE",
                                  absl::StrCat("organizations/", organization_id,
                                               " is outside the caller's scope ", scope))
      .Vietnamese("Tổ chức đảng này nằm ngoài phạm vi được giao cho bạn.");
}

grpc::Status CheckActor(pqxx::transaction_base& tx, const CallContext& call, const v1::Actor& actor,
                        absl::CivilDay day) {
  const int64_t id = *ResourceId(actor.organization(), "organizations");
  auto found = FindOrganizationOn(tx, id, day);
  if (!found) {
    return errors::FailedPrecondition(
               "ORGANIZATION_NOT_IN_EXISTENCE",
               absl::StrCat(actor.organization(), " did not exist on ", FormatDay(day)))
        .Meta("organization", actor.organization())
        .Vietnamese("Tổ chức đảng không tồn tại vào ngày này.");
  }
  if (auto refused = CheckActorOrganization(actor.kind(), found->kind)) {
    return errors::FromRule(*refused);
  }
  return CheckScope(tx, call, id, day);
}

grpc::Status FindSubject(pqxx::transaction_base& tx, const std::string& subject, absl::CivilDay day,
                         const std::string& what, SubjectOnDay* found) {
  *found = FindSubjectOn(tx, *ParseSubject(subject), day);
  if (auto refused = CheckSubjectExists(subject, *found, day, what)) {
    return errors::FromRule(*refused);
  }
  return grpc::Status::OK;
}

void ValidateActor(const v1::Actor& actor, const std::string& prefix,
                   std::vector<FieldViolation>& v) {
  if (!v1::ActorKind_IsValid(actor.kind()) || actor.kind() == v1::ACTOR_KIND_UNSPECIFIED) {
    v.push_back({prefix + "kind", "is required"});
  }
  RequiredId(actor.organization(), "organizations", prefix + "organization", v);
  if (actor.kind() == v1::ACTOR_KIND_ADVISORY_BOARD) {
    RequiredText(actor.board(), prefix + "board", 200, v);
  }
}

std::optional<int64_t> ReadListFilter(const std::string& organization, const std::string& subject,
                                      std::vector<FieldViolation>& v) {
  std::optional<int64_t> root;
  if (!organization.empty() || subject.empty()) {
    root = RequiredId(organization, "organizations", "organization", v);
  }
  if (!subject.empty() && !ParseSubject(subject)) {
    v.push_back({"subject", "must be \"organizations/{id}\" or \"members/{id}\""});
  }
  return root;
}

grpc::Status ListedOrganizations(pqxx::transaction_base& tx, const CallContext& call,
                                 std::optional<int64_t> root,
                                 std::optional<std::vector<int64_t>>* organizations) {
  // A scoped caller listing by subject alone sees its own subtree's.
  const std::string& scope = call.caller->organization_scope;
  organizations->reset();
  if (!root && !scope.empty()) {
    root = ResourceId(scope, "organizations");
    if (!root) {
      return errors::PermissionDenied(
          "OUT_OF_SCOPE",
          absl::StrCat("the caller's scope ", scope, " is not an organization's name"));
    }
  }
  if (!root) return grpc::Status::OK;
  organizations->emplace();
  return ScopedSubtree(tx, call, *root, &**organizations);
}

PageWindow ReadPage(const std::string& page_token, int32_t page_size,
                    std::vector<FieldViolation>& v) {
  PageWindow page;
  if (page_size < 0) v.push_back({"page_size", "must not be negative"});
  page.size = page_size <= 0 ? kDefaultPageSize : std::min<int>(page_size, kMaxPageSize);
  if (!page_token.empty()) {
    auto token = DecodePageToken(page_token);
    if (!token) v.push_back({"page_token", "is not a token this service issued"});
    page.after = token.value_or(0);
  }
  return page;
}

grpc::Status ScopedSubtree(pqxx::transaction_base& tx, const CallContext& call,
                           int64_t organization, std::vector<int64_t>* ids) {
  const absl::CivilDay today = Today();
  if (auto s = CheckScope(tx, call, organization, today); !s.ok()) return s;
  for (const auto& o : Subtree(tx, organization, today)) ids->push_back(o.id);
  return grpc::Status::OK;
}

}  // namespace partywork::inspection
