#include "services/inspection/list_store.h"

#include "absl/strings/str_cat.h"
#include "libs/platform/db/database.h"
#include "services/inspection/work_store.h"

namespace partywork::inspection {

std::vector<v1::Program> ListProgramPage(pqxx::transaction_base& tx, int64_t organization, int year,
                                         int64_t after, int limit) {
  static const db::Statement kList{
      "inspection_list_programs",
      absl::StrCat("SELECT id, ", kRowColumns,
                   " FROM inspection.programs WHERE actor_organization_id = $1 "
                   "AND ($2 = 0 OR year = $2) AND id > $3 ORDER BY id LIMIT $4")};
  std::vector<v1::Program> out;
  for (const auto& r : db::Exec(tx, kList, organization, year, after, limit)) {
    out.push_back(FromRow<v1::Program>(r, kPrograms));
  }
  return out;
}

std::vector<v1::DisciplineCase> ListDisciplineCasePage(
    pqxx::transaction_base& tx, const std::optional<std::vector<int64_t>>& organizations,
    const std::string& subject, int64_t after, int limit) {
  // A case's organization is its origin's: exactly one of the two is set.
  static const db::Statement kList{
      "inspection_list_discipline_cases",
      absl::StrCat(
          "SELECT id, ", kRowColumns,
          " FROM inspection.discipline_cases c WHERE ($1::bigint[] IS NULL OR coalesce("
          "(SELECT i.actor_organization_id FROM inspection.inspections i "
          "WHERE i.id = c.inspection_id), "
          "(SELECT p.organization_id FROM inspection.petitions p WHERE p.id = c.petition_id)) "
          "= ANY($1::bigint[])) AND ($2 = '' OR subject = $2) AND id > $3 ORDER BY id LIMIT $4")};
  std::vector<v1::DisciplineCase> out;
  for (const auto& r : db::Exec(tx, kList, IdArray(organizations), subject, after, limit)) {
    out.push_back(FromRow<v1::DisciplineCase>(r, kDisciplineCases));
  }
  return out;
}

}  // namespace partywork::inspection
