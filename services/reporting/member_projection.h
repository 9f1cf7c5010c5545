// Members' records, status events and spells from one batch of membership's
// feed, written with a few statements for the whole batch rather than a few
// per event (docs/performance.md, the feed): records and events are kept
// until Write(), and each member's spells are rebuilt once, at Finish(), from
// their whole history, exactly as if after each event.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <utility>
#include <vector>

#include "absl/time/civil_time.h"
#include "libs/platform/db/arrays.h"
#include "partywork/membership/v1/member.pb.h"
#include "pqxx/pqxx"

namespace partywork::reporting {

class MemberBatch {
 public:
  explicit MemberBatch(pqxx::work& tx);

  // The record's version from `from` (a later one of the same day replaces
  // it); its facts of birth apply to every version of the member.
  void Record(int64_t member, absl::CivilDay from, const membership::v1::Member& m);
  // A status event; one that corrects another voids it.
  void Event(int64_t member, const membership::v1::MemberEvent& e);
  // The day of the member's latest record version, if any (after Write()).
  std::optional<absl::CivilDay> LatestRecord(int64_t member);

  // Writes the records and events kept so far.
  void Write();
  // Write(), then the spells of every member recorded or with an event.
  void Finish();

 private:
  void PlanForTheseRows();

  pqxx::work& tx_;
  bool planned_ = false;
  // Record versions by (member, from), the last of each kept.
  std::map<std::pair<int64_t, absl::CivilDay>, membership::v1::Member> records_;
  std::map<int64_t, membership::v1::Member> births_;  // each member's latest record
  db::Columns events_;
  db::Columns voids_;
  std::set<int64_t> touched_;  // spells to rebuild
};

}  // namespace partywork::reporting
