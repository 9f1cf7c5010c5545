// Vietnam's public holidays as the government announced them each year
// (Bộ luật Lao động, Điều 112, and the yearly notices on the days off of
// public servants), including the weekend days inside each break and the
// compensatory days when a holiday falls on a weekend. Add a year here when
// its days off are announced; until then only the fixed-date holidays count.
#include "libs/platform/rulebook/calendar.h"

namespace partywork::rulebook {
namespace {

constexpr int kFirstYear = 2019;
constexpr int kLastYear = 2026;

// Consecutive days off from `first` to `last`, inclusive.
void AddRange(std::vector<Holiday>& days, absl::CivilDay first, absl::CivilDay last,
              const char* name) {
  for (absl::CivilDay day = first; day <= last; ++day) days.push_back({day, name});
}

std::vector<Holiday> DaysOff() {
  using D = absl::CivilDay;
  constexpr char kNewYear[] = "Tết Dương lịch";
  constexpr char kTet[] = "Tết Nguyên đán";
  constexpr char kHungKings[] = "Giỗ Tổ Hùng Vương";
  constexpr char kVictory[] = "Ngày Chiến thắng";
  constexpr char kLabour[] = "Ngày Quốc tế Lao động";
  constexpr char kNational[] = "Quốc khánh";
  std::vector<Holiday> d;
  // 2019
  AddRange(d, D(2019, 1, 1), D(2019, 1, 1), kNewYear);
  AddRange(d, D(2019, 2, 2), D(2019, 2, 10), kTet);
  AddRange(d, D(2019, 4, 15), D(2019, 4, 15), kHungKings);
  AddRange(d, D(2019, 4, 27), D(2019, 4, 30), kVictory);
  AddRange(d, D(2019, 5, 1), D(2019, 5, 1), kLabour);
  AddRange(d, D(2019, 8, 31), D(2019, 9, 2), kNational);
  // 2020
  AddRange(d, D(2020, 1, 1), D(2020, 1, 1), kNewYear);
  AddRange(d, D(2020, 1, 23), D(2020, 1, 29), kTet);
  AddRange(d, D(2020, 4, 2), D(2020, 4, 2), kHungKings);
  AddRange(d, D(2020, 4, 30), D(2020, 4, 30), kVictory);
  AddRange(d, D(2020, 5, 1), D(2020, 5, 3), kLabour);
  AddRange(d, D(2020, 9, 2), D(2020, 9, 2), kNational);
  // 2021
  AddRange(d, D(2021, 1, 1), D(2021, 1, 3), kNewYear);
  AddRange(d, D(2021, 2, 10), D(2021, 2, 16), kTet);
  AddRange(d, D(2021, 4, 21), D(2021, 4, 21), kHungKings);
  AddRange(d, D(2021, 4, 30), D(2021, 4, 30), kVictory);
  AddRange(d, D(2021, 5, 1), D(2021, 5, 3), kLabour);
  AddRange(d, D(2021, 9, 2), D(2021, 9, 5), kNational);
  // 2022
  AddRange(d, D(2022, 1, 1), D(2022, 1, 3), kNewYear);
  AddRange(d, D(2022, 1, 29), D(2022, 2, 6), kTet);
  AddRange(d, D(2022, 4, 9), D(2022, 4, 11), kHungKings);
  AddRange(d, D(2022, 4, 30), D(2022, 4, 30), kVictory);
  AddRange(d, D(2022, 5, 1), D(2022, 5, 3), kLabour);
  AddRange(d, D(2022, 9, 1), D(2022, 9, 4), kNational);
  // 2023
  AddRange(d, D(2023, 1, 1), D(2023, 1, 2), kNewYear);
  AddRange(d, D(2023, 1, 20), D(2023, 1, 26), kTet);
  AddRange(d, D(2023, 4, 29), D(2023, 4, 29), kHungKings);
  AddRange(d, D(2023, 4, 30), D(2023, 4, 30), kVictory);
  AddRange(d, D(2023, 5, 1), D(2023, 5, 3), kLabour);
  AddRange(d, D(2023, 9, 1), D(2023, 9, 4), kNational);
  // 2024: 29/4 swapped with Saturday 4/5 (see WorkingWeekends).
  AddRange(d, D(2024, 1, 1), D(2024, 1, 1), kNewYear);
  AddRange(d, D(2024, 2, 8), D(2024, 2, 14), kTet);
  AddRange(d, D(2024, 4, 18), D(2024, 4, 18), kHungKings);
  AddRange(d, D(2024, 4, 27), D(2024, 4, 30), kVictory);
  AddRange(d, D(2024, 5, 1), D(2024, 5, 1), kLabour);
  AddRange(d, D(2024, 8, 31), D(2024, 9, 3), kNational);
  // 2025
  AddRange(d, D(2025, 1, 1), D(2025, 1, 1), kNewYear);
  AddRange(d, D(2025, 1, 25), D(2025, 2, 2), kTet);
  AddRange(d, D(2025, 4, 7), D(2025, 4, 7), kHungKings);
  AddRange(d, D(2025, 4, 30), D(2025, 4, 30), kVictory);
  AddRange(d, D(2025, 5, 1), D(2025, 5, 4), kLabour);
  AddRange(d, D(2025, 8, 30), D(2025, 9, 2), kNational);
  // 2026
  AddRange(d, D(2026, 1, 1), D(2026, 1, 1), kNewYear);
  AddRange(d, D(2026, 2, 14), D(2026, 2, 22), kTet);
  AddRange(d, D(2026, 4, 25), D(2026, 4, 27), kHungKings);
  AddRange(d, D(2026, 4, 30), D(2026, 4, 30), kVictory);
  AddRange(d, D(2026, 5, 1), D(2026, 5, 3), kLabour);
  AddRange(d, D(2026, 8, 29), D(2026, 9, 2), kNational);
  return d;
}

// Saturdays worked in exchange for a bridge day off (ngày làm bù).
std::vector<absl::CivilDay> WorkingWeekends() {
  return {absl::CivilDay(2019, 5, 4), absl::CivilDay(2024, 5, 4)};
}

}  // namespace

const WorkingDayCalendar& WorkingDayCalendar::Vietnam() {
  static const WorkingDayCalendar* const kVietnam =
      new WorkingDayCalendar(DaysOff(), WorkingWeekends(), kFirstYear, kLastYear);
  return *kVietnam;
}

}  // namespace partywork::rulebook
