#include "services/reporting/report_store.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "libs/platform/db/database.h"
#include "libs/platform/resource.h"
#include "partywork/membership/v1/member.pb.h"
#include "services/reporting/row_stream.h"
#include "services/reporting/subtree.h"

namespace partywork::reporting {
namespace {

namespace mv1 = ::partywork::membership::v1;

}  // namespace

void ForEachAdmission(pqxx::transaction_base& tx, absl::CivilDay start, absl::CivilDay end,
                      const std::function<void(const AdmittedMember&)>& each) {
  // The record as it was on the day; a readmission follows earlier events.
  ForEachRow(
      tx,
      "SELECT e.member_id, e.effective_on::text, e.organization_id, r.gender, "
      "r.birth_date::text, r.ethnicity, r.religion, r.general_education, r.qualification, "
      "r.youth_union, r.student, r.occupation, r.private_business_owner, r.academic_title, EXISTS "
      "(SELECT 1 FROM reporting.member_events p "
      "WHERE p.member_id = e.member_id AND p.event_id < e.event_id AND NOT p.voided AND p.kind "
      "<> $2) FROM reporting.member_events e JOIN LATERAL (SELECT * FROM reporting.member_records "
      "r WHERE r.member_id = e.member_id AND r.valid_from <= e.effective_on ORDER BY r.valid_from "
      "DESC LIMIT 1) r ON true WHERE e.kind = $1 AND NOT e.voided AND e.organization_id IS NOT "
      "NULL AND e.effective_on BETWEEN $3::date AND $4::date ORDER BY e.member_id, e.event_id",
      [&](const pqxx::row& r) {
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
        each(a);
      },
      static_cast<int>(mv1::MEMBER_EVENT_KIND_ADMITTED),
      static_cast<int>(mv1::MEMBER_EVENT_KIND_CORRECTION), FormatDay(start), FormatDay(end));
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

std::string NameOn(pqxx::transaction_base& tx, int64_t organization, absl::CivilDay day) {
  return DisplayName(tx, organization, day).value_or(ResourceName("organizations", organization));
}

void ForEachMovement(pqxx::transaction_base& tx, absl::CivilDay start, absl::CivilDay end,
                     const std::function<void(const Movement&)>& each) {
  // Admissions, restorations, transfers and every way of leaving; a
  // transfer within the Khối moves a member between subtrees.
  ForEachRow(
      tx,
      "SELECT e.kind, e.effective_on::text, b.organization_id, b.status, a.organization_id "
      "FROM reporting.member_events e "
      "LEFT JOIN reporting.member_spells b ON b.member_id = e.member_id "
      "AND b.valid_to = e.effective_on "
      "LEFT JOIN reporting.member_spells a ON a.member_id = e.member_id "
      "AND a.valid_from = e.effective_on "
      "WHERE e.effective_on BETWEEN $1::date AND $2::date AND NOT e.voided "
      "AND e.kind IN (1, 6, 7, 8, 11, 12, 13, 14, 16) ORDER BY e.effective_on, e.member_id",
      [&](const pqxx::row& r) {
        Movement m;
        m.kind = r[0].as<int>();
        m.day = db::DayOf(r[1]);
        if (!r[2].is_null()) m.before_organization = r[2].as<int64_t>();
        if (!r[3].is_null()) m.before_status = r[3].as<int>();
        if (!r[4].is_null()) m.after_organization = r[4].as<int64_t>();
        each(m);
      },
      FormatDay(start), FormatDay(end));
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

void ForEachSeat(pqxx::transaction_base& tx, int year, bool by_end,
                 std::optional<absl::CivilDay> as_of,
                 const std::function<void(const CountedSeat&)>& each) {
  // $1 the year, $2 whether it is the term's last, $3 the day or null.
  std::optional<std::string> day;
  if (as_of) day = FormatDay(*as_of);
  ForEachRow(
      tx,
      "SELECT s.id, s.organization_id, s.member_id, s.role, s.term_start_year, "
      "s.term_end_year, s.from_on::text, CASE WHEN s.to_on = 'infinity' THEN NULL ELSE "
      "s.to_on::text END, s.also_head_of_unit, coalesce($3::date, s.from_on)::text, r.gender, "
      "r.birth_date::text, r.ethnicity, r.qualification, r.political_theory "
      "FROM reporting.committee_seats s JOIN LATERAL (SELECT * FROM reporting.member_records r "
      "WHERE r.member_id = s.member_id AND r.valid_from <= coalesce($3::date, s.from_on) "
      "ORDER BY r.valid_from DESC LIMIT 1) r ON true "
      "WHERE (CASE WHEN $2::boolean THEN s.term_end_year ELSE s.term_start_year END) = $1 "
      "AND ($3::date IS NULL OR (s.from_on <= $3::date AND s.to_on > $3::date)) "
      "ORDER BY s.organization_id, s.member_id, s.from_on, s.id",
      [&](const pqxx::row& r) {
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
        each(c);
      },
      year, by_end, day);
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
