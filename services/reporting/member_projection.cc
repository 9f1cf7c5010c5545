#include "services/reporting/member_projection.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "libs/platform/resource.h"
#include "services/reporting/spells.h"

namespace partywork::reporting {
namespace {

constexpr int kEventColumns = 8;
constexpr int kSpellColumns = 17;

// "members/{m}/events/{e}" → e.
std::optional<int64_t> EventNumber(const std::string& name) {
  std::vector<absl::string_view> parts = absl::StrSplit(name, '/');
  int64_t id = 0;
  if (parts.size() != 4 || parts[2] != "events" || !absl::SimpleAtoi(parts[3], &id)) {
    return std::nullopt;
  }
  return id;
}

Attributes AttributesOf(const mv1::Member& m) {
  Attributes a;
  a.gender = m.gender();
  a.birth_date = ToCivilDay(m.birth_date()).value_or(absl::CivilDay());
  a.ethnicity = m.ethnicity();
  a.religion = m.religion();
  a.admitted_on = ToCivilDay(m.admitted_on()).value_or(absl::CivilDay());
  a.general_education = m.general_education();
  a.qualification = m.qualification();
  a.political_theory = m.political_theory();
  a.youth_union = m.youth_union_member();
  a.student = m.student();
  a.retired = m.retired();
  return a;
}

std::string IdArray(const std::set<int64_t>& ids) {
  db::Columns array(1);
  for (int64_t id : ids) array.Add(id);
  return array.Literals()[0];
}

// Each member's history and record versions, in order.
struct Histories {
  std::map<int64_t, std::vector<membership::HistoryEvent>> events;
  std::map<int64_t, std::vector<RecordVersion>> records;
};

Histories ReadHistories(pqxx::work& tx, const std::set<int64_t>& members) {
  static const db::Statement kHistory{
      "reporting_member_histories",
      "SELECT member_id, event_id, kind, effective_on::text, organization_id, initial_status, "
      "corrects, considered_on::text FROM reporting.member_events "
      "WHERE member_id = ANY($1::bigint[]) ORDER BY member_id, event_id"};
  static const db::Statement kRecords{
      "reporting_member_record_versions",
      "SELECT member_id, valid_from::text, gender, birth_date::text, ethnicity, religion, "
      "admitted_on::text, general_education, qualification, political_theory, youth_union, "
      "student, retired FROM reporting.member_records WHERE member_id = ANY($1::bigint[]) "
      "ORDER BY member_id, valid_from"};
  const std::string ids = IdArray(members);
  Histories h;
  for (const auto& r : db::Exec(tx, kHistory, ids)) {
    membership::HistoryEvent e;
    e.id = r[1].as<int64_t>();
    e.kind = static_cast<mv1::MemberEventKind>(r[2].as<int>());
    e.effective_on = db::DayOf(r[3]);
    if (!r[4].is_null()) e.organization_id = r[4].as<int64_t>();
    e.initial_status = static_cast<mv1::MemberStatus>(r[5].as<int>());
    if (!r[6].is_null()) e.corrects = r[6].as<int64_t>();
    if (!r[7].is_null()) e.considered_on = db::DayOf(r[7]);
    h.events[r[0].as<int64_t>()].push_back(e);
  }
  for (const auto& r : db::Exec(tx, kRecords, ids)) {
    RecordVersion v;
    v.valid_from = db::DayOf(r[1]);
    Attributes& a = v.attributes;
    a.gender = static_cast<mv1::Gender>(r[2].as<int>());
    a.birth_date = db::DayOf(r[3]);
    a.ethnicity = r[4].as<std::string>();
    a.religion = r[5].as<std::string>();
    a.admitted_on = db::DayOf(r[6]);
    a.general_education = static_cast<mv1::GeneralEducation>(r[7].as<int>());
    a.qualification = static_cast<mv1::Qualification>(r[8].as<int>());
    a.political_theory = static_cast<mv1::PoliticalTheory>(r[9].as<int>());
    a.youth_union = r[10].as<bool>();
    a.student = r[11].as<bool>();
    a.retired = r[12].as<bool>();
    h.records[r[0].as<int64_t>()].push_back(std::move(v));
  }
  return h;
}

}  // namespace

MemberBatch::MemberBatch(pqxx::work& tx) : tx_(tx), events_(kEventColumns), voids_(2) {}

void MemberBatch::Record(int64_t member, absl::CivilDay from, const mv1::Member& m) {
  records_[{member, from}] = m;
  births_[member] = m;
  touched_.insert(member);
}

void MemberBatch::Event(int64_t member, const mv1::MemberEvent& e) {
  std::optional<int64_t> corrects;
  if (!e.corrects().empty()) corrects = EventNumber(e.corrects());
  events_.Add(member)
      .Add(EventNumber(e.name()).value_or(0))
      .Add(static_cast<int>(e.kind()))
      .Add(ToCivilDay(e.effective_on()).value_or(absl::CivilDay()))
      .Add(ResourceId(e.organization(), "organizations"))
      .Add(static_cast<int>(e.initial_status()))
      .Add(corrects)
      .Add(ToCivilDay(e.considered_on()));
  if (corrects) voids_.Add(member).Add(*corrects);
  touched_.insert(member);
}

std::optional<absl::CivilDay> MemberBatch::LatestRecord(int64_t member) {
  static const db::Statement kLatest{
      "reporting_member_latest_record",
      "SELECT max(valid_from)::text FROM reporting.member_records WHERE member_id = $1"};
  auto latest = db::Exec(tx_, kLatest, member);
  if (latest.empty() || latest[0][0].is_null()) return std::nullopt;
  return db::DayOf(latest[0][0]);
}

// Every statement of a batch reads or writes its members' rows by key. The
// read models grow from nothing to millions of rows within minutes of a
// catch-up or a rebuild, before any ANALYZE, and a plan made on a table
// thought empty scans it whole for every batch: the keys' indexes always.
void MemberBatch::PlanForTheseRows() {
  if (planned_) return;
  tx_.exec0("SET LOCAL enable_seqscan = off");
  planned_ = true;
}

void MemberBatch::Write() {
  static const db::Statement kRecords{
      "reporting_member_records_write",
      "INSERT INTO reporting.member_records (member_id, valid_from, gender, birth_date, "
      "ethnicity, religion, admitted_on, general_education, qualification, political_theory, "
      "youth_union, student, occupation, retired, private_business_owner, academic_title) "
      "SELECT * FROM unnest($1::bigint[], $2::date[], $3::smallint[], $4::date[], $5::text[], "
      "$6::text[], $7::date[], $8::smallint[], $9::smallint[], $10::smallint[], "
      "$11::boolean[], $12::boolean[], $13::text[], $14::boolean[], $15::boolean[], "
      "$16::smallint[]) ON CONFLICT (member_id, valid_from) DO UPDATE SET gender = "
      "EXCLUDED.gender, occupation = EXCLUDED.occupation, retired = EXCLUDED.retired, "
      "private_business_owner = EXCLUDED.private_business_owner, academic_title = "
      "EXCLUDED.academic_title, birth_date = EXCLUDED.birth_date, ethnicity = EXCLUDED.ethnicity, "
      "religion = EXCLUDED.religion, admitted_on = EXCLUDED.admitted_on, general_education = "
      "EXCLUDED.general_education, qualification = EXCLUDED.qualification, political_theory = "
      "EXCLUDED.political_theory, youth_union = EXCLUDED.youth_union, student = EXCLUDED.student"};
  // Facts of birth are corrections: every version takes the latest.
  static const db::Statement kBirthFacts{
      "reporting_member_birth_facts_write",
      "UPDATE reporting.member_records r SET gender = b.gender, birth_date = b.birth_date, "
      "ethnicity = b.ethnicity FROM unnest($1::bigint[], $2::smallint[], $3::date[], $4::text[]) "
      "AS b(member_id, gender, birth_date, ethnicity) WHERE r.member_id = b.member_id AND "
      "(r.gender, r.birth_date, r.ethnicity) IS DISTINCT FROM (b.gender, b.birth_date, "
      "b.ethnicity)"};
  static const db::Statement kEvents{
      "reporting_member_events_write",
      "INSERT INTO reporting.member_events (member_id, event_id, kind, effective_on, "
      "organization_id, initial_status, corrects, considered_on) SELECT * FROM "
      "unnest($1::bigint[], $2::bigint[], $3::smallint[], $4::date[], $5::bigint[], "
      "$6::smallint[], $7::bigint[], $8::date[]) ON CONFLICT (member_id, event_id) DO NOTHING"};
  static const db::Statement kVoids{
      "reporting_member_events_void",
      "UPDATE reporting.member_events e SET voided = true FROM unnest($1::bigint[], "
      "$2::bigint[]) AS v(member_id, event_id) WHERE e.member_id = v.member_id AND "
      "e.event_id = v.event_id"};
  if (records_.empty() && events_.empty()) return;
  PlanForTheseRows();
  if (!records_.empty()) {
    db::Columns records(16), births(4);
    for (const auto& [key, m] : records_) {
      const Attributes a = AttributesOf(m);
      records.Add(key.first)
          .Add(key.second)
          .Add(static_cast<int>(a.gender))
          .Add(a.birth_date)
          .Add(a.ethnicity)
          .Add(a.religion)
          .Add(a.admitted_on)
          .Add(static_cast<int>(a.general_education))
          .Add(static_cast<int>(a.qualification))
          .Add(static_cast<int>(a.political_theory))
          .Add(a.youth_union)
          .Add(a.student)
          .Add(m.occupation())
          .Add(a.retired)
          .Add(m.private_business_owner())
          .Add(static_cast<int>(m.academic_title()));
    }
    for (const auto& [member, m] : births_) {
      const Attributes a = AttributesOf(m);
      births.Add(member).Add(static_cast<int>(a.gender)).Add(a.birth_date).Add(a.ethnicity);
    }
    db::ExecRows(tx_, kRecords, records);
    db::ExecRows(tx_, kBirthFacts, births);
    records_.clear();
    births_.clear();
  }
  if (!events_.empty()) db::ExecRows(tx_, kEvents, events_);
  if (!voids_.empty()) db::ExecRows(tx_, kVoids, voids_);
  events_ = db::Columns(kEventColumns);
  voids_ = db::Columns(2);
}

void MemberBatch::Finish() {
  // A member's spells are rebuilt from the whole history, and most come out
  // as they were: only the ones that changed are deleted and inserted, so
  // that the indexes and the anchors' totals (migration 0013) are written
  // for what changed alone.
  static const std::string kColumns =
      "member_id, valid_from, valid_to, organization_id, status, exempted, temporarily_away, "
      "female, birth_date, ethnicity, religion, general_education, qualification, "
      "political_theory, youth_union, retired, admitted_on";
  static const std::string kNew = absl::StrCat(
      "unnest($1::bigint[], $2::date[], $3::date[], $4::bigint[], $5::smallint[], "
      "$6::boolean[], $7::boolean[], $8::boolean[], $9::date[], $10::text[], $11::text[], "
      "$12::smallint[], $13::smallint[], $14::smallint[], $15::boolean[], $16::boolean[], "
      "$17::date[]) AS n(",
      kColumns, ")");
  static const std::string kSame =
      "n.member_id = s.member_id AND n.valid_from = s.valid_from AND (n.valid_to, "
      "n.organization_id, n.status, n.exempted, n.temporarily_away, n.female, n.birth_date, "
      "n.ethnicity, n.religion, n.general_education, n.qualification, n.political_theory, "
      "n.youth_union, n.retired, n.admitted_on) IS NOT DISTINCT FROM (s.valid_to, "
      "s.organization_id, s.status, s.exempted, s.temporarily_away, s.female, s.birth_date, "
      "s.ethnicity, s.religion, s.general_education, s.qualification, s.political_theory, "
      "s.youth_union, s.retired, s.admitted_on)";
  // The members' spells that are not among the new ones ($18: the members).
  static const db::Statement kDelete{
      "reporting_spells_delete_changed",
      absl::StrCat("DELETE FROM reporting.member_spells s WHERE s.member_id = ANY($18::bigint[]) "
                   "AND NOT EXISTS (SELECT 1 FROM ",
                   kNew, " WHERE ", kSame, ")")};
  // Then the new spells that are not there.
  static const db::Statement kInsert{
      "reporting_spells_write_changed",
      absl::StrCat("INSERT INTO reporting.member_spells (", kColumns, ") SELECT * FROM ", kNew,
                   " WHERE NOT EXISTS (SELECT 1 FROM reporting.member_spells s WHERE ", kSame,
                   ")")};
  Write();
  if (touched_.empty()) return;
  PlanForTheseRows();
  Histories h = ReadHistories(tx_, touched_);
  db::Columns spells(kSpellColumns);
  for (int64_t member : touched_) {
    for (const Spell& s : BuildSpells(h.events[member], std::move(h.records[member]))) {
      const Attributes& a = s.attributes;
      spells.Add(member).Add(s.valid_from);
      s.valid_to == kEndOfTime ? spells.Add("infinity") : spells.Add(s.valid_to);
      spells.Add(s.organization_id)
          .Add(static_cast<int>(s.status))
          .Add(s.exempted)
          .Add(s.temporarily_away)
          .Add(a.gender == mv1::GENDER_FEMALE)
          .Add(a.birth_date)
          .Add(a.ethnicity)
          .Add(a.religion)
          .Add(static_cast<int>(a.general_education))
          .Add(static_cast<int>(a.qualification))
          .Add(static_cast<int>(a.political_theory))
          .Add(a.youth_union)
          .Add(a.retired)
          .Add(a.admitted_on);
    }
  }
  db::ExecRows(tx_, kDelete, spells, {IdArray(touched_)});
  if (!spells.empty()) db::ExecRows(tx_, kInsert, spells);
  touched_.clear();
}

}  // namespace partywork::reporting
