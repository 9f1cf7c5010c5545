#include "services/inspection/work_store.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "google/protobuf/util/json_util.h"
#include "libs/platform/db/database.h"
#include "libs/platform/resource.h"

namespace partywork::inspection {
std::string Json(const google::protobuf::Message& m) {
  std::string out;
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = true;
  (void)google::protobuf::util::MessageToJsonString(m, &out, options);
  return out;
}

namespace {

std::optional<std::string> Day(const google::type::Date& date) {
  auto day = ToCivilDay(date);
  if (!day) return std::nullopt;
  return FormatDay(*day);
}

}  // namespace

const char kRowColumns[] =
    "body::text, version, extract(epoch FROM created_at)::float8, "
    "extract(epoch FROM updated_at)::float8";

std::optional<std::string> IdArray(const std::optional<std::vector<int64_t>>& ids) {
  if (!ids) return std::nullopt;
  return absl::StrCat("{", absl::StrJoin(*ids, ","), "}");  // "{1,2,3}"
}

// Fills a resource from `body`, version and times after its id.
template <class M>
M FromRow(const pqxx::row& r, const char* collection) {
  M m;
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = true;  // rows written by a newer version
  (void)google::protobuf::util::JsonStringToMessage(r[1].as<std::string>(), &m, options);
  m.set_name(ResourceName(collection, r[0].as<int64_t>()));
  if constexpr (!std::is_same_v<M, v1::Program>) {
    m.set_etag(absl::StrCat(r[2].as<int>()));
    db::SetSeconds(r[4], m.mutable_update_time());
  }
  db::SetSeconds(r[3], m.mutable_create_time());
  return m;
}
template v1::Program FromRow<v1::Program>(const pqxx::row&, const char*);
template v1::Inspection FromRow<v1::Inspection>(const pqxx::row&, const char*);
template v1::Petition FromRow<v1::Petition>(const pqxx::row&, const char*);
template v1::DisciplineCase FromRow<v1::DisciplineCase>(const pqxx::row&, const char*);

namespace {

template <class M>
std::optional<M> Find(pqxx::transaction_base& tx, const char* table, const char* collection,
                      int64_t id, bool for_update) {
  const db::Statement statement{
      absl::StrCat("inspection_find_", table, for_update ? "_locked" : ""),
      absl::StrCat("SELECT id, ", kRowColumns, " FROM inspection.", table, " WHERE id = $1",
                   for_update ? " FOR UPDATE" : "")};
  auto r = db::Exec(tx, statement, id);
  if (r.empty()) return std::nullopt;
  return FromRow<M>(r[0], collection);
}

// The returned id, version and times of an INSERT or UPDATE … RETURNING.
constexpr char kReturning[] =
    " RETURNING id, body::text, version, extract(epoch FROM created_at)::float8, "
    "extract(epoch FROM updated_at)::float8";

template <class M>
void Refresh(const pqxx::result& r, const char* collection, M& m) {
  m = FromRow<M>(r[0], collection);
}

int64_t IdOf(const std::string& name, const char* collection) {
  return ResourceId(name, collection).value_or(0);
}

std::optional<int64_t> OptionalId(const std::string& name, const char* collection) {
  return name.empty() ? std::nullopt : ResourceId(name, collection);
}

}  // namespace

void InsertProgram(pqxx::transaction_base& tx, v1::Program& p) {
  static const db::Statement kInsert{
      "inspection_insert_program",
      absl::StrCat("INSERT INTO inspection.programs (actor_kind, actor_organization_id, board, "
                   "year, body) VALUES ($1, $2, $3, $4, $5::jsonb)",
                   kReturning)};
  Refresh(db::Exec(tx, kInsert, static_cast<int>(p.actor().kind()),
                   IdOf(p.actor().organization(), "organizations"), p.actor().board(), p.year(),
                   Json(p)),
          kPrograms, p);
}

void InsertInspection(pqxx::transaction_base& tx, v1::Inspection& i) {
  static const db::Statement kInsert{
      "inspection_insert_inspection",
      absl::StrCat("INSERT INTO inspection.inspections (kind, actor_organization_id, subject, "
                   "program_id, petition_id, state, opened_on, concluded_on, body) VALUES "
                   "($1, $2, $3, $4, $5, $6, $7::date, $8::date, $9::jsonb)",
                   kReturning)};
  Refresh(db::Exec(tx, kInsert, static_cast<int>(i.kind()),
                   IdOf(i.actor().organization(), "organizations"), i.subject(),
                   OptionalId(i.program(), kPrograms), OptionalId(i.petition(), kPetitions),
                   static_cast<int>(i.state()), Day(i.opening().opened_on()),
                   Day(i.conclusion().concluded_on()), Json(i)),
          kInspections, i);
}

void SaveInspection(pqxx::transaction_base& tx, v1::Inspection& i) {
  static const db::Statement kSave{
      "inspection_save_inspection",
      absl::StrCat("UPDATE inspection.inspections SET state = $2, opened_on = $3::date, "
                   "concluded_on = $4::date, closed_on = $6::date, body = $5::jsonb, "
                   "version = version + 1, updated_at = now() WHERE id = $1",
                   kReturning)};
  Refresh(db::Exec(tx, kSave, IdOf(i.name(), kInspections), static_cast<int>(i.state()),
                   Day(i.opening().opened_on()), Day(i.conclusion().concluded_on()), Json(i),
                   Day(i.closed_on())),
          kInspections, i);
}

void InsertPetition(pqxx::transaction_base& tx, v1::Petition& p) {
  static const db::Statement kInsert{
      "inspection_insert_petition",
      absl::StrCat("INSERT INTO inspection.petitions (organization_id, subject, state, due_on, "
                   "resolved_on, body) VALUES ($1, $2, $3, $4::date, $5::date, $6::jsonb)",
                   kReturning)};
  Refresh(db::Exec(tx, kInsert, IdOf(p.organization(), "organizations"), p.subject(),
                   static_cast<int>(p.state()), Day(p.due_on()), Day(p.resolution().resolved_on()),
                   Json(p)),
          kPetitions, p);
}

void SavePetition(pqxx::transaction_base& tx, v1::Petition& p) {
  static const db::Statement kSave{
      "inspection_save_petition",
      absl::StrCat("UPDATE inspection.petitions SET state = $2, due_on = $3::date, "
                   "resolved_on = $4::date, body = $5::jsonb, version = version + 1, "
                   "updated_at = now() WHERE id = $1",
                   kReturning)};
  Refresh(db::Exec(tx, kSave, IdOf(p.name(), kPetitions), static_cast<int>(p.state()),
                   Day(p.due_on()), Day(p.resolution().resolved_on()), Json(p)),
          kPetitions, p);
}

void InsertDisciplineCase(pqxx::transaction_base& tx, v1::DisciplineCase& c) {
  static const db::Statement kInsert{
      "inspection_insert_discipline_case",
      absl::StrCat("INSERT INTO inspection.discipline_cases (subject, inspection_id, "
                   "petition_id, state, body) VALUES ($1, $2, $3, $4, $5::jsonb)",
                   kReturning)};
  Refresh(db::Exec(tx, kInsert, c.subject(), OptionalId(c.inspection(), kInspections),
                   OptionalId(c.petition(), kPetitions), static_cast<int>(c.state()), Json(c)),
          kDisciplineCases, c);
}

void SaveDisciplineCase(pqxx::transaction_base& tx, v1::DisciplineCase& c) {
  static const db::Statement kSave{
      "inspection_save_discipline_case",
      absl::StrCat("UPDATE inspection.discipline_cases SET state = $2, body = $3::jsonb, "
                   "version = version + 1, updated_at = now() WHERE id = $1",
                   kReturning)};
  Refresh(
      db::Exec(tx, kSave, IdOf(c.name(), kDisciplineCases), static_cast<int>(c.state()), Json(c)),
      kDisciplineCases, c);
}

std::optional<v1::Program> FindProgram(pqxx::transaction_base& tx, int64_t id) {
  return Find<v1::Program>(tx, "programs", kPrograms, id, false);
}
std::optional<v1::Inspection> FindInspection(pqxx::transaction_base& tx, int64_t id,
                                             bool for_update) {
  return Find<v1::Inspection>(tx, "inspections", kInspections, id, for_update);
}
std::optional<v1::Petition> FindPetition(pqxx::transaction_base& tx, int64_t id, bool for_update) {
  return Find<v1::Petition>(tx, "petitions", kPetitions, id, for_update);
}
std::optional<v1::DisciplineCase> FindDisciplineCase(pqxx::transaction_base& tx, int64_t id,
                                                     bool for_update) {
  return Find<v1::DisciplineCase>(tx, "discipline_cases", kDisciplineCases, id, for_update);
}

namespace {

std::vector<WorkDates> Work(const pqxx::result& result) {
  std::vector<WorkDates> out;
  for (const auto& r : result) {
    WorkDates w;
    w.kind = static_cast<v1::InspectionKind>(r[0].as<int>());
    w.subject = r[1].as<std::string>();
    if (!r[2].is_null()) w.opened_on = db::DayOf(r[2]);
    if (!r[3].is_null()) w.concluded_on = db::DayOf(r[3]);
    out.push_back(std::move(w));
  }
  return out;
}

constexpr char kWorkColumns[] = "SELECT kind, subject, opened_on::text, concluded_on::text ";

}  // namespace

std::vector<WorkDates> ProgramWork(pqxx::transaction_base& tx, int64_t program_id) {
  static const db::Statement kWork{
      "inspection_program_work",
      absl::StrCat(kWorkColumns, "FROM inspection.inspections WHERE program_id = $1")};
  return Work(db::Exec(tx, kWork, program_id));
}

std::vector<WorkDates> WorkOpenedBetween(pqxx::transaction_base& tx, absl::CivilDay from,
                                         absl::CivilDay to) {
  static const db::Statement kWork{
      "inspection_work_opened_between",
      absl::StrCat(kWorkColumns,
                   "FROM inspection.inspections WHERE opened_on BETWEEN $1::date AND $2::date")};
  return Work(db::Exec(tx, kWork, FormatDay(from), FormatDay(to)));
}

std::vector<v1::Inspection> ListInspectionPage(
    pqxx::transaction_base& tx, const std::optional<std::vector<int64_t>>& organizations,
    const std::string& subject, std::optional<absl::CivilDay> open_on, int64_t after, int limit) {
  static const db::Statement kList{
      "inspection_list_inspections",
      absl::StrCat("SELECT id, ", kRowColumns,
                   " FROM inspection.inspections "
                   "WHERE ($1::bigint[] IS NULL OR actor_organization_id = ANY($1::bigint[])) "
                   "AND ($2 = '' OR subject = $2) AND ($3::date IS NULL OR (opened_on <= $3::date "
                   "AND (closed_on IS NULL OR closed_on > $3::date))) "
                   "AND id > $4 ORDER BY id LIMIT $5")};
  std::optional<std::string> day;
  if (open_on) day = FormatDay(*open_on);
  std::vector<v1::Inspection> out;
  for (const auto& r : db::Exec(tx, kList, IdArray(organizations), subject, day, after, limit)) {
    out.push_back(FromRow<v1::Inspection>(r, kInspections));
  }
  return out;
}

std::vector<v1::Petition> ListPetitionPage(pqxx::transaction_base& tx,
                                           const std::optional<std::vector<int64_t>>& organizations,
                                           const std::string& subject,
                                           std::optional<absl::CivilDay> overdue_on, int64_t after,
                                           int limit) {
  // Overdue: handled (or resolved later), the deadline before the day.
  static const db::Statement kList{
      "inspection_list_petitions",
      absl::StrCat("SELECT id, ", kRowColumns,
                   " FROM inspection.petitions "
                   "WHERE ($1::bigint[] IS NULL OR organization_id = ANY($1::bigint[])) "
                   "AND ($2 = '' OR subject = $2) "
                   "AND ($3::date IS NULL OR (due_on < $3::date AND state IN (2, 5) AND "
                   "(resolved_on IS NULL OR resolved_on > $3::date))) "
                   "AND id > $4 ORDER BY id LIMIT $5")};
  std::optional<std::string> day;
  if (overdue_on) day = FormatDay(*overdue_on);
  std::vector<v1::Petition> out;
  for (const auto& r : db::Exec(tx, kList, IdArray(organizations), subject, day, after, limit)) {
    out.push_back(FromRow<v1::Petition>(r, kPetitions));
  }
  return out;
}

}  // namespace partywork::inspection
