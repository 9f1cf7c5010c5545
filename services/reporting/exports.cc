#include "services/reporting/exports.h"

#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <sstream>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "libs/platform/resource.h"
#include "partywork/membership/v1/member.pb.h"
#include "partywork/membership/v1/organization.pb.h"
#include "services/reporting/vietnamese.h"
#include "xlsxwriter.h"

namespace partywork::reporting {
namespace {

namespace mv1 = ::partywork::membership::v1;

std::string CsvField(const std::string& text) {
  if (text.find_first_of(",\"\n") == std::string::npos) return text;
  return absl::StrCat("\"", absl::StrReplaceAll(text, {{"\"", "\"\""}}), "\"");
}

std::string CsvNumber(double value, int decimals) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
  return buffer;
}

std::string PeriodText(const v1::StatisticsForm& form) {
  auto start = ToCivilDay(form.period_start());
  auto end = ToCivilDay(form.period_end());
  if (!end) return "";
  if (!start || *start == *end) return absl::StrCat("Ngày ", FormatDate(*end));
  return absl::StrCat("Từ ngày ", FormatDate(*start), " đến ngày ", FormatDate(*end));
}

// Removes the temporary file however the export ends.
struct TemporaryFile {
  std::string path;
  ~TemporaryFile() {
    if (!path.empty()) std::remove(path.c_str());
  }
};

}  // namespace

std::string ToCsv(const v1::StatisticsForm& form) {
  std::vector<std::string> header = {"Mã số", "Chỉ tiêu"};
  for (const auto& c : form.columns()) header.push_back(CsvField(c.heading()));
  std::string out = absl::StrCat(absl::StrJoin(header, ","), "\r\n");
  for (const auto& row : form.rows()) {
    std::vector<std::string> fields = {CsvField(row.code()), CsvField(row.label())};
    for (int i = 0; i < row.values_size(); ++i) {
      const bool percent = i < form.columns_size() && form.columns(i).percent();
      fields.push_back(CsvNumber(row.values(i), percent ? 2 : row.decimals()));
    }
    absl::StrAppend(&out, absl::StrJoin(fields, ","), "\r\n");
  }
  return out;
}

