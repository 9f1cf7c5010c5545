#include "services/inspection/tree_store.h"

#include <map>
#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "libs/platform/db/arrays.h"
#include "libs/platform/db/database.h"
#include "libs/platform/resource.h"

namespace partywork::inspection {
namespace {

constexpr char kOrganizations[] = "organizations";

// An organization row and version in force on $1 (a date).
constexpr char kLiveOn[] =
    "SELECT v.organization_id AS id, v.parent_id, v.kind FROM inspection.organization_versions v "
    "JOIN inspection.organizations o ON o.id = v.organization_id "
    "WHERE v.valid_from <= $1::date AND $1::date < v.valid_to AND o.established_on <= $1::date "
    "AND (o.dissolved_on IS NULL OR $1::date < o.dissolved_on)";

OrganizationOnDay FromRow(const pqxx::row& r) {
  OrganizationOnDay o;
  o.id = r[0].as<int64_t>();
  if (!r[1].is_null()) o.parent_id = r[1].as<int64_t>();
  o.kind = static_cast<mv1::OrganizationKind>(r[2].as<int>());
  return o;
}

// The organization's version from `from` on, closing the one open before.
void SaveVersion(pqxx::work& tx, const mv1::Organization& o, absl::CivilDay from) {
  static const db::Statement kOrganization{
      "inspection_copy_org",
      "INSERT INTO inspection.organizations (id, established_on) VALUES ($1, $2::date) "
      "ON CONFLICT (id) DO NOTHING"};
  static const db::Statement kClose{
      "inspection_copy_close_version",
      "UPDATE inspection.organization_versions SET valid_to = $2::date "
      "WHERE organization_id = $1 AND valid_to = 'infinity' AND valid_from < $2::date"};
  static const db::Statement kVersion{
      "inspection_copy_version",
      "INSERT INTO inspection.organization_versions "
      "(organization_id, valid_from, display_name, kind, parent_id) "
      "VALUES ($1, $2::date, $3, $4, $5) ON CONFLICT (organization_id, valid_from) DO UPDATE SET "
      "display_name = EXCLUDED.display_name, kind = EXCLUDED.kind, parent_id = EXCLUDED.parent_id"};
  const int64_t id = ResourceId(o.name(), kOrganizations).value_or(0);
  const auto established = ToCivilDay(o.established_on()).value_or(from);
  db::Exec(tx, kOrganization, id, FormatDay(established));
  db::Exec(tx, kClose, id, FormatDay(from));
  db::Exec(tx, kVersion, id, FormatDay(from), o.display_name(), static_cast<int>(o.kind()),
           ResourceId(o.parent(), kOrganizations));
}

void Dissolve(pqxx::work& tx, int64_t id, absl::CivilDay on) {
  static const db::Statement kEnd{
      "inspection_copy_dissolve",
      "UPDATE inspection.organizations SET dissolved_on = $2::date WHERE id = $1"};
  static const db::Statement kClose{
      "inspection_copy_close_last",
      "UPDATE inspection.organization_versions SET valid_to = $2::date "
      "WHERE organization_id = $1 AND valid_to = 'infinity'"};
  db::Exec(tx, kEnd, id, FormatDay(on));
  db::Exec(tx, kClose, id, FormatDay(on));
}

// "members/{m}/events/{e}" → (m, e).
std::optional<std::pair<int64_t, int64_t>> EventKey(const std::string& name) {
  std::vector<absl::string_view> parts = absl::StrSplit(name, '/');
  int64_t m = 0, e = 0;
  if (parts.size() != 4 || parts[0] != "members" || parts[2] != "events" ||
      !absl::SimpleAtoi(parts[1], &m) || !absl::SimpleAtoi(parts[3], &e)) {
    return std::nullopt;
  }
  return std::pair{m, e};
}

// A batch's member events, copied in one statement; each member concerned
// has their spells rebuilt once, from their whole copied history.
class MemberEventBatch {
 public:
  void Add(const mv1::MemberEvent& e) {
    auto key = EventKey(e.name());
    auto day = ToCivilDay(e.effective_on());
    if (!key || !day) return;
    std::optional<int64_t> corrects;
    if (auto c = EventKey(e.corrects())) corrects = c->second;
    events_.Add(key->first)
        .Add(key->second)
        .Add(static_cast<int>(e.kind()))
        .Add(*day)
        .Add(ResourceId(e.organization(), kOrganizations))
        .Add(static_cast<int>(e.initial_status()))
        .Add(corrects);
    members_.Add(key->first);
  }

