// The writes of national_bench, each committed per second against pgbench's
// single-row inserts on the same PostgreSQL: transfers (RecordMemberEvent),
// admission files opened (CreateAdmission, the source step) and the steps
// that follow (RecordAdmissionStep).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "bench/lib/load.h"
#include "grpcpp/channel.h"

namespace partywork::bench {

// Transfers (chuyển sinh hoạt) of active members between cells, each member
// once per pass, to another cell each time; `identity` is signed for
// membership, `run` makes the request ids unique.
Target Transfers(const std::shared_ptr<grpc::Channel>& membership, const std::string& identity,
                 const std::string& run);

// pgbench's transactions per second for single-row inserts, `clients`
// connections, on the harness's PostgreSQL.
double PgbenchInserts(int clients, double seconds);

// Admission files (kết nạp) in the dataset's cells. Files are opened on
// 1/9/2023 at the source step; then each gets its next three steps: the
// class certificate (6/10/2023), the application with two sponsors
// (1/11/2023), the background verification (15/12/2023). Later steps need
// the cell's official members counted on the day, so the steps stop there:
// a run must open a third as many files as it records steps (a step with no
// file left is refused, and counted as an error). A step is sent a block of
// calls (up to 256) after its file's previous one, so with 16 in flight
// that one has committed unless it was held up for hundreds of calls.
class AdmissionWrites {
 public:
  // Opens a party class for the certificates and finds two official members
  // of 2023 to sponsor every application; nullopt (with the reason printed)
  // if the dataset has no cell or no such sponsors.
  static std::optional<AdmissionWrites> Prepare(std::shared_ptr<grpc::Channel> membership,
                                                std::string identity);

  // CreateAdmission, in the cells in turn; the candidates named after `run`.
  Target Open(const std::string& run) const;
  // RecordAdmissionStep on the files Open(run) opened, three steps each.
  Target Steps(const std::string& run) const;

 private:
  AdmissionWrites() = default;

  std::shared_ptr<grpc::Channel> membership_;
  std::string identity_;
  std::string party_class_;            // "partyClasses/{id}"
  std::vector<std::string> sponsors_;  // two, "members/{id}"
  std::shared_ptr<std::vector<int64_t>> cells_;
};

}  // namespace partywork::bench
