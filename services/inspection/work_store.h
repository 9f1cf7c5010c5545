// Storage of programs, inspections, petitions and discipline cases. Each row
// holds the resource as the API shows it (protobuf JSON in `body`) and the
// columns that lists, checks and figures filter on; Save* keeps both in step
// and bumps the version (the etag). Schema-qualified SQL on inspection's own
// schema.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "partywork/inspection/v1/discipline.pb.h"
#include "partywork/inspection/v1/petition.pb.h"
#include "pqxx/pqxx"
#include "services/inspection/inspection_rules.h"

namespace partywork::inspection {

inline constexpr char kPrograms[] = "programs";
inline constexpr char kInspections[] = "inspections";
inline constexpr char kPetitions[] = "petitions";
inline constexpr char kDisciplineCases[] = "disciplineCases";

// Inserts a new resource (its name, etag and times are set from the row).
void InsertProgram(pqxx::transaction_base& tx, v1::Program& program);
void InsertInspection(pqxx::transaction_base& tx, v1::Inspection& inspection);
void InsertPetition(pqxx::transaction_base& tx, v1::Petition& petition);
void InsertDisciplineCase(pqxx::transaction_base& tx, v1::DisciplineCase& discipline_case);

// Stores a changed resource (found by its name) and refreshes its etag and
// update time.
void SaveInspection(pqxx::transaction_base& tx, v1::Inspection& inspection);
void SavePetition(pqxx::transaction_base& tx, v1::Petition& petition);
void SaveDisciplineCase(pqxx::transaction_base& tx, v1::DisciplineCase& discipline_case);

// The resource named `id`; with `for_update`, locked until the transaction ends.
std::optional<v1::Program> FindProgram(pqxx::transaction_base& tx, int64_t id);
std::optional<v1::Inspection> FindInspection(pqxx::transaction_base& tx, int64_t id,
                                             bool for_update = false);
std::optional<v1::Petition> FindPetition(pqxx::transaction_base& tx, int64_t id,
                                         bool for_update = false);
std::optional<v1::DisciplineCase> FindDisciplineCase(pqxx::transaction_base& tx, int64_t id,
                                                     bool for_update = false);

// Inspections of one program.
std::vector<WorkDates> ProgramWork(pqxx::transaction_base& tx, int64_t program_id);
// Inspections opened in [from, to].
std::vector<WorkDates> WorkOpenedBetween(pqxx::transaction_base& tx, absl::CivilDay from,
                                         absl::CivilDay to);

// A page of inspections whose actor's organization is among `organizations`
// (any organization when nullopt), of `subject`, if set, and open on
// `open_on`, if set, after the id `after`.
std::vector<v1::Inspection> ListInspectionPage(
    pqxx::transaction_base& tx, const std::optional<std::vector<int64_t>>& organizations,
    const std::string& subject, std::optional<absl::CivilDay> open_on, int64_t after, int limit);
// A page of petitions received by `organizations` (any when nullopt), about
// `subject`, if set; with `overdue_on`, only those past their deadline on
// that day and not resolved by it.
std::vector<v1::Petition> ListPetitionPage(pqxx::transaction_base& tx,
                                           const std::optional<std::vector<int64_t>>& organizations,
                                           const std::string& subject,
                                           std::optional<absl::CivilDay> overdue_on, int64_t after,
                                           int limit);

// For the other stores of these tables: the columns that follow `id` in a
// resource's row ("SELECT id, <kRowColumns> FROM …"), the resource read from
// such a row (its name from `collection`), and bigint[] parameters.
extern const char kRowColumns[];
// A resource as `body` holds it (protobuf JSON, the proto's field names).
std::string Json(const google::protobuf::Message& m);
template <class M>
M FromRow(const pqxx::row& r, const char* collection);
std::optional<std::string> IdArray(const std::optional<std::vector<int64_t>>& ids);

}  // namespace partywork::inspection
