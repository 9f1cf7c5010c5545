// The rules of the regulations, as data (DOMAIN §4–§8). Each regulation
// that restates a rule is a version of its own, so a refusal cites the
// regulation in force on the fact's date; a new regulation is a new block
// here and a test at its effective day.
#include <utility>

#include "libs/platform/rulebook/rulebook.h"

namespace partywork::rulebook {
namespace {

struct Regulation {
  absl::CivilDay effective_from;
  const char* name;
};

// Quy định thi hành Điều lệ Đảng (applying the Charter).
constexpr Regulation kCharter2016{absl::CivilDay(2016, 7, 25), "Quy định 29-QĐ/TW ngày 25/7/2016"};
constexpr Regulation kCharter2021{absl::CivilDay(2021, 7, 30), "Quy định 24-QĐ/TW ngày 30/7/2021"};
constexpr Regulation kCharter2025{absl::CivilDay(2025, 1, 20),
                                  "Quy định 232-QĐ/TW ngày 20/01/2025"};
// Kiểm tra, giám sát, kỷ luật (inspection, supervision, discipline work).
constexpr Regulation kInspection2016{absl::CivilDay(2016, 7, 26),
                                     "Quy định 30-QĐ/TW ngày 26/7/2016"};
constexpr Regulation kInspection2021{absl::CivilDay(2021, 7, 28),
                                     "Quy định 22-QĐ/TW ngày 28/7/2021"};
constexpr Regulation kInspection2025{absl::CivilDay(2025, 5, 30),
                                     "Quy định 296-QĐ/TW ngày 30/5/2025"};
// Xử lý kỷ luật (discipline of members and organizations).
constexpr Regulation kDiscipline2017{absl::CivilDay(2017, 11, 15),
                                     "Quy định 102-QĐ/TW ngày 15/11/2017"};
constexpr Regulation kDiscipline2022{absl::CivilDay(2022, 7, 6),
                                     "Quy định 69-QĐ/TW ngày 06/7/2022"};
// Đánh giá, xếp loại chất lượng (annual rating).
constexpr Regulation kRating2018{absl::CivilDay(2018, 3, 8), "Quy định 132-QĐ/TW ngày 08/3/2018"};
constexpr Regulation kRating2025{absl::CivilDay(2025, 8, 30), "Quy định 366-QĐ/TW ngày 30/8/2025"};
// Targets of the Khối's congress resolution for the term.
constexpr Regulation kKhoiResolution2020{absl::CivilDay(2020, 1, 1),
                                         "Nghị quyết Đại hội Đảng bộ Khối nhiệm kỳ 2020–2025"};
constexpr Regulation kBadgeRules{absl::CivilDay(2016, 7, 25),
                                 "Điều lệ Đảng; quy định xét tặng Huy hiệu Đảng"};

// Đoàn viên are 16 to 30 years of age under every Youth Union charter in
// force since the rulebook's first day.
constexpr Regulation kYouthUnionCharter{absl::CivilDay(2016, 7, 25),
                                        "Điều lệ Đoàn TNCS Hồ Chí Minh"};

class Builder {
 public:
  // The same rule restated by each of `regulations`.
  Builder& Rule(const char* key, std::initializer_list<Regulation> regulations, Unit unit,
                int64_t number, const char* summary, const char* vietnamese,
                int64_t denominator = 1) {
    for (const Regulation& regulation : regulations) {
      RuleVersion version;
      version.key = key;
      version.effective_from = regulation.effective_from;
      version.unit = unit;
      version.number = number;
      version.denominator = denominator;
      version.regulation = regulation.name;
      version.summary = summary;
      version.vietnamese = vietnamese;
      versions_.push_back(std::move(version));
    }
    return *this;
  }
  Builder& List(const char* key, std::initializer_list<Regulation> regulations,
                const std::vector<std::string>& items, const char* summary,
                const char* vietnamese) {
    for (const Regulation& regulation : regulations) {
      Rule(key, {regulation}, Unit::kList, 0, summary, vietnamese);
      versions_.back().items = items;
    }
    return *this;
  }
  std::vector<RuleVersion> Take() { return std::move(versions_); }

