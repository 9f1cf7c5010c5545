#include "services/membership/member_rules.h"

#include <algorithm>
#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "libs/platform/resource.h"
#include "libs/platform/rule_citation.h"
#include "libs/platform/rulebook/rulebook.h"

namespace partywork::membership {
namespace {

constexpr size_t kMaxText = 300;

// The 54 ethnic groups of Viet Nam (Danh mục các dân tộc Việt Nam).
const std::set<std::string>& EthnicGroups() {
  static const auto* kGroups = new std::set<std::string>{
      "Kinh",    "Tày",     "Thái",    "Mường",  "Khmer",      "Hoa",    "Nùng",   "Mông",
      "Dao",     "Gia Rai", "Ê Đê",    "Ba Na",  "Sán Chay",   "Chăm",   "Cơ Ho",  "Xơ Đăng",
      "Sán Dìu", "Hrê",     "Ra Glai", "Mnông",  "Thổ",        "Xtiêng", "Khơ Mú", "Bru - Vân Kiều",
      "Cơ Tu",   "Giáy",    "Tà Ôi",   "Mạ",     "Giẻ Triêng", "Co",     "Chơ Ro", "Xinh Mun",
      "Hà Nhì",  "Chu Ru",  "Lào",     "La Chí", "Kháng",      "Phù Lá", "La Hủ",  "La Ha",
      "Pà Thẻn", "Lự",      "Ngái",    "Chứt",   "Lô Lô",      "Mảng",   "Cơ Lao", "Bố Y",
      "Cống",    "Si La",   "Pu Péo",  "Rơ Măm", "Brâu",       "Ơ Đu"};
  return *kGroups;
}

bool AllDigits(const std::string& s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

RuleViolation Rule(std::string reason, std::string message, std::string vietnamese,
                   std::map<std::string, std::string> metadata = {}) {
  return RuleViolation{std::move(reason), std::move(message), std::move(vietnamese),
                       std::move(metadata)};
}

// Why an event that needs an active member (probationary or official) is
// refused for this standing.
std::optional<RuleViolation> RequireActive(const Standing& s) {
  switch (s.status) {
    case v1::MEMBER_STATUS_PROBATIONARY:
    case v1::MEMBER_STATUS_OFFICIAL:
      return std::nullopt;
    case v1::MEMBER_STATUS_TRANSFERRED_OUT:
      return Rule("MEMBER_TRANSFERRED_OUT", "the member has been transferred out of the Khối",
                  "Đảng viên đã chuyển sinh hoạt ra khỏi Đảng bộ Khối.");
    case v1::MEMBER_STATUS_LEFT_PARTY:
      return Rule("MEMBER_HAS_LEFT_PARTY", "the member has left the Party",
                  "Đảng viên đã ra khỏi Đảng.");
    case v1::MEMBER_STATUS_DECEASED:
      return Rule("MEMBER_DECEASED", "the member has died", "Đảng viên đã từ trần.");
    default:
      return Rule("NOT_YET_A_MEMBER", "the member's history has not begun on that date",
                  "Chưa là đảng viên vào ngày này.");
  }
}

}  // namespace

bool IsPartyCardNumber(const std::string& number) {
  return number.size() >= 6 && number.size() <= 12 && AllDigits(number);
}

absl::CivilDay ProbationEnd(absl::CivilDay ceremony) {
  return AddMonths(ceremony, static_cast<int>(rulebook::Rulebook::Standard().Number(
                                 rulebook::keys::kProbationMonths, ceremony)));
}

std::optional<RuleViolation> CheckReadmissionWait(absl::CivilDay left_on, absl::CivilDay day) {
  const auto& wait =
      rulebook::Rulebook::Standard().Get(rulebook::keys::kReadmissionWaitMonths, day);
  const absl::CivilDay from = AddMonths(left_on, static_cast<int>(wait.number));
  if (day >= from) return std::nullopt;
  return Citing(wait, "READMISSION_TOO_SOON",
                absl::StrCat("a former member is readmitted at least ", wait.number,
                             " months after leaving, i.e. from ", FormatDay(from)),
                "Kết nạp lại phải sau ít nhất 36 tháng kể từ khi ra khỏi Đảng.",
                {{"readmission_from", FormatDay(from)}});
}

std::optional<RuleViolation> CheckReadmissionAllowed(v1::LeavingReason reason, absl::CivilDay day) {
  // The rule's items are the enum's names in lower case, without the prefix.
  const std::string key =
      absl::AsciiStrToLower(v1::LeavingReason_Name(reason).substr(sizeof("LEAVING_REASON")));
  const auto& rule =
      rulebook::Rulebook::Standard().Get(rulebook::keys::kNeverReadmittedReasons, day);
  if (std::find(rule.items.begin(), rule.items.end(), key) == rule.items.end()) {
    return std::nullopt;
  }
  return Citing(
      rule, "READMISSION_EXCLUDED",
      absl::StrCat("a former member who left for this reason (", key, ") is never readmitted"),
      "Không xem xét kết nạp lại người đã ra khỏi Đảng vì lý do này.", {{"leaving_reason", key}});
}

std::optional<RuleViolation> CheckAdmissionAge(absl::CivilDay birth_date, absl::CivilDay day,
                                               bool over_age_consent) {
  const auto& book = rulebook::Rulebook::Standard();
  const auto& min = book.Get(rulebook::keys::kAdmissionMinAgeMonths, day);
  const auto& max = book.Get(rulebook::keys::kAdmissionMaxAgeYears, day);
  // Counted in months: from the month of the 18th birthday's day on, and
  // while still "60 years old" (before the 61st birthday).
  const int months = FullMonths(birth_date, day);
  const auto& broken = months < min.number ? min : max;
  const bool too_old = months >= (max.number + 1) * 12 && !over_age_consent;
  if (months < min.number || too_old) {
    return Citing(broken, "ADMISSION_AGE",
                  absl::StrCat("a person is admitted from ", min.number / 12, " to ", max.number,
                               " full years of age, counted in months; this one is ", months / 12,
                               " years and ", months % 12, " months"),
                  "Người vào Đảng phải từ đủ 18 tuổi đến đủ 60 tuổi (tính theo tháng).",
                  {{"age_months", absl::StrCat(months)}});
  }
  return std::nullopt;
}

absl::CivilDay AddMonths(absl::CivilDay day, int months) {
  // CivilMonth arithmetic keeps the day of month where it exists (31 → end of month).
  const absl::CivilMonth month = absl::CivilMonth(day) + months;
  absl::CivilDay result(month.year(), month.month(), day.day());
  while (absl::CivilMonth(result) != month) result -= 1;
  return result;
}

int FullMonths(absl::CivilDay from, absl::CivilDay on) {
  int months = static_cast<int>((on.year() - from.year()) * 12 + (on.month() - from.month()));
  if (months > 0 && AddMonths(from, months) > on) --months;
  return months;
}

int FullYears(absl::CivilDay from, absl::CivilDay on) {
  int years = static_cast<int>(on.year() - from.year());
  if (on.month() < from.month() || (on.month() == from.month() && on.day() < from.day())) {
    --years;
  }
  return years;
}

const std::vector<std::string>& UpdatableMemberFields() {
  static const auto* kFields = new std::vector<std::string>{"full_name",
                                                            "gender",
                                                            "birth_date",
                                                            "ethnicity",
                                                            "religion",
                                                            "national_id",
                                                            "party_card_number",
                                                            "admitted_on",
                                                            "official_on",
                                                            "occupation",
                                                            "workplace",
                                                            "general_education",
                                                            "qualification",
                                                            "political_theory",
                                                            "youth_union_member",
                                                            "student",
                                                            "background",
                                                            "retired",
                                                            "private_business_owner",
                                                            "academic_title"};
  return *kFields;
}

std::vector<FieldViolation> ValidateMemberRecord(const v1::Member& m, const std::string& prefix,
                                                 absl::CivilDay today,
                                                 const std::vector<std::string>& fields) {
  std::vector<FieldViolation> v;
  auto checked = [&](const char* field) {
    return fields.empty() || std::find(fields.begin(), fields.end(), field) != fields.end();
  };
  auto bad = [&](const char* field, std::string why) { v.push_back({prefix + field, why}); };
  if (checked("full_name")) {
    const std::vector<std::string> words =
        absl::StrSplit(m.full_name(), ' ', absl::SkipWhitespace());
    if (words.size() < 2) {
      bad("full_name", "is required: family and given name, e.g. \"Nguyễn Văn An\"");
    } else if (m.full_name().size() > kMaxText) {
      bad("full_name", "is longer than 300 bytes");
    }
  }
  if (checked("gender") && m.gender() != v1::GENDER_MALE && m.gender() != v1::GENDER_FEMALE) {
    bad("gender", "is required");
  }
  const auto birth = ToCivilDay(m.birth_date());
  const auto admitted = ToCivilDay(m.admitted_on());
  if (checked("birth_date")) {
    if (!birth) {
      bad("birth_date", "is required and must be a real date");
    } else if (*birth >= today) {
      bad("birth_date", "must be in the past");
    }
  }
  if (checked("ethnicity") && !EthnicGroups().count(m.ethnicity())) {
    bad("ethnicity",
        "must be one of the 54 ethnic groups, spelt as listed (e.g. \"Kinh\", \"Ê Đê\")");
  }
  if (checked("religion") && m.religion().size() > kMaxText) bad("religion", "is too long");
  if (checked("national_id") && !m.national_id().empty() &&
      !(m.national_id().size() == 12 && AllDigits(m.national_id()))) {
    bad("national_id", "must be the 12 digits of a citizen identity card");
  }
  if (checked("party_card_number") && !m.party_card_number().empty() &&
      !IsPartyCardNumber(m.party_card_number())) {
    bad("party_card_number", "must be 6 to 12 digits");
  }
  if (checked("admitted_on")) {
    if (!admitted) {
      bad("admitted_on", "is required and must be a real date");
    } else if (*admitted > today) {
      bad("admitted_on", "must not be in the future");
    } else if (birth && FullMonths(*birth, *admitted) <
                            rulebook::Rulebook::Standard().Number(
                                rulebook::keys::kAdmissionMinAgeMonths, *admitted)) {
      bad("admitted_on", "is before the member's 18th birthday");
    }
  }
  if (checked("official_on") && m.has_official_on()) {
    const auto official = ToCivilDay(m.official_on());
    if (!official) {
      bad("official_on", "must be a real date");
    } else if (admitted && *official < *admitted) {
      bad("official_on", "must not be before admitted_on");
    }
  }
  for (const char* field : {"occupation", "workplace"}) {
    const std::string& value = std::string(field) == "occupation" ? m.occupation() : m.workplace();
    if (checked(field) && value.size() > kMaxText) bad(field, "is longer than 300 bytes");
  }
  if (checked("general_education") && !v1::GeneralEducation_IsValid(m.general_education())) {
    bad("general_education", "is not a known level");
  }
  if (checked("qualification") && !v1::Qualification_IsValid(m.qualification())) {
    bad("qualification", "is not a known level");
  }
  if (checked("political_theory") && !v1::PoliticalTheory_IsValid(m.political_theory())) {
    bad("political_theory", "is not a known level");
  }
  if (checked("background") && m.background().size() > 20000) bad("background", "is too long");
  if (checked("academic_title") && !v1::AcademicTitle_IsValid(m.academic_title())) {
    bad("academic_title", "is not a known title");
  }
  return v;
}

std::optional<RuleViolation> ApplyEvent(Standing& s, const HistoryEvent& e, const MemberFacts& m) {
  Standing next = s;
  next.since = e.effective_on;
  const bool entering = e.kind == v1::MEMBER_EVENT_KIND_ADMITTED ||
                        e.kind == v1::MEMBER_EVENT_KIND_REGISTERED ||
                        e.kind == v1::MEMBER_EVENT_KIND_TRANSFERRED_IN;
  if (e.kind == v1::MEMBER_EVENT_KIND_RESTORED) {
    // Phục hồi đảng tịch: only of someone who left the Party; no wait, no
    // age limit, and party age runs on from the first admission.
    if (s.status != v1::MEMBER_STATUS_LEFT_PARTY) {
      return Rule("RESTORATION_ONLY_AFTER_LEAVING",
                  "only a member who left the Party (struck off, released or expelled) is "
                  "restored",
                  "Chỉ phục hồi đảng tịch cho người đã ra khỏi Đảng.");
    }
    next.status = e.initial_status;
    next.probation_started_on = m.admitted_on;
    next.organization_id = e.organization_id;
    next.leaving_form = v1::LEAVING_FORM_UNSPECIFIED;
    s = next;
    return std::nullopt;
  }
  if (entering) {
    const bool may_enter =
        s.status == v1::MEMBER_STATUS_UNSPECIFIED ||
        (e.kind == v1::MEMBER_EVENT_KIND_ADMITTED && s.status == v1::MEMBER_STATUS_LEFT_PARTY) ||
        (e.kind == v1::MEMBER_EVENT_KIND_TRANSFERRED_IN &&
         s.status == v1::MEMBER_STATUS_TRANSFERRED_OUT);
    if (!may_enter) {
      return Rule("ALREADY_A_MEMBER", "the member's history already shows them in the Party",
                  "Đảng viên đã có quá trình sinh hoạt đảng.");
    }
    if (e.kind == v1::MEMBER_EVENT_KIND_ADMITTED) {
      if (s.left_on) {
        if (auto wait = CheckReadmissionWait(*s.left_on, e.effective_on)) return wait;
      }
      // Age is the cell's condition when it considers the case (Quy định
      // 24-QĐ/TW, 1.1): a candidate of 60 at the vote may turn 61 by the
      // ceremony. The history holds the lower limit; the upper one, waived by
      // a higher committee's consent, is checked where the case is considered
      // (the admission's vote, or RecordMemberEvent for an ADMITTED event).
      if (auto age = CheckAdmissionAge(m.birth_date, e.considered_on.value_or(e.effective_on),
                                       /*over_age_consent=*/true)) {
        return age;
      }
      next.status = v1::MEMBER_STATUS_PROBATIONARY;
      next.probation_started_on = e.effective_on;
    } else {
      next.status = e.initial_status;
      next.probation_started_on = m.admitted_on;
    }
    next.organization_id = e.organization_id;
    next.exempted = false;
    next.temporarily_away = false;
    next.leaving_form = v1::LEAVING_FORM_UNSPECIFIED;
    s = next;
    return std::nullopt;
  }
  if (auto inactive = RequireActive(s)) return inactive;
  switch (e.kind) {
    case v1::MEMBER_EVENT_KIND_RECOGNIZED_OFFICIAL: {
      if (s.status != v1::MEMBER_STATUS_PROBATIONARY) {
        return Rule("NOT_PROBATIONARY", "only a probationary member is recognized as official",
                    "Chỉ đảng viên dự bị mới được công nhận chính thức.");
      }
      const absl::CivilDay end = ProbationEnd(s.probation_started_on);
      if (e.effective_on != end) {
        return Citing(
            rulebook::Rulebook::Standard().Get(rulebook::keys::kProbationMonths,
                                               s.probation_started_on),
            "RECOGNITION_AT_END_OF_PROBATION",
            absl::StrCat("a member is official from the end of the probation: ", FormatDay(end)),
            "Đảng viên được công nhận chính thức kể từ ngày hết 12 tháng dự bị.",
            {{"probation_ends_on", FormatDay(end)}});
      }
      next.status = v1::MEMBER_STATUS_OFFICIAL;
      next.official_on = e.effective_on;
      break;
    }
    case v1::MEMBER_EVENT_KIND_EXEMPTED:
      if (s.status != v1::MEMBER_STATUS_OFFICIAL) {
        return Rule("EXEMPTION_ONLY_FOR_OFFICIAL", "only an official member can be exempted",
                    "Chỉ đảng viên chính thức mới được miễn công tác và sinh hoạt đảng.");
      }
      if (s.exempted) {
        return Rule("ALREADY_EXEMPTED", "the member is already exempted",
                    "Đảng viên đã được miễn công tác và sinh hoạt đảng.");
      }
      next.exempted = true;
      break;
    case v1::MEMBER_EVENT_KIND_EXEMPTION_ENDED:
      if (!s.exempted) {
        return Rule("NOT_EXEMPTED", "the member is not exempted",
                    "Đảng viên không trong thời gian miễn công tác và sinh hoạt đảng.");
      }
      next.exempted = false;
      break;
    case v1::MEMBER_EVENT_KIND_TRANSFERRED_WITHIN:
      if (e.organization_id == s.organization_id) {
        return Rule("SAME_ORGANIZATION", "the member already belongs to that cell",
                    "Đảng viên đang sinh hoạt tại chi bộ này.");
      }
      next.organization_id = e.organization_id;
      next.temporarily_away = false;
      break;
    case v1::MEMBER_EVENT_KIND_TRANSFERRED_OUT:
      next.status = v1::MEMBER_STATUS_TRANSFERRED_OUT;
      next.exempted = false;
      next.temporarily_away = false;
      break;
    case v1::MEMBER_EVENT_KIND_TEMPORARILY_AWAY:
      if (s.temporarily_away) {
        return Rule("ALREADY_AWAY", "the member is already on a temporary transfer",
                    "Đảng viên đang sinh hoạt tạm thời nơi khác.");
      }
      next.temporarily_away = true;
      break;
    case v1::MEMBER_EVENT_KIND_RETURNED:
      if (!s.temporarily_away) {
        return Rule("NOT_AWAY", "the member is not on a temporary transfer",
                    "Đảng viên không sinh hoạt tạm thời nơi khác.");
      }
      next.temporarily_away = false;
      break;
    case v1::MEMBER_EVENT_KIND_STRUCK_OFF:
    case v1::MEMBER_EVENT_KIND_RELEASED:
    case v1::MEMBER_EVENT_KIND_EXPELLED:
      if (e.kind == v1::MEMBER_EVENT_KIND_EXPELLED && s.status == v1::MEMBER_STATUS_PROBATIONARY) {
        // Quy định 69-QĐ/TW, Điều 7: a probationary member is reprimanded or warned only.
        return Rule("EXPULSION_NOT_FOR_PROBATIONARY",
                    "a probationary member cannot be expelled (only reprimanded or warned)",
                    "Đảng viên dự bị chỉ bị khiển trách hoặc cảnh cáo, không khai trừ.");
      }
      next.status = v1::MEMBER_STATUS_LEFT_PARTY;
      next.leaving_form = e.kind == v1::MEMBER_EVENT_KIND_STRUCK_OFF ? v1::LEAVING_FORM_STRUCK_OFF
                          : e.kind == v1::MEMBER_EVENT_KIND_RELEASED ? v1::LEAVING_FORM_RELEASED
                                                                     : v1::LEAVING_FORM_EXPELLED;
      next.left_on = e.effective_on;
      next.exempted = false;
      next.temporarily_away = false;
      break;
    case v1::MEMBER_EVENT_KIND_DECEASED:
      next.status = v1::MEMBER_STATUS_DECEASED;
      break;
    default:
      return Rule("UNKNOWN_EVENT", "not a status event", "Sự kiện không hợp lệ.");
  }
  s = next;
  return std::nullopt;
}

Derived DeriveStanding(std::vector<HistoryEvent> history, const MemberFacts& member,
                       absl::CivilDay day) {
  std::set<int64_t> voided;
  for (const auto& e : history) {
    if (e.corrects) voided.insert(*e.corrects);
  }
  std::stable_sort(history.begin(), history.end(), [](const auto& a, const auto& b) {
    return a.effective_on != b.effective_on ? a.effective_on < b.effective_on : a.id < b.id;
  });
  Derived d;
  for (const auto& e : history) {
    if (e.effective_on > day) break;
    if (e.kind == v1::MEMBER_EVENT_KIND_CORRECTION || voided.count(e.id)) continue;
    if (auto violation = ApplyEvent(d.standing, e, member)) {
      d.violation = violation;
      d.violation->metadata["effective_on"] = FormatDay(e.effective_on);
      return d;
    }
  }
  return d;
}

std::optional<RuleViolation> CheckCorrection(const std::vector<HistoryEvent>& history,
                                             int64_t corrected_id) {
  auto it = std::find_if(history.begin(), history.end(),
                         [&](const HistoryEvent& e) { return e.id == corrected_id; });
  if (it == history.end()) {
    return Rule("CORRECTED_EVENT_UNKNOWN", "the corrected event is not in this member's history",
                "Sự kiện cần đính chính không thuộc quá trình của đảng viên này.");
  }
  if (it->kind == v1::MEMBER_EVENT_KIND_CORRECTION) {
    return Rule("CANNOT_CORRECT_A_CORRECTION", "a correction is not itself corrected",
                "Không đính chính một đính chính.");
  }
  for (const auto& e : history) {
    if (e.corrects == corrected_id) {
      return Rule("ALREADY_CORRECTED", "that event was already voided by a correction",
                  "Sự kiện này đã được đính chính.");
    }
  }
  return std::nullopt;
}

}  // namespace partywork::membership
