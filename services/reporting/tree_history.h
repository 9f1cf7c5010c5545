// The whole organization tree by date, in memory, for questions asked of many
// organizations at many days (a period's movements, its admissions, its
// inspection work): 32 bytes a version, so that the country's 330,000
// versions take about 10 MB. Names are not held: DisplayName reads the few a
// report shows.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "absl/time/civil_time.h"
#include "pqxx/pqxx"

namespace partywork::reporting {

class TreeHistory {
 public:
  // Every version of reporting's organization_versions.
  static TreeHistory Load(pqxx::transaction_base& tx);
  // The same, shared with the reports before whose snapshots saw the same
  // tree (reporting migration 0016's revision): loaded again only after the
  // tree changed. Reporting holds one tree, 10 MB at country size.
  static std::shared_ptr<const TreeHistory> Shared(pqxx::transaction_base& tx);
  // One version of an organization, [from, to).
  void Add(int64_t organization, absl::CivilDay from, absl::CivilDay to,
           std::optional<int64_t> parent, int type = 0, int kind = 0);
  // Whether `organization` is `root` or below it on `day`.
  bool Within(int64_t organization, int64_t root, absl::CivilDay day) const;
  // Its OrganizationType on `day`, else its nearest ancestor's with one
  // (a subordinate cell has its base organization's); 0 if none.
  int TypeOf(int64_t organization, absl::CivilDay day) const;
  // Its OrganizationKind on `day`; 0 if it did not exist then.
  int KindOf(int64_t organization, absl::CivilDay day) const;
  // Its parent on `day`; unset for a top-level organization or one that
  // did not exist then.
  std::optional<int64_t> ParentOf(int64_t organization, absl::CivilDay day) const;

 private:
  struct Version {
    int64_t organization = 0;
    int64_t parent = 0;        // when has_parent
    int32_t from = 0, to = 0;  // days since 1/1/1970
    int16_t type = 0;
    int8_t kind = 0;
    bool has_parent = false;
  };
  const Version* At(int64_t organization, int32_t day) const;
  void Append(const Version& v);
  std::vector<Version> versions_;  // by organization, then from
};

}  // namespace partywork::reporting