 private:
  std::vector<RuleVersion> versions_;
};

std::vector<RuleVersion> StandardRules() {
  using namespace keys;  // NOLINT(google-build-using-namespace): the table reads better
  const auto charter = {kCharter2016, kCharter2021, kCharter2025};
  const auto inspection = {kInspection2016, kInspection2021, kInspection2025};
  const auto discipline = {kDiscipline2017, kDiscipline2022};
  Builder b;
  // Admissions (kết nạp đảng viên).
  b.Rule(kAdmissionMinAgeMonths, charter, Unit::kMonths, int64_t{18} * 12,
         "at least 18 full years of age, counted in months, when the cell considers the case",
         "Đủ 18 tuổi (tính theo tháng) tại thời điểm chi bộ xét kết nạp")
      .Rule(kAdmissionMaxAgeYears, charter, Unit::kYears, 60,
            "at most 60 years of age, unless a higher committee consents",
            "Không quá 60 tuổi; trên 60 tuổi phải được cấp ủy trực thuộc Trung ương đồng ý")
      .Rule(kYouthUnionMaxAgeYears, {kYouthUnionCharter}, Unit::kYears, 30,
            "of Youth-Union age: at most 30 full years old (for admission targets and reports)",
            "Trong độ tuổi đoàn viên: không quá 30 tuổi")
      .List(kAdmissionMinEducation, charter, {"lower_secondary"},
            "at least lower-secondary general education",
            "Trình độ học vấn tối thiểu trung học cơ sở")
      .Rule(kClassCertificateValidYears, charter, Unit::kYears, 5,
            "the party-awareness class certificate is valid for 5 years",
            "Giấy chứng nhận bồi dưỡng nhận thức về Đảng có giá trị 5 năm")
      .Rule(kSponsorCount, charter, Unit::kCount, 2,
            "two sponsors, or one sponsor and the Youth Union committee's resolution",
            "Hai đảng viên chính thức giới thiệu, hoặc một đảng viên và nghị quyết của ban chấp "
            "hành đoàn cơ sở")
      .Rule(kSponsorMonthsTogether, charter, Unit::kMonths, 12,
            "a sponsor is an official member who worked with the candidate for at least 12 months",
            "Người giới thiệu là đảng viên chính thức, cùng công tác với người vào Đảng ít nhất 12 "
            "tháng")
      .Rule(kCellVoteThreshold, charter, Unit::kPercent, 2,
            "at least 2/3 of the cell's official members vote in favour",
            "Ít nhất 2/3 số đảng viên chính thức của chi bộ tán thành", 3)
      .Rule(kDecisionDeadlineWorkingDays, charter, Unit::kWorkingDays, 60,
            "the competent committee decides within 60 working days of the cell's resolution",
            "Cấp ủy có thẩm quyền xem xét, quyết định trong 60 ngày làm việc kể từ ngày chi bộ có "
            "nghị quyết")
      .Rule(kCeremonyDeadlineWorkingDays, charter, Unit::kWorkingDays, 30,
            "the cell holds the admission ceremony within 30 working days of the decision",
            "Chi bộ tổ chức lễ kết nạp trong 30 ngày làm việc kể từ ngày nhận quyết định")
      .Rule(kProbationMonths, charter, Unit::kMonths, 12,
            "a new member is probationary for 12 months from the ceremony",
            "Đảng viên dự bị trong 12 tháng kể từ ngày kết nạp")
      .Rule(kRecognitionDeadlineWorkingDays, charter, Unit::kWorkingDays, 30,
            "the cell considers official recognition within 30 working days after the probation",
            "Chi bộ xét công nhận đảng viên chính thức trong 30 ngày làm việc sau khi hết 12 tháng "
            "dự bị")
      .Rule(kFileStaleMonths, charter, Unit::kMonths, 12,
            "a file left more than 12 months without the cell's decision needs new sponsor letters",
            "Hồ sơ quá 12 tháng chi bộ chưa xét phải làm lại thư giới thiệu")
      .Rule(kReadmissionWaitMonths, charter, Unit::kMonths, 36,
            "a former member may be readmitted at least 36 months after leaving",
            "Kết nạp lại sau ít nhất 36 tháng kể từ khi ra khỏi Đảng")
      .List(kNeverReadmittedReasons, charter,
            {"own_will", "serious_disunity", "political", "corruption_or_serious_crime"},
            "never readmitted: left of their own will, serious disunity, political history, "
            "corruption or another serious violation of the law",
            "Không kết nạp lại người tự bỏ sinh hoạt đảng, xin ra Đảng (trừ hoàn cảnh gia đình "
            "đặc biệt khó khăn), gây mất đoàn kết nghiêm trọng, vi phạm lịch sử chính trị, tham "
            "nhũng hoặc vi phạm pháp luật nghiêm trọng");
  // Annual rating (đánh giá, xếp loại chất lượng).
  b.Rule(kRatingExcellentCap, {kRating2018, kRating2025}, Unit::kPercent, 20,
         "those rated excellent in a base organization are at most 20 % of those rated good",
         "Số hoàn thành xuất sắc nhiệm vụ không quá 20 % số hoàn thành tốt nhiệm vụ", 100)
      .Rule(kRatingNewMemberMonths, {kRating2018, kRating2025}, Unit::kMonths, 6,
            "members admitted less than 6 months before the rating are rated separately",
            "Đảng viên mới kết nạp dưới 6 tháng được đánh giá riêng")
      .Rule(kRatingNotCompletedYearsToStrikeOff, {kRating2018, kRating2025}, Unit::kCount, 2,
            "two consecutive years not completed is a ground for striking a member off",
            "Hai năm liên tục không hoàn thành nhiệm vụ thì đưa ra khỏi Đảng");
  // The 100-point scale exists only from Quy định 366-QĐ/TW.
  for (const auto& [key, points] :
       {std::pair{kRatingExcellentMinPoints, 90}, std::pair{kRatingGoodMinPoints, 70},
        std::pair{kRatingCompletedMinPoints, 50}}) {
    b.Rule(key, {kRating2018}, Unit::kAbsent, 0, "no point scale", "Không chấm điểm")
        .Rule(key, {kRating2025}, Unit::kCount, points, "minimum points on the 100-point scale",
              "Điểm tối thiểu theo thang 100 điểm");
  }
  // Rating targets (seed 003: trên 90 % TCCS hoàn thành tốt nhiệm vụ trở lên, không có tổ chức
  // không hoàn thành nhiệm vụ; trên 98 % đảng viên hoàn thành nhiệm vụ trở lên, trong đó ít
  // nhất 95 % hoàn thành tốt nhiệm vụ trở lên).
  b.Rule(kRatingTargetBaseGoodOrBetter, {kKhoiResolution2020}, Unit::kPercent, 90,
         "over 90 % of base organizations are rated good or better",
         "Trên 90 % tổ chức cơ sở đảng hoàn thành tốt nhiệm vụ trở lên", 100)
      .Rule(kRatingTargetBaseNotCompleted, {kKhoiResolution2020}, Unit::kCount, 0,
            "no base organization is rated not completed",
            "Không có tổ chức cơ sở đảng không hoàn thành nhiệm vụ")
      .Rule(kRatingTargetMembersCompletedOrBetter, {kKhoiResolution2020}, Unit::kPercent, 98,
            "over 98 % of the members rated are rated completed or better",
            "Trên 98 % đảng viên hoàn thành nhiệm vụ trở lên", 100)
      .Rule(kRatingTargetMembersGoodOrBetter, {kKhoiResolution2020}, Unit::kPercent, 95,
            "at least 95 % of the members rated are rated good or better",
            "Ít nhất 95 % đảng viên hoàn thành tốt nhiệm vụ trở lên", 100);
  b.List(kBadgeYears, {kBadgeRules},
         {"30", "40", "45", "50", "55", "60", "65", "70", "75", "80", "85", "90"},
         "party badges at these years of party age",
         "Huy hiệu Đảng 30, 40, 45, 50 … năm tuổi Đảng");
  // Inspection coverage (targets of the term's resolution).
  b.Rule(kCoverageMembersPerYear, {kKhoiResolution2020}, Unit::kPercent, 30,
         "cells inspect 30–35 % of their members a year (the lower bound is the target)",
         "Chi bộ kiểm tra 30–35 % đảng viên mỗi năm", 100)
      .Rule(kCoverageCellsPerYear, {kKhoiResolution2020}, Unit::kPercent, 30,
            "base committees inspect or supervise 30–35 % of their cells a year",
            "Cấp ủy cơ sở kiểm tra, giám sát 30–35 % chi bộ mỗi năm", 100)
      .Rule(kCoverageTermInspected, {kKhoiResolution2020}, Unit::kPercent, 100,
            "every organization and member is inspected during the term",
            "100 % tổ chức đảng và đảng viên được kiểm tra trong nhiệm kỳ", 100)
      .Rule(kCoverageTermSupervised, {kKhoiResolution2020}, Unit::kPercent, 30,
            "30 % of organizations and members are supervised during the term",
            "30 % tổ chức đảng và đảng viên được giám sát trong nhiệm kỳ", 100);
  // Petitions (đơn thư).
  b.Rule(kDenunciationDeadlineWorkingDays, inspection, Unit::kWorkingDays, 90,
         "a denunciation is resolved within 90 working days of receipt",
         "Giải quyết tố cáo trong 90 ngày làm việc kể từ ngày nhận đơn")
      .Rule(kDenunciationExtensionWorkingDays, inspection, Unit::kWorkingDays, 30,
            "extendable once by at most 30 working days",
            "Gia hạn một lần, không quá 30 ngày làm việc")
      .Rule(
          kCongressDeferralWorkingDays, inspection, Unit::kWorkingDays, 25,
          "denunciations received within 25 working days before a base congress are deferred",
          "Đơn tố cáo nhận trong 25 ngày làm việc trước đại hội cấp cơ sở chuyển cấp ủy khóa mới");
  // Discipline (kỷ luật).
  b.List(kFormsOfficialMember, discipline,
         {"reprimand", "warning", "removal_from_post", "expulsion"},
         "forms for an official member: reprimand, warning, removal from post, expulsion",
         "Khiển trách, cảnh cáo, cách chức, khai trừ")
      .List(kFormsProbationaryMember, discipline, {"reprimand", "warning"},
            "forms for a probationary member: reprimand, warning", "Khiển trách, cảnh cáo")
      .List(kFormsOrganization, discipline, {"reprimand", "warning", "dissolution"},
            "forms for an organization: reprimand, warning, dissolution",
            "Khiển trách, cảnh cáo, giải tán")
      .Rule(kAppealWindowWorkingDays, inspection, Unit::kWorkingDays, 30,
            "an appeal is lodged within one month (30 working days) of receiving the decision",
            "Khiếu nại kỷ luật trong thời hạn một tháng (30 ngày làm việc) kể từ ngày nhận quyết "
            "định")
      .Rule(kAppealDecisionWorkingDays, inspection, Unit::kWorkingDays, 90,
            "an appeal is decided within 90 working days at provincial level and below",
            "Giải quyết khiếu nại kỷ luật trong 90 ngày làm việc ở cấp tỉnh và tương đương trở "
            "xuống");
  for (const char* subject : {"member", "organization"}) {
    b.Rule(LimitationKey(subject, "reprimand").c_str(), discipline, Unit::kYears, 5,
           "statute of limitations for a reprimand", "Thời hiệu kỷ luật khiển trách: 5 năm")
        .Rule(LimitationKey(subject, "warning").c_str(), discipline, Unit::kYears, 10,
              "statute of limitations for a warning", "Thời hiệu kỷ luật cảnh cáo: 10 năm");
  }
  b.Rule(LimitationKey("member", "removal_from_post").c_str(), discipline, Unit::kYears, 10,
         "statute of limitations for removal from post", "Thời hiệu kỷ luật cách chức: 10 năm")
      .Rule(LimitationKey("member", "expulsion").c_str(), discipline, Unit::kNoLimit, 0,
            "no statute of limitations for expulsion", "Không áp dụng thời hiệu đối với khai trừ")
      .Rule(LimitationKey("organization", "dissolution").c_str(), discipline, Unit::kNoLimit, 0,
            "no statute of limitations for dissolution",
            "Không áp dụng thời hiệu đối với giải tán");
  return b.Take();
}

}  // namespace

const Rulebook& Rulebook::Standard() {
  static const Rulebook* const kStandard = new Rulebook(StandardRules());
  return *kStandard;
}

}  // namespace partywork::rulebook