  void Write(pqxx::work& tx) {
    static const db::Statement kInsert{
        "inspection_copy_member_events",
        "INSERT INTO inspection.member_events (member_id, event_id, kind, effective_on, "
        "organization_id, initial_status, corrects) SELECT * FROM unnest($1::bigint[], "
        "$2::bigint[], $3::smallint[], $4::date[], $5::bigint[], $6::smallint[], $7::bigint[]) "
        "ON CONFLICT DO NOTHING"};
    static const db::Statement kLoad{
        "inspection_copy_member_histories",
        "SELECT member_id, event_id, kind, effective_on::text, organization_id, initial_status, "
        "corrects FROM inspection.member_events WHERE member_id = ANY($1::bigint[]) "
        "ORDER BY member_id, event_id"};
    static const db::Statement kClear{
        "inspection_copy_clear_spells_of",
        "DELETE FROM inspection.member_spells WHERE member_id = ANY($1::bigint[])"};
    static const db::Statement kSpells{
        "inspection_copy_spells",
        "INSERT INTO inspection.member_spells (member_id, valid_from, valid_to, status, "
        "organization_id) SELECT * FROM unnest($1::bigint[], $2::date[], $3::date[], "
        "$4::smallint[], $5::bigint[])"};
    if (events_.empty()) return;
    db::ExecRows(tx, kInsert, events_);
    std::map<int64_t, std::vector<MemberEventCopy>> histories;
    for (const auto& r : db::ExecRows(tx, kLoad, members_)) {
      MemberEventCopy c;
      c.event_id = r[1].as<int64_t>();
      c.kind = static_cast<mv1::MemberEventKind>(r[2].as<int>());
      c.effective_on = db::DayOf(r[3]);
      if (!r[4].is_null()) c.organization_id = r[4].as<int64_t>();
      c.initial_status = static_cast<mv1::MemberStatus>(r[5].as<int>());
      if (!r[6].is_null()) c.corrects = r[6].as<int64_t>();
      histories[r[0].as<int64_t>()].push_back(c);
    }
    db::ExecRows(tx, kClear, members_);
    db::Columns spells(5);
    for (auto& [member, history] : histories) {
      for (const auto& s : FoldMemberSpells(std::move(history))) {
        spells.Add(member).Add(s.from);
        s.to == kEndOfTime ? spells.Add("infinity") : spells.Add(s.to);
        spells.Add(static_cast<int>(s.status)).Add(s.organization_id);
      }
    }
    if (!spells.empty()) db::ExecRows(tx, kSpells, spells);
  }

