#include "services/reporting/tree_history.h"

#include <algorithm>
#include <memory>
#include <string>
#include <tuple>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "services/reporting/row_stream.h"

namespace partywork::reporting {
namespace {

constexpr absl::CivilDay kEpoch(1970, 1, 1);

int32_t DayNumber(absl::CivilDay day) { return static_cast<int32_t>(day - kEpoch); }

}  // namespace

TreeHistory TreeHistory::Load(pqxx::transaction_base& tx) {
  TreeHistory tree;
  tree.versions_.reserve(
      tx.exec1("SELECT count(*) FROM reporting.organization_versions")[0].as<size_t>());
  // Days as numbers; an open version ends on 31/12/9999.
  ForEachRow(tx,
             "SELECT organization_id, valid_from - date '1970-01-01', CASE WHEN valid_to = "
             "'infinity' THEN date '9999-12-31' - date '1970-01-01' ELSE valid_to - "
             "date '1970-01-01' END, parent_id, org_type, kind "
             "FROM reporting.organization_versions ORDER BY organization_id, valid_from",
             [&](const pqxx::row& r) {
               Version v;
               v.organization = r[0].as<int64_t>();
               v.from = r[1].as<int32_t>();
               v.to = r[2].as<int32_t>();
               v.has_parent = !r[3].is_null();
               if (v.has_parent) v.parent = r[3].as<int64_t>();
               v.type = static_cast<int16_t>(r[4].as<int>());
               v.kind = static_cast<int8_t>(r[5].as<int>());
               tree.Append(v);
             });
  return tree;
}

std::shared_ptr<const TreeHistory> TreeHistory::Shared(pqxx::transaction_base& tx) {
  struct Held {
    absl::Mutex mu;
    std::string epoch ABSL_GUARDED_BY(mu);
    int64_t revision ABSL_GUARDED_BY(mu) = -1;
    std::shared_ptr<const TreeHistory> tree ABSL_GUARDED_BY(mu);
  };
  static Held* const held = new Held;  // never destroyed: reports may run at exit
  const pqxx::row r = tx.exec1("SELECT epoch::text, revision FROM reporting.tree_revision");
  const std::string epoch = r[0].as<std::string>();
  const int64_t revision = r[1].as<int64_t>();
  {
    absl::MutexLock lock(&held->mu);
    if (held->tree && held->epoch == epoch && held->revision == revision) return held->tree;
  }
  // Loaded in this snapshot, so it is the tree of `revision`; kept unless a
  // report with a later snapshot has kept a newer one meanwhile.
  auto tree = std::make_shared<const TreeHistory>(Load(tx));
  absl::MutexLock lock(&held->mu);
  if (held->epoch != epoch || revision > held->revision) {
    held->epoch = epoch;
    held->revision = revision;
    held->tree = tree;
  }
  return tree;
}

void TreeHistory::Add(int64_t organization, absl::CivilDay from, absl::CivilDay to,
                      std::optional<int64_t> parent, int type, int kind) {
  Version v;
  v.organization = organization;
  v.from = DayNumber(from);
  v.to = DayNumber(to);
  v.has_parent = parent.has_value();
  v.parent = parent.value_or(0);
  v.type = static_cast<int16_t>(type);
  v.kind = static_cast<int8_t>(kind);
  Append(v);
}

void TreeHistory::Append(const Version& v) {
  // Load appends in order (at the end); Add may come in any order.
  auto at = std::upper_bound(
      versions_.begin(), versions_.end(), v, [](const Version& a, const Version& b) {
        return std::tie(a.organization, a.from) < std::tie(b.organization, b.from);
      });
  versions_.insert(at, v);
}

const TreeHistory::Version* TreeHistory::At(int64_t organization, int32_t day) const {
  auto it = std::lower_bound(versions_.begin(), versions_.end(), organization,
                             [](const Version& v, int64_t id) { return v.organization < id; });
  for (; it != versions_.end() && it->organization == organization; ++it) {
    if (it->from <= day && day < it->to) return &*it;
  }
  return nullptr;
}

int TreeHistory::KindOf(int64_t organization, absl::CivilDay day) const {
  const Version* v = At(organization, DayNumber(day));
  return v == nullptr ? 0 : v->kind;
}

std::optional<int64_t> TreeHistory::ParentOf(int64_t organization, absl::CivilDay day) const {
  const Version* v = At(organization, DayNumber(day));
  if (v == nullptr || !v->has_parent) return std::nullopt;
  return v->parent;
}

int TreeHistory::TypeOf(int64_t organization, absl::CivilDay day) const {
  const int32_t on = DayNumber(day);
  const Version* v = At(organization, on);
  for (size_t depth = 0; v != nullptr && depth <= versions_.size(); ++depth) {
    if (v->type != 0) return v->type;
    if (!v->has_parent) return 0;
    v = At(v->parent, on);
  }
  return 0;
}

bool TreeHistory::Within(int64_t organization, int64_t root, absl::CivilDay day) const {
  const int32_t on = DayNumber(day);
  int64_t current = organization;
  for (size_t depth = 0; depth <= versions_.size(); ++depth) {
    const Version* v = At(current, on);
    if (v == nullptr) return false;
    if (current == root) return true;
    if (!v->has_parent) return false;
    current = v->parent;
  }
  return false;
}

}  // namespace partywork::reporting