absl::StatusOr<std::string> ToXlsx(const v1::StatisticsForm& form,
                                   const std::optional<Chart>& chart) {
  const char* dir = std::getenv("TMPDIR");
  std::string pattern = absl::StrCat(dir != nullptr ? dir : "/tmp", "/partywork-XXXXXX.xlsx");
  const int fd = mkstemps(pattern.data(), 5);
  if (fd < 0) return absl::InternalError("cannot create a temporary file for the spreadsheet");
  close(fd);
  TemporaryFile file{pattern};

  lxw_workbook* workbook = workbook_new(file.path.c_str());
  if (workbook == nullptr) return absl::InternalError("cannot start the spreadsheet");
  lxw_worksheet* sheet = workbook_add_worksheet(workbook, "Bieu");
  lxw_format* title = workbook_add_format(workbook);
  format_set_bold(title);
  format_set_font_size(title, 13);
  format_set_align(title, LXW_ALIGN_CENTER);
  lxw_format* header = workbook_add_format(workbook);
  format_set_bold(header);
  format_set_text_wrap(header);
  format_set_align(header, LXW_ALIGN_CENTER);
  format_set_align(header, LXW_ALIGN_VERTICAL_CENTER);
  format_set_border(header, LXW_BORDER_THIN);
  lxw_format* text = workbook_add_format(workbook);
  format_set_border(text, LXW_BORDER_THIN);
  lxw_format* bold_text = workbook_add_format(workbook);
  format_set_border(bold_text, LXW_BORDER_THIN);
  format_set_bold(bold_text);
  lxw_format* count = workbook_add_format(workbook);
  format_set_num_format(count, "#,##0");
  format_set_border(count, LXW_BORDER_THIN);
  lxw_format* decimal = workbook_add_format(workbook);
  format_set_num_format(decimal, "#,##0.00");
  format_set_border(decimal, LXW_BORDER_THIN);

  const lxw_col_t last_column = static_cast<lxw_col_t>(1 + form.columns_size());
  worksheet_set_column(sheet, 0, 0, 8, nullptr);
  worksheet_set_column(sheet, 1, 1, 48, nullptr);
  worksheet_set_column(sheet, 2, last_column, 16, nullptr);
  worksheet_merge_range(sheet, 0, 0, 0, last_column, form.title().c_str(), title);
  worksheet_merge_range(sheet, 1, 0, 1, last_column, form.root_display_name().c_str(), title);
  worksheet_merge_range(sheet, 2, 0, 2, last_column, PeriodText(form).c_str(), nullptr);
  constexpr lxw_row_t kHeader = 4;
  worksheet_set_row(sheet, kHeader, 32, nullptr);
  worksheet_write_string(sheet, kHeader, 0, "Mã số", header);
  worksheet_write_string(sheet, kHeader, 1, "Chỉ tiêu", header);
  for (int i = 0; i < form.columns_size(); ++i) {
    worksheet_write_string(sheet, kHeader, static_cast<lxw_col_t>(2 + i),
                           form.columns(i).heading().c_str(), header);
  }
  lxw_row_t row_index = kHeader + 1;
  lxw_row_t chart_first = 0, chart_last = 0;
  for (const auto& row : form.rows()) {
    worksheet_write_string(sheet, row_index, 0, row.code().c_str(), text);
    worksheet_write_string(sheet, row_index, 1, row.label().c_str(),
                           row.heading() ? bold_text : text);
    for (int i = 0; i < row.values_size(); ++i) {
      const bool percent = i < form.columns_size() && form.columns(i).percent();
      worksheet_write_number(sheet, row_index, static_cast<lxw_col_t>(2 + i), row.values(i),
                             percent || row.decimals() > 0 ? decimal : count);
    }
    if (chart && !row.heading() &&
        (chart->section.empty() || absl::StartsWith(row.code(), chart->section + "."))) {
      if (chart_first == 0) chart_first = row_index;
      chart_last = row_index;
    }
    ++row_index;
  }
  if (chart && chart_first > 0) {
    lxw_chart* c =
        workbook_add_chart(workbook, chart->series > 0 ? LXW_CHART_COLUMN : LXW_CHART_PIE);
    for (int i = 0; i < std::max(1, chart->series); ++i) {
      const auto column = static_cast<lxw_col_t>(2 + i);
      lxw_chart_series* series = chart_add_series(c, nullptr, nullptr);
      chart_series_set_categories(series, "Bieu", chart_first, 1, chart_last, 1);
      chart_series_set_values(series, "Bieu", chart_first, column, chart_last, column);
      if (chart->series > 0) chart_series_set_name_range(series, "Bieu", kHeader, column);
    }
    chart_title_set_name(c, chart->title.c_str());
    worksheet_insert_chart(sheet, 4, last_column + 2, c);
  }
  if (workbook_close(workbook) != LXW_NO_ERROR) {
    return absl::InternalError("cannot write the spreadsheet");
  }
  std::ifstream in(file.path, std::ios::binary);
  std::stringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

namespace {

std::string Members(int64_t n) { return absl::StrCat(FormatCount(n), " đồng chí"); }

int64_t At(const std::map<int, int64_t>& counts, int key) {
  auto it = counts.find(key);
  return it == counts.end() ? 0 : it->second;
}

// "tăng 12 đảng viên" / "giảm 3 đảng viên" / "không thay đổi".
std::string Change(int64_t now, int64_t before, const std::string& unit) {
  if (now == before) return "không thay đổi";
  return absl::StrCat(now > before ? "tăng " : "giảm ", FormatCount(std::abs(now - before)), " ",
                      unit);
}

std::string PeriodTitle(const Period& p) {
  const int quarter = (p.start.month() - 1) / 3 + 1;
  const absl::CivilMonth first(p.start.year(), (quarter - 1) * 3 + 1);
  const absl::CivilDay quarter_end = absl::CivilDay(first + 3) - 1;
  if (p.start == absl::CivilDay(first) && p.end == quarter_end) {
    return absl::StrCat("QUÝ ", Roman(quarter), " NĂM ", p.start.year());
  }
  if (p.start == absl::CivilDay(p.start.year(), 1, 1) &&
      p.end == absl::CivilDay(p.start.year(), 12, 31)) {
    return absl::StrCat("NĂM ", p.start.year());
  }
  return absl::StrCat("TỪ NGÀY ", FormatDate(p.start), " ĐẾN NGÀY ", FormatDate(p.end));
}

}  // namespace

std::string Narrative(const NarrativeFacts& f) {
  const Composition& m = f.members;
  int64_t committees = 0, cells = 0, partial = 0, subordinate = 0;
  for (const auto& o : f.organizations) {
    if (o.kind == mv1::ORGANIZATION_KIND_BASE_COMMITTEE) committees += o.count;
    if (o.kind == mv1::ORGANIZATION_KIND_BASE_CELL) cells += o.count;
    if (o.kind == mv1::ORGANIZATION_KIND_PARTIAL_COMMITTEE) partial += o.count;
    if (o.kind == mv1::ORGANIZATION_KIND_SUBORDINATE_CELL) subordinate += o.count;
  }
  const std::string end = FormatDate(f.period.end);
  std::string out = absl::StrCat("BÁO CÁO CÔNG TÁC XÂY DỰNG ĐẢNG ", PeriodTitle(f.period), "\n",
                                 f.root_display_name, "\n\n");
  absl::StrAppend(&out, "1. Về tổ chức đảng\n\nTính đến ", end, ", ", f.root_display_name, " có ",
                  FormatCount(committees + cells), " tổ chức cơ sở đảng (", FormatCount(committees),
                  " đảng bộ cơ sở, ", FormatCount(cells), " chi bộ cơ sở) với ",
                  FormatCount(subordinate), " chi bộ trực thuộc");
  if (partial > 0) absl::StrAppend(&out, " và ", FormatCount(partial), " đảng bộ bộ phận");
  absl::StrAppend(&out, ".");
  if (f.reorganizations.empty()) {
    absl::StrAppend(&out, " Trong kỳ, không có sắp xếp, kiện toàn tổ chức đảng.\n\n");
  } else {
    absl::StrAppend(&out, " Trong kỳ, đã ", absl::StrJoin(f.reorganizations, "; "), ".\n\n");
  }
  const double women_share = m.total == 0 ? 0 : 100.0 * m.women / m.total;
  absl::StrAppend(
      &out, "2. Về đảng viên\n\nTính đến ", end, ", toàn Đảng bộ có ", FormatCount(m.total),
      " đảng viên (", Change(m.total, f.members_before.total, "đảng viên"),
      " so với cùng kỳ năm trước), trong đó: nữ ", Members(m.women), " (",
      FormatPercent(women_share), "); dân tộc thiểu số ", Members(m.minorities),
      ", đảng viên có đạo ", Members(m.religious), "; đảng viên là đoàn viên TNCS Hồ Chí Minh ",
      Members(m.youth_union), ", độ tuổi bình quân ", FormatDecimal(m.MeanAge(), 2),
      "; đảng viên dự bị ", Members(m.probationary), "; miễn công tác và sinh hoạt đảng ",
      Members(m.exempted), ". ");
  const auto& q = m.by_qualification;
  absl::StrAppend(&out, "Về trình độ chuyên môn nghiệp vụ: sơ cấp ",
                  Members(At(q, mv1::QUALIFICATION_ELEMENTARY)), "; trung cấp ",
                  Members(At(q, mv1::QUALIFICATION_INTERMEDIATE)), "; cao đẳng, đại học ",
                  Members(At(q, mv1::QUALIFICATION_COLLEGE) + At(q, mv1::QUALIFICATION_UNIVERSITY)),
                  "; thạc sĩ, tiến sĩ ",
                  Members(At(q, mv1::QUALIFICATION_MASTER) + At(q, mv1::QUALIFICATION_DOCTOR)),
                  ". ");
  const auto& t = m.by_political_theory;
  absl::StrAppend(
      &out, "Về lý luận chính trị: sơ cấp ", Members(At(t, mv1::POLITICAL_THEORY_ELEMENTARY)),
      "; trung cấp ", Members(At(t, mv1::POLITICAL_THEORY_INTERMEDIATE)), "; cao cấp, cử nhân ",
      Members(At(t, mv1::POLITICAL_THEORY_ADVANCED) + At(t, mv1::POLITICAL_THEORY_BACHELOR)),
      ".\n\n");
  const GainsAndLosses& g = f.movements;
  absl::StrAppend(
      &out, "3. Về phát triển và quản lý đảng viên\n\nTrong kỳ (từ ngày ",
      FormatDate(f.period.start), " đến ngày ", end, "), đã kết nạp ", FormatCount(g.admitted),
      " đảng viên; tiếp nhận ", FormatCount(g.transferred_in + g.transferred_in_within),
      " đảng viên chuyển đến; ",
      g.restored > 0 ? absl::StrCat("phục hồi đảng tịch ", FormatCount(g.restored), " đảng viên; ")
                     : "",
      "chuyển đi ", FormatCount(g.transferred_out + g.transferred_out_within),
      " đảng viên; từ trần ", FormatCount(g.died), "; khai trừ ", FormatCount(g.expelled),
      "; xóa tên ", FormatCount(g.struck_off), "; cho ra khỏi Đảng ", FormatCount(g.released),
      ". Số đảng viên đầu kỳ ", FormatCount(g.opening), ", cuối kỳ ", FormatCount(g.closing),
      ".\n");
  return out;
}

}  // namespace partywork::reporting
