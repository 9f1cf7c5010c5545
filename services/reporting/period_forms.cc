#include "services/reporting/period_forms.h"

#include <map>

#include "absl/strings/str_cat.h"
#include "libs/platform/resource.h"
#include "services/reporting/form_rows.h"
#include "services/reporting/vietnamese.h"

namespace partywork::reporting {
namespace {

namespace iv1 = ::partywork::inspection::v1;
namespace mv1 = ::partywork::membership::v1;

std::string ActorName(const iv1::Actor& a) {
  static const char* kNames[] = {"",
                                 "Ban Chấp hành",
                                 "Ban Thường vụ",
                                 "Ban tham mưu",
                                 "Ủy ban kiểm tra",
                                 "Cấp ủy cơ sở",
                                 "Ủy ban kiểm tra cơ sở",
                                 "Chi bộ"};
  const int k = a.kind();
  std::string name = NameIn(kNames, k);
  if (!a.board().empty()) name = a.board();
  return absl::StrCat(name, " (", a.organization(), ")");
}

std::string KindName(int kind) {
  static const char* kNames[] = {"",
                                 "Kiểm tra theo Điều 30",
                                 "Kiểm tra khi có dấu hiệu vi phạm",
                                 "Kiểm tra việc thực hiện nhiệm vụ kiểm tra, thi hành kỷ luật",
                                 "Kiểm tra tài chính đảng",
                                 "Giám sát thường xuyên",
                                 "Giám sát chuyên đề"};
  return NameIn(kNames, kind);
}

std::string FormName(int form) {
  static const char* kNames[] = {"",          "Khiển trách", "Cảnh cáo",
                                 "Cách chức", "Khai trừ",    "Giải tán"};
  return NameIn(kNames, form);
}

std::string CategoryName(int category) {
  static const char* kNames[] = {"",
                                 "Tổng số đảng viên kết nạp",
                                 "Học sinh, sinh viên",
                                 "Trong độ tuổi đoàn viên",
                                 "Nữ",
                                 "Người dân tộc thiểu số",
                                 "Trong doanh nghiệp ngoài khu vực nhà nước"};
  return NameIn(kNames, category);
}

double Percent(const iv1::CoverageFigure& f) {
  return f.total() == 0 ? 0 : 100.0 * f.covered() / f.total();
}

template <class Report>
v1::StatisticsForm Begin(const Report& report, const std::string& title) {
  v1::StatisticsForm form;
  form.set_title(title);
  form.set_root(report.root());
  form.set_root_display_name(report.root_display_name());
  *form.mutable_period_start() = report.period_start();
  *form.mutable_period_end() = report.period_end();
  *form.mutable_reflects() = report.reflects();
  return form;
}

std::string GradeName(int grade) {
  static const char* kNames[] = {"", "Hoàn thành xuất sắc nhiệm vụ", "Hoàn thành tốt nhiệm vụ",
                                 "Hoàn thành nhiệm vụ", "Không hoàn thành nhiệm vụ"};
  return NameIn(kNames, grade);
}

std::string RoleName(int role) {
  static const char* kNames[] = {"", "Bí thư", "Phó Bí thư", "Ủy viên Ban Thường vụ",
                                 "Cấp ủy viên"};
  return NameIn(kNames, role);
}

double ShareOf(int64_t part, int64_t whole) { return whole == 0 ? 0 : 100.0 * part / whole; }

// Rows `code`.1 … by grade (share of those rated), then, with `unrated`,
// those not rated (share of all).
void AddGrades(v1::StatisticsForm& form, const std::string& code, const std::string& label,
               const v1::RatingDistribution& d, bool unrated) {
  AddHeading(form, code, label);
  int n = 0;
  for (const auto& g : d.grades()) {
    AddRow(form, absl::StrCat(code, ".", ++n), GradeName(g.grade()),
           {double(g.count()), g.percent()});
  }
  if (unrated) {
    AddRow(form, absl::StrCat(code, ".", ++n), "Chưa đánh giá, xếp loại",
           {double(d.not_rated()), ShareOf(d.not_rated(), d.total())});
  }
}

// The counts of a repeated (key, members) field by key.
template <class Repeated, class Key>
std::map<int, int> ByKey(const Repeated& items, Key key) {
  std::map<int, int> out;
  for (const auto& item : items) out[static_cast<int>(key(item))] += item.members();
  return out;
}

}  // namespace

v1::StatisticsForm InspectionForm(const v1::InspectionReport& r) {
  v1::StatisticsForm form =
      Begin(r, "Báo cáo công tác kiểm tra, giám sát và thi hành kỷ luật đảng");
  AddColumn(form, "Số lượng");
  AddHeading(form, "1", "Thực hiện chương trình kiểm tra, giám sát");
  int n = 0;
  for (const auto& p : r.programs()) {
    const std::string code = absl::StrCat("1.", ++n);
    AddHeading(form, code, absl::StrCat(ActorName(p.actor()), ", năm ", p.year()));
    AddRow(form, code + ".1", "Kiểm tra theo chương trình", {double(p.planned_inspections())});
    AddRow(form, code + ".2", "Giám sát theo chương trình", {double(p.planned_supervisions())});
    AddRow(form, code + ".3", "Cuộc kiểm tra đã tiến hành", {double(p.opened_inspections())});
    AddRow(form, code + ".4", "Cuộc giám sát đã tiến hành", {double(p.opened_supervisions())});
    AddRow(form, code + ".5", "Cuộc kiểm tra đã kết thúc", {double(p.concluded_inspections())});
    AddRow(form, code + ".6", "Cuộc giám sát đã kết thúc", {double(p.concluded_supervisions())});
  }
  AddHeading(form, "2", "Kiểm tra, giám sát trong kỳ");
  n = 0;
  for (const auto& w : r.work()) {
    const std::string code = absl::StrCat("2.", ++n);
    AddHeading(form, code, KindName(w.kind()));
    AddRow(form, code + ".1", "Đối với đảng viên", {double(w.members())});
    AddRow(form, code + ".2", "Đối với tổ chức đảng", {double(w.organizations())});
    AddRow(form, code + ".3", "Đã kết luận", {double(w.concluded())});
    AddRow(form, code + ".4", "Kết luận có vi phạm", {double(w.violations())});
  }
  AddHeading(form, "3", absl::StrCat("Tỷ lệ kiểm tra, giám sát năm ", r.coverage_year()));
  AddRow(form, "3.1", "Đảng viên được kiểm tra", {double(r.members_inspected().covered())});
  AddRow(form, "3.2", "Tổng số đảng viên", {double(r.members_inspected().total())});
  AddRow(form, "3.3", "Tỷ lệ đảng viên được kiểm tra (%)", {Percent(r.members_inspected())}, 2);
  AddRow(form, "3.4", "Chi bộ được kiểm tra, giám sát", {double(r.cells_covered().covered())});
  AddRow(form, "3.5", "Tổng số chi bộ", {double(r.cells_covered().total())});
  AddRow(form, "3.6", "Tỷ lệ chi bộ được kiểm tra, giám sát (%)", {Percent(r.cells_covered())}, 2);
  AddHeading(form, "4", "Thi hành kỷ luật");
  n = 0;
  for (const auto& d : r.discipline()) {
    const std::string code = absl::StrCat("4.", ++n);
    AddRow(form, code + ".1", FormName(d.form()) + ": đảng viên", {double(d.members())});
    AddRow(form, code + ".2", FormName(d.form()) + ": tổ chức đảng", {double(d.organizations())});
  }
  AddRow(form, absl::StrCat("4.", ++n), "Quyết định bị xóa bỏ khi giải quyết khiếu nại",
         {double(r.discipline_annulled())});
  for (const auto& v : r.violation_rates()) {
    AddRow(form, absl::StrCat("4.", ++n),
           absl::StrCat("Tỷ lệ đảng viên bị kỷ luật năm ", v.year(), " (%)"), {v.percent()}, 2);
  }
  const v1::PetitionFigures& p = r.petitions();
  AddHeading(form, "5", "Giải quyết đơn thư");
  AddRow(form, "5.1", "Đơn nhận trong kỳ", {double(p.received())});
  AddRow(form, "5.1.1", "Khiếu nại", {double(p.complaints())});
  AddRow(form, "5.1.2", "Tố cáo", {double(p.denunciations())});
  AddRow(form, "5.2", "Đã giải quyết", {double(p.resolved())});
  AddRow(form, "5.3", "Chuyển đơn", {double(p.forwarded())});
  AddRow(form, "5.4", "Không xem xét, giải quyết", {double(p.not_handled())});
  AddRow(form, "5.5", "Đang giải quyết cuối kỳ", {double(p.pending())});
  AddRow(form, "5.5.1", "Quá hạn", {double(p.overdue())});
  return form;
}

v1::StatisticsForm AdmissionForm(const v1::AdmissionReport& r) {
  v1::StatisticsForm form = Begin(r, "Báo cáo kết quả kết nạp đảng viên");
  AddColumn(form, "Đã kết nạp");
  AddColumn(form, "Chỉ tiêu Nghị quyết");
  AddColumn(form, "Đạt so với Nghị quyết (%)", /*percent=*/true);
  AddColumn(form, "Kế hoạch Tỉnh ủy giao");
  AddColumn(form, "Đạt so với kế hoạch (%)", /*percent=*/true);
  int n = 0;
  for (const auto& f : r.figures()) {
    AddRow(form, absl::StrCat(++n), CategoryName(f.category()),
           {double(f.admitted()), double(f.resolution_target()), f.resolution_percent(),
            double(f.plan_target()), f.plan_percent()});
  }
  return form;
}

v1::StatisticsForm RatingForm(const v1::RatingReport& r) {
  v1::StatisticsForm form;
  form.set_title(absl::StrCat("Báo cáo kết quả đánh giá, xếp loại chất lượng năm ", r.year()));
  form.set_root(r.root());
  form.set_root_display_name(r.root_display_name());
  *form.mutable_period_start() = ToDate(absl::CivilDay(r.year(), 1, 1));
  *form.mutable_period_end() = r.rating_day();
  *form.mutable_reflects() = r.reflects();
  AddColumn(form, "Số lượng");
  AddColumn(form, "Tỷ lệ (%)", /*percent=*/true);
  AddGrades(form, "1", "Xếp loại đảng viên", r.members(), /*unrated=*/false);
  const v1::RatingDistribution& m = r.members();
  AddHeading(form, "2", "Đảng viên");
  AddRow(form, "2.1", "Tổng số đảng viên", {double(m.total()), 100.0 * (m.total() > 0)});
  AddRow(form, "2.2", "Đã đánh giá, xếp loại", {double(m.rated()), ShareOf(m.rated(), m.total())});
  AddRow(form, "2.3", "Chưa đánh giá, xếp loại",
         {double(m.not_rated()), ShareOf(m.not_rated(), m.total())});
  AddRow(form, "2.3.1", "Miễn công tác và sinh hoạt đảng",
         {double(r.not_rated_exempted()), ShareOf(r.not_rated_exempted(), m.total())});
  AddRow(form, "2.3.2", "Kết nạp chưa đủ thời gian xếp loại",
         {double(r.not_rated_new_members()), ShareOf(r.not_rated_new_members(), m.total())});
  AddRow(form, "2.3.3", "Khác",
         {double(r.not_rated_other()), ShareOf(r.not_rated_other(), m.total())});
  AddGrades(form, "3", "Xếp loại tổ chức cơ sở đảng", r.base_organizations(), true);
  AddGrades(form, "4", "Xếp loại đảng bộ bộ phận, chi bộ trực thuộc", r.subordinate_organizations(),
            true);
  AddHeading(form, "5", "Thực hiện chỉ tiêu");
  int n = 0;
  for (const auto& t : r.targets()) {
    AddRow(form, absl::StrCat("5.", ++n),
           absl::StrCat(t.description(), t.met() ? ": đạt" : ": chưa đạt"),
           {double(t.count()), t.share() ? t.actual() : 0});
  }
  int members = 0;
  for (const auto& x : r.over_cap()) members += !x.organizations();
  AddRow(form, absl::StrCat("5.", ++n),
         absl::StrCat("Tổ chức cơ sở đảng có số đảng viên hoàn thành xuất sắc nhiệm vụ vượt ",
                      FormatPercent(r.excellent_cap_percent()), " số hoàn thành tốt nhiệm vụ"),
         {double(members), 0});
  AddRow(form, absl::StrCat("5.", ++n),
         absl::StrCat("Cấp ủy có số tổ chức đảng trực thuộc hoàn thành xuất sắc nhiệm vụ vượt ",
                      FormatPercent(r.excellent_cap_percent()), " số hoàn thành tốt nhiệm vụ"),
         {double(r.over_cap_size() - members), 0});
  return form;
}

v1::StatisticsForm CommitteeForm(const v1::CommitteeReport& r) {
  const v1::CommitteeFigures& f = r.figures();
  v1::StatisticsForm form;
  form.set_title(
      absl::StrCat("Báo cáo cấp ủy viên nhiệm kỳ ", f.term_start_year(), " - ", f.term_end_year()));
  form.set_root(r.root());
  form.set_root_display_name(r.root_display_name());
  if (r.has_as_of()) *form.mutable_period_end() = r.as_of();
  *form.mutable_reflects() = r.reflects();
  std::vector<const v1::CommitteeFigures*> terms = {&f};
  if (r.has_previous()) terms.push_back(&r.previous());
  for (const auto* t : terms) {
    AddColumn(form, absl::StrCat("Nhiệm kỳ ", t->term_start_year(), " - ", t->term_end_year()));
  }
  // One value per term of `value(figures)`.
  auto row = [&](const std::string& code, const std::string& label, auto value, int decimals = 0) {
    std::vector<double> values;
    for (const auto* t : terms) values.push_back(value(*t));
    AddRow(form, code, label, values, decimals);
  };
  row("1", "Tổng số cấp ủy viên", [](const auto& t) { return t.members(); });
  for (int role = mv1::COMMITTEE_ROLE_SECRETARY; role <= mv1::COMMITTEE_ROLE_MEMBER; ++role) {
    row(absl::StrCat("1.", role), RoleName(role), [role](const auto& t) {
      return ByKey(t.by_role(), [](const auto& x) { return x.role(); })[role];
    });
  }
  row("2", "Nữ", [](const auto& t) { return t.women(); });
  row("3", "Dân tộc thiểu số", [](const auto& t) { return t.ethnic_minorities(); });
  row(
      "4", "Tuổi bình quân", [](const auto& t) { return t.mean_age(); }, 2);
  AddHeading(form, "5", "Trình độ chuyên môn");
  for (int q = mv1::QUALIFICATION_ELEMENTARY; q <= mv1::QUALIFICATION_DOCTOR; ++q) {
    row(absl::StrCat("5.", q - mv1::QUALIFICATION_ELEMENTARY + 1),
        Capitalized(QualificationName(q)), [q](const auto& t) {
          return ByKey(t.by_qualification(), [](const auto& x) { return x.qualification(); })[q];
        });
  }
  AddHeading(form, "6", "Lý luận chính trị");
  for (int p = mv1::POLITICAL_THEORY_ELEMENTARY; p <= mv1::POLITICAL_THEORY_BACHELOR; ++p) {
    row(absl::StrCat("6.", p - mv1::POLITICAL_THEORY_ELEMENTARY + 1),
        Capitalized(PoliticalTheoryName(p)), [p](const auto& t) {
          return ByKey(t.by_political_theory(),
                       [](const auto& x) { return x.political_theory(); })[p];
        });
  }
  row("7", "Cấp ủy có bí thư", [](const auto& t) { return t.secretaries(); });
  row("7.1", "Bí thư đồng thời là thủ trưởng cơ quan, đơn vị (nhất thể hóa)",
      [](const auto& t) { return t.unified_leadership(); });
  row(
      "7.2", "Tỷ lệ nhất thể hóa (%)", [](const auto& t) { return t.unified_leadership_percent(); },
      2);
  return form;
}

}  // namespace partywork::reporting
