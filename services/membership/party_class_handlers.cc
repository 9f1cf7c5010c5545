// Handlers of party-awareness classes (lớp bồi dưỡng nhận thức về Đảng):
// a class's certified attendees come from their admissions' class_completion.
#include <algorithm>

#include "libs/platform/db/audit.h"
#include "libs/platform/errors.h"
#include "libs/platform/feed/outbox.h"
#include "libs/platform/resource.h"
#include "libs/platform/unary.h"
#include "services/membership/admission_store.h"
#include "services/membership/member_support.h"
#include "services/membership/membership_service.h"
#include "services/membership/organization_store.h"

namespace partywork::membership {
namespace {

constexpr char kPartyClasses[] = "partyClasses";
constexpr char kOrganizations[] = "organizations";

}  // namespace

grpc::ServerUnaryReactor* MembershipService::CreatePartyClass(
    grpc::CallbackServerContext* context, const v1::CreatePartyClassRequest* request,
    v1::PartyClass* response) {
  return ServeMutation(
      context, db_, feed_, kSchema, request, response,
      [=](const CallContext& call, pqxx::work& tx, const std::string& request_id) -> grpc::Status {
        const v1::PartyClass& c = request->party_class();
        std::vector<FieldViolation> v;
        Required(c.display_name(), "party_class.display_name", v);
        auto organization = ResourceId(c.organization(), kOrganizations);
        if (!organization) {
          v.push_back({"party_class.organization", "must be \"organizations/{id}\""});
        }
        auto starts = ToCivilDay(c.starts_on());
        auto ends = ToCivilDay(c.ends_on());
        if (!starts) v.push_back({"party_class.starts_on", "is required and must be a real date"});
        if (!ends) {
          v.push_back({"party_class.ends_on", "is required and must be a real date"});
        } else if (starts && *ends < *starts) {
          v.push_back({"party_class.ends_on", "must not be before starts_on"});
        }
        if (!v.empty()) return errors::InvalidArgument(v);
        auto org = FindOrganization(tx, *organization, *starts);
        if (!org) return errors::NotFound(c.organization());
        if (auto s = CheckScope(tx, call, *organization, *starts); !s.ok()) return s;
        const int64_t id = InsertPartyClass(tx, c, *organization);
        *response = FindPartyClass(tx, id)->party_class;
        db::RecordAudit(tx, kSchema, call, "CreatePartyClass", response->name(),
                        {{"organization", c.organization()}});
        feed::Publish(tx, kSchema, *response, response->name(), request_id);
        return grpc::Status::OK;
      });
}

grpc::ServerUnaryReactor* MembershipService::GetPartyClass(grpc::CallbackServerContext* context,
                                                           const v1::GetPartyClassRequest* request,
                                                           v1::PartyClass* response) {
  return ServeOnDatabase(context, db_, [=](const CallContext& call, pqxx::connection& conn) {
    auto id = ResourceId(request->name(), kPartyClasses);
    if (!id) return errors::InvalidArgument({{"name", "must be \"partyClasses/{id}\""}});
    pqxx::read_transaction tx(conn);
    auto stored = FindPartyClass(tx, *id);
    if (!stored) return errors::NotFound(request->name());
    if (auto s = CheckScope(tx, call, stored->organization_id, Today()); !s.ok()) return s;
    *response = std::move(stored->party_class);
    return grpc::Status::OK;
  });
}

grpc::ServerUnaryReactor* MembershipService::ListPartyClasses(
    grpc::CallbackServerContext* context, const v1::ListPartyClassesRequest* request,
    v1::ListPartyClassesResponse* response) {
  return ServeOnDatabase(context, db_, [=](const CallContext& call, pqxx::connection& conn) {
    std::vector<FieldViolation> v;
    const ListWindow window = ReadListWindow(request->organization(), request->page_token(),
                                             request->page_size(), call, v);
    if (!v.empty()) return errors::InvalidArgument(v);
    const absl::CivilDay today = Today();
    pqxx::read_transaction tx(conn);
    if (auto s = CheckListScope(tx, call, window, today); !s.ok()) return s;
    auto rows = ListPartyClassRows(tx, window.root, today, window.after_id, window.size);
    for (int i = 0; i < std::min<int>(window.size, rows.size()); ++i) {
      *response->add_party_classes() = std::move(rows[i].party_class);
    }
    response->set_next_page_token(NextPageToken(rows, window.size));
    return grpc::Status::OK;
  });
}

}  // namespace partywork::membership
