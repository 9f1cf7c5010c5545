// Storage of admissions and party-awareness classes: schema-qualified SQL on
// membership's own schema. A file's steps are rows of admission_steps, never
// rewritten; the file's row keeps its stage and the dates the rules need.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "google/protobuf/message.h"
#include "pqxx/pqxx"
#include "services/membership/admission_rules.h"

namespace partywork::membership {

struct StoredAdmission {
  int64_t id = 0;
  int64_t organization_id = 0;
  std::optional<int64_t> former_member_id;
  std::optional<int64_t> member_id;
  AdmissionFile file;
  v1::Admission admission;  // with the candidate, every step, name and etag
};

std::optional<StoredAdmission> FindAdmission(pqxx::transaction_base& tx, int64_t id,
                                             bool for_update = false);
// Opens a file at the source step; returns its id.
int64_t InsertAdmission(pqxx::transaction_base& tx, const v1::Admission& admission,
                        int64_t organization_id, std::optional<int64_t> former_member_id,
                        const std::string& recorded_by);
// Appends a step and stores the file's new stage and dates.
void RecordStep(pqxx::transaction_base& tx, const StoredAdmission& stored, const std::string& step,
                absl::CivilDay day, const google::protobuf::Message& detail,
                std::optional<int64_t> party_class_id, const std::string& recorded_by);
void SetAdmissionMember(pqxx::transaction_base& tx, int64_t id, int64_t member_id);

// Files of cells in `root`'s subtree on `day` (all when unset), at `stages`
// (all when empty), by id after `after_id`; one more than `limit` tells a
// next page.
std::vector<StoredAdmission> ListAdmissionRows(pqxx::transaction_base& tx,
                                               std::optional<int64_t> root, absl::CivilDay day,
                                               const std::vector<int>& stages, int64_t after_id,
                                               int limit);

// The cell's official members on `day`, from their status histories.
int CountOfficialMembers(pqxx::transaction_base& tx, int64_t cell, absl::CivilDay day);

struct StoredClass {
  int64_t id = 0;
  int64_t organization_id = 0;
  v1::PartyClass party_class;  // with its attendees
};
int64_t InsertPartyClass(pqxx::transaction_base& tx, const v1::PartyClass& party_class,
                         int64_t organization_id);
std::optional<StoredClass> FindPartyClass(pqxx::transaction_base& tx, int64_t id);
// The last day of the class, without its attendees (a certificate's step
// needs only that; reading every attendee made each step slower than the
// last).
std::optional<absl::CivilDay> PartyClassEnd(pqxx::transaction_base& tx, int64_t id);
std::vector<StoredClass> ListPartyClassRows(pqxx::transaction_base& tx, std::optional<int64_t> root,
                                            absl::CivilDay day, int64_t after_id, int limit);

}  // namespace partywork::membership
