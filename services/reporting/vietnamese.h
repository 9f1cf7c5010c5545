// Vietnamese number and date formats of the office's reports (3.369;
// 77,33 %; 31/12/2020) and the Vietnamese names of what reports count.
#pragma once

#include <cstdint>
#include <string>

#include "absl/time/civil_time.h"

namespace partywork::reporting {

// Thousands separated by dots: 3369 → "3.369", -1109 → "-1.109".
std::string FormatCount(int64_t n);
// A decimal comma, `decimals` places, thousands dotted: 39.3698 → "39,37".
std::string FormatDecimal(double value, int decimals);
// 77.333 → "77,33 %".
std::string FormatPercent(double value);
// 2020-12-31 → "31/12/2020".
std::string FormatDate(absl::CivilDay day);
// 1..4 → "I".."IV".
std::string Roman(int n);

// The name at `index` of an enum's name table, "" outside it (an unknown or
// newer value) so a report never fails on a name.
template <int N>
std::string NameIn(const char* const (&names)[N], int index) {
  return index >= 0 && index < N ? names[index] : "";
}

// Names of membership's enums in the forms' words (lower case, e.g.
// "đại học"); "" for an unknown value.
std::string QualificationName(int qualification);
std::string PoliticalTheoryName(int political_theory);
std::string GeneralEducationName(int general_education);
std::string OrganizationTypeName(int type);
std::string ReorganizationKindName(int kind);
// "Từ 18 đến 30 tuổi" … "Trên 60 tuổi".
std::string AgeBandName(int band);
// The periods of Composition::by_admission_period (1 to kAdmissionPeriods):
// "trước 19/8/1945" … "từ 01/01/1986 đến nay".
inline constexpr int kAdmissionPeriods = 5;
std::string AdmissionPeriodName(int period);
// Học hàm: "phó giáo sư", "giáo sư"; "" for none.
std::string AcademicTitleName(int title);

// Capitalizes the first letter (UTF-8 aware for Vietnamese letters).
std::string Capitalized(const std::string& text);

}  // namespace partywork::reporting
