// The transactional outbox of a service that owns facts others need.
//
// Publish() adds an event row in the transaction of the change. Rows get
// their feed sequence only after they commit: AssignSequences() numbers the
// committed, unnumbered rows after the current maximum, one sequencer at a
// time (advisory lock). So sequences become visible in order and without
// gaps, and a reader that has seen sequence N never later finds a row below N
// — even when two writers commit in the opposite order of their inserts.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "absl/time/time.h"
#include "google/protobuf/message.h"
#include "partywork/common/v1/feed.pb.h"
#include "pqxx/pqxx"

namespace partywork::feed {

// Adds `payload` to the outbox of `schema` in `tx`. `subject` names the
// resource the event is about.
void Publish(pqxx::transaction_base& tx, const std::string& schema,
             const google::protobuf::Message& payload, const std::string& subject,
             const std::string& request_id);

// The same event as a row, for a statement that publishes it beside its
// change (in a WITH clause): PublishInsert() is the INSERT with parameters
// $first … $first+3, and OutboxParams() those parameters, in that order.
struct OutboxRow {
  OutboxRow(const google::protobuf::Message& payload, std::string subject, std::string request_id);
  std::string event_type, subject, request_id;
  pqxx::binarystring payload;
};
std::string PublishInsert(const std::string& schema, int first);
inline auto OutboxParams(const OutboxRow& r) {
  return std::tie(r.event_type, r.subject, r.request_id, r.payload);
}

// Numbers up to `limit` committed events that have no sequence yet; returns
// how many. Returns 0 at once if another sequencer is running.
int64_t AssignSequences(pqxx::connection& conn, const std::string& schema, int limit = 10000);

// The newest event `tx` has published with `request_id` and not yet
// numbered: the outbox row of this write, for WaitForSequence after commit.
std::optional<int64_t> LastPublished(pqxx::transaction_base& tx, const std::string& schema,
                                     const std::string& request_id);

// The feed sequence of the committed outbox row `outbox_id`, numbering the
// feed itself if need be; nullopt if it still has none at `deadline` (another
// sequencer holds the lock that long).
std::optional<int64_t> WaitForSequence(pqxx::connection& conn, const std::string& schema,
                                       int64_t outbox_id, absl::Time deadline);

struct Batch {
  std::vector<common::v1::Event> events;  // consecutive, ascending
  int64_t head = 0;                       // highest sequence assigned
};

// Events with sequence > after_sequence, at most `limit`.
Batch ReadAfter(pqxx::connection& conn, const std::string& schema, int64_t after_sequence,
                int limit);

}  // namespace partywork::feed
