#include "services/reporting/reports.h"

#include <array>
#include <memory>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "libs/platform/errors.h"
#include "libs/platform/resource.h"
#include "services/membership/card_rules.h"
#include "services/membership/rating_rules.h"
#include "services/reporting/admissions.h"
#include "services/reporting/committees.h"
#include "services/reporting/forms.h"
#include "services/reporting/freshness.h"
#include "services/reporting/inspection_report.h"
#include "services/reporting/member_counts.h"
#include "services/reporting/party_work.h"
#include "services/reporting/ratings.h"
#include "services/reporting/report_store.h"
#include "services/reporting/vietnamese.h"

namespace partywork::reporting {
namespace {

constexpr char kOrganizations[] = "organizations";
constexpr char kRootShape[] = "must be \"organizations/{id}\"";
// The first year a report may be about (the Party's founding).
constexpr int kFirstYear = 1930;

void CheckRoot(const std::string& root, const std::string& field, std::vector<FieldViolation>& v) {
  if (!ResourceId(root, kOrganizations)) v.push_back({field, kRootShape});
}

// A required date.
void CheckDay(const google::type::Date& date, const std::string& field,
              std::vector<FieldViolation>& v) {
  if (!ToCivilDay(date)) v.push_back({field, "is required and must be a real day"});
}

void CheckPeriod(const google::type::Date& start, const google::type::Date& end,
                 const std::string& prefix, std::vector<FieldViolation>& v) {
  CheckDay(start, prefix + "period_start", v);
  CheckDay(end, prefix + "period_end", v);
  auto s = ToCivilDay(start), e = ToCivilDay(end);
  if (s && e && *s > *e) v.push_back({prefix + "period_end", "must not be before period_start"});
}

// The optional date of a request, today when unset (already validated).
absl::CivilDay DayOf(const google::type::Date& date) {
  std::vector<FieldViolation> ignored;
  return DayOrToday(date, "", ignored).value_or(Today());
}

// The root exists (now or ever) and lies in the caller's scope; its name on `day`.
grpc::Status Subject(pqxx::transaction_base& tx, const CallContext& call, const std::string& root,
                     absl::CivilDay day, std::string* display_name) {
  const int64_t id = *ResourceId(root, kOrganizations);
  auto name = DisplayName(tx, id, day);
  const std::string& scope = call.caller->organization_scope;
  if (!scope.empty()) {
    auto scope_id = ResourceId(scope, kOrganizations);
    if (!scope_id || !InSubtree(tx, id, *scope_id, day)) {
      return errors::PermissionDenied("OUT_OF_SCOPE",
                                      absl::StrCat(root, " is outside the caller's scope ", scope));
    }
  }
  if (!name) return errors::NotFound(root);
  *display_name = *name;
  return grpc::Status::OK;
}

// What every report request has: a root and a freshness.
std::vector<FieldViolation> Basics(const std::string& root, const v1::Freshness& freshness,
                                   const std::string& prefix);

// Checks the root (Subject) and names it in the report.
template <class Response>
grpc::Status Begin(pqxx::transaction_base& tx, const CallContext& call, const std::string& root,
                   absl::CivilDay day, Response* out, int64_t* root_id) {
  std::string name;
  if (auto s = Subject(tx, call, root, day, &name); !s.ok()) return s;
  *root_id = *ResourceId(root, kOrganizations);
  out->set_root(root);
  out->set_root_display_name(name);
  return grpc::Status::OK;
}

template <class Response>
void Reflect(pqxx::transaction_base& tx, Response* out) {
  for (auto& p : Positions(tx)) *out->add_reflects() = std::move(p);
}

}  // namespace

std::vector<FieldViolation> ValidateFreshness(const v1::Freshness& f, const std::string& prefix) {
  std::vector<FieldViolation> v;
  for (int i = 0; i < f.min_positions_size(); ++i) {
    const auto& p = f.min_positions(i);
    const std::string at = absl::StrCat(prefix, "min_positions[", i, "]");
    if (p.feed() != "membership" && p.feed() != "inspection") {
      v.push_back({at + ".feed", "must be \"membership\" or \"inspection\""});
    }
    if (p.applied_sequence() < 0) v.push_back({at + ".applied_sequence", "must not be negative"});
  }
  const absl::Duration wait =
      absl::Seconds(f.max_wait().seconds()) + absl::Nanoseconds(f.max_wait().nanos());
  if (wait < absl::ZeroDuration() || wait > kMaxFreshnessWait) {
    v.push_back({prefix + "max_wait", "must be between 0 and 30 s"});
  }
  return v;
}

namespace {

std::vector<FieldViolation> Basics(const std::string& root, const v1::Freshness& freshness,
                                   const std::string& prefix) {
  std::vector<FieldViolation> v = ValidateFreshness(freshness, prefix + "freshness.");
  CheckRoot(root, prefix + "root", v);
  return v;
}

}  // namespace

std::vector<FieldViolation> ValidateMembership(const v1::GetMembershipReportRequest& r,
                                               const std::string& prefix) {
  std::vector<FieldViolation> v = Basics(r.root(), r.freshness(), prefix);
  DayOrToday(r.as_of(), prefix + "as_of", v);
  if (r.has_compare_with()) CheckDay(r.compare_with(), prefix + "compare_with", v);
  return v;
}

std::vector<FieldViolation> ValidateStructure(const v1::GetStructureReportRequest& r,
                                              const std::string& prefix) {
  std::vector<FieldViolation> v = Basics(r.root(), r.freshness(), prefix);
  DayOrToday(r.as_of(), prefix + "as_of", v);
  if (r.has_period_start() || r.has_period_end()) {
    CheckPeriod(r.period_start(), r.period_end(), prefix, v);
  }
  return v;
}

std::vector<FieldViolation> ValidateForm(const v1::GetStatisticsFormRequest& r,
                                         const std::string& prefix) {
  std::vector<FieldViolation> v = Basics(r.root(), r.freshness(), prefix);
  if (r.form() == v1::STATISTICS_FORM_KIND_UNSPECIFIED ||
      !v1::StatisticsFormKind_IsValid(r.form())) {
    v.push_back({prefix + "form", "must be one of the forms reporting produces (1–5, 7)"});
  }
  CheckPeriod(r.period_start(), r.period_end(), prefix, v);
  return v;
}

std::vector<FieldViolation> ValidateNarrative(const v1::NarrativeRequest& r,
                                              const std::string& prefix) {
  std::vector<FieldViolation> v = Basics(r.root(), r.freshness(), prefix);
  CheckPeriod(r.period_start(), r.period_end(), prefix, v);
  return v;
}

namespace {

// A report of a period under a root: checked, named, filled by `fill(tx,
// root, start, end, out)`, and stating its feed positions.
template <class Request, class Response, class Fill>
grpc::Status BuildPeriodReport(pqxx::transaction_base& tx, const CallContext& call,
                               const Request& r, Response* out, Fill fill) {
  const absl::CivilDay start = *ToCivilDay(r.period_start()), end = *ToCivilDay(r.period_end());
  int64_t root = 0;
  if (auto s = Begin(tx, call, r.root(), end, out, &root); !s.ok()) return s;
  *out->mutable_period_start() = r.period_start();
  *out->mutable_period_end() = r.period_end();
  fill(tx, root, start, end, out);
  Reflect(tx, out);
  return grpc::Status::OK;
}

template <class Request>
std::vector<FieldViolation> ValidatePeriodReport(const Request& r, const std::string& prefix) {
  std::vector<FieldViolation> v = Basics(r.root(), r.freshness(), prefix);
  CheckPeriod(r.period_start(), r.period_end(), prefix, v);
  return v;
}

}  // namespace

std::vector<FieldViolation> ValidateInspection(const v1::GetInspectionReportRequest& r,
                                               const std::string& prefix) {
  return ValidatePeriodReport(r, prefix);
}

std::vector<FieldViolation> ValidateAdmission(const v1::GetAdmissionReportRequest& r,
                                              const std::string& prefix) {
  return ValidatePeriodReport(r, prefix);
}

grpc::Status BuildInspection(pqxx::transaction_base& tx, const CallContext& call,
                             const v1::GetInspectionReportRequest& r, v1::InspectionReport* out) {
  return BuildPeriodReport(tx, call, r, out, FillInspectionReport);
}

grpc::Status BuildAdmission(pqxx::transaction_base& tx, const CallContext& call,
                            const v1::GetAdmissionReportRequest& r, v1::AdmissionReport* out) {
  return BuildPeriodReport(tx, call, r, out, FillAdmissionReport);
}

namespace {

void CheckYear(int year, const std::string& field, std::vector<FieldViolation>& v) {
  if (year < kFirstYear || year > Today().year()) {
    v.push_back({field, absl::StrCat("must be a year from ", kFirstYear, " to this year")});
  }
}

}  // namespace

std::vector<FieldViolation> ValidateRating(const v1::GetRatingReportRequest& r,
                                           const std::string& prefix) {
  std::vector<FieldViolation> v = Basics(r.root(), r.freshness(), prefix);
  CheckYear(r.year(), prefix + "year", v);
  return v;
}

std::vector<FieldViolation> ValidateCommittee(const v1::GetCommitteeReportRequest& r,
                                              const std::string& prefix) {
  std::vector<FieldViolation> v = Basics(r.root(), r.freshness(), prefix);
  CheckYear(r.term_start_year(), prefix + "term_start_year", v);
  if (r.has_as_of()) CheckDay(r.as_of(), prefix + "as_of", v);
  for (int i = 0; i < r.organization_kinds_size(); ++i) {
    const int kind = r.organization_kinds(i);
    if (kind == membership::v1::ORGANIZATION_KIND_UNSPECIFIED ||
        !membership::v1::OrganizationKind_IsValid(kind)) {
      v.push_back({absl::StrCat(prefix, "organization_kinds[", i, "]"), "is not a kind"});
    }
  }
  return v;
}

grpc::Status BuildCommittee(pqxx::transaction_base& tx, const CallContext& call,
                            const v1::GetCommitteeReportRequest& r, v1::CommitteeReport* out) {
  std::optional<absl::CivilDay> as_of;
  if (r.has_as_of()) as_of = ToCivilDay(r.as_of());
  int64_t root = 0;
  if (auto s = Begin(tx, call, r.root(), as_of.value_or(Today()), out, &root); !s.ok()) return s;
  if (as_of) *out->mutable_as_of() = r.as_of();
  *out->mutable_organization_kinds() = r.organization_kinds();
  FillCommitteeReport(tx, root, r.term_start_year(), as_of,
                      {r.organization_kinds().begin(), r.organization_kinds().end()}, out);
  Reflect(tx, out);
  return grpc::Status::OK;
}

grpc::Status BuildRating(pqxx::transaction_base& tx, const CallContext& call,
                         const v1::GetRatingReportRequest& r, v1::RatingReport* out) {
  int64_t root = 0;
  if (auto s = Begin(tx, call, r.root(), membership::RatingDay(r.year()), out, &root); !s.ok()) {
    return s;
  }
  FillRatingReport(tx, root, r.year(), out);
  Reflect(tx, out);
  return grpc::Status::OK;
}

grpc::Status BuildMembership(pqxx::transaction_base& tx, const CallContext& call,
                             const v1::GetMembershipReportRequest& r, v1::MembershipReport* out,
                             MembershipCounts* counts) {
  const absl::CivilDay day = DayOf(r.as_of());
  int64_t root = 0;
  if (auto s = Begin(tx, call, r.root(), day, out, &root); !s.ok()) return s;
  MembershipCounts local;
  MembershipCounts& c = counts ? *counts : local;
  // An export lays the report out as Biểu 3, admission periods included.
  const bool periods = counts != nullptr;
  c.now = CountMembers(tx, root, day, periods);
  *out->mutable_figures() = FiguresOf(c.now, day);
  if (r.has_compare_with()) {
    const absl::CivilDay other = *ToCivilDay(r.compare_with());
    c.compared = CountMembers(tx, root, other, periods);
    *out->mutable_compared() = FiguresOf(c.compared, other);
    *out->mutable_change() = Difference(out->figures(), out->compared());
  }
  Reflect(tx, out);
  return grpc::Status::OK;
}

grpc::Status BuildStructure(pqxx::transaction_base& tx, const CallContext& call,
                            const v1::GetStructureReportRequest& r, v1::StructureReport* out,
                            std::vector<OrganizationCount>* organizations) {
  const absl::CivilDay day = DayOf(r.as_of());
  int64_t root = 0;
  if (auto s = Begin(tx, call, r.root(), day, out, &root); !s.ok()) return s;
  *out->mutable_as_of() = ToDate(day);
  std::vector<OrganizationCount> counts = CountOrganizations(tx, root, day);
  const Composition members = CountMembers(tx, root, day);
  // Base committees, base cells, partial committees, subordinate cells: of
  // the whole subtree (key -1) and of each type.
  std::map<int, std::array<int64_t, 4>> by_type;
  for (const auto& c : counts) {
    const int slot = UnitColumn(c.kind);
    if (slot < 0) continue;  // higher committees
    by_type[c.type][slot] += c.count;
    by_type[-1][slot] += c.count;
  }
  const std::array<int64_t, 4> all = by_type[-1];
  out->set_base_committees(all[0]);
  out->set_base_cells(all[1]);
  out->set_partial_committees(all[2]);
  out->set_subordinate_cells(all[3]);
  out->set_base_organizations(out->base_committees() + out->base_cells());
  for (const auto& [type, n] : by_type) {
    if (type <= membership::v1::ORGANIZATION_TYPE_UNSPECIFIED) continue;
    auto* t = out->add_by_type();
    t->set_type(static_cast<membership::v1::OrganizationType>(type));
    t->set_base_committees(n[0]);
    t->set_base_cells(n[1]);
    t->set_partial_committees(n[2]);
    t->set_subordinate_cells(n[3]);
    auto it = members.by_organization_type.find(type);
    t->set_members(it == members.by_organization_type.end() ? 0 : it->second);
  }
  if (r.has_period_start()) {
    const absl::CivilDay start = *ToCivilDay(r.period_start()), end = *ToCivilDay(r.period_end());
    const std::shared_ptr<const TreeHistory> shared_tree = TreeHistory::Shared(tx);
    const TreeHistory& tree = *shared_tree;
    for (const auto& reorganization : LoadReorganizations(tx, start, end)) {
      const absl::CivilDay on = reorganization.effective_on;
      bool touches = false;
      for (int64_t id : reorganization.dissolved) touches |= tree.Within(id, root, on - 1);
      for (int64_t id : reorganization.results) {
        touches |= tree.Within(id, root, on) || tree.Within(id, root, on - 1);
      }
      if (!touches) continue;
      auto* e = out->add_reorganizations();
      e->set_name(ResourceName("reorganizations", reorganization.id));
      e->set_kind(static_cast<membership::v1::ReorganizationKind>(reorganization.kind));
      *e->mutable_effective_on() = ToDate(on);
      e->set_decision(reorganization.decision);
      for (int64_t id : reorganization.dissolved) e->add_dissolved(NameOn(tx, id, on - 1));
      for (int64_t id : reorganization.results) e->add_results(NameOn(tx, id, on));
    }
  }
  if (organizations) *organizations = std::move(counts);
  Reflect(tx, out);
  return grpc::Status::OK;
}

namespace {

GainsAndLosses GainsAndLossesOf(pqxx::transaction_base& tx, const TreeHistory& tree, int64_t root,
                                const Period& p) {
  GainsAndLosses g;
  g.opening = CountMembers(tx, root, p.start - 1).total;
  g.closing = CountMembers(tx, root, p.end).total;
  ForEachMovement(tx, p.start, p.end, [&](const Movement& m) { Tally(m, tree, root, &g); });
  return g;
}

}  // namespace

grpc::Status BuildForm(pqxx::transaction_base& tx, const CallContext& call,
                       const v1::GetStatisticsFormRequest& r, v1::StatisticsForm* out) {
  const Period now{*ToCivilDay(r.period_start()), *ToCivilDay(r.period_end())};
  const Period before = SamePeriodLastYear(now);
  std::string name;
  if (auto s = Subject(tx, call, r.root(), now.end, &name); !s.ok()) return s;
  const int64_t root = *ResourceId(r.root(), kOrganizations);
  switch (r.form()) {
    case v1::STATISTICS_FORM_KIND_GAINS_AND_LOSSES: {
      const std::shared_ptr<const TreeHistory> shared_tree = TreeHistory::Shared(tx);
      const TreeHistory& tree = *shared_tree;
      *out = GainsAndLossesForm(GainsAndLossesOf(tx, tree, root, now),
                                GainsAndLossesOf(tx, tree, root, before));
      break;
    }
    case v1::STATISTICS_FORM_KIND_NEW_MEMBERS: {
      const std::shared_ptr<const TreeHistory> shared_tree = TreeHistory::Shared(tx);
      const TreeHistory& tree = *shared_tree;
      *out = NewMembersForm(CountNewMembers(tx, tree, root, now),
                            CountNewMembers(tx, tree, root, before));
      break;
    }
    case v1::STATISTICS_FORM_KIND_PARTY_WORK: {
      const std::shared_ptr<const TreeHistory> shared_tree = TreeHistory::Shared(tx);
      const TreeHistory& tree = *shared_tree;
      *out =
          PartyWorkForm(CountPartyWork(tx, tree, root, now), CountPartyWork(tx, tree, root, before),
                        membership::BadgeYearsInPeriod(now.start, now.end));
      break;
    }
    case v1::STATISTICS_FORM_KIND_MEMBERSHIP:
      *out = MembershipForm(CountMembers(tx, root, now.end, /*by_admission_period=*/true),
                            CountMembers(tx, root, before.end, /*by_admission_period=*/true),
                            "Cuối kỳ này", "Cuối cùng kỳ năm trước", /*by_type=*/false);
      break;
    case v1::STATISTICS_FORM_KIND_ETHNICITY_AND_RELIGION:
      *out = EthnicityAndReligionForm(CountByEthnicityAndReligion(tx, root, now.end),
                                      CountMembers(tx, root, now.end).total,
                                      CountByEthnicityAndReligion(tx, root, before.end));
      break;
    case v1::STATISTICS_FORM_KIND_ORGANIZATIONS_BY_TYPE:
      *out = OrganizationsByTypeForm(CountOrganizations(tx, root, now.end),
                                     CountMembers(tx, root, now.end),
                                     CountMembers(tx, root, before.end));
      break;
    default:
      return errors::InvalidArgument({{"form", "is not a form reporting produces"}});
  }
  out->set_root(r.root());
  out->set_root_display_name(name);
  *out->mutable_period_start() = ToDate(now.start);
  *out->mutable_period_end() = ToDate(now.end);
  *out->mutable_previous_start() = ToDate(before.start);
  *out->mutable_previous_end() = ToDate(before.end);
  Reflect(tx, out);
  return grpc::Status::OK;
}

std::string Describe(const v1::ReorganizationEntry& e) {
  std::vector<std::string> names(e.dissolved().begin(), e.dissolved().end());
  if (names.empty()) names.assign(e.results().begin(), e.results().end());
  return absl::StrCat(ReorganizationKindName(e.kind()), " ", absl::StrJoin(names, ", "), " (ngày ",
                      FormatDate(*ToCivilDay(e.effective_on())), ")");
}

grpc::Status BuildNarrative(pqxx::transaction_base& tx, const CallContext& call,
                            const v1::NarrativeRequest& r, std::string* text) {
  const Period period{*ToCivilDay(r.period_start()), *ToCivilDay(r.period_end())};
  NarrativeFacts f;
  f.period = period;
  if (auto s = Subject(tx, call, r.root(), period.end, &f.root_display_name); !s.ok()) return s;
  const int64_t root = *ResourceId(r.root(), kOrganizations);
  f.members = CountMembers(tx, root, period.end);
  f.members_before = CountMembers(tx, root, SamePeriodLastYear(period).end);
  f.organizations = CountOrganizations(tx, root, period.end);
  const std::shared_ptr<const TreeHistory> shared_tree = TreeHistory::Shared(tx);
  const TreeHistory& tree = *shared_tree;
  f.movements = GainsAndLossesOf(tx, tree, root, period);
  v1::GetStructureReportRequest structure;
  structure.set_root(r.root());
  *structure.mutable_as_of() = r.period_end();
  *structure.mutable_period_start() = r.period_start();
  *structure.mutable_period_end() = r.period_end();
  v1::StructureReport report;
  if (auto s = BuildStructure(tx, call, structure, &report); !s.ok()) return s;
  for (const auto& e : report.reorganizations()) f.reorganizations.push_back(Describe(e));
  *text = Narrative(f);
  return grpc::Status::OK;
}

}  // namespace partywork::reporting
