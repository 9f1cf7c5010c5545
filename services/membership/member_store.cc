#include "services/membership/member_store.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "libs/platform/db/database.h"
#include "libs/platform/resource.h"

namespace partywork::membership {
namespace {

using db::DayOf;

constexpr char kMemberColumns[] =
    "m.id, m.full_name, m.gender, m.birth_date::text, m.ethnicity, m.religion, m.national_id, "
    "m.party_card_number, m.admitted_on::text, m.official_on::text, m.occupation, m.workplace, "
    "m.general_education, m.qualification, m.political_theory, m.youth_union_member, m.student, "
    "m.background, m.status, m.exempted, m.leaving_form, m.organization_id, m.temporarily_away, "
    "m.status_since::text, m.version, extract(epoch FROM m.created_at)::float8, "
    "extract(epoch FROM m.updated_at)::float8, m.given_name, m.retired, m.private_business_owner, "
    "m.academic_title";

// Vietnamese name order: given name, then the full name, then the id.
constexpr char kNameOrder[] =
    "m.given_name COLLATE \"vi-x-icu\", m.full_name COLLATE \"vi-x-icu\", m.id";

StoredMember FromRow(const pqxx::row& r) {
  StoredMember s;
  s.id = r[0].as<int64_t>();
  v1::Member& m = s.member;
  m.set_name(ResourceName("members", s.id));
  m.set_full_name(r[1].as<std::string>());
  m.set_gender(static_cast<v1::Gender>(r[2].as<int>()));
  *m.mutable_birth_date() = ToDate(DayOf(r[3]));
  m.set_ethnicity(r[4].as<std::string>());
  m.set_religion(r[5].as<std::string>());
  m.set_national_id(r[6].as<std::string>());
  m.set_party_card_number(r[7].as<std::string>());
  *m.mutable_admitted_on() = ToDate(DayOf(r[8]));
  if (!r[9].is_null()) *m.mutable_official_on() = ToDate(DayOf(r[9]));
  m.set_occupation(r[10].as<std::string>());
  m.set_workplace(r[11].as<std::string>());
  m.set_general_education(static_cast<v1::GeneralEducation>(r[12].as<int>()));
  m.set_qualification(static_cast<v1::Qualification>(r[13].as<int>()));
  m.set_political_theory(static_cast<v1::PoliticalTheory>(r[14].as<int>()));
  m.set_youth_union_member(r[15].as<bool>());
  m.set_student(r[16].as<bool>());
  m.set_background(r[17].as<std::string>());
  m.set_retired(r[28].as<bool>());
  m.set_private_business_owner(r[29].as<bool>());
  m.set_academic_title(static_cast<v1::AcademicTitle>(r[30].as<int>()));
  s.standing.status = static_cast<v1::MemberStatus>(r[18].as<int>());
  s.standing.exempted = r[19].as<bool>();
  s.standing.leaving_form = static_cast<v1::LeavingForm>(r[20].as<int>());
  s.standing.organization_id = r[21].as<int64_t>();
  s.standing.temporarily_away = r[22].as<bool>();
  s.standing.since = DayOf(r[23]);
  m.set_etag(absl::StrCat(r[24].as<int>()));
  db::SetSeconds(r[25], m.mutable_create_time());
  db::SetSeconds(r[26], m.mutable_update_time());
  return s;
}

// A status event as the fold needs it, from `first` on in a row.
constexpr char kHistoryColumns[] =
    "e.id, e.kind, e.effective_on::text, e.organization_id, e.initial_status, e.corrects, "
    "e.considered_on::text";
constexpr int kHistoryColumnCount = 7;

HistoryEvent HistoryFromRow(const pqxx::row& r, int first) {
  HistoryEvent e;
  e.id = r[first].as<int64_t>();
  e.kind = static_cast<v1::MemberEventKind>(r[first + 1].as<int>());
  e.effective_on = DayOf(r[first + 2]);
  if (!r[first + 3].is_null()) e.organization_id = r[first + 3].as<int64_t>();
  e.initial_status = static_cast<v1::MemberStatus>(r[first + 4].as<int>());
  if (!r[first + 5].is_null()) e.corrects = r[first + 5].as<int64_t>();
  if (!r[first + 6].is_null()) e.considered_on = DayOf(r[first + 6]);
  return e;
}

std::optional<std::string> OptionalDay(const google::type::Date& d) {
  auto day = ToCivilDay(d);
  if (!day) return std::nullopt;
  return FormatDay(*day);
}

std::optional<std::string> OptionalDay(const std::optional<absl::CivilDay>& day) {
  if (!day) return std::nullopt;
  return FormatDay(*day);
}

}  // namespace

std::optional<StoredMember> FindMember(pqxx::transaction_base& tx, int64_t id, bool for_update) {
  static const db::Statement kFind{
      "membership_member_find",
      absl::StrCat("SELECT ", kMemberColumns, " FROM membership.members m WHERE m.id = $1")};
  static const db::Statement kFindForUpdate{
      "membership_member_find_for_update",
      absl::StrCat("SELECT ", kMemberColumns,
                   " FROM membership.members m WHERE m.id = $1 FOR UPDATE")};
  pqxx::result r = db::Exec(tx, for_update ? kFindForUpdate : kFind, id);
  if (r.empty()) return std::nullopt;
  return FromRow(r[0]);
}

int64_t InsertMember(pqxx::transaction_base& tx, const v1::Member& m, const Standing& s) {
  static const db::Statement kInsert{
      "membership_member_insert",
      "INSERT INTO membership.members (full_name, gender, birth_date, ethnicity, religion, "
      "national_id, party_card_number, admitted_on, official_on, occupation, workplace, "
      "general_education, qualification, political_theory, youth_union_member, student, "
      "background, status, exempted, leaving_form, organization_id, temporarily_away, "
      "status_since, retired, private_business_owner, academic_title) VALUES "
      "(normalize($1, NFC), $2, $3::date, normalize($4, NFC), normalize($5, NFC), $6, $7, "
      "$8::date, $9::date, normalize($10, NFC), normalize($11, NFC), $12, $13, $14, $15, $16, "
      "normalize($17, NFC), $18, $19, $20, $21, $22, $23::date, $24, $25, $26) RETURNING id"};
  return db::Exec(tx, kInsert, m.full_name(), static_cast<int>(m.gender()),
                  *OptionalDay(m.birth_date()), m.ethnicity(), m.religion(), m.national_id(),
                  m.party_card_number(), *OptionalDay(m.admitted_on()),
                  OptionalDay(m.official_on()), m.occupation(), m.workplace(),
                  static_cast<int>(m.general_education()), static_cast<int>(m.qualification()),
                  static_cast<int>(m.political_theory()), m.youth_union_member(), m.student(),
                  m.background(), static_cast<int>(s.status), s.exempted,
                  static_cast<int>(s.leaving_form), *s.organization_id, s.temporarily_away,
                  FormatDay(s.since), m.retired(), m.private_business_owner(),
                  static_cast<int>(m.academic_title()))[0][0]
      .as<int64_t>();
}

void UpdateMemberRecord(pqxx::transaction_base& tx, int64_t id, const v1::Member& m) {
  static const db::Statement kUpdate{
      "membership_member_update",
      "UPDATE membership.members SET full_name = normalize($2, NFC), gender = $3, "
      "birth_date = $4::date, ethnicity = normalize($5, NFC), religion = normalize($6, NFC), "
      "national_id = $7, party_card_number = $8, admitted_on = $9::date, "
      "official_on = $10::date, occupation = normalize($11, NFC), "
      "workplace = normalize($12, NFC), general_education = $13, qualification = $14, "
      "political_theory = $15, youth_union_member = $16, student = $17, "
      "background = normalize($18, NFC), retired = $19, private_business_owner = $20, "
      "academic_title = $21, version = version + 1, updated_at = now() WHERE id = $1"};
  db::Exec(tx, kUpdate, id, m.full_name(), static_cast<int>(m.gender()),
           *OptionalDay(m.birth_date()), m.ethnicity(), m.religion(), m.national_id(),
           m.party_card_number(), *OptionalDay(m.admitted_on()), OptionalDay(m.official_on()),
           m.occupation(), m.workplace(), static_cast<int>(m.general_education()),
           static_cast<int>(m.qualification()), static_cast<int>(m.political_theory()),
           m.youth_union_member(), m.student(), m.background(), m.retired(),
           m.private_business_owner(), static_cast<int>(m.academic_title()));
}

void SaveStanding(pqxx::transaction_base& tx, int64_t id, const Standing& s,
                  const db::AuditRecord& audit, const feed::OutboxRow& event) {
  static const db::Statement kSave{
      "membership_member_save_standing",
      absl::StrCat("WITH audit AS (", db::AuditInsert("membership", 9), "), published AS (",
                   feed::PublishInsert("membership", 15),
                   ") UPDATE membership.members SET status = $2, exempted = $3, "
                   "leaving_form = $4, organization_id = $5, temporarily_away = $6, "
                   "status_since = $7::date, official_on = COALESCE($8::date, official_on), "
                   "version = version + 1, updated_at = now() WHERE id = $1")};
  db::ExecParams(tx, kSave,
                 std::tuple_cat(std::make_tuple(id, static_cast<int>(s.status), s.exempted,
                                                static_cast<int>(s.leaving_form),
                                                *s.organization_id, s.temporarily_away,
                                                FormatDay(s.since), OptionalDay(s.official_on)),
                                db::AuditParams(audit), feed::OutboxParams(event)));
}

std::vector<HistoryEvent> LoadHistory(pqxx::transaction_base& tx, int64_t member_id) {
  static const db::Statement kHistory{
      "membership_member_history",
      absl::StrCat("SELECT ", kHistoryColumns,
                   " FROM membership.member_events e WHERE e.member_id = $1 "
                   "ORDER BY e.effective_on, e.id")};
  std::vector<HistoryEvent> out;
  for (const auto& r : db::Exec(tx, kHistory, member_id)) out.push_back(HistoryFromRow(r, 0));
  return out;
}

namespace {

// The record, then its events (none: one row of nulls), in one statement;
// the statements add which members and the order.
constexpr char kMemberWithHistory[] =
    " FROM membership.members m LEFT JOIN membership.member_events e ON e.member_id = m.id ";

}  // namespace

std::optional<MemberWithHistory> MemberWithHistoryFrom(const std::vector<pqxx::row>& rows) {
  if (rows.empty()) return std::nullopt;
  MemberWithHistory out{FromRow(rows[0]), {}};
  const int first = static_cast<int>(rows[0].size()) - kHistoryColumnCount;
  for (const auto& row : rows) {
    if (!row[first].is_null()) out.history.push_back(HistoryFromRow(row, first));
  }
  return out;
}

std::string MembersWithHistorySql() {
  return absl::StrCat("SELECT ", kMemberColumns, ", ", kHistoryColumns, kMemberWithHistory,
                      "WHERE m.id = ANY($1::bigint[]) ORDER BY m.id, e.effective_on, e.id");
}

std::optional<MemberWithHistory> FindMemberWithHistory(pqxx::transaction_base& tx, int64_t id,
                                                       bool for_update) {
  static const db::Statement kFind{
      "membership_member_find_with_history",
      absl::StrCat("SELECT ", kMemberColumns, ", ", kHistoryColumns, kMemberWithHistory,
                   "WHERE m.id = $1 ORDER BY e.effective_on, e.id")};
  static const db::Statement kFindForUpdate{
      "membership_member_find_with_history_for_update",
      absl::StrCat("SELECT ", kMemberColumns, ", ", kHistoryColumns, kMemberWithHistory,
                   "WHERE m.id = $1 ORDER BY e.effective_on, e.id FOR UPDATE OF m")};
  const pqxx::result r = db::Exec(tx, for_update ? kFindForUpdate : kFind, id);
  return MemberWithHistoryFrom(std::vector<pqxx::row>(r.begin(), r.end()));
}

namespace {

constexpr char kEventColumns[] =
    "e.id, e.member_id, e.kind, e.effective_on::text, e.organization_id, e.initial_status, "
    "e.decision, e.corrects, e.note, extract(epoch FROM e.recorded_at)::float8, e.recorded_by, "
    "EXISTS (SELECT 1 FROM membership.member_events c WHERE c.corrects = e.id), "
    "e.considered_on::text, e.leaving_reason";

v1::MemberEvent EventFromRow(const pqxx::row& r) {
  v1::MemberEvent e;
  const std::string member = ResourceName("members", r[1].as<int64_t>());
  e.set_name(absl::StrCat(member, "/events/", r[0].as<int64_t>()));
  e.set_kind(static_cast<v1::MemberEventKind>(r[2].as<int>()));
  *e.mutable_effective_on() = ToDate(DayOf(r[3]));
  if (!r[4].is_null()) e.set_organization(ResourceName("organizations", r[4].as<int64_t>()));
  e.set_initial_status(static_cast<v1::MemberStatus>(r[5].as<int>()));
  e.set_decision(r[6].as<std::string>());
  if (!r[7].is_null()) e.set_corrects(absl::StrCat(member, "/events/", r[7].as<int64_t>()));
  e.set_note(r[8].as<std::string>());
  db::SetSeconds(r[9], e.mutable_record_time());
  e.set_recorded_by(r[10].as<std::string>());
  e.set_voided(r[11].as<bool>());
  if (!r[12].is_null()) *e.mutable_considered_on() = ToDate(DayOf(r[12]));
  e.set_leaving_reason(static_cast<v1::LeavingReason>(r[13].as<int>()));
  return e;
}

}  // namespace

std::vector<v1::MemberEvent> ListEvents(pqxx::transaction_base& tx, int64_t member_id) {
  static const db::Statement kList{
      "membership_member_events",
      absl::StrCat("SELECT ", kEventColumns,
                   " FROM membership.member_events e WHERE e.member_id = $1 "
                   "ORDER BY e.effective_on, e.id")};
  std::vector<v1::MemberEvent> out;
  for (const auto& r : db::Exec(tx, kList, member_id)) out.push_back(EventFromRow(r));
  return out;
}

v1::MemberEvent InsertEvent(pqxx::transaction_base& tx, int64_t member_id,
                            const v1::MemberEvent& event, std::optional<int64_t> organization_id,
                            std::optional<int64_t> corrects, const std::string& recorded_by) {
  static const db::Statement kInsert{
      "membership_member_event_insert",
      absl::StrCat("WITH e AS (INSERT INTO membership.member_events (member_id, kind, "
                   "effective_on, organization_id, initial_status, decision, note, corrects, "
                   "recorded_by, considered_on, leaving_reason) VALUES ($1, $2, $3::date, $4, "
                   "$5, normalize($6, NFC), normalize($7, NFC), $8, $9, $10::date, $11) "
                   "RETURNING *) SELECT ",
                   kEventColumns, " FROM e")};
  return EventFromRow(db::Exec(
      tx, kInsert, member_id, static_cast<int>(event.kind()), *OptionalDay(event.effective_on()),
      organization_id, static_cast<int>(event.initial_status()), event.decision(), event.note(),
      corrects, recorded_by, OptionalDay(event.considered_on()),
      static_cast<int>(event.leaving_reason()))[0]);
}

v1::LeavingReason LatestLeavingReason(pqxx::transaction_base& tx, int64_t member_id) {
  static const db::Statement kLatest{
      "membership_member_leaving_reason",
      "SELECT e.leaving_reason FROM membership.member_events e WHERE e.member_id = $1 "
      "AND e.kind IN (11, 12, 13) AND NOT EXISTS (SELECT 1 FROM membership.member_events c "
      "WHERE c.corrects = e.id) ORDER BY e.effective_on DESC, e.id DESC LIMIT 1"};
  const auto r = db::Exec(tx, kLatest, member_id);
  return r.empty() ? v1::LEAVING_REASON_UNSPECIFIED
                   : static_cast<v1::LeavingReason>(r[0][0].as<int>());
}

namespace {

// The filters of a list, shared by both plans ($1…$13) with the page size
// ($14): the subtree's organizations are $15 (a bigint[] literal). The
// search is a substring test (strpos: no wildcard to escape, and no index to
// tempt the planner away from the plan chosen here) against its unaccented
// text, computed once per statement by a scalar subquery: written inline, it
// was unaccented again for every member passed over (a district's search
// took 39 ms that way, 5 ms this way).
constexpr char kListFilters[] =
    "($1::smallint[] IS NULL OR m.status = ANY($1::smallint[])) "
    "AND ($2::smallint IS NULL OR m.gender = $2) "
    "AND ($3::text IS NULL OR m.ethnicity = normalize($3, NFC)) "
    "AND ($4::smallint IS NULL OR m.qualification = $4) "
    "AND ($5::smallint IS NULL OR m.political_theory = $5) "
    "AND ($6::date IS NULL OR m.birth_date <= $6) AND ($7::date IS NULL OR m.birth_date > $7) "
    "AND ($8::date IS NULL OR m.admitted_on <= $8) AND ($9::date IS NULL OR m.admitted_on > $9) "
    "AND ($10::text IS NULL OR strpos(m.search_name, "
    "(SELECT lower(extensions.f_unaccent(normalize($10, NFC))))) > 0) "
    "AND ($11::text IS NULL OR (m.given_name COLLATE \"vi-x-icu\", "
    "m.full_name COLLATE \"vi-x-icu\", m.id) > ($11, $12, $13))";

// Where a list takes its members from.
struct ListScope {
  // The subtree's organizations on the day ("{…}"); unset: every
  // organization of the day (the root is the only top one), or every
  // organization when the list has no root.
  std::optional<std::string> organizations;
  std::optional<std::string> live_on;  // the day, for a list of the whole tree
  bool few_members = false;            // the subtree holds fewer than the bound
};

// One statement: whether the root is the whole tree of the day, else the
// subtree's organizations and whether it holds few enough members that a
// page is cheaper found through them (members_by_organization, then a sort)
// than by walking the name index past everyone else.
// - A list: fewer than √(4 × the members' count) (PostgreSQL's estimate; at
//   least 200), counted. At region size a cell's first page took 60–150 ms
//   by the walk and under 2 ms by its members, a province's 2–4 ms by the
//   walk and 50 ms by its members.
// - A search: the walk passes over about 51 × N / (S × s) members for a
//   page of 51 (N members, S in the subtree, s the share whose name
//   matches), the whole membership for a rare name, while reading the
//   subtree's members costs S and touches only the index (migration 0015).
//   The two cost the same at S = √(51 × N / s); with s taken as 1 %, a
//   subtree under √(5,100 × N) members (at least 200) is read by its
//   members. A text most names hold ("a") then costs a read of the whole
//   subtree where a walk would soon fill its page; a rare one no longer
//   costs a walk of the whole membership. S is estimated from the
//   subtree's share of the organizations, not counted: counting a
//   district's members cost as much as its search. A search in a
//   province's district-sized unit (3,400–8,000 members) costs PostgreSQL
//   1–3 ms that way against 4–15 ms by the walk.
ListScope FindListScope(pqxx::transaction_base& tx, int64_t root, absl::CivilDay day, bool search) {
  static const db::Statement kScope{
      "membership_member_list_scope",
      "WITH RECURSIVE whole AS (SELECT count(*) = 1 AND bool_and(t.organization_id = $1) AS yes "
      "FROM membership.organization_versions t WHERE t.parent_id IS NULL AND "
      "t.valid_from <= $2::date AND (t.valid_to IS NULL OR t.valid_to > $2::date)), "
      "tree(id) AS (SELECT $1::bigint WHERE NOT (SELECT yes FROM whole) "
      "UNION ALL SELECT v.organization_id FROM membership.organization_versions v "
      "JOIN tree ON v.parent_id = tree.id "
      "WHERE v.valid_from <= $2::date AND (v.valid_to IS NULL OR v.valid_to > $2::date)), "
      "estimate AS (SELECT greatest(m.reltuples, 0) AS members, "
      "greatest(o.reltuples, 1) AS organizations FROM pg_class m, pg_class o "
      "WHERE m.oid = 'membership.members'::regclass "
      "AND o.oid = 'membership.organizations'::regclass), "
      "bound AS (SELECT greatest(200, sqrt(4 * members))::int AS n FROM estimate), "
      "ids AS (SELECT ARRAY(SELECT DISTINCT id FROM tree) AS a) "
      "SELECT (SELECT yes FROM whole), (SELECT a FROM ids)::text, CASE WHEN $3 "
      "THEN (SELECT cardinality(a) * members / organizations < greatest(200, sqrt(5100 * members)) "
      "FROM ids, estimate) "
      "ELSE (SELECT count(*) FROM (SELECT 1 FROM membership.members m WHERE m.organization_id "
      "IN (SELECT id FROM tree) LIMIT (SELECT n FROM bound)) s) < (SELECT n FROM bound) END"};
  const pqxx::row r = db::Exec(tx, kScope, root, FormatDay(day), search)[0];
  ListScope scope;
  if (r[0].as<bool>()) {
    scope.live_on = FormatDay(day);
  } else {
    scope.organizations = r[1].as<std::string>();
    scope.few_members = r[2].as<bool>();
  }
  return scope;
}

}  // namespace

MemberPage ListMemberPage(pqxx::transaction_base& tx, const MemberFilter& f,
                          const std::optional<MemberCursor>& after, int limit,
                          MemberListPlan plan) {
  // Walks members_by_name, which holds every filtered column (migration
  // 0013), reading only the index, then reads the page's records. A whole
  // tree keeps the members whose organization exists on the day ($16), by
  // one index probe each, and only for those the other filters kept: a
  // scalar subquery, which PostgreSQL never turns into a hash of every
  // organization's versions as it does an EXISTS (322,000 for the country;
  // at region size a search took 8–375 ms that way, 1–32 ms this way).
  static const db::Statement kWalk{
      "membership_member_list_walk",
      absl::StrCat("WITH page AS (SELECT m.id FROM membership.members m WHERE CASE "
                   "WHEN $15::bigint[] IS NOT NULL THEN m.organization_id IN "
                   "(SELECT unnest($15::bigint[])) "
                   "WHEN $16::date IS NOT NULL THEN (SELECT true FROM "
                   "membership.organization_versions o WHERE o.organization_id = "
                   "m.organization_id AND o.valid_from <= $16::date AND "
                   "(o.valid_to IS NULL OR o.valid_to > $16::date) LIMIT 1) ELSE true END AND ",
                   kListFilters, " ORDER BY ", kNameOrder, " LIMIT $14) SELECT ", kMemberColumns,
                   " FROM page JOIN membership.members m USING (id) ORDER BY ", kNameOrder)};
  // The subtree's members, organization by organization, sorted. OFFSET 0
  // keeps PostgreSQL from flattening the per-organization read into a join,
  // which it planned, with a search's values, as a walk of the name index
  // comparing every member with each of the subtree's organizations in turn
  // (a search in a province's district-sized unit: 2 ms as written, 3.5–7 ms
  // flattened).
  static const db::Statement kByOrganization{
      "membership_member_list_by_organization",
      absl::StrCat("WITH page AS (SELECT m.id FROM unnest($15::bigint[]) o(id) CROSS JOIN "
                   "LATERAL (SELECT m.id, m.given_name, m.full_name FROM membership.members m "
                   "WHERE m.organization_id = o.id AND ",
                   kListFilters, " OFFSET 0) m ORDER BY ", kNameOrder, " LIMIT $14) SELECT ",
                   kMemberColumns, " FROM page JOIN membership.members m USING (id) ORDER BY ",
                   kNameOrder)};
  ListScope scope;
  if (f.subtree_root) scope = FindListScope(tx, *f.subtree_root, f.today, f.search.has_value());
  if (plan == MemberListPlan::kChosen) {
    plan = scope.few_members ? MemberListPlan::kByOrganization : MemberListPlan::kNameOrderWalk;
  }
  if (!scope.organizations) plan = MemberListPlan::kNameOrderWalk;  // the whole tree, or no root
  std::optional<std::string> statuses;
  if (!f.statuses.empty()) statuses = absl::StrCat("{", absl::StrJoin(f.statuses, ","), "}");
  std::optional<std::string> given, full;
  int64_t after_id = 0;
  if (after) {
    given = after->given_name;
    full = after->full_name;
    after_id = after->id;
  }
  auto params =
      std::make_tuple(statuses, f.gender, f.ethnicity, f.qualification, f.political_theory,
                      OptionalDay(f.born_on_or_before), OptionalDay(f.born_after),
                      OptionalDay(f.admitted_on_or_before), OptionalDay(f.admitted_after), f.search,
                      given, full, after_id, limit + 1);
  const pqxx::result rows =
      plan == MemberListPlan::kByOrganization
          ? db::ExecParams(tx, kByOrganization,
                           std::tuple_cat(params, std::make_tuple(*scope.organizations)))
          : db::ExecParams(
                tx, kWalk,
                std::tuple_cat(params, std::make_tuple(scope.organizations, scope.live_on)));
  MemberPage page;
  std::string last_given;
  for (const auto& r : rows) {
    if (static_cast<int>(page.members.size()) == limit) {
      const StoredMember& last = page.members.back();
      page.next = MemberCursor{last_given, last.member.full_name(), last.id};
      break;
    }
    page.members.push_back(FromRow(r));
    last_given = r[27].as<std::string>();
  }
  return page;
}

}  // namespace partywork::membership
