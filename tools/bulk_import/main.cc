// partywork-bulk-import: loads a deterministic dataset of the given size into
// membership's and inspection's (empty, migrated) schemas with COPY, outboxes
// included. See docs/performance.md.
//
//   partywork-bulk-import --size=khoi|province|region|country [--seed=N]
//                         [--database-url=URI] [--inspection-database-url=URI]
//                         [--chunk-members=N] [--dry-run=true]
#include <cstdio>

#include "absl/strings/str_format.h"
#include "libs/platform/config.h"
#include "tools/bulk_import/bulk_import.h"

namespace {

const std::vector<partywork::SettingSpec>& Settings() {
  static const auto* kSettings = new std::vector<partywork::SettingSpec>{
      {"size", "khoi",
       "khoi (3,500 members, ~100 organizations), province (50,000, ~1,000), region (14 "
       "provinces: 700,000 members, a million feed events) or country (5.6 million, 52,000 "
       "base organizations, 270,000 cells; both under one national organization)."},
      {"seed", "1", "The same seed gives the same data."},
      {"database-url",
       "postgresql://partywork_membership@127.0.0.1:55432/partywork?connect_timeout=3",
       "libpq connection URI of membership's own role."},
      {"inspection-database-url",
       "postgresql://partywork_inspection@127.0.0.1:55432/partywork?connect_timeout=3",
       "libpq connection URI of inspection's own role; empty: inspection's tables are not "
       "loaded."},
      {"chunk-members", "20000", "Members (with their events) committed per transaction."},
      {"dry-run", "false", "Only generate and print the checksum; no database."},
  };
  return *kSettings;
}

}  // namespace

int main(int argc, char** argv) {
  namespace bulk = partywork::bulk;
  for (int i = 1; i < argc; ++i) {
    if (std::string(argv[i]) == "--help") {
      std::printf("Usage: partywork-bulk-import [--setting=value …]\n\n%s",
                  partywork::Config::Help(Settings()).c_str());
      return 0;
    }
  }
  auto config = partywork::Config::Load(Settings(), argc, argv);
  if (!config.ok()) {
    std::fprintf(stderr, "partywork-bulk-import: %s\n",
                 std::string(config.status().message()).c_str());
    return 2;
  }
  auto size = bulk::ParseSize(config->String("size"));
  if (!size || config->Int("seed") < 0 || config->Int("chunk-members") < 1) {
    std::fprintf(stderr,
                 "partywork-bulk-import: --size is khoi, province, region or country; --seed and "
                 "--chunk-members are positive\n");
    return 2;
  }
  bulk::ImportOptions options;
  options.database_url = config->String("database-url");
  options.inspection_database_url = config->String("inspection-database-url");
  options.size = *size;
  options.seed = static_cast<uint64_t>(config->Int("seed"));
  options.chunk_members = config->Int("chunk-members");
  options.dry_run = config->Bool("dry-run");
  options.progress = [](const std::string& line) { std::fprintf(stderr, "%s\n", line.c_str()); };
  auto result = bulk::Import(options);
  if (!result.ok()) {
    std::fprintf(stderr, "partywork-bulk-import: %s\n",
                 std::string(result.status().message()).c_str());
    return 1;
  }
  const bulk::Counts& c = result->counts;
  auto n = [](int64_t v) { return static_cast<long long>(v); };
  std::printf(
      "%s seed %llu: %lld organizations (%lld versions, %lld reorganizations), %lld members, "
      "%lld member events, %lld member ratings, %lld organization ratings, %lld awards, "
      "%lld outbox events; "
      "inspection: %lld programs, %lld inspections, %lld petitions, %lld discipline cases, "
      "%lld outbox events; checksum %016llx; %.1f s%s (indexes %.1f s)\n",
      bulk::SizeName(*size), static_cast<unsigned long long>(options.seed), n(c.organizations),
      n(c.versions), n(c.reorganizations), n(c.members), n(c.events), n(c.member_ratings),
      n(c.organization_ratings), n(c.awards), n(c.outbox), n(c.programs), n(c.inspections),
      n(c.petitions), n(c.discipline_cases), n(c.inspection_outbox),
      static_cast<unsigned long long>(result->checksum), result->seconds,
      options.dry_run ? " (dry run)" : "", result->index_seconds);
  return 0;
}
