// The anchor days of the membership counts (reporting migration 0013): days
// whose totals along every breakdown are kept in step with the spells, so
// that the whole tree on a day near one is counted from them, reading only
// the spells begun or ended in between (member_counts.cc). The open spells'
// totals ('infinity') are always kept besides.
#pragma once

#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "absl/time/civil_time.h"
#include "libs/platform/db/database.h"
#include "pqxx/pqxx"

namespace partywork::reporting {

// The days reports are asked for most, before `today`, oldest first: the
// year-ends of the last `years` years (annual reports) and the ends of the
// last four quarters (quarterly and half-yearly ones).
std::vector<absl::CivilDay> AnchorDays(absl::CivilDay today, int years);

// Makes the database's anchors the days of AnchorDays(today, years): a new
// anchor's totals are counted from the spells, an anchor no longer wanted
// is dropped. Writers of spells wait meanwhile, so that each of their
// statements adds to every anchor or sees the new one counted already.
struct AnchorChanges {
  int added = 0, dropped = 0;
};
AnchorChanges RefreshAnchors(pqxx::connection& conn, absl::CivilDay today, int years);

// Keeps the anchors current on a thread of its own: once a day, as soon as
// membership's feed is caught up (checked every 10 s) (a replay keeps only the open spells'
// totals, as a rebuild clears the anchors: adding to seven totals for every
// spell it writes would halve its speed). A year's or a quarter's end thus
// becomes an anchor on the day after it. Reports go on meanwhile, from the
// anchors already there.
class AnchorKeeper {
 public:
  // `caught_up`: whether the feed the spells come from is caught up.
  AnchorKeeper(db::Database& db, int years, std::function<bool()> caught_up)
      : db_(db), years_(years), caught_up_(std::move(caught_up)) {}
  ~AnchorKeeper();  // stops the thread (a refresh under way finishes first)
  AnchorKeeper(const AnchorKeeper&) = delete;
  AnchorKeeper& operator=(const AnchorKeeper&) = delete;

  void Start();

 private:
  void Run();

  db::Database& db_;
  const int years_;
  const std::function<bool()> caught_up_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;  // guarded by mu_
  std::thread thread_;
};

}  // namespace partywork::reporting
