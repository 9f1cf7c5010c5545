#include "services/reporting/projections.h"

#include <set>

#include "absl/time/time.h"
#include "libs/platform/db/database.h"
#include "libs/platform/resource.h"
#include "partywork/membership/v1/award.pb.h"
#include "partywork/membership/v1/committee.pb.h"
#include "partywork/membership/v1/member.pb.h"
#include "partywork/membership/v1/organization.pb.h"
#include "partywork/membership/v1/party_card.pb.h"
#include "partywork/membership/v1/rating.pb.h"
#include "partywork/membership/v1/target.pb.h"
#include "services/reporting/member_projection.h"
#include "services/reporting/spells.h"

namespace partywork::reporting {
namespace {

constexpr char kOrganizations[] = "organizations";
constexpr char kEndless[] = "infinity";

std::optional<int64_t> OrganizationId(const std::string& name) {
  if (name.empty()) return std::nullopt;
  return ResourceId(name, kOrganizations);
}

// The organization's current row and its version from `from`, closing the
// version open before it.
void SaveVersion(pqxx::work& tx, const mv1::Organization& o, absl::CivilDay from) {
  static const db::Statement kCurrent{
      "reporting_org_current",
      "INSERT INTO reporting.organizations "
      "(id, display_name, kind, org_type, parent_id, established_on) "
      "VALUES ($1, $2, $3, $4, $5, $6::date) ON CONFLICT (id) DO UPDATE SET "
      "display_name = EXCLUDED.display_name, kind = EXCLUDED.kind, "
      "org_type = EXCLUDED.org_type, parent_id = EXCLUDED.parent_id"};
  static const db::Statement kClose{
      "reporting_org_version_close",
      "UPDATE reporting.organization_versions SET valid_to = $2::date "
      "WHERE organization_id = $1 AND valid_to = 'infinity' AND valid_from < $2::date"};
  static const db::Statement kOpen{
      "reporting_org_version_open",
      "INSERT INTO reporting.organization_versions "
      "(organization_id, valid_from, display_name, kind, org_type, parent_id) "
      "VALUES ($1, $2::date, $3, $4, $5, $6) ON CONFLICT (organization_id, valid_from) DO UPDATE "
      "SET display_name = EXCLUDED.display_name, kind = EXCLUDED.kind, "
      "org_type = EXCLUDED.org_type, parent_id = EXCLUDED.parent_id, valid_to = 'infinity'"};
  const int64_t id = OrganizationId(o.name()).value_or(0);
  const std::optional<int64_t> parent = OrganizationId(o.parent());
  const std::string established = FormatDay(ToCivilDay(o.established_on()).value_or(from));
  db::Exec(tx, kCurrent, id, o.display_name(), static_cast<int>(o.kind()),
           static_cast<int>(o.type()), parent, established);
  db::Exec(tx, kClose, id, FormatDay(from));
  db::Exec(tx, kOpen, id, FormatDay(from), o.display_name(), static_cast<int>(o.kind()),
           static_cast<int>(o.type()), parent);
}

void ApplyReorganization(pqxx::work& tx, const mv1::Reorganization& r) {
  static const db::Statement kInsert{
      "reporting_reorganization_insert",
      "INSERT INTO reporting.reorganizations (id, kind, effective_on, decision) "
      "VALUES ($1, $2, $3::date, $4) ON CONFLICT (id) DO NOTHING"};
  static const db::Statement kInvolved{
      "reporting_reorganization_org",
      "INSERT INTO reporting.reorganization_organizations "
      "(reorganization_id, organization_id, dissolved) VALUES ($1, $2, $3) "
      "ON CONFLICT DO NOTHING"};
  static const db::Statement kEnd{
      "reporting_org_end",
      "WITH closed AS (UPDATE reporting.organization_versions SET valid_to = $2::date "
      "WHERE organization_id = $1 AND valid_to = 'infinity') "
      "UPDATE reporting.organizations SET dissolved_on = $2::date WHERE id = $1"};
  const absl::CivilDay day = ToCivilDay(r.effective_on()).value_or(absl::CivilDay());
  const int64_t id = ResourceId(r.name(), "reorganizations").value_or(0);
  db::Exec(tx, kInsert, id, static_cast<int>(r.kind()), FormatDay(day), r.decision());
  for (const auto& result : r.results()) {
    SaveVersion(tx, result, day);
    db::Exec(tx, kInvolved, id, OrganizationId(result.name()).value_or(0), false);
  }
  for (const auto& ended : r.dissolved()) {
    const int64_t org = OrganizationId(ended).value_or(0);
    db::Exec(tx, kEnd, org, FormatDay(day));
    db::Exec(tx, kInvolved, id, org, true);
  }
}

// The target as now: its row, and its counts replaced.
void SaveTarget(pqxx::work& tx, const mv1::AdmissionTarget& t) {
  static const db::Statement kTarget{
      "reporting_admission_target",
      "INSERT INTO reporting.admission_targets (id, organization_id, source, period_start, "
      "period_end, document) VALUES ($1, $2, $3, $4::date, $5::date, $6) ON CONFLICT (id) DO "
      "UPDATE SET organization_id = EXCLUDED.organization_id, source = EXCLUDED.source, "
      "period_start = EXCLUDED.period_start, period_end = EXCLUDED.period_end, document = "
      "EXCLUDED.document"};
  static const db::Statement kClear{
      "reporting_admission_target_clear",
      "DELETE FROM reporting.admission_target_counts WHERE target_id = $1"};
  static const db::Statement kCount{
      "reporting_admission_target_count",
      "INSERT INTO reporting.admission_target_counts (target_id, category, count) "
      "VALUES ($1, $2, $3) ON CONFLICT (target_id, category) DO UPDATE SET count = "
      "EXCLUDED.count"};
  const int64_t id = ResourceId(t.name(), "admissionTargets").value_or(0);
  db::Exec(tx, kTarget, id, OrganizationId(t.organization()).value_or(0),
           static_cast<int>(t.source()),
           FormatDay(ToCivilDay(t.period_start()).value_or(absl::CivilDay())),
           FormatDay(ToCivilDay(t.period_end()).value_or(absl::CivilDay())), t.document());
  db::Exec(tx, kClear, id);
  for (const auto& c : t.targets())
    db::Exec(tx, kCount, id, static_cast<int>(c.category()), c.count());
}

// Ratings are recorded once; a replay finds the row already there.
// Ratings come by the hundred thousand (every member, every year) and only
// ever add rows: one INSERT for a batch's ratings, not one per event.
class RatingBatch {
 public:
  void Add(const mv1::Rating& r) {
    std::optional<int64_t> base;
    if (!r.base_organization().empty()) base = OrganizationId(r.base_organization());
    rows_.Add(ResourceId(r.name(), "ratings").value_or(0))
        .Add(r.year())
        .Add(ResourceId(r.subject(), "members"))
        .Add(OrganizationId(r.organization()).value_or(0))
        .Add(base)
        .Add(static_cast<int>(r.grade()));
  }
  void Write(pqxx::work& tx) {
    static const db::Statement kRatings{
        "reporting_ratings_write",
        "INSERT INTO reporting.ratings (id, year, member_id, organization_id, "
        "base_organization_id, grade) SELECT * FROM unnest($1::bigint[], $2::integer[], "
        "$3::bigint[], $4::bigint[], $5::bigint[], $6::smallint[]) ON CONFLICT (id) DO NOTHING"};
    if (!rows_.empty()) db::ExecRows(tx, kRatings, rows_);
    rows_ = db::Columns(kColumns);
  }

