#include "services/membership/committee_rules.h"

#include "absl/strings/str_cat.h"
#include "libs/platform/resource.h"

namespace partywork::membership {
namespace {

bool Overlap(const Seat& a, const Seat& b) {
  const absl::CivilDay a_end = a.to_on.value_or(kEndOfTime);
  const absl::CivilDay b_end = b.to_on.value_or(kEndOfTime);
  return a.from_on < b_end && b.from_on < a_end;
}

RuleViolation Refuse(std::string reason, std::string message, std::string vietnamese) {
  return RuleViolation{std::move(reason), std::move(message), std::move(vietnamese), {}};
}

}  // namespace

bool Serving(const Seat& seat, absl::CivilDay day) {
  return seat.from_on <= day && (!seat.to_on || day < *seat.to_on);
}

std::optional<RuleViolation> CheckSeat(const Seat& seat, const Standing& on_first_day,
                                       const std::vector<Seat>& others) {
  if (on_first_day.status != v1::MEMBER_STATUS_OFFICIAL) {
    return Refuse("COMMITTEE_MEMBER_NOT_OFFICIAL",
                  "a committee member is an official member on the seat's first day",
                  "Cấp ủy viên phải là đảng viên chính thức.");
  }
  if (seat.from_on.year() < seat.term_start_year || seat.from_on.year() > seat.term_end_year) {
    return Refuse("COMMITTEE_SEAT_OUTSIDE_TERM",
                  absl::StrCat("the seat starts outside the term ", seat.term_start_year, "–",
                               seat.term_end_year),
                  "Thời gian giữ chức vụ phải trong nhiệm kỳ.");
  }
  if (seat.also_head_of_unit && seat.role != v1::COMMITTEE_ROLE_SECRETARY) {
    return Refuse("HEAD_OF_UNIT_ONLY_FOR_SECRETARY",
                  "only the secretary is marked as also the head of the unit (nhất thể hóa)",
                  "Nhất thể hóa chỉ áp dụng cho bí thư.");
  }
  for (const auto& other : others) {
    if (!Overlap(seat, other)) continue;
    if (seat.role == v1::COMMITTEE_ROLE_SECRETARY && other.role == v1::COMMITTEE_ROLE_SECRETARY) {
      RuleViolation v = Refuse("SECRETARY_ALREADY_SERVING",
                               "another secretary serves in that period: end their seat first",
                               "Tổ chức đảng đã có bí thư trong thời gian này.");
      v.metadata["committee_member"] = absl::StrCat("committeeMembers/", other.id);
      return v;
    }
    if (seat.member_id == other.member_id) {
      RuleViolation v = Refuse("COMMITTEE_MEMBER_ALREADY_SEATED",
                               "the member already holds a seat of this committee then",
                               "Đảng viên đã giữ một chức vụ trong cấp ủy này.");
      v.metadata["committee_member"] = absl::StrCat("committeeMembers/", other.id);
      return v;
    }
  }
  return std::nullopt;
}

}  // namespace partywork::membership
