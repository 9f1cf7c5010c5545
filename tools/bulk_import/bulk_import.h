// Loads a generated dataset (dataset.h) into membership's and inspection's
// schemas with COPY: the organization tree with the organizations' ratings
// and inspection work in one transaction per schema, then members, their
// histories, ratings, inspections, petitions and discipline cases per chunk
// of members, the rows and the outbox events of each schema on two
// connections at once, the rows committed first, so an event committed has
// its rows and, once the import has finished, the feeds' consumers
// (reporting, the gateway's tree, inspection's and membership's copies)
// rebuild from the outboxes exactly what the tables say. Secondary indexes
// and foreign keys are dropped for the load and put back at the end (each
// key checked once over its whole table); a failed load puts them back too.
// Refuses a schema that already holds data or an import begun (its audit
// log says so): one whose import failed is dropped and migrated again.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "absl/status/statusor.h"
#include "tools/bulk_import/dataset.h"

namespace partywork::bulk {

struct ImportOptions {
  std::string database_url;  // membership's own role
  // Inspection's own role; empty: inspection's tables are generated (and
  // checksummed) but not loaded.
  std::string inspection_database_url;
  Size size = Size::kKhoi;
  uint64_t seed = 1;
  int64_t chunk_members = 20000;
  bool dry_run = false;  // generate and checksum only, no database
  std::function<void(const std::string&)> progress = [](const std::string&) {};
};

struct ImportResult {
  Counts counts;
  uint64_t checksum = 0;     // of every row generated, in order
  double seconds = 0;        // the whole import
  double index_seconds = 0;  // building the indexes and checking the keys at the end
};

absl::StatusOr<ImportResult> Import(const ImportOptions& options);

}  // namespace partywork::bulk
