// The reports' figures laid out as the standard statistics forms of
// Hướng dẫn 11-HD/BTCTW (Biểu 1, 2, 3, 4, 5, 7), "this period" against "the same
// period last year". Plain functions over what report_store read.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "partywork/reporting/v1/reporting_service.pb.h"
#include "services/reporting/member_counts.h"
#include "services/reporting/report_store.h"

namespace partywork::reporting {

struct Period {
  absl::CivilDay start, end;  // both included
};
// The same days a year before (29/2 becomes 28/2).
Period SamePeriodLastYear(const Period& period);

// Biểu 1: members gained and lost by a subtree in a period.
struct GainsAndLosses {
  int64_t opening = 0;  // members on the day before the period
  int64_t admitted = 0;
  int64_t transferred_in = 0;         // from outside the Khối (chuyển đến)
  int64_t transferred_in_within = 0;  // from another organization of the Khối
  int64_t restored = 0;               // phục hồi đảng tịch
  int64_t died = 0, expelled = 0, struck_off = 0, struck_off_probationary = 0, released = 0;
  int64_t transferred_out = 0;  // out of the Khối
  int64_t transferred_out_within = 0;
  int64_t closing = 0;  // members on the last day
  int64_t Gains() const { return admitted + transferred_in + transferred_in_within + restored; }
  int64_t Losses() const {
    return died + expelled + struck_off + released + transferred_out + transferred_out_within;
  }
  // What no status event of the period explains: records registered and
  // cells moved in or out by reorganizations.
  int64_t Other() const { return closing - opening - Gains() + Losses(); }
};
// Counts a movement in `g` by whether the member was in the subtree the day
// before and on the day (as the tree was on each of those days).
void Tally(const Movement& m, const TreeHistory& tree, int64_t root, GainsAndLosses* g);

// Members admitted (kết nạp) in the period into the subtree's cells, by what
// Biểu 2 counts; ages (and their bands) are full years on the admission day.
struct NewMembers {
  Composition members;  // total, women, minorities, religious, Youth Union, ages, education
  int64_t readmitted = 0;
  int64_t students = 0;
  int64_t private_business_owners = 0;       // chủ doanh nghiệp tư nhân
  std::map<int, int64_t> by_academic_title;  // học hàm, mv1::AcademicTitle
  // The others by occupation as recorded ("" when none is).
  std::map<std::string, int64_t> occupations;
};

// Biểu 7: party work of the subtree in the period.
struct PartyWork {
  // Members of the subtree reaching a badge's party age (badge.party_age_years),
  // by those years, on the anniversary of their admission.
  std::map<int, int64_t> badges;
  int64_t cards_issued = 0, cards_reissued = 0;
  // Official transfers into and out of the subtree (Biểu 1's).
  GainsAndLosses transfers;
  // Temporary transfers (sinh hoạt tạm thời) of the subtree's members: gone, back.
  int64_t temporarily_away = 0, returned = 0;
  // Members of the subtree on the day of an award in the period, each
  // counted once a row: given any party badge, given the badge of each
  // party age (trao tặng Huy hiệu Đảng), commended (khen thưởng).
  int64_t badge_awardees = 0;
  std::map<int, int64_t> badges_awarded;
  int64_t commended = 0;
};

// The band (kAgeBands) of an age in full years: up to 30 is 1, 31–35 is 2 …
// 56–60 is 7, over 60 is 8.
int AgeBand(int age);

// The column of an organization kind in the forms: 0 base committee, 1 base
// cell, 2 partial committee, 3 subordinate cell; -1 for higher committees.
int UnitColumn(int kind);

v1::MembershipFigures FiguresOf(const Composition& c, absl::CivilDay day);
// a − b, field by field (counts of every key of either).
v1::MembershipFigures Difference(const v1::MembershipFigures& a, const v1::MembershipFigures& b);

// Each form: its title, columns and rows; the caller adds the root, the
// period and the feed positions.
v1::StatisticsForm GainsAndLossesForm(const GainsAndLosses& now, const GainsAndLosses& before);
// Biểu 3; also the layout of a membership report (with `by_type` rows).
v1::StatisticsForm MembershipForm(const Composition& now, const Composition& before,
                                  const std::string& now_heading, const std::string& before_heading,
                                  bool by_type);
// Biểu 2 and Biểu 7; `badge_years` are the party ages listed for badges.
v1::StatisticsForm NewMembersForm(const NewMembers& now, const NewMembers& before);
v1::StatisticsForm PartyWorkForm(const PartyWork& now, const PartyWork& before,
                                 const std::vector<int>& badge_years);
v1::StatisticsForm EthnicityAndReligionForm(const EthnicityAndReligion& now, int64_t total,
                                            const EthnicityAndReligion& before);
v1::StatisticsForm OrganizationsByTypeForm(const std::vector<OrganizationCount>& organizations,
                                           const Composition& now, const Composition& before);

}  // namespace partywork::reporting
