// Storage reads of the lists of programs and discipline cases (the rows of
// work_store.h's tables).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "partywork/inspection/v1/discipline.pb.h"
#include "partywork/inspection/v1/inspection.pb.h"
#include "pqxx/pqxx"

namespace partywork::inspection {

// A page of the programs of the bodies of `organization`, of `year` (every
// year when 0), after the id `after`.
std::vector<v1::Program> ListProgramPage(pqxx::transaction_base& tx, int64_t organization, int year,
                                         int64_t after, int limit);

// A page of discipline cases whose origin's organization (the inspection's
// actor's, the petition's receiving body's) is among `organizations` (any
// when nullopt) and against `subject`, if set, after the id `after`.
std::vector<v1::DisciplineCase> ListDisciplineCasePage(
    pqxx::transaction_base& tx, const std::optional<std::vector<int64_t>>& organizations,
    const std::string& subject, int64_t after, int limit);

}  // namespace partywork::inspection
