#include "services/reporting/count_anchors.h"

#include <algorithm>
#include <chrono>
#include <iterator>
#include <optional>
#include <set>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "libs/platform/log.h"
#include "libs/platform/resource.h"

namespace partywork::reporting {

std::vector<absl::CivilDay> AnchorDays(absl::CivilDay today, int years) {
  std::set<absl::CivilDay> days;
  for (int y = 1; y <= years; ++y) days.insert(absl::CivilDay(today.year() - y, 12, 31));
  // A quarter ends the day before the first day of the next one.
  absl::CivilMonth quarter(today.year(), (today.month() - 1) / 3 * 3 + 1);
  for (int q = 0; q < 4; ++q, quarter -= 3) days.insert(absl::CivilDay(quarter) - 1);
  return {days.begin(), days.end()};
}

namespace {

// The totals of the spells covering the new anchors $1 (an array of days),
// one table at a time: one reading of the spells each.
const db::Statement kCountAnchors[] = {
    {"reporting_anchor_births",
     "INSERT INTO reporting.spell_totals_by_birth (anchor, birth_key, members) "
     "SELECT a.day, s.birth_key, count(*) FROM reporting.member_spells s "
     "JOIN unnest($1::date[]) AS a(day) ON s.valid_from <= a.day AND s.valid_to > a.day "
     "GROUP BY 1, 2"},
    {"reporting_anchor_organizations",
     "INSERT INTO reporting.spell_totals_by_organization (anchor, organization_id, members) "
     "SELECT a.day, s.organization_id, count(*) FROM reporting.member_spells s "
     "JOIN unnest($1::date[]) AS a(day) ON s.valid_from <= a.day AND s.valid_to > a.day "
     "GROUP BY 1, 2"},
    {"reporting_anchor_attributes",
     "INSERT INTO reporting.spell_totals_by_attributes (anchor, status, exempted, female, "
     "minority, religious, youth_union, general_education, qualification, political_theory, "
     "retired, admission_period, members) "
     "SELECT a.day, status, exempted, female, minority, religious, youth_union, "
     "general_education, qualification, political_theory, retired, admission_period, count(*) "
     "FROM reporting.member_spells s JOIN unnest($1::date[]) AS a(day) "
     "ON s.valid_from <= a.day AND s.valid_to > a.day GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, "
     "12"},
};

// Forgets the anchors $1 (an array of days) and their totals.
const db::Statement kDropAnchors{
    "reporting_drop_anchors",
    "WITH births AS (DELETE FROM reporting.spell_totals_by_birth WHERE anchor = ANY($1::date[])), "
    "organizations AS (DELETE FROM reporting.spell_totals_by_organization "
    "WHERE anchor = ANY($1::date[])), "
    "attributes AS (DELETE FROM reporting.spell_totals_by_attributes "
    "WHERE anchor = ANY($1::date[])) "
    "DELETE FROM reporting.count_anchors WHERE day = ANY($1::date[])"};

std::string DayArray(const std::vector<absl::CivilDay>& days) {
  return absl::StrCat(
      "{",
      absl::StrJoin(days, ",",
                    [](std::string* out, absl::CivilDay d) { out->append(FormatDay(d)); }),
      "}");
}

}  // namespace

AnchorChanges RefreshAnchors(pqxx::connection& conn, absl::CivilDay today, int years) {
  const std::vector<absl::CivilDay> wanted = AnchorDays(today, years);
  pqxx::work tx(conn);
  // SHARE waits for the transactions writing spells and holds back new ones
  // until commit: a statement of theirs either ran before (and is counted
  // here) or runs after and sees the anchor.
  tx.exec("SET LOCAL lock_timeout = '30s'");
  tx.exec("LOCK TABLE reporting.member_spells IN SHARE MODE");
  std::vector<absl::CivilDay> kept, dropped, added;
  for (const auto& row : tx.exec("SELECT day::text FROM reporting.count_anchors "
                                 "WHERE day <> 'infinity' ORDER BY day")) {
    const absl::CivilDay day = db::DayOf(row[0]);
    (std::binary_search(wanted.begin(), wanted.end(), day) ? kept : dropped).push_back(day);
  }
  std::set_difference(wanted.begin(), wanted.end(), kept.begin(), kept.end(),
                      std::back_inserter(added));
  // The new days' totals are cleared too: none is left from an earlier time
  // such a day was an anchor.
  std::vector<absl::CivilDay> cleared = dropped;
  cleared.insert(cleared.end(), added.begin(), added.end());
  if (!cleared.empty()) db::Exec(tx, kDropAnchors, DayArray(cleared));
  if (!added.empty()) {
    tx.exec_params("INSERT INTO reporting.count_anchors SELECT unnest($1::date[])",
                   DayArray(added));
    for (const db::Statement& count : kCountAnchors) db::Exec(tx, count, DayArray(added));
  }
  if (!cleared.empty()) {
    // The tables grew or shrank by whole anchors at once: without fresh
    // statistics the planner reads an anchor's totals row by row (the whole
    // country: 0.87 s instead of 0.4 s).
    tx.exec(
        "ANALYZE reporting.spell_totals_by_birth, reporting.spell_totals_by_organization, "
        "reporting.spell_totals_by_attributes");
  }
  tx.commit();
  return {static_cast<int>(added.size()), static_cast<int>(dropped.size())};
}

AnchorKeeper::~AnchorKeeper() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void AnchorKeeper::Start() {
  thread_ = std::thread([this] { Run(); });
}

void AnchorKeeper::Run() {
  std::optional<absl::CivilDay> refreshed;  // the day of the last refresh
  // After a failure, twice as long each time (up to an hour): a refresh
  // holds back the feed's writes of spells while it counts.
  absl::Duration backoff = absl::Minutes(1);
  absl::Time next_try = absl::InfinitePast();
  std::unique_lock<std::mutex> lock(mu_);
  while (!stopping_) {
    const absl::CivilDay today = Today();
    if (refreshed != today && absl::Now() >= next_try && caught_up_()) {
      lock.unlock();
      const grpc::Status status = db_.Run([&](pqxx::connection& conn) {
        const absl::Time start = absl::Now();
        const AnchorChanges changes = RefreshAnchors(conn, today, years_);
        if (changes.added > 0 || changes.dropped > 0) {
          log::Info("count anchors refreshed",
                    {{"added", changes.added},
                     {"dropped", changes.dropped},
                     {"duration_ms", absl::ToDoubleMilliseconds(absl::Now() - start)}});
        }
        return grpc::Status::OK;
      });
      if (status.ok()) {
        refreshed = today;
        backoff = absl::Minutes(1);
      } else {
        // Counts stay right without the new anchors, only slower.
        log::Warn("count anchors not refreshed", {{"error", status.error_message()},
                                                  {"retry_in_s", absl::ToInt64Seconds(backoff)}});
        next_try = absl::Now() + backoff;
        backoff = std::min(backoff * 2, absl::Hours(1));
      }
      lock.lock();
    }
    cv_.wait_for(lock, std::chrono::seconds(10), [this] { return stopping_; });
  }
}

}  // namespace partywork::reporting
