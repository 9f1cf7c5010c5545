#include "services/membership/membership_service.h"

#include "absl/strings/str_cat.h"
#include "libs/platform/db/audit.h"
#include "libs/platform/db/idempotency.h"
#include "libs/platform/errors.h"
#include "libs/platform/feed/outbox.h"
#include "libs/platform/resource.h"
#include "libs/platform/unary.h"
#include "services/membership/organization_rules.h"
#include "services/membership/organization_store.h"

namespace partywork::membership {
namespace {

constexpr char kOrganizations[] = "organizations";
constexpr int kDefaultPageSize = 100;
constexpr int kMaxPageSize = 1000;

void ToProto(const OrganizationRow& row, v1::Organization* o) {
  o->set_name(ResourceName(kOrganizations, row.id));
  o->set_display_name(row.display_name);
  o->set_kind(static_cast<v1::OrganizationKind>(row.kind));
  o->set_type(static_cast<v1::OrganizationType>(row.type));
  if (row.parent_id) o->set_parent(ResourceName(kOrganizations, *row.parent_id));
  *o->mutable_established_on() = ToDate(row.established_on);
  o->set_etag(absl::StrCat(row.version));
  o->mutable_create_time()->set_seconds(absl::ToUnixSeconds(row.created_at));
}

// The request's own id, else the call's x-request-id.
const std::string& RequestIdOf(const std::string& in_request, const CallContext& call) {
  return in_request.empty() ? call.request_id : in_request;
}

}  // namespace

grpc::ServerUnaryReactor* MembershipService::CreateOrganization(
    grpc::CallbackServerContext* context, const v1::CreateOrganizationRequest* request,
    v1::Organization* response) {
  return ServeOnDatabase(context, db_, [=](const CallContext& call, pqxx::connection& conn) {
    const v1::Organization& wanted = request->organization();
    if (auto v = ValidateNewOrganization(wanted, "organization."); !v.empty()) {
      return errors::InvalidArgument(v);
    }
    const absl::CivilDay established_on = *ToCivilDay(wanted.established_on());
    const std::string& request_id = RequestIdOf(request->request_id(), call);
    bool replayed = false;
    grpc::Status status = db::InTransaction(conn, [&](pqxx::work& tx) {
      return db::RunOnce(
          tx, kSchema, "CreateOrganization", request_id, *request, response,
          [&]() -> grpc::Status {
            std::optional<ParentFacts> parent;
            if (!wanted.parent().empty()) {
              auto row = FindOrganization(tx, *ResourceId(wanted.parent(), kOrganizations));
              if (!row) return errors::NotFound(wanted.parent());
              parent =
                  ParentFacts{static_cast<v1::OrganizationKind>(row->kind),
                              static_cast<v1::OrganizationType>(row->type), row->established_on};
            }
            Placement placement = PlaceUnderParent(wanted, parent, established_on);
            if (placement.violation) return errors::FromRule(*placement.violation);
            OrganizationRow row;
            row.display_name = wanted.display_name();
            row.kind = wanted.kind();
            row.type = placement.type;
            if (parent) row.parent_id = ResourceId(wanted.parent(), kOrganizations);
            row.established_on = established_on;
            ToProto(InsertOrganization(tx, row), response);
            db::RecordAudit(tx, kSchema, call, "CreateOrganization", response->name(),
                            {{"display_name", response->display_name()}});
            v1::OrganizationEstablished event;
            *event.mutable_organization() = *response;
            feed::Publish(tx, kSchema, event, response->name(), request_id);
            return grpc::Status::OK;
          },
          &replayed);
    });
    if (status.ok() && !replayed) feed_.Notify();
    return status;
  });
}

grpc::ServerUnaryReactor* MembershipService::GetOrganization(
    grpc::CallbackServerContext* context, const v1::GetOrganizationRequest* request,
    v1::Organization* response) {
  return ServeOnDatabase(context, db_, [=](const CallContext&, pqxx::connection& conn) {
    auto id = ResourceId(request->name(), kOrganizations);
    if (!id) return errors::InvalidArgument({{"name", "must be \"organizations/{id}\""}});
    pqxx::read_transaction tx(conn);
    auto row = FindOrganization(tx, *id);
    if (!row) return errors::NotFound(request->name());
    ToProto(*row, response);
    return grpc::Status::OK;
  });
}

grpc::ServerUnaryReactor* MembershipService::ListOrganizations(
    grpc::CallbackServerContext* context, const v1::ListOrganizationsRequest* request,
    v1::ListOrganizationsResponse* response) {
  return ServeOnDatabase(context, db_, [=](const CallContext&, pqxx::connection& conn) {
    std::vector<FieldViolation> v;
    std::optional<int64_t> parent;
    if (!request->parent().empty()) {
      parent = ResourceId(request->parent(), kOrganizations);
      if (!parent) v.push_back({"parent", "must be \"organizations/{id}\""});
    }
    if (request->page_size() < 0) v.push_back({"page_size", "must not be negative"});
    int64_t after = 0;
    if (!request->page_token().empty()) {
      auto token = DecodePageToken(request->page_token());
      if (!token) v.push_back({"page_token", "is not a token this service issued"});
      after = token.value_or(0);
    }
    if (!v.empty()) return errors::InvalidArgument(v);
    int size =
        request->page_size() == 0 ? kDefaultPageSize : std::min(request->page_size(), kMaxPageSize);
    pqxx::read_transaction tx(conn);
    auto rows = ListOrganizationRows(tx, parent, after, size + 1);
    for (size_t i = 0; i < rows.size() && static_cast<int>(i) < size; ++i) {
      ToProto(rows[i], response->add_organizations());
    }
    if (static_cast<int>(rows.size()) > size) {
      response->set_next_page_token(EncodePageToken(rows[size - 1].id));
    }
    return grpc::Status::OK;
  });
}

}  // namespace partywork::membership
