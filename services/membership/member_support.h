// What the handlers of members share with the other resources' handlers
// (admissions, classes): the caller's scope, the cell check, the standing as
// the API shows it, the two ways a member's history grows (each with its
// audit record and feed event, inside the caller's transaction), and request
// checks of lists and required fields.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "grpcpp/support/status.h"
#include "libs/platform/call_context.h"
#include "libs/platform/resource.h"
#include "pqxx/pqxx"
#include "services/membership/member_rules.h"
#include "services/membership/member_store.h"

namespace partywork::membership {

// The caller may act on organizations/`organization_id` (their scope's
// subtree on `day`): PERMISSION_DENIED, reason OUT_OF_SCOPE, otherwise.
grpc::Status CheckScope(pqxx::transaction_base& tx, const CallContext& call,
                        int64_t organization_id, absl::CivilDay day);
// The organization exists on `day` and is a cell (chi bộ).
grpc::Status CheckCell(pqxx::transaction_base& tx, int64_t organization_id, absl::CivilDay day);

v1::MemberState ToState(const Standing& s, absl::CivilDay as_of);
void WithoutPersonalData(v1::Member* m);
MemberFacts FactsOf(const v1::Member& m);

// Creates a member (a validated record) with its first status event in
// `cell`; `created` is the stored record with its standing today.
grpc::Status CreateMemberWithEvent(pqxx::work& tx, const CallContext& call,
                                   const std::string& request_id, const v1::Member& record,
                                   const v1::MemberEvent& first, int64_t cell, v1::Member* created);

// Appends a status event to `member`, whose `history` was loaded in `tx`
// under lock: the whole history is replayed with it, and a rule it breaks
// refuses it (FAILED_PRECONDITION).
grpc::Status AppendMemberEvent(pqxx::work& tx, const CallContext& call,
                               const std::string& request_id, const StoredMember& member,
                               std::vector<HistoryEvent> history, const v1::MemberEvent& e,
                               std::optional<int64_t> cell, std::optional<int64_t> corrects,
                               v1::MemberEvent* stored);

// The reads of one member's records (history, ratings): the member `name`
// ("members/{id}", else INVALID_ARGUMENT of `field`) exists (NOT_FOUND) and
// its cell today is in the caller's scope; sets `id`.
grpc::Status FindReadableMember(pqxx::transaction_base& tx, const CallContext& call,
                                const std::string& name, const std::string& field, int64_t* id);

// Request checks shared by the handlers (request_support.cc):
// a required short text (at most 300 bytes);
void Required(const std::string& value, const std::string& field, std::vector<FieldViolation>& v);
// a list of a subtree by id: the request's organization, else the caller's
// scope, else everything (root unset); where the previous page ended; the
// page size, defaulted and capped.
struct ListWindow {
  std::optional<int64_t> root;
  int64_t after_id = 0;
  int size = 0;
};
ListWindow ReadListWindow(const std::string& organization, const std::string& page_token,
                          int page_size, const CallContext& call, std::vector<FieldViolation>& v);
// The caller may read the window's subtree on `day`.
grpc::Status CheckListScope(pqxx::transaction_base& tx, const CallContext& call,
                            const ListWindow& window, absl::CivilDay day);
// The token of the next page, when the rows (read with one more than the
// page) overflow it.
template <class Row>
std::string NextPageToken(const std::vector<Row>& rows, int size) {
  return static_cast<int>(rows.size()) > size ? EncodePageToken(rows[size - 1].id) : "";
}

}  // namespace partywork::membership
