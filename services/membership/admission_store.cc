#include "services/membership/admission_store.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "google/protobuf/util/json_util.h"
#include "libs/platform/db/database.h"
#include "libs/platform/resource.h"
#include "nlohmann/json.hpp"
#include "services/membership/member_store.h"
#include "services/membership/organization_store.h"

namespace partywork::membership {
namespace {

using db::DayOf;

std::string ToJson(const google::protobuf::Message& message) {
  std::string json;
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = true;
  (void)google::protobuf::util::MessageToJsonString(message, &json, options);
  return json;
}

void FromJson(const std::string& json, google::protobuf::Message* message) {
  message->Clear();
  (void)google::protobuf::util::JsonStringToMessage(json, message);
}

std::optional<std::string> OptionalDay(const std::optional<absl::CivilDay>& day) {
  if (!day) return std::nullopt;
  return FormatDay(*day);
}

std::optional<absl::CivilDay> OptionalDayOf(const pqxx::field& field) {
  if (field.is_null()) return std::nullopt;
  return DayOf(field);
}

constexpr char kAdmissionColumns[] =
    "a.id, a.organization_id, a.former_member_id, a.member_id, a.candidate::text, a.stage, "
    "a.last_step_on::text, a.certified_on::text, a.applied_on::text, a.resolved_on::text, "
    "a.decided_on::text, a.held_on::text, a.version, extract(epoch FROM a.created_at)::float8, "
    "extract(epoch FROM a.updated_at)::float8, "
    "(SELECT json_agg(json_build_array(s.step, s.detail) ORDER BY s.id) "
    "FROM membership.admission_steps s WHERE s.admission_id = a.id)::text";

StoredAdmission AdmissionFromRow(const pqxx::row& r) {
  StoredAdmission s;
  s.id = r[0].as<int64_t>();
  s.organization_id = r[1].as<int64_t>();
  if (!r[2].is_null()) s.former_member_id = r[2].as<int64_t>();
  if (!r[3].is_null()) s.member_id = r[3].as<int64_t>();
  AdmissionFile& f = s.file;
  f.stage = static_cast<v1::AdmissionStage>(r[5].as<int>());
  f.last_step_on = DayOf(r[6]);
  f.certified_on = OptionalDayOf(r[7]);
  f.applied_on = OptionalDayOf(r[8]);
  f.resolved_on = OptionalDayOf(r[9]);
  f.decided_on = OptionalDayOf(r[10]);
  f.held_on = OptionalDayOf(r[11]);
  v1::Admission& a = s.admission;
  a.set_name(ResourceName("admissions", s.id));
  FromJson(r[4].as<std::string>(), a.mutable_candidate());
  a.set_organization(ResourceName("organizations", s.organization_id));
  if (s.former_member_id) a.set_former_member(ResourceName("members", *s.former_member_id));
  if (s.member_id) a.set_member(ResourceName("members", *s.member_id));
  a.set_stage(f.stage);
  // Each step fills the Admission field of its name; a renewed application
  // replaces the earlier one.
  const auto* descriptor = a.GetDescriptor();
  for (const auto& step : nlohmann::json::parse(r[15].as<std::string>("[]"))) {
    const auto* field = descriptor->FindFieldByName(step[0].get<std::string>());
    if (field == nullptr) continue;
    FromJson(step[1].dump(), a.GetReflection()->MutableMessage(&a, field));
  }
  if (auto due = NextDeadline(f)) *a.mutable_next_deadline() = ToDate(*due);
  a.set_etag(absl::StrCat(r[12].as<int>()));
  db::SetSeconds(r[13], a.mutable_create_time());
  db::SetSeconds(r[14], a.mutable_update_time());
  return s;
}

void InsertStep(pqxx::transaction_base& tx, int64_t admission_id, const std::string& step,
                absl::CivilDay day, const google::protobuf::Message& detail,
                std::optional<int64_t> party_class_id, const std::string& recorded_by) {
  static const db::Statement kStep{
      "membership_admission_step_insert",
      "INSERT INTO membership.admission_steps (admission_id, step, effective_on, detail, "
      "party_class_id, recorded_by) VALUES ($1, $2, $3::date, $4::jsonb, $5, $6)"};
  db::Exec(tx, kStep, admission_id, step, FormatDay(day), ToJson(detail), party_class_id,
           recorded_by);
}

}  // namespace

std::optional<StoredAdmission> FindAdmission(pqxx::transaction_base& tx, int64_t id,
                                             bool for_update) {
  static const db::Statement kFind{
      "membership_admission_find",
      absl::StrCat("SELECT ", kAdmissionColumns, " FROM membership.admissions a WHERE a.id = $1")};
  static const db::Statement kFindForUpdate{
      "membership_admission_find_for_update",
      absl::StrCat("SELECT ", kAdmissionColumns,
                   " FROM membership.admissions a WHERE a.id = $1 FOR UPDATE OF a")};
  pqxx::result r = db::Exec(tx, for_update ? kFindForUpdate : kFind, id);
  if (r.empty()) return std::nullopt;
  return AdmissionFromRow(r[0]);
}

int64_t InsertAdmission(pqxx::transaction_base& tx, const v1::Admission& admission,
                        int64_t organization_id, std::optional<int64_t> former_member_id,
                        const std::string& recorded_by) {
  static const db::Statement kInsert{
      "membership_admission_insert",
      "INSERT INTO membership.admissions (organization_id, former_member_id, candidate, "
      "full_name, stage, last_step_on) VALUES ($1, $2, $3::jsonb, normalize($4, NFC), $5, "
      "$6::date) RETURNING id"};
  const std::string day = FormatDay(*ToCivilDay(admission.source().identified_on()));
  const int64_t id = db::Exec(tx, kInsert, organization_id, former_member_id,
                              ToJson(admission.candidate()), admission.candidate().full_name(),
                              static_cast<int>(v1::ADMISSION_STAGE_SOURCE), day)[0][0]
                         .as<int64_t>();
  InsertStep(tx, id, "source", *ToCivilDay(admission.source().identified_on()), admission.source(),
             std::nullopt, recorded_by);
  return id;
}

void RecordStep(pqxx::transaction_base& tx, const StoredAdmission& stored, const std::string& step,
                absl::CivilDay day, const google::protobuf::Message& detail,
                std::optional<int64_t> party_class_id, const std::string& recorded_by) {
  static const db::Statement kSave{
      "membership_admission_save",
      "UPDATE membership.admissions SET stage = $2, last_step_on = $3::date, "
      "certified_on = $4::date, applied_on = $5::date, resolved_on = $6::date, "
      "decided_on = $7::date, held_on = $8::date, version = version + 1, updated_at = now() "
      "WHERE id = $1"};
  InsertStep(tx, stored.id, step, day, detail, party_class_id, recorded_by);
  const AdmissionFile& f = stored.file;
  db::Exec(tx, kSave, stored.id, static_cast<int>(f.stage), FormatDay(f.last_step_on),
           OptionalDay(f.certified_on), OptionalDay(f.applied_on), OptionalDay(f.resolved_on),
           OptionalDay(f.decided_on), OptionalDay(f.held_on));
}

void SetAdmissionMember(pqxx::transaction_base& tx, int64_t id, int64_t member_id) {
  static const db::Statement kSet{"membership_admission_set_member",
                                  "UPDATE membership.admissions SET member_id = $2 WHERE id = $1"};
  db::Exec(tx, kSet, id, member_id);
}

std::vector<StoredAdmission> ListAdmissionRows(pqxx::transaction_base& tx,
                                               std::optional<int64_t> root, absl::CivilDay day,
                                               const std::vector<int>& stages, int64_t after_id,
                                               int limit) {
  static const db::Statement kList{
      "membership_admission_list",
      absl::StrCat("SELECT ", kAdmissionColumns, " FROM membership.admissions a WHERE ",
                   InSubtreeSql("a.organization_id"),
                   " AND ($3::smallint[] IS NULL OR a.stage = ANY($3::smallint[])) "
                   "AND a.id > $4 ORDER BY a.id LIMIT $5")};
  std::optional<std::string> stage_list;
  if (!stages.empty()) stage_list = absl::StrCat("{", absl::StrJoin(stages, ","), "}");
  std::vector<StoredAdmission> out;
  for (const auto& r : db::Exec(tx, kList, root, FormatDay(day), stage_list, after_id, limit + 1)) {
    out.push_back(AdmissionFromRow(r));
  }
  return out;
}

int CountOfficialMembers(pqxx::transaction_base& tx, int64_t cell, absl::CivilDay day) {
  // Everyone whose history ever names the cell; the fold says who was an
  // official member of it on the day.
  static const db::Statement kMembers{
      "membership_cell_member_ids",
      "SELECT DISTINCT member_id FROM membership.member_events WHERE organization_id = $1 "
      "AND effective_on <= $2::date"};
  int count = 0;
  for (const auto& r : db::Exec(tx, kMembers, cell, FormatDay(day))) {
    const int64_t id = r[0].as<int64_t>();
    auto member = FindMember(tx, id);
    if (!member) continue;
    const MemberFacts facts{*ToCivilDay(member->member.birth_date()),
                            *ToCivilDay(member->member.admitted_on())};
    const Standing s = DeriveStanding(LoadHistory(tx, id), facts, day).standing;
    if (s.status == v1::MEMBER_STATUS_OFFICIAL && s.organization_id == cell) ++count;
  }
  return count;
}

namespace {

constexpr char kClassColumns[] =
    "c.id, c.display_name, c.organization_id, c.starts_on::text, c.ends_on::text, "
    "extract(epoch FROM c.created_at)::float8, "
    "(SELECT json_agg(json_build_array(s.admission_id, a.full_name, s.detail) ORDER BY s.id) "
    "FROM membership.admission_steps s JOIN membership.admissions a ON a.id = s.admission_id "
    "WHERE s.party_class_id = c.id)::text";

StoredClass ClassFromRow(const pqxx::row& r) {
  StoredClass s;
  s.id = r[0].as<int64_t>();
  s.organization_id = r[2].as<int64_t>();
  v1::PartyClass& c = s.party_class;
  c.set_name(ResourceName("partyClasses", s.id));
  c.set_display_name(r[1].as<std::string>());
  c.set_organization(ResourceName("organizations", s.organization_id));
  *c.mutable_starts_on() = ToDate(DayOf(r[3]));
  *c.mutable_ends_on() = ToDate(DayOf(r[4]));
  db::SetSeconds(r[5], c.mutable_create_time());
  for (const auto& row : nlohmann::json::parse(r[6].as<std::string>("[]"))) {
    v1::ClassCompletion completion;
    FromJson(row[2].dump(), &completion);
    auto* attendee = c.add_attendees();
    attendee->set_admission(ResourceName("admissions", row[0].get<int64_t>()));
    attendee->set_full_name(row[1].get<std::string>());
    attendee->set_certificate_number(completion.certificate_number());
    *attendee->mutable_certified_on() = completion.certified_on();
    if (auto day = ToCivilDay(completion.certified_on())) {
      *attendee->mutable_valid_until() = ToDate(CertificateValidUntil(*day));
    }
  }
  return s;
}

}  // namespace

int64_t InsertPartyClass(pqxx::transaction_base& tx, const v1::PartyClass& c,
                         int64_t organization_id) {
  static const db::Statement kInsert{
      "membership_party_class_insert",
      "INSERT INTO membership.party_classes (display_name, organization_id, starts_on, ends_on) "
      "VALUES (normalize($1, NFC), $2, $3::date, $4::date) RETURNING id"};
  return db::Exec(tx, kInsert, c.display_name(), organization_id,
                  FormatDay(*ToCivilDay(c.starts_on())), FormatDay(*ToCivilDay(c.ends_on())))[0][0]
      .as<int64_t>();
}

std::optional<StoredClass> FindPartyClass(pqxx::transaction_base& tx, int64_t id) {
  static const db::Statement kFind{
      "membership_party_class_find",
      absl::StrCat("SELECT ", kClassColumns, " FROM membership.party_classes c WHERE c.id = $1")};
  pqxx::result r = db::Exec(tx, kFind, id);
  if (r.empty()) return std::nullopt;
  return ClassFromRow(r[0]);
}

std::optional<absl::CivilDay> PartyClassEnd(pqxx::transaction_base& tx, int64_t id) {
  static const db::Statement kEnd{
      "membership_party_class_end",
      "SELECT ends_on::text FROM membership.party_classes WHERE id = $1"};
  pqxx::result r = db::Exec(tx, kEnd, id);
  if (r.empty()) return std::nullopt;
  return DayOf(r[0][0]);
}

std::vector<StoredClass> ListPartyClassRows(pqxx::transaction_base& tx, std::optional<int64_t> root,
                                            absl::CivilDay day, int64_t after_id, int limit) {
  static const db::Statement kList{
      "membership_party_class_list",
      absl::StrCat("SELECT ", kClassColumns, " FROM membership.party_classes c WHERE ",
                   InSubtreeSql("c.organization_id"), " AND c.id > $3 ORDER BY c.id LIMIT $4")};
  std::vector<StoredClass> out;
  for (const auto& r : db::Exec(tx, kList, root, FormatDay(day), after_id, limit + 1)) {
    out.push_back(ClassFromRow(r));
  }
  return out;
}

}  // namespace partywork::membership
