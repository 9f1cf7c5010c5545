// Handlers of members: the record and the status history.
#include <algorithm>
#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "google/protobuf/util/field_mask_util.h"
#include "libs/platform/db/audit.h"
#include "libs/platform/errors.h"
#include "libs/platform/feed/outbox.h"
#include "libs/platform/resource.h"
#include "libs/platform/roles.h"
#include "libs/platform/unary.h"
#include "services/membership/member_rules.h"
#include "services/membership/member_store.h"
#include "services/membership/member_support.h"
#include "services/membership/membership_service.h"
#include "services/membership/organization_rules.h"
#include "services/membership/organization_store.h"

namespace partywork::membership {
namespace {

constexpr char kMembers[] = "members";
constexpr char kOrganizations[] = "organizations";
constexpr int kDefaultPageSize = 50;
constexpr int kMaxPageSize = 500;

}  // namespace

v1::MemberState ToState(const Standing& s, absl::CivilDay as_of) {
  v1::MemberState state;
  *state.mutable_as_of() = ToDate(as_of);
  state.set_status(s.status);
  state.set_exempted(s.exempted);
  state.set_leaving_form(s.leaving_form);
  if (s.organization_id) state.set_organization(ResourceName(kOrganizations, *s.organization_id));
  state.set_temporarily_away(s.temporarily_away);
  if (s.status != v1::MEMBER_STATUS_UNSPECIFIED) *state.mutable_since() = ToDate(s.since);
  return state;
}

void WithoutPersonalData(v1::Member* m) {
  m->clear_national_id();
  m->clear_background();
}

MemberFacts FactsOf(const v1::Member& m) {
  return {*ToCivilDay(m.birth_date()), *ToCivilDay(m.admitted_on())};
}

// The caller may act on organizations/`organization_id` (their scope's subtree).
grpc::Status CheckScope(pqxx::transaction_base& tx, const CallContext& call,
                        int64_t organization_id, absl::CivilDay day) {
  const std::string& scope = call.caller->organization_scope;
  if (scope.empty()) return grpc::Status::OK;
  auto root = ResourceId(scope, kOrganizations);
  if (root && IsWithin(tx, organization_id, *root, day)) return grpc::Status::OK;
  return errors::PermissionDenied(
      "OUT_OF_SCOPE",
      absl::StrCat("organizations/", organization_id, " is outside the caller's scope ", scope));
}

// The event's cell exists on its date and is a cell (chi bộ).
grpc::Status CheckCell(pqxx::transaction_base& tx, int64_t organization_id, absl::CivilDay day) {
  auto org = FindOrganization(tx, organization_id, day);
  if (!org) return errors::NotFound(ResourceName(kOrganizations, organization_id));
  if (org->dissolved_on && *org->dissolved_on <= day) {
    return errors::FailedPrecondition("ORGANIZATION_NOT_IN_EXISTENCE",
                                      absl::StrCat("organizations/", organization_id, " ended on ",
                                                   FormatDay(*org->dissolved_on)));
  }
  const auto kind = static_cast<v1::OrganizationKind>(org->kind);
  if (kind != v1::ORGANIZATION_KIND_BASE_CELL && kind != v1::ORGANIZATION_KIND_SUBORDINATE_CELL) {
    return errors::FailedPrecondition(
        "MEMBER_ORGANIZATION_NOT_A_CELL",
        absl::StrCat("members belong to a cell (chi bộ); organizations/", organization_id, " is a ",
                     KindName(kind)));
  }
  return grpc::Status::OK;
}

namespace {

// Field checks of a status event, for a member created with it (`first`)
// or an existing one.
void ValidateEvent(const v1::MemberEvent& e, const std::string& prefix, bool first,
                   absl::CivilDay today, std::vector<FieldViolation>& v) {
  const auto kind = e.kind();
  const bool entering = kind == v1::MEMBER_EVENT_KIND_ADMITTED ||
                        kind == v1::MEMBER_EVENT_KIND_REGISTERED ||
                        kind == v1::MEMBER_EVENT_KIND_TRANSFERRED_IN;
  if (!v1::MemberEventKind_IsValid(kind) || kind == v1::MEMBER_EVENT_KIND_UNSPECIFIED) {
    v.push_back({prefix + "kind", "is required"});
  } else if (first && !entering) {
    v.push_back({prefix + "kind", "must be ADMITTED, REGISTERED or TRANSFERRED_IN"});
  } else if (!first && kind == v1::MEMBER_EVENT_KIND_REGISTERED) {
    v.push_back({prefix + "kind", "REGISTERED only begins a member's history (CreateMember)"});
  }
  auto day = ToCivilDay(e.effective_on());
  if (!day) {
    v.push_back({prefix + "effective_on", "is required and must be a real date"});
  } else if (*day > today) {
    v.push_back({prefix + "effective_on", "must not be in the future"});
  }
  const bool restored = kind == v1::MEMBER_EVENT_KIND_RESTORED;
  const bool needs_cell = entering || restored || kind == v1::MEMBER_EVENT_KIND_TRANSFERRED_WITHIN;
  if (needs_cell && !ResourceId(e.organization(), kOrganizations)) {
    v.push_back({prefix + "organization", "must name the cell: \"organizations/{id}\""});
  }
  const bool needs_status = restored || kind == v1::MEMBER_EVENT_KIND_REGISTERED ||
                            kind == v1::MEMBER_EVENT_KIND_TRANSFERRED_IN;
  if (needs_status && e.initial_status() != v1::MEMBER_STATUS_PROBATIONARY &&
      e.initial_status() != v1::MEMBER_STATUS_OFFICIAL) {
    v.push_back({prefix + "initial_status", "must be PROBATIONARY or OFFICIAL"});
  }
  const bool leaving = kind == v1::MEMBER_EVENT_KIND_STRUCK_OFF ||
                       kind == v1::MEMBER_EVENT_KIND_RELEASED ||
                       kind == v1::MEMBER_EVENT_KIND_EXPELLED;
  if (!v1::LeavingReason_IsValid(e.leaving_reason())) {
    v.push_back({prefix + "leaving_reason", "is not a leaving reason"});
  } else if (e.leaving_reason() != v1::LEAVING_REASON_UNSPECIFIED && !leaving) {
    v.push_back({prefix + "leaving_reason", "is only for STRUCK_OFF, RELEASED and EXPELLED"});
  }
  if (e.has_considered_on()) {
    auto considered = ToCivilDay(e.considered_on());
    if (kind != v1::MEMBER_EVENT_KIND_ADMITTED) {
      v.push_back({prefix + "considered_on", "is only for ADMITTED"});
    } else if (!considered || (day && *considered > *day)) {
      v.push_back({prefix + "considered_on", "must be a real date on or before effective_on"});
    }
  }
  if (kind == v1::MEMBER_EVENT_KIND_CORRECTION && e.corrects().empty()) {
    v.push_back({prefix + "corrects", "must name the event voided"});
  }
  if (e.decision().size() > 300) v.push_back({prefix + "decision", "is longer than 300 bytes"});
  if (e.note().size() > 2000) v.push_back({prefix + "note", "is longer than 2000 bytes"});
}

// "members/{m}/events/{e}" of member `member_id`: the event id.
std::optional<int64_t> EventId(const std::string& name, int64_t member_id) {
  return ChildResourceId(name, ResourceName(kMembers, member_id), "events");
}

std::optional<int64_t> OrganizationOf(const v1::MemberEvent& e) {
  return ResourceId(e.organization(), kOrganizations);
}

// The full age rule of an ADMITTED event recorded directly (the history
// checks only the lower limit): over 60 goes through an admission file, where
// the higher committee's consent is recorded.
std::optional<RuleViolation> CheckDirectAdmissionAge(const v1::MemberEvent& e,
                                                     const google::type::Date& birth_date) {
  if (e.kind() != v1::MEMBER_EVENT_KIND_ADMITTED) return std::nullopt;
  const absl::CivilDay day = ToCivilDay(e.considered_on()).value_or(*ToCivilDay(e.effective_on()));
  return CheckAdmissionAge(*ToCivilDay(birth_date), day);
}

}  // namespace

grpc::Status CreateMemberWithEvent(pqxx::work& tx, const CallContext& call,
                                   const std::string& request_id, const v1::Member& record,
                                   const v1::MemberEvent& first, int64_t cell,
                                   v1::Member* created) {
  const absl::CivilDay day = *ToCivilDay(first.effective_on());
  HistoryEvent event{1,
                     first.kind(),
                     day,
                     cell,
                     first.initial_status(),
                     std::nullopt,
                     ToCivilDay(first.considered_on())};
  Derived derived = DeriveStanding({event}, FactsOf(record), kEndOfTime);
  if (derived.violation) return errors::FromRule(*derived.violation);
  const int64_t id = InsertMember(tx, record, derived.standing);
  v1::MemberEvent stored = InsertEvent(tx, id, first, cell, std::nullopt, call.caller->subject);
  StoredMember inserted = *FindMember(tx, id);
  *created = inserted.member;
  *created->mutable_state() = ToState(inserted.standing, Today());
  db::RecordAudit(tx, kSchema, call, "CreateMember", created->name(),
                  {{"first_event", v1::MemberEventKind_Name(first.kind())}});
  v1::MemberCreated event_out;
  *event_out.mutable_member() = *created;
  WithoutPersonalData(event_out.mutable_member());
  *event_out.mutable_first_event() = stored;
  feed::Publish(tx, kSchema, event_out, created->name(), request_id);
  return grpc::Status::OK;
}

grpc::Status AppendMemberEvent(pqxx::work& tx, const CallContext& call,
                               const std::string& request_id, const StoredMember& member,
                               std::vector<HistoryEvent> history, const v1::MemberEvent& e,
                               std::optional<int64_t> cell, std::optional<int64_t> corrects,
                               v1::MemberEvent* stored) {
  const absl::CivilDay today = Today();
  const absl::CivilDay day = *ToCivilDay(e.effective_on());
  int64_t next_id = 1;
  for (const auto& h : history) next_id = std::max(next_id, h.id + 1);
  history.push_back(
      {next_id, e.kind(), day, cell, e.initial_status(), corrects, ToCivilDay(e.considered_on())});
  const MemberFacts facts = FactsOf(member.member);
  if (auto whole = DeriveStanding(history, facts, kEndOfTime); whole.violation) {
    return errors::FromRule(*whole.violation);
  }
  const Derived now = DeriveStanding(history, facts, today);
  *stored = InsertEvent(tx, member.id, e, cell, corrects, call.caller->subject);
  v1::MemberEventRecorded event_out;
  event_out.set_member(member.member.name());
  *event_out.mutable_event() = *stored;
  *event_out.mutable_state() = ToState(now.standing, today);
  SaveStanding(tx, member.id, now.standing,
               db::AuditRecord(call, "RecordMemberEvent", stored->name(),
                               {{"kind", v1::MemberEventKind_Name(e.kind())},
                                {"effective_on", FormatDay(day)}}),
               feed::OutboxRow(event_out, member.member.name(), request_id));
  return grpc::Status::OK;
}

grpc::ServerUnaryReactor* MembershipService::CreateMember(grpc::CallbackServerContext* context,
                                                          const v1::CreateMemberRequest* request,
                                                          v1::Member* response) {
  return ServeMutation(
      context, db_, feed_, kSchema, request, response,
      [=](const CallContext& call, pqxx::work& tx, const std::string& request_id) -> grpc::Status {
        const absl::CivilDay today = Today();
        std::vector<FieldViolation> v = ValidateMemberRecord(request->member(), "member.", today);
        const v1::MemberEvent& first = request->first_event();
        ValidateEvent(first, "first_event.", /*first=*/true, today, v);
        if (v.empty() && first.initial_status() == v1::MEMBER_STATUS_OFFICIAL &&
            !request->member().has_official_on()) {
          v.push_back({"member.official_on", "is required for a member who is official"});
        }
        if (!v.empty()) return errors::InvalidArgument(v);
        const absl::CivilDay day = *ToCivilDay(first.effective_on());
        const int64_t cell = *OrganizationOf(first);
        if (auto s = CheckCell(tx, cell, day); !s.ok()) return s;
        if (auto s = CheckScope(tx, call, cell, day); !s.ok()) return s;
        if (auto age = CheckDirectAdmissionAge(first, request->member().birth_date())) {
          return errors::FromRule(*age);
        }
        if (auto s = CreateMemberWithEvent(tx, call, request_id, request->member(), first, cell,
                                           response);
            !s.ok()) {
          return s;
        }
        if (!roles::MaySeePersonalData(call.caller->role)) WithoutPersonalData(response);
        return grpc::Status::OK;
      });
}

namespace {

grpc::Status ValidateGetMember(const v1::GetMemberRequest& request, int64_t* id,
                               absl::CivilDay* day) {
  std::vector<FieldViolation> v;
  auto member = ResourceId(request.name(), kMembers);
  if (!member) v.push_back({"name", "must be \"members/{id}\""});
  auto as_of = DayOrToday(request.as_of(), "as_of", v);
  if (!v.empty()) return errors::InvalidArgument(v);
  *id = *member;
  *day = *as_of;
  return grpc::Status::OK;
}

// The record with its standing on `day`, and the read's audit record.
void AnswerGetMember(const CallContext& call, const StoredMember& stored, const Derived& derived,
                     absl::CivilDay day, v1::Member* response,
                     std::optional<db::AuditRecord>* audit) {
  *response = stored.member;
  *response->mutable_state() = ToState(derived.standing, day);
  const bool personal = roles::MaySeePersonalData(call.caller->role);
  if (!personal) WithoutPersonalData(response);
  audit->emplace(call, "ReadMemberRecord", ResourceName(kMembers, stored.id),
                 nlohmann::json{{"personal_data", personal}});
}

}  // namespace

grpc::ServerUnaryReactor* MembershipService::GetMember(grpc::CallbackServerContext* context,
                                                       const v1::GetMemberRequest* request,
                                                       v1::Member* response) {
  auto day = std::make_shared<absl::CivilDay>();
  const std::shared_ptr<const CallContext> asked = CallOf(context);
  if (!asked->caller || asked->caller->organization_scope.empty()) {
    // Callers who may read every member: looked up with the reads asked at
    // the same moment, in one statement.
    return ServeAuditedLookup(
        context, asked, member_lookup_, read_audit_,
        [=](int64_t* id) { return ValidateGetMember(*request, id, day.get()); },
        [=](const CallContext& call, const std::vector<pqxx::row>& rows,
            std::optional<db::AuditRecord>* audit) {
          auto found = MemberWithHistoryFrom(rows);
          if (!found) return errors::NotFound(request->name());
          const StoredMember& stored = found->stored;
          AnswerGetMember(call, stored,
                          DeriveStanding(found->history, FactsOf(stored.member), *day), *day,
                          response, audit);
          return grpc::Status::OK;
        });
  }
  // A scoped caller: the member's organization is checked against the scope
  // on a database worker.
  return ServeAuditedRead(
      context, db_, read_audit_,
      [=](const CallContext& call, pqxx::connection& conn, std::optional<db::AuditRecord>* audit) {
        int64_t id = 0;
        if (auto s = ValidateGetMember(*request, &id, day.get()); !s.ok()) return s;
        // One statement reads the record and its history (one snapshot, no
        // transaction needed).
        pqxx::nontransaction tx(conn);
        auto found = FindMemberWithHistory(tx, id);
        if (!found) return errors::NotFound(request->name());
        const StoredMember& stored = found->stored;
        const Derived derived = DeriveStanding(found->history, FactsOf(stored.member), *day);
        // The member's organization on the day is the one the scope must hold.
        const int64_t organization =
            derived.standing.organization_id.value_or(*stored.standing.organization_id);
        if (auto s = CheckScope(tx, call, organization, Today()); !s.ok()) return s;
        AnswerGetMember(call, stored, derived, *day, response, audit);
        return grpc::Status::OK;
      });
}

grpc::ServerUnaryReactor* MembershipService::ListMembers(grpc::CallbackServerContext* context,
                                                         const v1::ListMembersRequest* request,
                                                         v1::ListMembersResponse* response) {
  return ServeOnDatabase(context, db_, [=](const CallContext& call, pqxx::connection& conn) {
    std::vector<FieldViolation> v;
    MemberFilter filter;
    filter.today = Today();
    const std::string& organization =
        request->organization().empty() ? call.caller->organization_scope : request->organization();
    if (!organization.empty()) {
      filter.subtree_root = ResourceId(organization, kOrganizations);
      if (!filter.subtree_root) v.push_back({"organization", "must be \"organizations/{id}\""});
    }
    for (int status : request->statuses()) {
      if (!v1::MemberStatus_IsValid(status) || status == 0) {
        v.push_back({"statuses", "holds an unknown status"});
      }
      filter.statuses.push_back(status);
    }
    if (request->gender() != v1::GENDER_UNSPECIFIED) filter.gender = request->gender();
    if (!request->ethnicity().empty()) filter.ethnicity = request->ethnicity();
    if (request->qualification() != 0) filter.qualification = request->qualification();
    if (request->political_theory() != 0) filter.political_theory = request->political_theory();
    for (const auto& [field, n] : {std::pair{"min_age", request->min_age()},
                                   {"max_age", request->max_age()},
                                   {"min_party_age", request->min_party_age()},
                                   {"max_party_age", request->max_party_age()},
                                   {"page_size", request->page_size()}}) {
      if (n < 0) v.push_back({field, "must not be negative"});
    }
    // Age N in full years today: born on or before today − N years.
    auto years_ago = [&](int n) {
      return absl::CivilDay(filter.today.year() - n, filter.today.month(), filter.today.day());
    };
    if (request->min_age() > 0) filter.born_on_or_before = years_ago(request->min_age());
    if (request->max_age() > 0) filter.born_after = years_ago(request->max_age() + 1);
    if (request->min_party_age() > 0) {
      filter.admitted_on_or_before = years_ago(request->min_party_age());
    }
    if (request->max_party_age() > 0) {
      filter.admitted_after = years_ago(request->max_party_age() + 1);
    }
    if (!request->search().empty()) filter.search = request->search();
    std::optional<MemberCursor> after;
    if (!request->page_token().empty()) {
      auto keys = DecodeCursor(request->page_token(), 3);
      int64_t last_id = 0;
      if (!keys || !absl::SimpleAtoi((*keys)[2], &last_id)) {
        v.push_back({"page_token", "is not a token this service issued"});
      } else {
        after = MemberCursor{(*keys)[0], (*keys)[1], last_id};
      }
    }
    if (!v.empty()) return errors::InvalidArgument(v);
    const int size =
        request->page_size() == 0 ? kDefaultPageSize : std::min(request->page_size(), kMaxPageSize);
    // Statements that only read, each on its own snapshot.
    pqxx::nontransaction tx(conn);
    if (filter.subtree_root) {
      if (auto s = CheckScope(tx, call, *filter.subtree_root, filter.today); !s.ok()) return s;
    }
    MemberPage page = ListMemberPage(tx, filter, after, size);
    for (auto& stored : page.members) {
      v1::Member* m = response->add_members();
      *m = std::move(stored.member);
      *m->mutable_state() = ToState(stored.standing, filter.today);
      WithoutPersonalData(m);  // lists never carry personal data
    }
    if (page.next) {
      response->set_next_page_token(
          EncodeCursor({page.next->given_name, page.next->full_name, absl::StrCat(page.next->id)}));
    }
    return grpc::Status::OK;
  });
}

grpc::ServerUnaryReactor* MembershipService::UpdateMember(grpc::CallbackServerContext* context,
                                                          const v1::UpdateMemberRequest* request,
                                                          v1::Member* response) {
  return ServeMutation(
      context, db_, feed_, kSchema, request, response,
      [=](const CallContext& call, pqxx::work& tx, const std::string& request_id) -> grpc::Status {
        std::vector<FieldViolation> v;
        auto id = ResourceId(request->member().name(), kMembers);
        if (!id) v.push_back({"member.name", "must be \"members/{id}\""});
        const auto& updatable = UpdatableMemberFields();
        std::vector<std::string> paths(request->update_mask().paths().begin(),
                                       request->update_mask().paths().end());
        if (paths.empty()) v.push_back({"update_mask", "names no field"});
        for (const auto& path : paths) {
          if (std::find(updatable.begin(), updatable.end(), path) == updatable.end()) {
            v.push_back({"update_mask", absl::StrCat("\"", path, "\" is not an updatable field")});
          }
        }
        if (!v.empty()) return errors::InvalidArgument(v);
        auto stored = FindMember(tx, *id, /*for_update=*/true);
        if (!stored) return errors::NotFound(request->member().name());
        if (!request->member().etag().empty() &&
            request->member().etag() != stored->member.etag()) {
          return errors::StaleEtag(request->member().name());
        }
        if (auto s = CheckScope(tx, call, *stored->standing.organization_id, Today()); !s.ok()) {
          return s;
        }
        v1::Member merged = stored->member;
        // Cleared first, so that a field set to its default (an empty
        // religion) is changed too: proto3 scalars carry no presence.
        for (const auto& path : paths) {
          merged.GetReflection()->ClearField(&merged,
                                             merged.GetDescriptor()->FindFieldByName(path));
        }
        google::protobuf::util::FieldMaskUtil::MergeOptions replace;
        replace.set_replace_message_fields(true);  // a date is replaced, not merged
        replace.set_replace_repeated_fields(true);
        google::protobuf::util::FieldMaskUtil::MergeMessageTo(
            request->member(), request->update_mask(), replace, &merged);
        v = ValidateMemberRecord(merged, "member.", Today(), paths);
        if (!v.empty()) return errors::InvalidArgument(v);
        if (DeriveStanding(LoadHistory(tx, *id), FactsOf(merged), kEndOfTime).violation) {
          return errors::FailedPrecondition(
              "HISTORY_CONTRADICTS_RECORD",
              "with these dates the member's status history would no longer hold (e.g. an "
              "admission before the 18th birthday)");
        }
        UpdateMemberRecord(tx, *id, merged);
        StoredMember updated = *FindMember(tx, *id);
        *response = updated.member;
        *response->mutable_state() = ToState(updated.standing, Today());
        db::RecordAudit(tx, kSchema, call, "UpdateMember", response->name(), {{"fields", paths}});
        v1::MemberUpdated event;
        *event.mutable_member() = *response;
        WithoutPersonalData(event.mutable_member());
        for (const auto& path : paths) event.add_changed_fields(path);
        feed::Publish(tx, kSchema, event, response->name(), request_id);
        if (!roles::MaySeePersonalData(call.caller->role)) WithoutPersonalData(response);
        return grpc::Status::OK;
      });
}

grpc::ServerUnaryReactor* MembershipService::RecordMemberEvent(
    grpc::CallbackServerContext* context, const v1::RecordMemberEventRequest* request,
    v1::MemberEvent* response) {
  return ServeMutation(
      context, db_, feed_, kSchema, request, response,
      [=](const CallContext& call, pqxx::work& tx, const std::string& request_id) -> grpc::Status {
        const absl::CivilDay today = Today();
        std::vector<FieldViolation> v;
        auto id = ResourceId(request->parent(), kMembers);
        if (!id) v.push_back({"parent", "must be \"members/{id}\""});
        const v1::MemberEvent& e = request->event();
        ValidateEvent(e, "event.", /*first=*/false, today, v);
        std::optional<int64_t> corrects;
        if (id && !e.corrects().empty()) {
          corrects = EventId(e.corrects(), *id);
          if (!corrects) v.push_back({"event.corrects", "must be an event of this member"});
        }
        if (!v.empty()) return errors::InvalidArgument(v);
        auto found = FindMemberWithHistory(tx, *id, /*for_update=*/true);
        if (!found) return errors::NotFound(request->parent());
        const StoredMember* stored = &found->stored;
        const absl::CivilDay day = *ToCivilDay(e.effective_on());
        if (auto s = CheckScope(tx, call, *stored->standing.organization_id, today); !s.ok()) {
          return s;
        }
        const std::optional<int64_t> cell = OrganizationOf(e);
        if (cell) {
          if (auto s = CheckCell(tx, *cell, day); !s.ok()) return s;
          if (auto s = CheckScope(tx, call, *cell, day); !s.ok()) return s;
        }
        if (auto age = CheckDirectAdmissionAge(e, stored->member.birth_date())) {
          return errors::FromRule(*age);
        }
        if (corrects) {
          if (auto refused = CheckCorrection(found->history, *corrects)) {
            return errors::FromRule(*refused);
          }
        }
        return AppendMemberEvent(tx, call, request_id, *stored, std::move(found->history), e, cell,
                                 corrects, response);
      });
}

grpc::ServerUnaryReactor* MembershipService::ListMemberEvents(
    grpc::CallbackServerContext* context, const v1::ListMemberEventsRequest* request,
    v1::ListMemberEventsResponse* response) {
  return ServeOnDatabase(context, db_, [=](const CallContext& call, pqxx::connection& conn) {
    pqxx::read_transaction tx(conn);
    int64_t id = 0;
    if (auto s = FindReadableMember(tx, call, request->parent(), "parent", &id); !s.ok()) return s;
    for (auto& e : ListEvents(tx, id)) *response->add_events() = std::move(e);
    return grpc::Status::OK;
  });
}

}  // namespace partywork::membership
