#include "libs/platform/rulebook/calendar.h"

#include <algorithm>
#include <utility>

namespace partywork::rulebook {
namespace {

bool IsWeekend(absl::CivilDay day) {
  const absl::Weekday weekday = absl::GetWeekday(day);
  return weekday == absl::Weekday::saturday || weekday == absl::Weekday::sunday;
}

// Holidays on fixed solar dates, the only ones known for a year whose days
// off have not been recorded.
std::optional<std::string> FixedHolidayName(absl::CivilDay day) {
  if (day.month() == 1 && day.day() == 1) return "Tết Dương lịch";
  if (day.month() == 4 && day.day() == 30) return "Ngày Chiến thắng";
  if (day.month() == 5 && day.day() == 1) return "Ngày Quốc tế Lao động";
  if (day.month() == 9 && day.day() == 2) return "Quốc khánh";
  return std::nullopt;
}

}  // namespace

WorkingDayCalendar::WorkingDayCalendar(std::vector<Holiday> days_off,
                                       std::vector<absl::CivilDay> working_weekends, int first_year,
                                       int last_year)
    : days_off_(std::move(days_off)),
      working_weekends_(std::move(working_weekends)),
      first_year_(first_year),
      last_year_(last_year) {
  std::sort(days_off_.begin(), days_off_.end(),
            [](const Holiday& a, const Holiday& b) { return a.day < b.day; });
  std::sort(working_weekends_.begin(), working_weekends_.end());
}

std::optional<std::string> WorkingDayCalendar::HolidayName(absl::CivilDay day) const {
  if (!Knows(static_cast<int>(day.year()))) return FixedHolidayName(day);
  const auto it =
      std::lower_bound(days_off_.begin(), days_off_.end(), day,
                       [](const Holiday& holiday, absl::CivilDay d) { return holiday.day < d; });
  if (it != days_off_.end() && it->day == day) return it->name;
  return std::nullopt;
}

bool WorkingDayCalendar::IsWorkingDay(absl::CivilDay day) const {
  if (std::binary_search(working_weekends_.begin(), working_weekends_.end(), day)) return true;
  return !IsWeekend(day) && !HolidayName(day).has_value();
}

absl::CivilDay WorkingDayCalendar::AddWorkingDays(absl::CivilDay start, int count) const {
  absl::CivilDay day = start;
  const int step = count < 0 ? -1 : 1;
  for (int left = count < 0 ? -count : count; left > 0;) {
    day += step;
    if (IsWorkingDay(day)) --left;
  }
  return day;
}

int WorkingDayCalendar::WorkingDaysBetween(absl::CivilDay from, absl::CivilDay to) const {
  if (to < from) return -WorkingDaysBetween(to, from);
  int count = 0;
  for (absl::CivilDay day = from + 1; day <= to; ++day) {
    if (IsWorkingDay(day)) ++count;
  }
  return count;
}

std::vector<Holiday> WorkingDayCalendar::HolidaysIn(int year) const {
  std::vector<Holiday> holidays;
  if (Knows(year)) {
    for (const Holiday& holiday : days_off_) {
      if (holiday.day.year() == year) holidays.push_back(holiday);
    }
    return holidays;
  }
  for (absl::CivilDay day(year, 1, 1); day.year() == year; ++day) {
    if (auto name = FixedHolidayName(day)) holidays.push_back({day, *std::move(name)});
  }
  return holidays;
}

std::vector<absl::CivilDay> WorkingDayCalendar::WorkingWeekendsIn(int year) const {
  std::vector<absl::CivilDay> days;
  for (absl::CivilDay day : working_weekends_) {
    if (day.year() == year) days.push_back(day);
  }
  return days;
}

}  // namespace partywork::rulebook
