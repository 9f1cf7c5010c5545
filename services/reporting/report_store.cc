#include "services/reporting/report_store.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "libs/platform/db/database.h"
#include "libs/platform/resource.h"
#include "partywork/membership/v1/member.pb.h"
#include "services/reporting/subtree.h"

namespace partywork::reporting {
namespace {

namespace mv1 = ::partywork::membership::v1;

}  // namespace

std::vector<int64_t> MembersOn(pqxx::transaction_base& tx, int64_t root, absl::CivilDay day,
                               std::set<int64_t>* exempted) {
  static const db::Statement kMembers{
      "reporting_members_on",
      "SELECT s.member_id, bool_or(s.exempted) FROM unnest($1::bigint[]) AS t(organization_id) "
      "JOIN reporting.member_spells s ON s.organization_id = t.organization_id "
      "WHERE s.valid_to > $2::date AND s.valid_from <= $2::date GROUP BY 1 ORDER BY 1"};
  std::vector<int64_t> out;
  for (const auto& r : db::Exec(tx, kMembers, SubtreeOf(tx, root, day).ids, FormatDay(day))) {
    out.push_back(r[0].as<int64_t>());
    if (exempted && r[1].as<bool>()) exempted->insert(out.back());
  }
  return out;
}

std::vector<AdmittedMember> LoadAdmissions(pqxx::transaction_base& tx, absl::CivilDay start,
                                           absl::CivilDay end) {
  // The record as it was on the day; a readmission follows earlier events.
  static const db::Statement kAdmitted{
      "reporting_admissions_of_period",
      "SELECT e.member_id, e.effective_on::text, e.organization_id, r.gender, "
      "r.birth_date::text, r.ethnicity, r.religion, r.general_education, r.qualification, "
      "r.youth_union, r.student, r.occupation, r.private_business_owner, r.academic_title, EXISTS "
      "(SELECT 1 FROM reporting.member_events p "
      "WHERE p.member_id = e.member_id AND p.event_id < e.event_id AND NOT p.voided AND p.kind "
      "<> $2) FROM reporting.member_events e JOIN LATERAL (SELECT * FROM reporting.member_records "
      "r WHERE r.member_id = e.member_id AND r.valid_from <= e.effective_on ORDER BY r.valid_from "
      "DESC LIMIT 1) r ON true WHERE e.kind = $1 AND NOT e.voided AND e.organization_id IS NOT "
      "NULL AND e.effective_on BETWEEN $3::date AND $4::date ORDER BY e.member_id, e.event_id"};
  std::vector<AdmittedMember> out;
  for (const auto& r : db::Exec(tx, kAdmitted, static_cast<int>(mv1::MEMBER_EVENT_KIND_ADMITTED),
                                static_cast<int>(mv1::MEMBER_EVENT_KIND_CORRECTION),
                                FormatDay(start), FormatDay(end))) {
    AdmittedMember a;
    a.member = r[0].as<int64_t>();
    a.day = db::DayOf(r[1]);
    a.cell = r[2].as<int64_t>();
    a.record.gender = static_cast<mv1::Gender>(r[3].as<int>());
    a.record.birth_date = db::DayOf(r[4]);
    a.record.ethnicity = r[5].as<std::string>();
    a.record.religion = r[6].as<std::string>();
    a.record.general_education = static_cast<mv1::GeneralEducation>(r[7].as<int>());
    a.record.qualification = static_cast<mv1::Qualification>(r[8].as<int>());
    a.record.youth_union = r[9].as<bool>();
    a.record.student = r[10].as<bool>();
    a.occupation = r[11].as<std::string>();
    a.private_business_owner = r[12].as<bool>();
    a.academic_title = r[13].as<int>();
    a.readmitted = r[14].as<bool>();
    out.push_back(std::move(a));
  }
  return out;
}

std::vector<RatingRow> LoadRatings(pqxx::transaction_base& tx, int64_t root, int year,
                                   absl::CivilDay day) {
  static const db::Statement kRatings{
      "reporting_ratings_of_subtree",
      "SELECT r.member_id, r.organization_id, r.base_organization_id, r.grade "
      "FROM unnest($1::bigint[]) AS t(organization_id) JOIN reporting.ratings r "
      "ON r.year = $2 AND r.organization_id = t.organization_id ORDER BY r.id"};
  std::vector<RatingRow> out;
  for (const auto& r : db::Exec(tx, kRatings, SubtreeOf(tx, root, day).ids, year)) {
    RatingRow row;
    if (!r[0].is_null()) row.member = r[0].as<int64_t>();
    row.organization = r[1].as<int64_t>();
    if (!r[2].is_null()) row.base_organization = r[2].as<int64_t>();
    row.grade = r[3].as<int>();
    out.push_back(row);
  }
  return out;
}

std::map<int64_t, absl::CivilDay> AdmissionDays(pqxx::transaction_base& tx,
                                                const std::vector<int64_t>& members) {
  static const db::Statement kAdmitted{
      "reporting_admission_days",
      "SELECT member_id, max(effective_on)::text FROM reporting.member_events "
      "WHERE member_id = ANY($1::bigint[]) AND kind = $2 AND NOT voided GROUP BY member_id"};
  std::map<int64_t, absl::CivilDay> out;
  if (members.empty()) return out;
  for (const auto& r : db::Exec(tx, kAdmitted, absl::StrCat("{", absl::StrJoin(members, ","), "}"),
                                static_cast<int>(mv1::MEMBER_EVENT_KIND_ADMITTED))) {
    out[r[0].as<int64_t>()] = db::DayOf(r[1]);
  }
  return out;
}

std::vector<int64_t> OrganizationsOn(pqxx::transaction_base& tx, int64_t root, absl::CivilDay day,
                                     const std::vector<int>& kinds) {
  static const db::Statement kOfKinds{
      "reporting_organizations_of_kinds",
      absl::StrCat(kSubtree,
                   "SELECT organization_id FROM tree WHERE kind = ANY($3::smallint[]) ORDER BY 1")};
  std::vector<int64_t> out;
  for (const auto& r : db::Exec(tx, kOfKinds, root, FormatDay(day),
                                absl::StrCat("{", absl::StrJoin(kinds, ","), "}"))) {
    out.push_back(r[0].as<int64_t>());
  }
  return out;
}

EthnicityAndReligion CountByEthnicityAndReligion(pqxx::transaction_base& tx, int64_t root,
                                                 absl::CivilDay day) {
  static const db::Statement kCount{
      "reporting_count_ethnicity_religion",
      absl::StrCat(kSpells,
                   "SELECT GROUPING(ethnicity), coalesce(ethnicity, religion), count(*), "
                   "count(*) FILTER (WHERE female) FROM spells "
                   "GROUP BY GROUPING SETS ((ethnicity), (religion)) "
                   "ORDER BY 1, 3 DESC, coalesce(ethnicity, religion) COLLATE \"vi-VN-x-icu\"")};
  EthnicityAndReligion out;
  const Subtree tree = SubtreeOf(tx, root, day);
  const auto [key, date] = DayKeys(day);
  for (const auto& r : db::Exec(tx, kCount, tree.ids, tree.types, key, date)) {
    GroupCount g{r[1].as<std::string>(), r[2].as<int64_t>(), r[3].as<int64_t>()};
    (r[0].as<int>() == 0 ? out.ethnicities : out.religions).push_back(std::move(g));
  }
  return out;
}

std::vector<OrganizationCount> CountOrganizations(pqxx::transaction_base& tx, int64_t root,
                                                  absl::CivilDay day) {
  static const db::Statement kCount{
      "reporting_count_organizations",
      absl::StrCat(kSubtree,
                   "SELECT kind, org_type, count(*) FROM tree GROUP BY kind, org_type "
                   "ORDER BY kind, org_type")};
  std::vector<OrganizationCount> out;
  for (const auto& r : db::Exec(tx, kCount, root, FormatDay(day))) {
    out.push_back({r[0].as<int>(), r[1].as<int>(), r[2].as<int64_t>()});
  }
  return out;
}

bool InSubtree(pqxx::transaction_base& tx, int64_t organization, int64_t root, absl::CivilDay day) {
  static const db::Statement kWithin{
      "reporting_in_subtree",
      absl::StrCat(kSubtree, "SELECT EXISTS (SELECT 1 FROM tree WHERE organization_id = $3)")};
  return db::Exec(tx, kWithin, root, FormatDay(day), organization)[0][0].as<bool>();
}

std::optional<std::string> DisplayName(pqxx::transaction_base& tx, int64_t organization,
                                       absl::CivilDay day) {
  static const db::Statement kName{
      "reporting_display_name",
      "SELECT display_name FROM reporting.organization_versions WHERE organization_id = $1 "
      "ORDER BY (valid_from <= $2::date AND valid_to > $2::date) DESC, valid_from DESC LIMIT 1"};
  auto r = db::Exec(tx, kName, organization, FormatDay(day));
  if (r.empty()) return std::nullopt;
  return r[0][0].as<std::string>();
}

TreeHistory TreeHistory::Load(pqxx::transaction_base& tx) {
  static const db::Statement kAll{
      "reporting_tree_history",
      "SELECT organization_id, valid_from::text, "
      "CASE WHEN valid_to = 'infinity' THEN '9999-12-31' ELSE valid_to::text END, parent_id, "
      "display_name, org_type, kind FROM reporting.organization_versions "
      "ORDER BY organization_id, valid_from"};
  TreeHistory tree;
  for (const auto& r : db::Exec(tx, kAll)) {
    std::optional<int64_t> parent;
    if (!r[3].is_null()) parent = r[3].as<int64_t>();
    tree.Add(r[0].as<int64_t>(), db::DayOf(r[1]), db::DayOf(r[2]), parent, r[4].as<std::string>(),
             r[5].as<int>(), r[6].as<int>());
  }
  return tree;
}

void TreeHistory::Add(int64_t organization, absl::CivilDay from, absl::CivilDay to,
                      std::optional<int64_t> parent, std::string name, int type, int kind) {
  versions_[organization].push_back({from, to, parent, std::move(name), type, kind});
}

int TreeHistory::KindOf(int64_t organization, absl::CivilDay day) const {
  const Version* v = At(organization, day);
  return v == nullptr ? 0 : v->kind;
}

std::optional<int64_t> TreeHistory::ParentOf(int64_t organization, absl::CivilDay day) const {
  const Version* v = At(organization, day);
  return v == nullptr ? std::nullopt : v->parent;
}

int TreeHistory::TypeOf(int64_t organization, absl::CivilDay day) const {
  std::optional<int64_t> current = organization;
  for (size_t depth = 0; current && depth <= versions_.size(); ++depth) {
    const Version* v = At(*current, day);
    if (v == nullptr) return 0;
    if (v->type != 0) return v->type;
    current = v->parent;
  }
  return 0;
}

const TreeHistory::Version* TreeHistory::At(int64_t organization, absl::CivilDay day) const {
  auto it = versions_.find(organization);
  if (it == versions_.end()) return nullptr;
  for (const auto& v : it->second) {
    if (v.from <= day && day < v.to) return &v;
  }
  return nullptr;
}

bool TreeHistory::Within(int64_t organization, int64_t root, absl::CivilDay day) const {
  std::optional<int64_t> current = organization;
  for (size_t depth = 0; current && depth <= versions_.size(); ++depth) {
    const Version* v = At(*current, day);
    if (v == nullptr) return false;
    if (*current == root) return true;
    current = v->parent;
  }
  return false;
}

std::string TreeHistory::NameOf(int64_t organization, absl::CivilDay day) const {
  if (const Version* v = At(organization, day)) return v->name;
  auto it = versions_.find(organization);
  return it == versions_.end() || it->second.empty() ? ResourceName("organizations", organization)
                                                     : it->second.back().name;
}

std::vector<Movement> LoadMovements(pqxx::transaction_base& tx, absl::CivilDay start,
                                    absl::CivilDay end) {
  // Admissions, restorations, transfers and every way of leaving; a
  // transfer within the Khối moves a member between subtrees.
  static const db::Statement kMovements{
      "reporting_movements",
      "SELECT e.kind, e.effective_on::text, b.organization_id, b.status, a.organization_id "
      "FROM reporting.member_events e "
      "LEFT JOIN reporting.member_spells b ON b.member_id = e.member_id "
      "AND b.valid_to = e.effective_on "
      "LEFT JOIN reporting.member_spells a ON a.member_id = e.member_id "
      "AND a.valid_from = e.effective_on "
      "WHERE e.effective_on BETWEEN $1::date AND $2::date AND NOT e.voided "
      "AND e.kind IN (1, 6, 7, 8, 11, 12, 13, 14, 16) ORDER BY e.effective_on, e.member_id"};
  std::vector<Movement> out;
  for (const auto& r : db::Exec(tx, kMovements, FormatDay(start), FormatDay(end))) {
    Movement m;
    m.kind = r[0].as<int>();
    m.day = db::DayOf(r[1]);
    if (!r[2].is_null()) m.before_organization = r[2].as<int64_t>();
    if (!r[3].is_null()) m.before_status = r[3].as<int>();
    if (!r[4].is_null()) m.after_organization = r[4].as<int64_t>();
    out.push_back(m);
  }
  return out;
}

std::vector<ReorganizationRow> LoadReorganizations(pqxx::transaction_base& tx, absl::CivilDay start,
                                                   absl::CivilDay end) {
  static const db::Statement kReorganizations{
      "reporting_reorganizations",
      "SELECT r.id, r.kind, r.effective_on::text, r.decision, o.organization_id, o.dissolved "
      "FROM reporting.reorganizations r JOIN reporting.reorganization_organizations o "
      "ON o.reorganization_id = r.id WHERE r.effective_on BETWEEN $1::date AND $2::date "
      "ORDER BY r.effective_on, r.id, o.dissolved DESC, o.organization_id"};
  std::vector<ReorganizationRow> out;
  for (const auto& r : db::Exec(tx, kReorganizations, FormatDay(start), FormatDay(end))) {
    const int64_t id = r[0].as<int64_t>();
    if (out.empty() || out.back().id != id) {
      out.push_back({id, r[1].as<int>(), db::DayOf(r[2]), r[3].as<std::string>(), {}, {}});
    }
    (r[5].as<bool>() ? out.back().dissolved : out.back().results).push_back(r[4].as<int64_t>());
  }
  return out;
}

std::vector<CountedSeat> LoadSeats(pqxx::transaction_base& tx, int year, bool by_end,
                                   std::optional<absl::CivilDay> as_of) {
  // $1 the year, $2 whether it is the term's last, $3 the day or null.
  static const db::Statement kSeats{
      "reporting_committee_seats",
      "SELECT s.id, s.organization_id, s.member_id, s.role, s.term_start_year, "
      "s.term_end_year, s.from_on::text, CASE WHEN s.to_on = 'infinity' THEN NULL ELSE "
      "s.to_on::text END, s.also_head_of_unit, coalesce($3::date, s.from_on)::text, r.gender, "
      "r.birth_date::text, r.ethnicity, r.qualification, r.political_theory "
      "FROM reporting.committee_seats s JOIN LATERAL (SELECT * FROM reporting.member_records r "
      "WHERE r.member_id = s.member_id AND r.valid_from <= coalesce($3::date, s.from_on) "
      "ORDER BY r.valid_from DESC LIMIT 1) r ON true "
      "WHERE (CASE WHEN $2 THEN s.term_end_year ELSE s.term_start_year END) = $1 "
      "AND ($3::date IS NULL OR (s.from_on <= $3::date AND s.to_on > $3::date)) "
      "ORDER BY s.organization_id, s.member_id, s.from_on, s.id"};
  std::optional<std::string> day;
  if (as_of) day = FormatDay(*as_of);
  std::vector<CountedSeat> out;
  for (const auto& r : db::Exec(tx, kSeats, year, by_end, day)) {
    CountedSeat c;
    c.seat.id = r[0].as<int64_t>();
    c.organization = r[1].as<int64_t>();
    c.seat.member_id = r[2].as<int64_t>();
    c.seat.role = static_cast<mv1::CommitteeRole>(r[3].as<int>());
    c.seat.term_start_year = r[4].as<int>();
    c.seat.term_end_year = r[5].as<int>();
    c.seat.from_on = db::DayOf(r[6]);
    if (!r[7].is_null()) c.seat.to_on = db::DayOf(r[7]);
    c.seat.also_head_of_unit = r[8].as<bool>();
    c.counted_on = db::DayOf(r[9]);
    c.member.gender = static_cast<mv1::Gender>(r[10].as<int>());
    c.member.birth_date = db::DayOf(r[11]);
    c.member.ethnicity = r[12].as<std::string>();
    c.member.qualification = static_cast<mv1::Qualification>(r[13].as<int>());
    c.member.political_theory = static_cast<mv1::PoliticalTheory>(r[14].as<int>());
    out.push_back(std::move(c));
  }
  return out;
}

std::vector<v1::FeedPosition> Positions(pqxx::transaction_base& tx) {
  static const db::Statement kPositions{
      "reporting_feed_positions",
      "SELECT feed, last_sequence FROM reporting.feed_checkpoints ORDER BY feed"};
  std::vector<v1::FeedPosition> out;
  for (const auto& row : db::Exec(tx, kPositions)) {
    v1::FeedPosition p;
    p.set_feed(row[0].as<std::string>());
    p.set_applied_sequence(row[1].as<int64_t>());
    out.push_back(std::move(p));
  }
  return out;
}

}  // namespace partywork::reporting
