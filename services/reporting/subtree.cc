#include "services/reporting/subtree.h"

#include "absl/strings/str_cat.h"
#include "libs/platform/db/database.h"
#include "libs/platform/resource.h"

namespace partywork::reporting {

Subtree SubtreeOf(pqxx::transaction_base& tx, int64_t root, absl::CivilDay day) {
  static const db::Statement kTree{
      "reporting_subtree",
      absl::StrCat(kSubtree,
                   "SELECT coalesce(string_agg(organization_id::text, ','), ''), "
                   "coalesce(string_agg(org_type::text, ','), ''), count(*) FROM tree")};
  auto r = db::Exec(tx, kTree, root, FormatDay(day));
  return {absl::StrCat("{", r[0][0].as<std::string>(), "}"),
          absl::StrCat("{", r[0][1].as<std::string>(), "}"), r[0][2].as<int64_t>()};
}

std::pair<std::string, std::string> DayKeys(absl::CivilDay day) {
  return {absl::StrCat(day.year() * 10000 + day.month() * 100 + day.day()), FormatDay(day)};
}

}  // namespace partywork::reporting
