// Deterministic datasets of membership at three sizes, for benchmarks and
// load tests: the organization tree (with moves between parents in the last
// five years, kept as organization versions) and members with five years of
// status history (admissions, recognitions, transfers, temporary transfers,
// exemptions, deaths, removals), drawn with DOMAIN §7's proportions (women
// ~37 %, ethnic minorities ~4 %, mostly university-educated). Every history
// is folded by the membership service's own rules (ApplyEvent), so a member's
// stored standing is exactly what the service would derive.
//
// The generator writes PostgreSQL COPY text, table by table and chunk by
// chunk, including the outbox events the service would have published, so
// the same seed always gives the same bytes (Checksum) on any machine.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"

namespace partywork::bulk {

// region: 14 provinces, enough for a million events on the feed.
enum class Size { kKhoi, kProvince, kRegion, kCountry };
// "khoi", "province", "region", "country"
std::optional<Size> ParseSize(absl::string_view name);
const char* SizeName(Size size);

// How big a dataset is.
struct Shape {
  int64_t members = 0;
  int roots = 0;          // top committees (the Khối, the province, 14 or 63 provinces)
  int districts = 0;      // higher committees under the roots
  int base_orgs = 0;      // tổ chức cơ sở đảng
  int cells = 0;          // chi bộ trực thuộc
  bool national = false;  // one organization over the roots (the whole country)
};
Shape ShapeOf(Size size);

// The history covers [kHistoryFrom, kAsOf]; members already in the Party
// before it are registered on kHistoryFrom.
inline constexpr absl::CivilDay kHistoryFrom(2021, 1, 1);
inline constexpr absl::CivilDay kAsOf(2025, 12, 31);

// COPY text (tab-separated, \N for null, one row a line) of the tables of
// schema "membership", with the columns of kColumns.
struct Chunk {
  std::string organizations, reorganizations, organization_versions, members, member_events, outbox;
};

struct Table {
  const char* name;     // "membership.members"
  const char* columns;  // "(id, full_name, …)"
  std::string Chunk::*rows;
};
// In load order (referenced tables first).
const std::vector<Table>& Tables();

struct Counts {
  int64_t organizations = 0, reorganizations = 0, versions = 0, members = 0, events = 0, outbox = 0;
};

class Generator {
 public:
  Generator(Size size, uint64_t seed);

  // The whole organization tree and its outbox events. Call first, once.
  Chunk Organizations();
  // Members with ids [from, to) (1-based), their histories and outbox
  // events. Call in order.
  Chunk Members(int64_t from, int64_t to);

  const Shape& shape() const { return shape_; }
  const Counts& counts() const { return counts_; }

 private:
  struct Org;
  void AddOrganization(Chunk& out, const Org& org, std::optional<absl::CivilDay> moved_on);
  void Move(Chunk& out, int64_t cell, int64_t new_parent, absl::CivilDay day);
  void AddMember(Chunk& out, int64_t id);
  void AddOutbox(Chunk& out, const std::string& subject, const std::string& type,
                 const std::string& payload);

  Size size_;
  uint64_t seed_;
  Shape shape_;
  Counts counts_;
  std::vector<int64_t> leaves_;  // cells and base cells: where members live
  std::vector<std::string> org_names_;
};

// FNV-1a of each table's rows in order, whatever the chunks they came in,
// combined.
class Checksum {
 public:
  void Add(const Chunk& chunk);
  uint64_t Value() const;

 private:
  std::vector<uint64_t> tables_ = std::vector<uint64_t>(Tables().size(), 14695981039346656037ull);
};

}  // namespace partywork::bulk
