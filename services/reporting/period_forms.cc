#include "services/reporting/period_forms.h"

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

}  // namespace partywork::reporting
