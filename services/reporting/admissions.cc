#include "services/reporting/admissions.h"

#include <memory>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "libs/platform/db/database.h"
#include "libs/platform/resource.h"
#include "libs/platform/rulebook/rulebook.h"
#include "partywork/membership/v1/member.pb.h"
#include "partywork/membership/v1/organization.pb.h"
#include "services/membership/member_rules.h"
#include "services/reporting/report_store.h"
#include "services/reporting/vietnamese.h"

namespace partywork::reporting {
namespace {

namespace mv1 = ::partywork::membership::v1;

double Share(int admitted, int target) { return target == 0 ? 0 : 100.0 * admitted / target; }

// The root's target of `source` whose period holds [start, end]: the
// shortest such, the latest of equals.
std::optional<TargetCounts> TargetOf(pqxx::transaction_base& tx, int64_t root, int source,
                                     absl::CivilDay start, absl::CivilDay end) {
  static const db::Statement kTarget{
      "reporting_admission_target_of",
      "SELECT id, period_start::text, period_end::text, document FROM reporting.admission_targets "
      "WHERE organization_id = $1 AND source = $2 AND period_start <= $3::date AND "
      "period_end >= $4::date ORDER BY period_end - period_start, id DESC LIMIT 1"};
  static const db::Statement kCounts{
      "reporting_admission_target_counts",
      "SELECT category, count FROM reporting.admission_target_counts WHERE target_id = $1"};
  auto found = db::Exec(tx, kTarget, root, source, FormatDay(start), FormatDay(end));
  if (found.empty()) return std::nullopt;
  TargetCounts t;
  const int64_t id = found[0][0].as<int64_t>();
  t.reference.set_target(ResourceName("admissionTargets", id));
  *t.reference.mutable_period_start() = ToDate(db::DayOf(found[0][1]));
  *t.reference.mutable_period_end() = ToDate(db::DayOf(found[0][2]));
  t.reference.set_document(found[0][3].as<std::string>());
  for (const auto& r : db::Exec(tx, kCounts, id)) t.counts[r[0].as<int>()] = r[1].as<int>();
  return t;
}

}  // namespace

std::vector<mv1::AdmissionCategory> CategoriesOf(const Admission& a) {
  std::vector<mv1::AdmissionCategory> out = {mv1::ADMISSION_CATEGORY_TOTAL};
  if (a.student) out.push_back(mv1::ADMISSION_CATEGORY_STUDENTS);
  const int64_t youth =
      rulebook::Rulebook::Standard().Number(rulebook::keys::kYouthUnionMaxAgeYears, a.day);
  if (membership::FullYears(a.birth_date, a.day) <= youth) {
    out.push_back(mv1::ADMISSION_CATEGORY_YOUTH_UNION_AGE);
  }
  if (a.female) out.push_back(mv1::ADMISSION_CATEGORY_WOMEN);
  if (absl::AsciiStrToLower(a.ethnicity) != "kinh") {
    out.push_back(mv1::ADMISSION_CATEGORY_ETHNIC_MINORITIES);
  }
  if (a.organization_type == mv1::ORGANIZATION_TYPE_PRIVATE_JOINT_STOCK) {
    out.push_back(mv1::ADMISSION_CATEGORY_PRIVATE_ENTERPRISE);
  }
  return out;
}

std::vector<v1::AdmissionFigure> AdmissionFigures(const std::map<int, int>& admitted,
                                                  const std::optional<TargetCounts>& resolution,
                                                  const std::optional<TargetCounts>& plan) {
  std::vector<v1::AdmissionFigure> out;
  for (int c = mv1::ADMISSION_CATEGORY_TOTAL; c <= mv1::ADMISSION_CATEGORY_PRIVATE_ENTERPRISE;
       ++c) {
    v1::AdmissionFigure f;
    f.set_category(static_cast<mv1::AdmissionCategory>(c));
    auto it = admitted.find(c);
    f.set_admitted(it == admitted.end() ? 0 : it->second);
    if (resolution && resolution->counts.count(c)) {
      f.set_has_resolution_target(true);
      f.set_resolution_target(resolution->counts.at(c));
      f.set_resolution_percent(Share(f.admitted(), f.resolution_target()));
    }
    if (plan && plan->counts.count(c)) {
      f.set_has_plan_target(true);
      f.set_plan_target(plan->counts.at(c));
      f.set_plan_percent(Share(f.admitted(), f.plan_target()));
    }
    out.push_back(std::move(f));
  }
  return out;
}

std::string AdmissionSummary(const v1::AdmissionReport& report) {
  if (report.figures().empty()) return "";
  const v1::AdmissionFigure& total = report.figures(0);
  std::string text = absl::StrCat("Đã kết nạp ", FormatCount(total.admitted()), " đảng viên");
  if (total.has_resolution_target()) {
    absl::StrAppend(&text, ", đạt ", FormatDecimal(total.resolution_percent(), 1), " % Nghị quyết");
  }
  if (total.has_plan_target()) {
    absl::StrAppend(&text, total.has_resolution_target() ? ", " : ", đạt ",
                    FormatDecimal(total.plan_percent(), 1), " % kế hoạch Tỉnh ủy giao");
  }
  return text + ".";
}

void FillAdmissionReport(pqxx::transaction_base& tx, int64_t root, absl::CivilDay start,
                         absl::CivilDay end, v1::AdmissionReport* out) {
  const std::shared_ptr<const TreeHistory> shared_tree = TreeHistory::Shared(tx);
  const TreeHistory& tree = *shared_tree;
  std::map<int, int> admitted;
  ForEachAdmission(tx, start, end, [&](const AdmittedMember& m) {
    if (!tree.Within(m.cell, root, m.day)) return;
    Admission a;
    a.day = m.day;
    a.female = m.record.gender == mv1::GENDER_FEMALE;
    a.birth_date = m.record.birth_date;
    a.ethnicity = m.record.ethnicity;
    a.student = m.record.student;
    a.organization_type = tree.TypeOf(m.cell, a.day);
    for (auto c : CategoriesOf(a)) ++admitted[c];
  });
  const auto resolution = TargetOf(tx, root, mv1::TARGET_SOURCE_RESOLUTION, start, end);
  const auto plan = TargetOf(tx, root, mv1::TARGET_SOURCE_PROVINCIAL_PLAN, start, end);
  for (auto& f : AdmissionFigures(admitted, resolution, plan)) *out->add_figures() = std::move(f);
  if (resolution) *out->mutable_resolution() = resolution->reference;
  if (plan) *out->mutable_plan() = plan->reference;
  out->set_summary(AdmissionSummary(*out));
}

}  // namespace partywork::reporting
