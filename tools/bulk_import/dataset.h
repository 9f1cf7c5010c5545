// Deterministic datasets of membership and inspection at several sizes, for
// benchmarks and load tests: the organization tree (with moves between
// parents in the last five years, kept as organization versions), members
// with five years of status history (admissions, recognitions, transfers,
// temporary transfers, exemptions, deaths, removals), drawn with DOMAIN §7's
// proportions (women ~37 %, ethnic minorities ~4 %, mostly
// university-educated), the annual ratings of members and organizations
// (ratings_dataset.cc), members' party badges and commendations
// (awards_dataset.cc), and inspection's programs, inspections, petitions
// and discipline cases (inspection_dataset.cc). Every history is folded by
// the membership service's own rules (ApplyEvent), ratings pass its rating
// rules, and discipline passes inspection's, so the stored data is exactly
// what the services would derive and accept.
//
// The generator writes PostgreSQL COPY text, table by table and chunk by
// chunk, including the outbox events the service would have published, so
// the same seed always gives the same bytes (Checksum) on any machine.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"

namespace partywork::membership {
struct HistoryEvent;
struct MemberFacts;
namespace v1 {
class Member;
}  // namespace v1
}  // namespace partywork::membership

namespace partywork::bulk {

class Rng;

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
// schemas "membership" and "inspection", with the columns of Tables().
struct Chunk {
  std::string organizations, reorganizations, organization_versions, members, member_events,
      ratings, awards, applied_discipline, outbox;
  std::string programs, petitions, inspections, discipline_cases, inspection_outbox;
};

enum class Schema { kMembership, kInspection };

struct Table {
  const char* name;     // "membership.members"
  const char* columns;  // "(id, full_name, …)"
  std::string Chunk::*rows;
  Schema schema = Schema::kMembership;
};
// In load order (referenced tables first).
const std::vector<Table>& Tables();

struct Counts {
  int64_t organizations = 0, reorganizations = 0, versions = 0, members = 0, events = 0, outbox = 0;
  int64_t member_ratings = 0, organization_ratings = 0;
  int64_t awards = 0;  // members' badges and commendations
  int64_t programs = 0, inspections = 0, petitions = 0, discipline_cases = 0, inspection_outbox = 0;
};

class Generator {
 public:
  Generator(Size size, uint64_t seed);

  // The whole organization tree, the organizations' ratings and inspection
  // work, and their outbox events. Call first, once.
  Chunk Organizations();
  // Members with ids [from, to) (1-based), their histories, ratings,
  // inspections, petitions and discipline cases, and the outbox events of
  // both services. Call in order.
  Chunk Members(int64_t from, int64_t to);

  const Shape& shape() const { return shape_; }
  const Counts& counts() const { return counts_; }

 private:
  friend class WorkWriter;  // inspection_dataset.cc
  struct Org;
  void AddOrganization(Chunk& out, const Org& org, std::optional<absl::CivilDay> moved_on);
  void Move(Chunk& out, int64_t cell, int64_t new_parent, absl::CivilDay day);
  void AddMember(Chunk& out, int64_t id);
  void AddOutbox(Chunk& out, const std::string& subject, const std::string& type,
                 const std::string& payload);
  void AddInspectionOutbox(Chunk& out, const std::string& subject, const std::string& type,
                           const std::string& payload);

  // Where an organization stands in the tree on a day (only cells move).
  int64_t ParentOn(int64_t organization, absl::CivilDay day) const;
  // The base organization of a cell (itself for a base cell) on `day`.
  int64_t BaseOrganizationOn(int64_t cell, absl::CivilDay day) const;
  bool IsHigherCommittee(int64_t organization) const;

  // ratings_dataset.cc
  void OrganizationRatings(Chunk& out);
  void MemberRatings(Chunk& out, int64_t member,
                     const std::vector<membership::HistoryEvent>& history,
                     const membership::MemberFacts& facts);
  // awards_dataset.cc
  void MemberAwards(Chunk& out, const membership::v1::Member& m,
                    const std::vector<membership::HistoryEvent>& history,
                    const membership::MemberFacts& facts);
  // inspection_dataset.cc. A member's expulsion (khai trừ) is the decision
  // of a discipline case: its id is drawn when the expulsion is recorded.
  void OrganizationWork(Chunk& out);
  int64_t NextDisciplineCase() { return ++counts_.discipline_cases; }
  struct Expulsion {
    int64_t discipline_case = 0;
    int64_t member_event = 0;
    absl::CivilDay day;
  };
  void MemberWork(Chunk& out, int64_t member, const std::vector<membership::HistoryEvent>& history,
                  const membership::MemberFacts& facts, const std::optional<Expulsion>& expulsion);

  Size size_;
  uint64_t seed_;
  Shape shape_;
  Counts counts_;
  std::vector<int64_t> leaves_;  // cells and base cells: where members live
  std::vector<std::string> org_names_;
  struct Place {
    int kind = 0;  // membership.v1.OrganizationKind
    int64_t parent = 0;
    std::optional<absl::CivilDay> moved_on;  // a cell moved under `moved_to`
    int64_t moved_to = 0;
  };
  std::vector<Place> places_;  // by organization id - 1
  // Excellent and good ratings counted so far per (capped group, year): a
  // base organization's members, or a committee's organizations.
  std::map<std::pair<int64_t, int>, std::pair<int, int>> member_caps_, organization_caps_;
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
