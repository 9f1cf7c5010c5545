#include "services/membership/rating_rules.h"

#include "absl/strings/str_cat.h"
#include "libs/platform/resource.h"
#include "libs/platform/rule_citation.h"
#include "libs/platform/rulebook/rulebook.h"

namespace partywork::membership {
namespace {

using rulebook::Rulebook;
namespace keys = rulebook::keys;

RuleViolation Refuse(std::string reason, std::string message, std::string vietnamese) {
  return RuleViolation{std::move(reason), std::move(message), std::move(vietnamese), {}};
}

}  // namespace

absl::CivilDay RatingDay(int year) { return absl::CivilDay(year, 12, 31); }

bool PointScaleApplies(int year) {
  return Rulebook::Standard().Get(keys::kRatingExcellentMinPoints, RatingDay(year)).unit !=
         rulebook::Unit::kAbsent;
}

Graded GradeOf(int year, v1::RatingGrade sent, std::optional<int> points) {
  Graded out;
  if (!PointScaleApplies(year)) {
    if (points) {
      out.violation = Refuse("RATING_POINTS_NOT_IN_FORCE",
                             absl::StrCat("the 100-point scale does not apply to ", year),
                             "Năm này chưa áp dụng thang điểm 100.");
    }
    out.grade = sent;
    return out;
  }
  if (!points) {
    out.violation = Refuse("RATING_POINTS_REQUIRED",
                           absl::StrCat("ratings of ", year, " are given on the 100-point scale"),
                           "Xếp loại theo thang điểm 100 (Quy định 366-QĐ/TW).");
    return out;
  }
  const Rulebook& book = Rulebook::Standard();
  const absl::CivilDay day = RatingDay(year);
  out.grade = *points >= book.Number(keys::kRatingExcellentMinPoints, day)
                  ? v1::RATING_GRADE_EXCELLENT
              : *points >= book.Number(keys::kRatingGoodMinPoints, day) ? v1::RATING_GRADE_GOOD
              : *points >= book.Number(keys::kRatingCompletedMinPoints, day)
                  ? v1::RATING_GRADE_COMPLETED
                  : v1::RATING_GRADE_NOT_COMPLETED;
  if (sent != v1::RATING_GRADE_UNSPECIFIED && sent != out.grade) {
    out.violation = Refuse("RATING_GRADE_DOES_NOT_MATCH_POINTS",
                           absl::StrCat(*points, " points give ", v1::RatingGrade_Name(out.grade)),
                           "Mức xếp loại không khớp với số điểm.");
  }
  return out;
}

std::optional<RuleViolation> CheckMemberRateable(const Standing& s,
                                                 std::optional<absl::CivilDay> admitted_on,
                                                 int year) {
  if (s.status != v1::MEMBER_STATUS_PROBATIONARY && s.status != v1::MEMBER_STATUS_OFFICIAL) {
    return Refuse("NOT_A_MEMBER_THAT_YEAR",
                  absl::StrCat("the member was not a party member on 31 December ", year),
                  "Không phải đảng viên của năm đánh giá.");
  }
  if (s.exempted) {
    return Refuse("RATED_WHILE_EXEMPT",
                  "a member exempted from party work and meetings is not rated",
                  "Đảng viên được miễn công tác và sinh hoạt đảng không xếp loại.");
  }
  const absl::CivilDay day = RatingDay(year);
  const rulebook::RuleVersion& months = Rulebook::Standard().Get(keys::kRatingNewMemberMonths, day);
  if (admitted_on && AddMonths(*admitted_on, static_cast<int>(months.number)) > day) {
    return Citing(
        months, "NEW_MEMBER_NOT_GRADED",
        absl::StrCat("admitted on ", FormatDay(*admitted_on), ", less than ", months.number,
                     " months before 31 December ", year, ": reviewed separately, not graded"),
        "Đảng viên mới kết nạp chưa đủ 6 tháng: không xếp loại chất lượng.",
        {{"admitted_on", FormatDay(*admitted_on)}});
  }
  return std::nullopt;
}

std::optional<RuleViolation> CheckExcellentCap(int excellent, int good, int year,
                                               const std::string& group) {
  const rulebook::RuleVersion& cap =
      Rulebook::Standard().Get(keys::kRatingExcellentCap, RatingDay(year));
  // excellent / good ≤ number / denominator, in integers.
  if (static_cast<int64_t>(excellent) * cap.denominator <=
      static_cast<int64_t>(good) * cap.number) {
    return std::nullopt;
  }
  return Citing(cap, "EXCELLENT_SHARE_OVER_CAP",
                absl::StrCat(excellent, " excellent against ", good, " good in ", group),
                "Số hoàn thành xuất sắc nhiệm vụ vượt tỷ lệ so với số hoàn thành tốt nhiệm vụ",
                {{"excellent", absl::StrCat(excellent)}, {"good", absl::StrCat(good)}});
}

}  // namespace partywork::membership
