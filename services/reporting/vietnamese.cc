#include "services/reporting/vietnamese.h"

#include <cmath>
#include <cstdlib>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace partywork::reporting {
namespace {

std::string DottedThousands(uint64_t n) {
  std::string digits = absl::StrCat(n);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += '.';
    out += digits[i];
  }
  return out;
}

}  // namespace

std::string FormatCount(int64_t n) {
  return n < 0 ? "-" + DottedThousands(static_cast<uint64_t>(-n)) : DottedThousands(n);
}

std::string FormatDecimal(double value, int decimals) {
  const double scale = std::pow(10.0, decimals);
  const int64_t scaled = std::llround(value * scale);
  const uint64_t magnitude = static_cast<uint64_t>(std::llabs(scaled));
  const uint64_t whole = magnitude / static_cast<uint64_t>(scale);
  std::string out = (scaled < 0 ? "-" : "") + DottedThousands(whole);
  if (decimals > 0) {
    const uint64_t fraction = magnitude % static_cast<uint64_t>(scale);
    absl::StrAppend(&out, ",", absl::StrFormat("%0*d", decimals, fraction));
  }
  return out;
}

std::string FormatPercent(double value) { return FormatDecimal(value, 2) + " %"; }

std::string FormatDate(absl::CivilDay day) {
  return absl::StrFormat("%02d/%02d/%04d", day.day(), day.month(), day.year());
}

std::string Roman(int n) {
  static const char* kRoman[] = {"", "I", "II", "III", "IV"};
  return n >= 1 && n <= 4 ? kRoman[n] : absl::StrCat(n);
}

std::string QualificationName(int q) {
  static const char* kNames[] = {"",         "không có", "sơ cấp",  "trung cấp",
                                 "cao đẳng", "đại học",  "thạc sĩ", "tiến sĩ"};
  return NameIn(kNames, q);
}

std::string PoliticalTheoryName(int p) {
  static const char* kNames[] = {"",          "chưa qua đào tạo", "sơ cấp",
                                 "trung cấp", "cao cấp",          "cử nhân"};
  return NameIn(kNames, p);
}

std::string GeneralEducationName(int g) {
  static const char* kNames[] = {"", "tiểu học", "trung học cơ sở", "trung học phổ thông"};
  return NameIn(kNames, g);
}

std::string OrganizationTypeName(int t) {
  static const char* kNames[] = {"",
                                 "cơ quan hành chính",
                                 "đơn vị sự nghiệp",
                                 "doanh nghiệp nhà nước và cổ phần vốn Nhà nước trên 50 %",
                                 "doanh nghiệp cổ phần tư nhân",
                                 "loại hình khác"};
  return NameIn(kNames, t);
}

std::string ReorganizationKindName(int k) {
  static const char* kNames[] = {"",         "giải thể",  "sáp nhập, hợp nhất",
                                 "nâng cấp", "chia tách", "điều chuyển"};
  return NameIn(kNames, k);
}

std::string AgeBandName(int band) {
  if (band == 1) return "Từ 18 đến 30 tuổi";
  if (band >= 8) return "Trên 60 tuổi";
  const int from = 31 + (band - 2) * 5;
  return absl::StrCat("Từ ", from, " đến ", from + 4, " tuổi");
}

std::string AdmissionPeriodName(int period) {
  static const char* const kNames[] = {"",
                                       "trước 19/8/1945",
                                       "từ 19/8/1945 đến 20/7/1954",
                                       "từ 21/7/1954 đến 30/4/1975",
                                       "từ 01/5/1975 đến 31/12/1985",
                                       "từ 01/01/1986 đến nay"};
  return NameIn(kNames, period);
}

std::string AcademicTitleName(int title) {
  static const char* const kNames[] = {"", "phó giáo sư", "giáo sư"};
  return NameIn(kNames, title);
}

std::string Capitalized(const std::string& text) {
  if (text.empty()) return text;
  const unsigned char first = text[0];
  if (first < 0x80) {
    std::string out = text;
    out[0] = static_cast<char>(std::toupper(first));
    return out;
  }
  // The lower-case letters a list of names starts with beyond ASCII.
  static const std::pair<const char*, const char*> kUpper[] = {{"đ", "Đ"}, {"ơ", "Ơ"}, {"ư", "Ư"}};
  for (const auto& [lower, upper] : kUpper) {
    const std::string l(lower);
    if (text.compare(0, l.size(), l) == 0) return upper + text.substr(l.size());
  }
  return text;
}

}  // namespace partywork::reporting