 private:
  db::Columns events_{7};
  db::Columns members_{1};  // a member may come twice: ANY() does not mind
};

}  // namespace

void ApplyMembershipEvents(pqxx::work& tx, const feed::Events& events) {
  MemberEventBatch members;
  for (const common::v1::Event* event : events) {
    mv1::OrganizationEstablished established;
    mv1::OrganizationsReorganized reorganized;
    mv1::MemberCreated created;
    mv1::MemberEventRecorded recorded;
    // Spells depend only on member events, so these apply as they come.
    if (event->payload().UnpackTo(&established)) {
      const auto& o = established.organization();
      SaveVersion(tx, o, ToCivilDay(o.established_on()).value_or(absl::CivilDay()));
    } else if (event->payload().UnpackTo(&reorganized)) {
      const auto& r = reorganized.reorganization();
      const auto on = ToCivilDay(r.effective_on()).value_or(absl::CivilDay());
      for (const auto& name : r.dissolved()) {
        if (auto id = ResourceId(name, kOrganizations)) Dissolve(tx, *id, on);
      }
      for (const auto& o : r.results()) SaveVersion(tx, o, on);
    } else if (event->payload().UnpackTo(&created)) {
      members.Add(created.first_event());
    } else if (event->payload().UnpackTo(&recorded)) {
      members.Add(recorded.event());
    }
    // Other event types (record updates, admissions) change nothing inspection checks.
  }
  members.Write(tx);
}

std::optional<OrganizationOnDay> FindOrganizationOn(pqxx::transaction_base& tx, int64_t id,
                                                    absl::CivilDay day) {
  static const db::Statement kFind{"inspection_org_on",
                                   std::string(kLiveOn) + " AND v.organization_id = $2"};
  auto r = db::Exec(tx, kFind, FormatDay(day), id);
  if (r.empty()) return std::nullopt;
  return FromRow(r[0]);
}

bool IsWithin(pqxx::transaction_base& tx, int64_t id, int64_t root, absl::CivilDay day) {
  static const db::Statement kWithin{
      "inspection_org_within",
      std::string("WITH RECURSIVE live AS (") + kLiveOn +
          "), up AS (SELECT id, parent_id FROM live WHERE id = $2 "
          "UNION ALL SELECT live.id, live.parent_id FROM live JOIN up ON live.id = up.parent_id) "
          "SELECT 1 FROM up WHERE id = $3"};
  return !db::Exec(tx, kWithin, FormatDay(day), id, root).empty();
}

std::vector<OrganizationOnDay> Subtree(pqxx::transaction_base& tx, int64_t root,
                                       absl::CivilDay day) {
  static const db::Statement kTree{
      "inspection_org_subtree",
      std::string("WITH RECURSIVE live AS (") + kLiveOn +
          "), tree AS (SELECT * FROM live WHERE id = $2 "
          "UNION ALL SELECT live.* FROM live JOIN tree ON live.parent_id = tree.id) "
          "SELECT id, parent_id, kind FROM tree ORDER BY id"};
  std::vector<OrganizationOnDay> out;
  for (const auto& r : db::Exec(tx, kTree, FormatDay(day), root)) out.push_back(FromRow(r));
  return out;
}

std::vector<int64_t> MembersOfSubtree(pqxx::transaction_base& tx, int64_t root,
                                      absl::CivilDay day) {
  static const db::Statement kMembers{
      "inspection_members_of_subtree",
      std::string("WITH RECURSIVE live AS (") + kLiveOn +
          "), tree AS (SELECT * FROM live WHERE id = $2 "
          "UNION ALL SELECT live.* FROM live JOIN tree ON live.parent_id = tree.id) "
          "SELECT s.member_id FROM inspection.member_spells s JOIN tree ON s.organization_id = "
          "tree.id WHERE s.valid_from <= $1::date AND $1::date < s.valid_to AND s.status IN (1, 2) "
          "ORDER BY s.member_id"};
  std::vector<int64_t> out;
  for (const auto& r : db::Exec(tx, kMembers, FormatDay(day), root)) {
    out.push_back(r[0].as<int64_t>());
  }
  return out;
}

SubjectOnDay FindSubjectOn(pqxx::transaction_base& tx, const Subject& subject, absl::CivilDay day) {
  static const db::Statement kSpell{
      "inspection_member_on",
      "SELECT status, organization_id FROM inspection.member_spells "
      "WHERE member_id = $1 AND valid_from <= $2::date AND $2::date < valid_to"};
  SubjectOnDay found;
  if (subject.kind == Subject::Kind::kOrganization) {
    if (auto o = FindOrganizationOn(tx, subject.id, day)) {
      found.exists = true;
      found.organization_id = o->id;
      found.organization_kind = o->kind;
    }
    return found;
  }
  auto r = db::Exec(tx, kSpell, subject.id, FormatDay(day));
  if (r.empty()) return found;
  found.member_status = static_cast<mv1::MemberStatus>(r[0][0].as<int>());
  if (!r[0][1].is_null()) found.organization_id = r[0][1].as<int64_t>();
  found.exists = found.member_status == mv1::MEMBER_STATUS_PROBATIONARY ||
                 found.member_status == mv1::MEMBER_STATUS_OFFICIAL;
  return found;
}

}  // namespace partywork::inspection
