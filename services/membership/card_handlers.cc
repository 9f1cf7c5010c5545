// Handlers of the party-card register (cấp, cấp lại thẻ đảng viên) and of
// the badge candidates (xét tặng Huy hiệu Đảng).
#include <algorithm>

#include "absl/strings/str_cat.h"
#include "libs/platform/db/audit.h"
#include "libs/platform/errors.h"
#include "libs/platform/feed/outbox.h"
#include "libs/platform/resource.h"
#include "libs/platform/unary.h"
#include "services/membership/card_rules.h"
#include "services/membership/card_store.h"
#include "services/membership/member_support.h"
#include "services/membership/membership_service.h"

namespace partywork::membership {
namespace {

constexpr char kCardIssues[] = "partyCardIssues";
constexpr char kMembers[] = "members";

void ToProto(const CardIssueRow& row, v1::PartyCardIssue* c) {
  c->set_name(ResourceName(kCardIssues, row.id));
  c->set_member(ResourceName(kMembers, row.member_id));
  c->set_kind(static_cast<v1::PartyCardIssueKind>(row.kind));
  c->set_card_number(row.card_number);
  *c->mutable_issued_on() = ToDate(row.issued_on);
  c->set_reason(row.reason);
  c->set_decision(row.decision);
  c->mutable_create_time()->set_seconds(absl::ToUnixSeconds(row.created_at));
  c->set_recorded_by(row.recorded_by);
}

// A required date of a request, into *day.
void RequiredDay(const google::type::Date& date, const std::string& field,
                 std::optional<absl::CivilDay>* day, std::vector<FieldViolation>& v) {
  *day = ToCivilDay(date);
  if (!*day) v.push_back({field, "is required and must be a real date"});
}

}  // namespace

grpc::ServerUnaryReactor* MembershipService::CreatePartyCardIssue(
    grpc::CallbackServerContext* context, const v1::CreatePartyCardIssueRequest* request,
    v1::PartyCardIssue* response) {
  return ServeMutation(
      context, db_, feed_, kSchema, request, response,
      [=](const CallContext& call, pqxx::work& tx, const std::string& request_id) -> grpc::Status {
        const v1::PartyCardIssue& c = request->issue();
        std::vector<FieldViolation> v;
        auto member_id = ResourceId(c.member(), kMembers);
        if (!member_id) v.push_back({"issue.member", "must be \"members/{id}\""});
        if (c.kind() == v1::PARTY_CARD_ISSUE_KIND_UNSPECIFIED ||
            !v1::PartyCardIssueKind_IsValid(c.kind())) {
          v.push_back({"issue.kind", "is required: ISSUE or REISSUE"});
        }
        if (!IsPartyCardNumber(c.card_number())) {
          v.push_back({"issue.card_number", "must be 6 to 12 digits"});
        }
        std::optional<absl::CivilDay> issued_on;
        RequiredDay(c.issued_on(), "issue.issued_on", &issued_on, v);
        if (issued_on && *issued_on > Today()) {
          v.push_back({"issue.issued_on", "must not be in the future"});
        }
        if (!v.empty()) return errors::InvalidArgument(v);
        auto member = FindMember(tx, *member_id, /*for_update=*/true);
        if (!member) return errors::NotFound(c.member());
        if (auto s = CheckScope(tx, call, *member->standing.organization_id, Today()); !s.ok()) {
          return s;
        }
        const Standing standing =
            DeriveStanding(LoadHistory(tx, *member_id), FactsOf(member->member), *issued_on)
                .standing;
        if (auto refused = CheckCardIssue(standing, c.kind(), CardIssued(tx, *member_id))) {
          return errors::FromRule(*refused);
        }
        CardIssueRow row;
        row.member_id = *member_id;
        row.kind = c.kind();
        row.card_number = c.card_number();
        row.issued_on = *issued_on;
        row.reason = c.reason();
        row.decision = c.decision();
        row.recorded_by = call.caller->subject;
        // The newest card is the one the member holds: the record follows it
        // (a late entry of an older card leaves the record alone).
        const auto latest = LatestCardIssueDay(tx, *member_id);
        const bool current = (!latest || *latest <= *issued_on) &&
                             member->member.party_card_number() != c.card_number();
        ToProto(InsertCardIssue(tx, row), response);
        if (current) {
          v1::Member record = member->member;
          record.set_party_card_number(c.card_number());
          UpdateMemberRecord(tx, *member_id, record);
          v1::MemberUpdated updated;
          *updated.mutable_member() = FindMember(tx, *member_id)->member;
          WithoutPersonalData(updated.mutable_member());
          updated.add_changed_fields("party_card_number");
          feed::Publish(tx, kSchema, updated, updated.member().name(), request_id);
        }
        db::RecordAudit(tx, kSchema, call, "CreatePartyCardIssue", response->name(),
                        {{"member", response->member()},
                         {"kind", v1::PartyCardIssueKind_Name(response->kind())},
                         {"record_updated", current}});
        v1::PartyCardIssued event;
        *event.mutable_issue() = *response;
        feed::Publish(tx, kSchema, event, response->name(), request_id);
        return grpc::Status::OK;
      });
}

grpc::ServerUnaryReactor* MembershipService::ListPartyCardIssues(
    grpc::CallbackServerContext* context, const v1::ListPartyCardIssuesRequest* request,
    v1::ListPartyCardIssuesResponse* response) {
  return ServeOnDatabase(context, db_, [=](const CallContext& call, pqxx::connection& conn) {
    std::vector<FieldViolation> v;
    const ListWindow window = ReadListWindow(request->organization(), request->page_token(),
                                             request->page_size(), call, v);
    std::optional<absl::CivilDay> from, to;
    if (request->has_issued_from()) RequiredDay(request->issued_from(), "issued_from", &from, v);
    if (request->has_issued_to()) RequiredDay(request->issued_to(), "issued_to", &to, v);
    if (!v.empty()) return errors::InvalidArgument(v);
    const absl::CivilDay today = Today();
    pqxx::read_transaction tx(conn);
    if (auto s = CheckListScope(tx, call, window, today); !s.ok()) return s;
    auto rows =
        ListCardIssueRows(tx, window.root, today, from, to, window.after_id, window.size + 1);
    for (size_t i = 0; i < rows.size() && static_cast<int>(i) < window.size; ++i) {
      ToProto(rows[i], response->add_issues());
    }
    response->set_next_page_token(NextPageToken(rows, window.size));
    return grpc::Status::OK;
  });
}

grpc::ServerUnaryReactor* MembershipService::ListBadgeCandidates(
    grpc::CallbackServerContext* context, const v1::ListBadgeCandidatesRequest* request,
    v1::ListBadgeCandidatesResponse* response) {
  return ServeOnDatabase(context, db_, [=](const CallContext& call, pqxx::connection& conn) {
    std::vector<FieldViolation> v;
    const ListWindow window = ReadListWindow(request->organization(), "", 0, call, v);
    std::optional<absl::CivilDay> start, end;
    RequiredDay(request->period_start(), "period_start", &start, v);
    RequiredDay(request->period_end(), "period_end", &end, v);
    if (start && end && *end < *start) v.push_back({"period_end", "must not be before the start"});
    if (start && end && *end - *start > 366 * 5) {
      v.push_back({"period_end", "the period is at most five years"});
    }
    if (!v.empty()) return errors::InvalidArgument(v);
    const absl::CivilDay today = Today();
    pqxx::read_transaction tx(conn);
    if (auto s = CheckListScope(tx, call, window, today); !s.ok()) return s;
    std::vector<v1::BadgeCandidate> found;
    for (const auto& row : BadgeCandidateRows(tx, window.root, today,
                                              BadgeYearsInPeriod(*start, *end), *start, *end)) {
      for (const auto& badge : BadgesReached(row.admitted_on, *start, *end)) {
        v1::BadgeCandidate c;
        c.set_member(ResourceName(kMembers, row.id));
        c.set_full_name(row.full_name);
        c.set_party_age_years(badge.years);
        *c.mutable_reached_on() = ToDate(badge.on);
        found.push_back(std::move(c));
      }
    }
    std::stable_sort(found.begin(), found.end(), [](const auto& a, const auto& b) {
      return *ToCivilDay(a.reached_on()) < *ToCivilDay(b.reached_on());
    });
    for (auto& c : found) *response->add_candidates() = std::move(c);
    return grpc::Status::OK;
  });
}

}  // namespace partywork::membership
