// The working-day calendar: deadlines "in working days" (ngày làm việc)
// skip weekends and Vietnam's public holidays. Tết and the Hùng Kings'
// day follow the lunar calendar and the government sets the days off each
// year, so holidays are data per year (vietnam_holidays.cc), like the rules.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"

namespace partywork::rulebook {

struct Holiday {
  absl::CivilDay day;
  std::string name;  // "Tết Nguyên đán"
};

class WorkingDayCalendar {
 public:
  // Vietnam's public holidays as announced, with the make-up working
  // Saturdays (ngày làm bù) where the government swapped days.
  static const WorkingDayCalendar& Vietnam();

  // `first_year`..`last_year` are the years whose days off are known; for
  // other years only the fixed-date holidays (1/1, 30/4, 1/5, 2/9) count.
  WorkingDayCalendar(std::vector<Holiday> days_off, std::vector<absl::CivilDay> working_weekends,
                     int first_year, int last_year);

  bool IsWorkingDay(absl::CivilDay day) const;
  // The day on which a period of `count` working days counted from `start`
  // ends: the count-th working day after `start` (start itself not counted).
  // count 0 gives `start`.
  absl::CivilDay AddWorkingDays(absl::CivilDay start, int count) const;
  // Working days in (from, to]; negative when `to` is before `from`.
  int WorkingDaysBetween(absl::CivilDay from, absl::CivilDay to) const;
  // The days off of `year` that fall on weekdays or are listed, in order.
  std::vector<Holiday> HolidaysIn(int year) const;
  std::vector<absl::CivilDay> WorkingWeekendsIn(int year) const;
  // Whether `year`'s days off are known (not only the fixed-date ones).
  bool Knows(int year) const { return year >= first_year_ && year <= last_year_; }
  int first_year() const { return first_year_; }
  int last_year() const { return last_year_; }

 private:
  std::optional<std::string> HolidayName(absl::CivilDay day) const;

  std::vector<Holiday> days_off_;                 // sorted by day
  std::vector<absl::CivilDay> working_weekends_;  // sorted
  int first_year_;
  int last_year_;
};

}  // namespace partywork::rulebook
