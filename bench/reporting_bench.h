// The reporting side of national_bench: inspection and reporting beside the
// bulk-imported membership, reporting's catch-up from membership's feed (the
// feed benchmark) and the reports asked straight of reporting, each against
// a baseline of the same round.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "bench/lib/load.h"
#include "tests/harness/server_process.h"

namespace partywork::bench {

// Reporting's catch-up from an empty read model.
struct FeedResult {
  int64_t events = 0;        // the feed's head when reporting started
  double read_seconds = 0;   // the same events streamed alone from membership (the baseline)
  double apply_seconds = 0;  // reporting's start → every event applied
  // Inspection's feed (the imported work), applied beside membership's.
  int64_t inspection_events = 0;
  double inspection_seconds = 0;  // reporting's start → every event of both feeds applied
  bool caught_up = false;
  int64_t peak_kib = 0;        // reporting's peak RSS from its start until then
  double anchors_seconds = 0;  // reporting's start → its anchor days counted
};

// Subtrees the reports are asked for, as the dataset has them.
struct Roots {
  int64_t top = 0;       // the Khối, the province or the country
  int64_t province = 0;  // the top at Khối and province size, else the first province
  int64_t khoi = 0;      // the Khối at Khối size, else the committee nearest a Khối's members
  int64_t district = 0;  // the first district (the province's first below the top), if any
};

class ReportingBench {
 public:
  // `identity`: signed for the services (as the gateway would).
  ReportingBench(std::string membership_address, std::string identity);
  ~ReportingBench();

  // Starts inspection (its schema migrated and imported before), following
  // membership; false if it does not serve or does not catch up with
  // membership's feed.
  bool StartInspection();
  // Empties reporting's read models, (re)starts reporting and waits until it
  // has applied every event of membership's feed and of inspection's.
  FeedResult CatchUp(absl::Duration timeout);

  const testing::ServerProcess* reporting() const { return reporting_.get(); }
  const testing::ServerProcess* inspection() const { return inspection_.get(); }
  // The peak RSS (KiB) of every reporting process of the run.
  int64_t PeakReportingKib() const;
  // Starts reporting's peak again (the run's is kept), so that ReportPeakKib
  // then gives the peak of what was asked since.
  void StartReportPeak();
  int64_t ReportPeakKib() const;

  struct Case {
    std::string name;  // e.g. "report: membership on 31/12/2024, province (50,000)"
    Target target;
    int goal_ms = 0;  // the goal for its latency, if it has one
  };
  // The reports measured, each asked once first (for its size, and to fail
  // early): membership composition on a past day for each of `roots`, the
  // tree on that day, inspection and discipline for the 2020–2025 term (its
  // petitions beside those loaded), Biểu 1 for 2024, the ratings of 2024
  // (members rated beside the ratings loaded); then the other reports over
  // a period: Biểu 2 and Biểu 7 for 2024, the admission report for 2024 and
  // the narrative of the last quarter of 2024.
  std::vector<Case> Reports(const Roots& roots) const;

 private:
  std::string membership_address_;
  std::string identity_;
  std::unique_ptr<testing::ServerProcess> inspection_, reporting_;
  int64_t peak_kib_ = 0;  // of reporting processes stopped
};

// The subtrees of the dataset in membership's schema.
Roots FindRoots();

// `SELECT count(*)` over membership's members, one at a time, for
// `seconds` after `warmup` seconds: a report's baseline.
LoadResult CountMembers(double seconds, double warmup);

}  // namespace partywork::bench
