#include "services/reporting/subtree.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
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

std::array<Subtree, 2> Halves(const Subtree& tree) {
  std::array<Subtree, 2> halves;
  auto deal = [&halves](const std::string& array, std::string Subtree::*into) {
    const absl::string_view inner = absl::StripSuffix(absl::StripPrefix(array, "{"), "}");
    int i = 0;
    for (absl::string_view element : absl::StrSplit(inner, ',', absl::SkipEmpty())) {
      std::string& to = halves[i++ % 2].*into;
      absl::StrAppend(&to, to.size() > 1 ? "," : "", element);
    }
  };
  deal(tree.ids, &Subtree::ids);
  deal(tree.types, &Subtree::types);
  for (Subtree& half : halves) {
    half.ids += "}";
    half.types += "}";
  }
  halves[0].size = (tree.size + 1) / 2;
  halves[1].size = tree.size / 2;
  return halves;
}

std::pair<std::string, std::string> DayKeys(absl::CivilDay day) {
  return {absl::StrCat(day.year() * 10000 + day.month() * 100 + day.day()), FormatDay(day)};
}

}  // namespace partywork::reporting
