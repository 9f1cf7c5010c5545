// What inspection's handlers share: dates and names of requests, the
// caller's organization scope and the subjects checked on their dates
// against the copy of membership's tree and statuses.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "google/protobuf/repeated_ptr_field.h"
#include "google/type/date.pb.h"
#include "grpcpp/support/status.h"
#include "libs/platform/call_context.h"
#include "libs/platform/resource.h"
#include "libs/platform/rule.h"
#include "pqxx/pqxx"
#include "services/inspection/subject_rules.h"
#include "services/inspection/work_store.h"

namespace partywork::inspection {

inline constexpr int kDefaultPageSize = 50;
inline constexpr int kMaxPageSize = 500;

// A required real date, not after today; adds a violation of `field` otherwise.
std::optional<absl::CivilDay> RequiredDay(const google::type::Date& date, const std::string& field,
                                          std::vector<FieldViolation>& v);
// A required "<collection>/{id}"; adds a violation of `field` otherwise.
std::optional<int64_t> RequiredId(const std::string& name, const char* collection,
                                  const std::string& field, std::vector<FieldViolation>& v);
// A required non-empty text of at most `max` bytes.
void RequiredText(const std::string& text, const std::string& field, size_t max,
                  std::vector<FieldViolation>& v);

// The caller's scope holds organizations/`organization_id` on `day`:
// PERMISSION_DENIED, reason OUT_OF_SCOPE, otherwise.
grpc::Status CheckScope(pqxx::transaction_base& tx, const CallContext& call,
                        int64_t organization_id, absl::CivilDay day);

// The actor's organization exists on `day` (ORGANIZATION_NOT_IN_EXISTENCE),
// fits the actor's kind, and lies in the caller's scope.
grpc::Status CheckActor(pqxx::transaction_base& tx, const CallContext& call, const v1::Actor& actor,
                        absl::CivilDay day);

// The subject (already validated) as it was on `day`; FAILED_PRECONDITION
// SUBJECT_NOT_IN_EXISTENCE unless it existed then.
grpc::Status FindSubject(pqxx::transaction_base& tx, const std::string& subject, absl::CivilDay day,
                         const std::string& what, SubjectOnDay* found);

// Validates an actor's fields under `prefix` ("program.actor.").
void ValidateActor(const v1::Actor& actor, const std::string& prefix,
                   std::vector<FieldViolation>& v);

// The organizations of the subtree under `organization` today, after the
// scope check (for lists).
grpc::Status ScopedSubtree(pqxx::transaction_base& tx, const CallContext& call,
                           int64_t organization, std::vector<int64_t>* ids);

// Lists by subtree or by subject (inspections, petitions, discipline cases).
// The request's `organization` is required unless a `subject` is given; a
// subject must be a member's or an organization's name. Returns the
// organization's id, if any.
std::optional<int64_t> ReadListFilter(const std::string& organization, const std::string& subject,
                                      std::vector<FieldViolation>& v);
// The organizations such a list covers: the subtree of `root` (after the
// scope check); without one, the subtree of the caller's scope, or every
// organization (nullopt) for an unscoped caller.
grpc::Status ListedOrganizations(pqxx::transaction_base& tx, const CallContext& call,
                                 std::optional<int64_t> root,
                                 std::optional<std::vector<int64_t>>* organizations);

// The page a list asks for: the id after which it reads (0 for the first
// page, else from `page_token`) and its size, defaulted and capped; adds
// violations of a foreign token or a negative size.
struct PageWindow {
  int64_t after = 0;
  int size = 0;
};
PageWindow ReadPage(const std::string& page_token, int32_t page_size,
                    std::vector<FieldViolation>& v);

// Moves the first `size` of `page` (read with one more than that) to `out`
// and returns the next page's token, empty after the last page.
template <class M>
std::string TakePage(std::vector<M>& page, int size, const char* collection,
                     google::protobuf::RepeatedPtrField<M>* out) {
  std::string next;
  if (static_cast<int>(page.size()) > size) {
    next = EncodePageToken(*ResourceId(page[size - 1].name(), collection));
  }
  for (int k = 0; k < static_cast<int>(page.size()) && k < size; ++k) {
    *out->Add() = std::move(page[k]);
  }
  return next;
}

}  // namespace partywork::inspection
