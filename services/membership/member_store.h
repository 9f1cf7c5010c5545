// Storage of members and their status history: schema-qualified SQL on
// membership's own schema.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "libs/platform/db/audit.h"
#include "libs/platform/feed/outbox.h"
#include "pqxx/pqxx"
#include "services/membership/member_rules.h"

namespace partywork::membership {

// A member as stored: the record (with name, etag and times filled in) and
// the current standing.
struct StoredMember {
  int64_t id = 0;
  v1::Member member;
  Standing standing;
};

std::optional<StoredMember> FindMember(pqxx::transaction_base& tx, int64_t id,
                                       bool for_update = false);
// Inserts the record with its first standing; returns the new id.
int64_t InsertMember(pqxx::transaction_base& tx, const v1::Member& record,
                     const Standing& standing);
// Overwrites the record fields (not the standing) and bumps the version.
void UpdateMemberRecord(pqxx::transaction_base& tx, int64_t id, const v1::Member& record);
// Stores the standing derived after a new event (bumps the version), with
// the change's audit record and its outbox event: one statement.
void SaveStanding(pqxx::transaction_base& tx, int64_t id, const Standing& standing,
                  const db::AuditRecord& audit, const feed::OutboxRow& event);

std::vector<HistoryEvent> LoadHistory(pqxx::transaction_base& tx, int64_t member_id);
// FindMember and LoadHistory in one statement.
// With `for_update`, the record is locked until the end of `tx`.
struct MemberWithHistory {
  StoredMember stored;
  std::vector<HistoryEvent> history;
};
std::optional<MemberWithHistory> FindMemberWithHistory(pqxx::transaction_base& tx, int64_t id,
                                                       bool for_update = false);
// Reads of many members by id in one statement (GetMember's
// db::BatchedLookup): every record of $1 (bigint[]) with its history, the
// first column the member's id; MemberWithHistoryFrom reads one member's rows.
std::string MembersWithHistorySql();
std::optional<MemberWithHistory> MemberWithHistoryFrom(const std::vector<pqxx::row>& rows);
std::vector<v1::MemberEvent> ListEvents(pqxx::transaction_base& tx, int64_t member_id);
// Why the member last left the Party (its latest STRUCK_OFF, RELEASED or
// EXPELLED event not voided); UNSPECIFIED when never or not said.
v1::LeavingReason LatestLeavingReason(pqxx::transaction_base& tx, int64_t member_id);
// Appends an event (its organization and corrected event already resolved to
// ids) and returns it as stored.
v1::MemberEvent InsertEvent(pqxx::transaction_base& tx, int64_t member_id,
                            const v1::MemberEvent& event, std::optional<int64_t> organization_id,
                            std::optional<int64_t> corrects, const std::string& recorded_by);

// Filters of ListMembers, already validated; unset means "any".
struct MemberFilter {
  std::optional<int64_t> subtree_root;
  std::vector<int> statuses;
  std::optional<int> gender;
  std::optional<std::string> ethnicity;
  std::optional<int> qualification;
  std::optional<int> political_theory;
  std::optional<absl::CivilDay> born_on_or_before, born_after;
  std::optional<absl::CivilDay> admitted_on_or_before, admitted_after;
  std::optional<std::string> search;  // matched without diacritics
  absl::CivilDay today;
};
// Where the previous page ended, in Vietnamese name order.
struct MemberCursor {
  std::string given_name;
  std::string full_name;
  int64_t id = 0;
};
struct MemberPage {
  std::vector<StoredMember> members;
  std::optional<MemberCursor> next;
};
// How a page is found: by walking the members in name order and keeping
// those of the subtree, or by reading the subtree's members and sorting them
// (cheaper for a subtree of few members). ListMemberPage chooses; tests name
// one to compare the two. The whole tree, or a list without a root, is
// always walked.
enum class MemberListPlan { kChosen, kNameOrderWalk, kByOrganization };
MemberPage ListMemberPage(pqxx::transaction_base& tx, const MemberFilter& filter,
                          const std::optional<MemberCursor>& after, int limit,
                          MemberListPlan plan = MemberListPlan::kChosen);

}  // namespace partywork::membership
