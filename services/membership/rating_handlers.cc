// Handlers of annual ratings (đánh giá, xếp loại chất lượng): record one
// subject's rating of a year, list a subtree's, and the members rated "not
// completed" in consecutive years.
#include "absl/strings/str_cat.h"
#include "libs/platform/db/audit.h"
#include "libs/platform/errors.h"
#include "libs/platform/feed/outbox.h"
#include "libs/platform/resource.h"
#include "libs/platform/rulebook/rulebook.h"
#include "libs/platform/unary.h"
#include "services/membership/member_support.h"
#include "services/membership/membership_service.h"
#include "services/membership/organization_rules.h"
#include "services/membership/organization_store.h"
#include "services/membership/rating_rules.h"
#include "services/membership/rating_store.h"

namespace partywork::membership {
namespace {

constexpr char kRatings[] = "ratings";
constexpr char kMembers[] = "members";
constexpr char kOrganizations[] = "organizations";
constexpr int kFirstYear = 1930;

void ToProto(const RatingRow& row, v1::Rating* r) {
  r->set_name(ResourceName(kRatings, row.id));
  r->set_subject(row.member_id ? ResourceName(kMembers, *row.member_id)
                               : ResourceName(kOrganizations, row.organization_id));
  r->set_year(row.year);
  r->set_grade(static_cast<v1::RatingGrade>(row.grade));
  if (row.points) r->set_points(*row.points);
  r->set_decision(row.decision);
  r->set_organization(ResourceName(kOrganizations, row.organization_id));
  if (row.base_organization_id) {
    r->set_base_organization(ResourceName(kOrganizations, *row.base_organization_id));
  }
  r->mutable_create_time()->set_seconds(absl::ToUnixSeconds(row.created_at));
  r->set_recorded_by(row.recorded_by);
}

void CheckYear(int year, const std::string& field, std::vector<FieldViolation>& v) {
  if (year < kFirstYear || year > Today().year()) {
    v.push_back({field, absl::StrCat("must be a year from ", kFirstYear, " to this year")});
  }
}

std::vector<FieldViolation> Validate(const v1::Rating& r) {
  std::vector<FieldViolation> v;
  if (!ResourceId(r.subject(), kMembers) && !ResourceId(r.subject(), kOrganizations)) {
    v.push_back({"rating.subject", "must be \"members/{id}\" or \"organizations/{id}\""});
  }
  CheckYear(r.year(), "rating.year", v);
  if (!v1::RatingGrade_IsValid(r.grade())) v.push_back({"rating.grade", "is not a grade"});
  if (r.has_points() && (r.points() < 0 || r.points() > 100)) {
    v.push_back({"rating.points", "must be from 0 to 100"});
  }
  if (v.empty() && !PointScaleApplies(r.year()) && r.grade() == v1::RATING_GRADE_UNSPECIFIED) {
    v.push_back({"rating.grade", "is required for years without the 100-point scale"});
  }
  return v;
}

// The base organization (đảng bộ or chi bộ cơ sở) a cell belongs to on `day`.
std::optional<int64_t> BaseOrganizationOf(pqxx::transaction_base& tx, int64_t cell,
                                          absl::CivilDay day) {
  std::vector<int64_t> chain{cell};
  for (int64_t id : AncestorIds(tx, cell, day)) chain.push_back(id);
  for (int64_t id : chain) {
    auto row = FindOrganization(tx, id, day);
    if (row && IsBaseOrganization(static_cast<v1::OrganizationKind>(row->kind))) return id;
  }
  return std::nullopt;
}

// Fills the member's part of `row`: the cell and base organization on the
// rating day, after the rules of who is rated and of the cap.
grpc::Status RateMember(pqxx::work& tx, const CallContext& call, int64_t member_id,
                        const std::string& subject, RatingRow& row) {
  const absl::CivilDay day = RatingDay(row.year);
  auto member = FindMember(tx, member_id, /*for_update=*/true);
  if (!member) return errors::NotFound(subject);
  // The caller's scope holds the member's cell today, as for their other records.
  if (auto s = CheckScope(tx, call, *member->standing.organization_id, Today()); !s.ok()) {
    return s;
  }
  const Standing standing =
      DeriveStanding(LoadHistory(tx, member_id), FactsOf(member->member), day).standing;
  // Only a probationary member can have been admitted within the last months.
  const auto admitted_on = standing.status == v1::MEMBER_STATUS_PROBATIONARY
                               ? std::optional(standing.probation_started_on)
                               : std::nullopt;
  if (auto refused = CheckMemberRateable(standing, admitted_on, row.year)) {
    return errors::FromRule(*refused);
  }
  row.member_id = member_id;
  row.organization_id = *standing.organization_id;
  row.base_organization_id = BaseOrganizationOf(tx, row.organization_id, day);
  if (row.base_organization_id && row.grade == v1::RATING_GRADE_EXCELLENT) {
    // Ratings of one base organization are counted one at a time.
    FindOrganizationForUpdate(tx, *row.base_organization_id, day);
    const GradeCounts counts = CountMemberGrades(tx, *row.base_organization_id, row.year);
    if (auto refused = CheckExcellentCap(counts.excellent + 1, counts.good, row.year)) {
      return errors::FromRule(*refused);
    }
  }
  return grpc::Status::OK;
}

grpc::Status RateOrganization(pqxx::work& tx, const CallContext& call, int64_t id,
                              const std::string& subject, RatingRow& row) {
  const absl::CivilDay day = RatingDay(row.year);
  if (!FindOrganization(tx, id, kEndOfTime) && !FindOrganization(tx, id, day)) {
    return errors::NotFound(subject);
  }
  auto org = FindOrganization(tx, id, day);
  if (!org || (org->dissolved_on && *org->dissolved_on <= day)) {
    return errors::FromRule({"NOT_AN_ORGANIZATION_THAT_YEAR",
                             absl::StrCat(subject, " did not exist on 31 December ", row.year),
                             "Tổ chức đảng không tồn tại vào cuối năm đánh giá.",
                             {}});
  }
  if (auto s = CheckScope(tx, call, id, day); !s.ok()) return s;
  row.organization_id = id;
  if (org->parent_id && row.grade == v1::RATING_GRADE_EXCELLENT) {
    // The organizations under one committee are capped together, counted one
    // at a time.
    FindOrganizationForUpdate(tx, *org->parent_id, day);
    const GradeCounts counts = CountOrganizationGrades(tx, *org->parent_id, day, row.year);
    if (auto refused = CheckExcellentCap(
            counts.excellent + 1, counts.good, row.year,
            "the organizations under " + ResourceName(kOrganizations, *org->parent_id))) {
      return errors::FromRule(*refused);
    }
  }
  return grpc::Status::OK;
}

}  // namespace

grpc::ServerUnaryReactor* MembershipService::CreateRating(grpc::CallbackServerContext* context,
                                                          const v1::CreateRatingRequest* request,
                                                          v1::Rating* response) {
  return ServeMutation(
      context, db_, feed_, kSchema, request, response,
      [=](const CallContext& call, pqxx::work& tx, const std::string& request_id) -> grpc::Status {
        const v1::Rating& r = request->rating();
        if (auto v = Validate(r); !v.empty()) return errors::InvalidArgument(v);
        const Graded graded = GradeOf(
            r.year(), r.grade(), r.has_points() ? std::optional<int>(r.points()) : std::nullopt);
        if (graded.violation) return errors::FromRule(*graded.violation);
        RatingRow row;
        row.year = r.year();
        row.grade = graded.grade;
        if (r.has_points()) row.points = r.points();
        row.decision = r.decision();
        row.recorded_by = call.caller->subject;
        grpc::Status s;
        if (auto member = ResourceId(r.subject(), kMembers)) {
          s = RateMember(tx, call, *member, r.subject(), row);
        } else {
          s = RateOrganization(tx, call, *ResourceId(r.subject(), kOrganizations), r.subject(),
                               row);
        }
        if (!s.ok()) return s;
        ToProto(InsertRating(tx, row), response);
        db::RecordAudit(tx, kSchema, call, "CreateRating", response->name(),
                        {{"subject", response->subject()},
                         {"year", response->year()},
                         {"grade", v1::RatingGrade_Name(response->grade())}});
        v1::RatingRecorded event;
        *event.mutable_rating() = *response;
        feed::Publish(tx, kSchema, event, response->name(), request_id);
        return grpc::Status::OK;
      });
}

grpc::ServerUnaryReactor* MembershipService::ListRatings(grpc::CallbackServerContext* context,
                                                         const v1::ListRatingsRequest* request,
                                                         v1::ListRatingsResponse* response) {
  return ServeOnDatabase(context, db_, [=](const CallContext& call, pqxx::connection& conn) {
    std::vector<FieldViolation> v;
    const ListWindow window = ReadListWindow(request->organization(), request->page_token(),
                                             request->page_size(), call, v);
    CheckYear(request->year(), "year", v);
    if (!v.empty()) return errors::InvalidArgument(v);
    const absl::CivilDay day = RatingDay(request->year());
    pqxx::read_transaction tx(conn);
    if (auto s = CheckListScope(tx, call, window, day); !s.ok()) return s;
    auto rows =
        ListRatingRows(tx, window.root, day, request->year(), window.after_id, window.size + 1);
    for (size_t i = 0; i < rows.size() && static_cast<int>(i) < window.size; ++i) {
      ToProto(rows[i], response->add_ratings());
    }
    response->set_next_page_token(NextPageToken(rows, window.size));
    return grpc::Status::OK;
  });
}

grpc::ServerUnaryReactor* MembershipService::ListRepeatedNotCompleted(
    grpc::CallbackServerContext* context, const v1::ListRepeatedNotCompletedRequest* request,
    v1::ListRepeatedNotCompletedResponse* response) {
  return ServeOnDatabase(context, db_, [=](const CallContext& call, pqxx::connection& conn) {
    std::vector<FieldViolation> v;
    const ListWindow window = ReadListWindow(request->organization(), "", 0, call, v);
    CheckYear(request->year(), "year", v);
    if (!v.empty()) return errors::InvalidArgument(v);
    const absl::CivilDay day = RatingDay(request->year());
    const int years = static_cast<int>(rulebook::Rulebook::Standard().Number(
        rulebook::keys::kRatingNotCompletedYearsToStrikeOff, day));
    pqxx::read_transaction tx(conn);
    if (auto s = CheckListScope(tx, call, window, day); !s.ok()) return s;
    for (int64_t id : MembersWithGradeEveryYear(
             tx, window.root, day, v1::RATING_GRADE_NOT_COMPLETED, request->year(), years)) {
      response->add_members(ResourceName(kMembers, id));
    }
    response->set_consecutive_years(years);
    return grpc::Status::OK;
  });
}

grpc::ServerUnaryReactor* MembershipService::ListMemberRatings(
    grpc::CallbackServerContext* context, const v1::ListMemberRatingsRequest* request,
    v1::ListMemberRatingsResponse* response) {
  return ServeOnDatabase(context, db_, [=](const CallContext& call, pqxx::connection& conn) {
    pqxx::read_transaction tx(conn);
    int64_t id = 0;
    if (auto s = FindReadableMember(tx, call, request->parent(), "parent", &id); !s.ok()) return s;
    for (const RatingRow& row : ListMemberRatingRows(tx, id)) ToProto(row, response->add_ratings());
    return grpc::Status::OK;
  });
}

grpc::ServerUnaryReactor* MembershipService::SummarizeRatings(
    grpc::CallbackServerContext* context, const v1::SummarizeRatingsRequest* request,
    v1::RatingSummary* response) {
  return ServeOnDatabase(context, db_, [=](const CallContext& call, pqxx::connection& conn) {
    std::vector<FieldViolation> v;
    const ListWindow window = ReadListWindow(request->organization(), "", 0, call, v);
    auto day = DayOrToday(request->as_of(), "as_of", v);
    if (!v.empty()) return errors::InvalidArgument(v);
    pqxx::read_transaction tx(conn);
    if (auto s = CheckListScope(tx, call, window, *day); !s.ok()) return s;
    if (window.root) response->set_organization(ResourceName(kOrganizations, *window.root));
    // The latest year with a rating in the subtree as placed on its rating day.
    for (int year : RatedYears(tx, static_cast<int>(day->year()))) {
      const GradeTally tally = TallyGrades(tx, window.root, RatingDay(year), year);
      if (tally.Total() == 0) continue;
      response->set_year(year);
      for (auto [counts, out] :
           {std::pair{&tally.members, response->mutable_members()},
            std::pair{&tally.organizations, response->mutable_organizations()}}) {
        out->set_excellent((*counts)[v1::RATING_GRADE_EXCELLENT]);
        out->set_good((*counts)[v1::RATING_GRADE_GOOD]);
        out->set_completed((*counts)[v1::RATING_GRADE_COMPLETED]);
        out->set_not_completed((*counts)[v1::RATING_GRADE_NOT_COMPLETED]);
      }
      break;
    }
    return grpc::Status::OK;
  });
}

}  // namespace partywork::membership