 private:
  static constexpr int kColumns = 6;
  db::Columns rows_{kColumns};
};

// A seat as now: its end and flags change with its events.
void SaveSeat(pqxx::work& tx, const mv1::CommitteeMember& c) {
  static const db::Statement kSeat{
      "reporting_committee_seat",
      "INSERT INTO reporting.committee_seats (id, organization_id, member_id, role, "
      "term_start_year, term_end_year, from_on, to_on, also_head_of_unit) VALUES ($1, $2, $3, $4, "
      "$5, $6, $7::date, $8::date, $9) ON CONFLICT (id) DO UPDATE SET to_on = EXCLUDED.to_on, "
      "also_head_of_unit = EXCLUDED.also_head_of_unit"};
  const auto to_on = ToCivilDay(c.to_on());
  db::Exec(tx, kSeat, ResourceId(c.name(), "committeeMembers").value_or(0),
           OrganizationId(c.organization()).value_or(0),
           ResourceId(c.member(), "members").value_or(0), static_cast<int>(c.role()),
           c.term_start_year(), c.term_end_year(),
           FormatDay(ToCivilDay(c.from_on()).value_or(absl::CivilDay())),
           to_on ? FormatDay(*to_on) : std::string(kEndless), c.also_head_of_unit());
}

// A line of the card register; recorded once.
void SaveCardIssue(pqxx::work& tx, const mv1::PartyCardIssue& c) {
  static const db::Statement kIssue{
      "reporting_party_card_issue",
      "INSERT INTO reporting.party_card_issues (id, member_id, kind, issued_on) VALUES ($1, $2, "
      "$3, $4::date) ON CONFLICT (id) DO NOTHING"};
  db::Exec(tx, kIssue, ResourceId(c.name(), "partyCardIssues").value_or(0),
           ResourceId(c.member(), "members").value_or(0), static_cast<int>(c.kind()),
           FormatDay(ToCivilDay(c.issued_on()).value_or(absl::CivilDay())));
}

// A member's award (badge or commendation); recorded once.
void SaveAward(pqxx::work& tx, const mv1::MemberAwardRecorded& recorded) {
  static const db::Statement kAward{
      "reporting_member_award",
      "INSERT INTO reporting.member_awards (id, member_id, kind, badge_years, awarded_on) VALUES "
      "($1, $2, $3, $4, $5::date) ON CONFLICT (id) DO NOTHING"};
  const mv1::MemberAward& a = recorded.award();
  db::Exec(tx, kAward, ChildResourceId(a.name(), recorded.member(), "awards").value_or(0),
           ResourceId(recorded.member(), "members").value_or(0), static_cast<int>(a.kind()),
           a.badge_years(), FormatDay(ToCivilDay(a.awarded_on()).value_or(absl::CivilDay())));
}

// The day (in Vietnam) an event was recorded.
absl::CivilDay RecordedOn(const common::v1::Event& event) {
  static const absl::TimeZone kVietnam = absl::FixedTimeZone(7 * 3600);
  return absl::ToCivilDay(absl::FromUnixSeconds(event.create_time().seconds()), kVietnam);
}

// Record fields whose change is a correction rather than a new fact.
bool OnlyBirthFacts(const mv1::MemberUpdated& updated) {
  static const std::set<std::string> kBirthFacts = {"gender", "birth_date", "ethnicity"};
  for (const auto& f : updated.changed_fields()) {
    if (!kBirthFacts.count(f)) return false;
  }
  return true;
}

void ApplyMembershipEvent(pqxx::work& tx, const common::v1::Event& event, MemberBatch& members,
                          RatingBatch& ratings) {
  const auto& payload = event.payload();
  if (mv1::OrganizationEstablished established; payload.UnpackTo(&established)) {
    const auto& o = established.organization();
    SaveVersion(tx, o, ToCivilDay(o.established_on()).value_or(absl::CivilDay()));
  } else if (mv1::OrganizationsReorganized reorganized; payload.UnpackTo(&reorganized)) {
    ApplyReorganization(tx, reorganized.reorganization());
  } else if (mv1::MemberCreated created; payload.UnpackTo(&created)) {
    const int64_t member = ResourceId(created.member().name(), "members").value_or(0);
    members.Record(member, kBeginning, created.member());
    members.Event(member, created.first_event());
  } else if (mv1::MemberUpdated updated; payload.UnpackTo(&updated)) {
    const int64_t member = ResourceId(updated.member().name(), "members").value_or(0);
    absl::CivilDay from = RecordedOn(event);
    if (OnlyBirthFacts(updated)) {
      members.Write();
      from = members.LatestRecord(member).value_or(from);
    }
    members.Record(member, from, updated.member());
  } else if (mv1::MemberEventRecorded recorded; payload.UnpackTo(&recorded)) {
    members.Event(ResourceId(recorded.member(), "members").value_or(0), recorded.event());
  } else if (mv1::AdmissionTargetChanged target; payload.UnpackTo(&target)) {
    SaveTarget(tx, target.target());
  } else if (mv1::RatingRecorded rated; payload.UnpackTo(&rated)) {
    ratings.Add(rated.rating());
  } else if (mv1::CommitteeMemberChanged seat; payload.UnpackTo(&seat)) {
    SaveSeat(tx, seat.committee_member());
  } else if (mv1::PartyCardIssued card; payload.UnpackTo(&card)) {
    SaveCardIssue(tx, card.issue());
  } else if (mv1::MemberAwardRecorded award; payload.UnpackTo(&award)) {
    SaveAward(tx, award);
  }
  // Event types reporting has no read model for are acknowledged as applied.
}

}  // namespace

void ApplyMembershipEvents(pqxx::work& tx, const feed::Events& events) {
  MemberBatch members(tx);
  RatingBatch ratings;
  for (const common::v1::Event* event : events) {
    ApplyMembershipEvent(tx, *event, members, ratings);
  }
  members.Finish();
  ratings.Write(tx);
}

void ClearReadModels(pqxx::work& tx) {
  tx.exec(
      "TRUNCATE reporting.organizations, reporting.organization_versions, "
      "reporting.reorganization_organizations, reporting.reorganizations, "
      "reporting.member_records, reporting.member_events, reporting.member_spells, "
      "reporting.spell_totals_by_birth, reporting.spell_totals_by_organization, "
      "reporting.spell_totals_by_attributes, "
      "reporting.programs, reporting.inspections, reporting.discipline_cases, "
      "reporting.petitions, reporting.admission_target_counts, reporting.admission_targets, "
      "reporting.ratings, reporting.committee_seats, reporting.party_card_issues, "
      "reporting.member_awards, reporting.feed_checkpoints");
  // The replay keeps only the open spells' totals; the server counts the
  // anchor days again once it has caught up (count_anchors.h).
  tx.exec("DELETE FROM reporting.count_anchors WHERE day <> 'infinity'");
}

}  // namespace partywork::reporting
