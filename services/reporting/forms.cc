#include "services/reporting/forms.h"

#include <algorithm>
#include <set>

#include "absl/strings/str_cat.h"
#include "libs/platform/resource.h"
#include "partywork/membership/v1/member.pb.h"
#include "partywork/membership/v1/organization.pb.h"
#include "services/reporting/form_rows.h"
#include "services/reporting/vietnamese.h"

namespace partywork::reporting {
namespace {

namespace mv1 = ::partywork::membership::v1;

double Ratio(double now, double before) { return before == 0 ? 0 : now / before * 100.0; }

// A row of this period, the same period last year and their ratio.
void Compare(v1::StatisticsForm& form, const std::string& code, const std::string& label,
             double now, double before, int decimals = 0) {
  AddRow(form, code, label, {now, before, Ratio(now, before)}, decimals);
}

int64_t At(const std::map<int, int64_t>& counts, int key) {
  auto it = counts.find(key);
  return it == counts.end() ? 0 : it->second;
}

void CompareColumns(v1::StatisticsForm& form, const std::string& now, const std::string& before) {
  AddColumn(form, now);
  AddColumn(form, before);
  AddColumn(form, "So sánh (%)", true);
}

// A heading row `code` and one compared row per key from `first` to `last`,
// labelled by `name`.
void CompareSection(v1::StatisticsForm& form, const std::string& code, const std::string& label,
                    int first, int last, const std::map<int, int64_t>& a,
                    const std::map<int, int64_t>& b, std::string (*name)(int)) {
  AddHeading(form, code, label);
  for (int k = first; k <= last; ++k) {
    Compare(form, absl::StrCat(code, ".", k - first + 1), Capitalized(name(k)), At(a, k), At(b, k));
  }
}

// The age bands and the mean age under heading `code`.
void CompareAges(v1::StatisticsForm& form, const std::string& code, const Composition& now,
                 const Composition& before) {
  AddHeading(form, code, "Tuổi đời");
  for (int band = 1; band <= kAgeBands; ++band) {
    Compare(form, absl::StrCat(code, ".", band), AgeBandName(band), At(now.by_age_band, band),
            At(before.by_age_band, band));
  }
  Compare(form, absl::StrCat(code, ".", kAgeBands + 1), "Tuổi bình quân", now.MeanAge(),
          before.MeanAge(), 2);
}

}  // namespace

Period SamePeriodLastYear(const Period& p) {
  auto back = [](absl::CivilDay d) {
    const absl::CivilDay same(d.year() - 1, d.month(), d.day());
    return same.month() == d.month() ? same : absl::CivilDay(d.year() - 1, d.month(), 28);
  };
  return {back(p.start), back(p.end)};
}

void Tally(const Movement& m, const TreeHistory& tree, int64_t root, GainsAndLosses* g) {
  const bool before = m.before_organization && tree.Within(*m.before_organization, root, m.day - 1);
  const bool after = m.after_organization && tree.Within(*m.after_organization, root, m.day);
  if (after && !before) {
    if (m.kind == mv1::MEMBER_EVENT_KIND_ADMITTED) ++g->admitted;
    if (m.kind == mv1::MEMBER_EVENT_KIND_TRANSFERRED_IN) ++g->transferred_in;
    if (m.kind == mv1::MEMBER_EVENT_KIND_TRANSFERRED_WITHIN) ++g->transferred_in_within;
    if (m.kind == mv1::MEMBER_EVENT_KIND_RESTORED) ++g->restored;
    return;
  }
  if (!before || after) return;
  switch (m.kind) {
    case mv1::MEMBER_EVENT_KIND_DECEASED:
      ++g->died;
      break;
    case mv1::MEMBER_EVENT_KIND_EXPELLED:
      ++g->expelled;
      break;
    case mv1::MEMBER_EVENT_KIND_STRUCK_OFF:
      ++g->struck_off;
      if (m.before_status == mv1::MEMBER_STATUS_PROBATIONARY) ++g->struck_off_probationary;
      break;
    case mv1::MEMBER_EVENT_KIND_RELEASED:
      ++g->released;
      break;
    case mv1::MEMBER_EVENT_KIND_TRANSFERRED_OUT:
      ++g->transferred_out;
      break;
    case mv1::MEMBER_EVENT_KIND_TRANSFERRED_WITHIN:
      ++g->transferred_out_within;
      break;
    default:
      break;
  }
}

int AgeBand(int age) {
  if (age <= 30) return 1;
  if (age > 60) return kAgeBands;
  return (age - 26) / 5 + 1;
}

int UnitColumn(int kind) {
  switch (kind) {
    case mv1::ORGANIZATION_KIND_BASE_COMMITTEE:
      return 0;
    case mv1::ORGANIZATION_KIND_BASE_CELL:
      return 1;
    case mv1::ORGANIZATION_KIND_PARTIAL_COMMITTEE:
      return 2;
    case mv1::ORGANIZATION_KIND_SUBORDINATE_CELL:
      return 3;
    default:
      return -1;
  }
}

v1::MembershipFigures FiguresOf(const Composition& c, absl::CivilDay day) {
  v1::MembershipFigures f;
  *f.mutable_as_of() = ToDate(day);
  f.set_total(c.total);
  f.set_women(c.women);
  f.set_ethnic_minorities(c.minorities);
  f.set_religious(c.religious);
  f.set_youth_union(c.youth_union);
  f.set_mean_age(c.MeanAge());
  f.set_probationary(c.probationary);
  f.set_exempted(c.exempted);
  for (const auto& [q, n] : c.by_qualification) {
    auto* x = f.add_by_qualification();
    x->set_qualification(static_cast<mv1::Qualification>(q));
    x->set_members(n);
  }
  for (const auto& [p, n] : c.by_political_theory) {
    auto* x = f.add_by_political_theory();
    x->set_political_theory(static_cast<mv1::PoliticalTheory>(p));
    x->set_members(n);
  }
  for (const auto& [t, n] : c.by_organization_type) {
    auto* x = f.add_by_organization_type();
    x->set_type(static_cast<mv1::OrganizationType>(t));
    x->set_members(n);
  }
  return f;
}

namespace {

// The counts of a repeated (key, members) field as a map.
template <class Repeated, class Key>
std::map<int, int64_t> Counts(const Repeated& items, Key key) {
  std::map<int, int64_t> out;
  for (const auto& item : items) out[static_cast<int>(key(item))] += item.members();
  return out;
}

std::map<int, int64_t> Minus(std::map<int, int64_t> a, const std::map<int, int64_t>& b) {
  for (const auto& [k, n] : b) a[k] -= n;
  return a;
}

}  // namespace

v1::MembershipFigures Difference(const v1::MembershipFigures& a, const v1::MembershipFigures& b) {
  Composition c;
  c.total = a.total() - b.total();
  c.women = a.women() - b.women();
  c.minorities = a.ethnic_minorities() - b.ethnic_minorities();
  c.religious = a.religious() - b.religious();
  c.youth_union = a.youth_union() - b.youth_union();
  c.probationary = a.probationary() - b.probationary();
  c.exempted = a.exempted() - b.exempted();
  auto qualification = [](const auto& x) { return x.qualification(); };
  auto theory = [](const auto& x) { return x.political_theory(); };
  auto type = [](const auto& x) { return x.type(); };
  c.by_qualification = Minus(Counts(a.by_qualification(), qualification),
                             Counts(b.by_qualification(), qualification));
  c.by_political_theory =
      Minus(Counts(a.by_political_theory(), theory), Counts(b.by_political_theory(), theory));
  c.by_organization_type =
      Minus(Counts(a.by_organization_type(), type), Counts(b.by_organization_type(), type));
  v1::MembershipFigures d = FiguresOf(c, absl::CivilDay());
  d.clear_as_of();
  d.set_mean_age(a.mean_age() - b.mean_age());
  return d;
}

v1::StatisticsForm GainsAndLossesForm(const GainsAndLosses& now, const GainsAndLosses& before) {
  v1::StatisticsForm form;
  form.set_form(v1::STATISTICS_FORM_KIND_GAINS_AND_LOSSES);
  form.set_title("Biểu 1-TCTW: Tăng, giảm đảng viên");
  CompareColumns(form, "Kỳ này", "Cùng kỳ năm trước");
  auto compare = [&](const std::string& code, const std::string& label,
                     int64_t GainsAndLosses::*field) {
    Compare(form, code, label, now.*field, before.*field);
  };
  compare("1", "Đảng viên đầu kỳ", &GainsAndLosses::opening);
  Compare(form, "2", "Tăng trong kỳ", now.Gains(), before.Gains());
  compare("2.1", "Kết nạp", &GainsAndLosses::admitted);
  compare("2.2", "Chuyển đến từ ngoài Đảng bộ", &GainsAndLosses::transferred_in);
  compare("2.3", "Chuyển đến từ tổ chức đảng khác trong Đảng bộ",
          &GainsAndLosses::transferred_in_within);
  compare("2.4", "Phục hồi đảng tịch", &GainsAndLosses::restored);
  Compare(form, "3", "Giảm trong kỳ", now.Losses(), before.Losses());
  compare("3.1", "Từ trần", &GainsAndLosses::died);
  compare("3.2", "Khai trừ", &GainsAndLosses::expelled);
  compare("3.3", "Xóa tên", &GainsAndLosses::struck_off);
  compare("3.3.1", "Trong đó: đảng viên dự bị", &GainsAndLosses::struck_off_probationary);
  compare("3.4", "Cho ra khỏi Đảng", &GainsAndLosses::released);
  compare("3.5", "Chuyển đi ngoài Đảng bộ", &GainsAndLosses::transferred_out);
  compare("3.6", "Chuyển đi tổ chức đảng khác trong Đảng bộ",
          &GainsAndLosses::transferred_out_within);
  Compare(form, "4", "Thay đổi khác (ghi nhận hồ sơ, sắp xếp tổ chức)", now.Other(),
          before.Other());
  compare("5", "Đảng viên cuối kỳ", &GainsAndLosses::closing);
  return form;
}

v1::StatisticsForm MembershipForm(const Composition& now, const Composition& before,
                                  const std::string& now_heading, const std::string& before_heading,
                                  bool by_type) {
  v1::StatisticsForm form;
  form.set_form(v1::STATISTICS_FORM_KIND_MEMBERSHIP);
  form.set_title("Biểu 3-TCTW: Đảng viên");
  CompareColumns(form, now_heading, before_heading);
  Compare(form, "1", "Tổng số đảng viên", now.total, before.total);
  Compare(form, "2", "Nữ", now.women, before.women);
  Compare(form, "3", "Đảng viên dự bị", now.probationary, before.probationary);
  Compare(form, "4", "Dân tộc thiểu số", now.minorities, before.minorities);
  Compare(form, "5", "Có đạo", now.religious, before.religious);
  Compare(form, "6", "Đoàn viên Đoàn TNCS Hồ Chí Minh", now.youth_union, before.youth_union);
  Compare(form, "7", "Miễn công tác và sinh hoạt đảng", now.exempted, before.exempted);
  CompareAges(form, "8", now, before);
  CompareSection(form, "9", "Giáo dục phổ thông", mv1::GENERAL_EDUCATION_PRIMARY,
                 mv1::GENERAL_EDUCATION_UPPER_SECONDARY, now.by_general_education,
                 before.by_general_education, GeneralEducationName);
  CompareSection(form, "10", "Chuyên môn nghiệp vụ", mv1::QUALIFICATION_ELEMENTARY,
                 mv1::QUALIFICATION_DOCTOR, now.by_qualification, before.by_qualification,
                 QualificationName);
  CompareSection(form, "11", "Lý luận chính trị", mv1::POLITICAL_THEORY_ELEMENTARY,
                 mv1::POLITICAL_THEORY_BACHELOR, now.by_political_theory,
                 before.by_political_theory, PoliticalTheoryName);
  AddHeading(form, "12", "Tình trạng công tác");
  Compare(form, "12.1", "Đang công tác", now.total - now.retired, before.total - before.retired);
  Compare(form, "12.2", "Đã nghỉ hưu", now.retired, before.retired);
  CompareSection(form, "13", "Thời kỳ vào Đảng", 1, kAdmissionPeriods, now.by_admission_period,
                 before.by_admission_period, AdmissionPeriodName);
  if (by_type) {
    CompareSection(form, "14", "Theo loại hình tổ chức cơ sở đảng",
                   mv1::ORGANIZATION_TYPE_ADMINISTRATIVE_AGENCY, mv1::ORGANIZATION_TYPE_OTHER,
                   now.by_organization_type, before.by_organization_type, OrganizationTypeName);
  }
  return form;
}

v1::StatisticsForm NewMembersForm(const NewMembers& now, const NewMembers& before) {
  v1::StatisticsForm form;
  form.set_form(v1::STATISTICS_FORM_KIND_NEW_MEMBERS);
  form.set_title("Biểu 2-TCTW: Đảng viên mới kết nạp");
  CompareColumns(form, "Kỳ này", "Cùng kỳ năm trước");
  const Composition &a = now.members, &b = before.members;
  Compare(form, "1", "Tổng số đảng viên mới kết nạp", a.total, b.total);
  Compare(form, "2", "Nữ", a.women, b.women);
  Compare(form, "3", "Dân tộc thiểu số", a.minorities, b.minorities);
  Compare(form, "4", "Có đạo", a.religious, b.religious);
  Compare(form, "5", "Đoàn viên Đoàn TNCS Hồ Chí Minh", a.youth_union, b.youth_union);
  Compare(form, "6", "Kết nạp lại", now.readmitted, before.readmitted);
  // Occupations of either period, largest now first, then by name.
  std::vector<std::pair<int64_t, std::string>> occupations;
  for (const auto& [name, n] : now.occupations) occupations.push_back({-n, name});
  for (const auto& [name, n] : before.occupations) {
    if (!now.occupations.count(name)) occupations.push_back({0, name});
  }
  std::sort(occupations.begin(), occupations.end());
  AddHeading(form, "7", "Nghề nghiệp");
  Compare(form, "7.1", "Học sinh, sinh viên", now.students, before.students);
  int i = 1;
  for (const auto& [ignored, name] : occupations) {
    auto count = [&name](const NewMembers& m) {
      auto it = m.occupations.find(name);
      return it == m.occupations.end() ? 0 : it->second;
    };
    Compare(form, absl::StrCat("7.", ++i), name.empty() ? "Chưa ghi nghề nghiệp" : name, count(now),
            count(before));
  }
  CompareAges(form, "8", a, b);
  CompareSection(form, "9", "Giáo dục phổ thông", mv1::GENERAL_EDUCATION_PRIMARY,
                 mv1::GENERAL_EDUCATION_UPPER_SECONDARY, a.by_general_education,
                 b.by_general_education, GeneralEducationName);
  CompareSection(form, "10", "Chuyên môn nghiệp vụ", mv1::QUALIFICATION_ELEMENTARY,
                 mv1::QUALIFICATION_DOCTOR, a.by_qualification, b.by_qualification,
                 QualificationName);
  Compare(form, "11", "Chủ doanh nghiệp tư nhân", now.private_business_owners,
          before.private_business_owners);
  CompareSection(form, "12", "Học hàm", mv1::ACADEMIC_TITLE_ASSOCIATE_PROFESSOR,
                 mv1::ACADEMIC_TITLE_PROFESSOR, now.by_academic_title, before.by_academic_title,
                 AcademicTitleName);
  return form;
}

v1::StatisticsForm PartyWorkForm(const PartyWork& now, const PartyWork& before,
                                 const std::vector<int>& badge_years) {
  v1::StatisticsForm form;
  form.set_form(v1::STATISTICS_FORM_KIND_PARTY_WORK);
  form.set_title("Biểu 7-TCTW: Khen thưởng, Huy hiệu Đảng, thẻ đảng viên, chuyển sinh hoạt đảng");
  CompareColumns(form, "Kỳ này", "Cùng kỳ năm trước");
  AddHeading(form, "1", "Đảng viên đủ tuổi Đảng được xét tặng Huy hiệu Đảng");
  int i = 0;
  for (int years : badge_years) {
    Compare(form, absl::StrCat("1.", ++i), absl::StrCat("Huy hiệu ", years, " năm tuổi Đảng"),
            At(now.badges, years), At(before.badges, years));
  }
  AddHeading(form, "2", "Thẻ đảng viên");
  Compare(form, "2.1", "Phát thẻ đảng viên", now.cards_issued, before.cards_issued);
  Compare(form, "2.2", "Cấp lại thẻ đảng viên", now.cards_reissued, before.cards_reissued);
  const GainsAndLosses &a = now.transfers, &b = before.transfers;
  AddHeading(form, "3", "Chuyển sinh hoạt đảng chính thức");
  Compare(form, "3.1", "Chuyển đến từ ngoài Đảng bộ", a.transferred_in, b.transferred_in);
  Compare(form, "3.2", "Chuyển đến từ tổ chức đảng khác trong Đảng bộ", a.transferred_in_within,
          b.transferred_in_within);
  Compare(form, "3.3", "Chuyển đi ngoài Đảng bộ", a.transferred_out, b.transferred_out);
  Compare(form, "3.4", "Chuyển đi tổ chức đảng khác trong Đảng bộ", a.transferred_out_within,
          b.transferred_out_within);
  AddHeading(form, "4", "Chuyển sinh hoạt đảng tạm thời");
  Compare(form, "4.1", "Chuyển đi sinh hoạt tạm thời", now.temporarily_away,
          before.temporarily_away);
  Compare(form, "4.2", "Trở về sinh hoạt", now.returned, before.returned);
  // Awards given: the listed party ages, and any other a badge was given at.
  std::set<int> awarded_years(badge_years.begin(), badge_years.end());
  for (const PartyWork* w : {&now, &before}) {
    for (const auto& [years, ignored] : w->badges_awarded) awarded_years.insert(years);
  }
  AddHeading(form, "5", "Khen thưởng, trao tặng Huy hiệu Đảng");
  Compare(form, "5.1", "Đảng viên được trao tặng Huy hiệu Đảng", now.badge_awardees,
          before.badge_awardees);
  i = 0;
  for (int years : awarded_years) {
    Compare(form, absl::StrCat("5.1.", ++i),
            absl::StrCat("Trao tặng Huy hiệu ", years, " năm tuổi Đảng"),
            At(now.badges_awarded, years), At(before.badges_awarded, years));
  }
  Compare(form, "5.2", "Đảng viên được khen thưởng", now.commended, before.commended);
  return form;
}

v1::StatisticsForm EthnicityAndReligionForm(const EthnicityAndReligion& now, int64_t total,
                                            const EthnicityAndReligion& before) {
  v1::StatisticsForm form;
  form.set_form(v1::STATISTICS_FORM_KIND_ETHNICITY_AND_RELIGION);
  form.set_title("Biểu 4-TCTW: Đảng viên theo dân tộc, tôn giáo");
  AddColumn(form, "Số đảng viên");
  AddColumn(form, "Trong đó nữ");
  AddColumn(form, "Tỷ lệ so với tổng số (%)", true);
  AddColumn(form, "Cùng kỳ năm trước");
  AddColumn(form, "So sánh (%)", true);
  auto section = [&](const std::string& code, const std::string& label,
                     const std::vector<GroupCount>& groups, const std::vector<GroupCount>& previous,
                     const std::string& none) {
    AddHeading(form, code, label);
    std::vector<GroupCount> rows = groups;
    for (const auto& p : previous) {  // groups that had members only last year
      bool seen = false;
      for (const auto& g : groups) seen = seen || g.name == p.name;
      if (!seen) rows.push_back({p.name, 0, 0});
    }
    int i = 0;
    for (const auto& g : rows) {
      int64_t last = 0;
      for (const auto& p : previous) {
        if (p.name == g.name) last = p.members;
      }
      AddRow(form, absl::StrCat(code, ".", ++i), g.name.empty() ? none : g.name,
             {static_cast<double>(g.members), static_cast<double>(g.women), Ratio(g.members, total),
              static_cast<double>(last), Ratio(g.members, last)});
    }
  };
  section("1", "Theo dân tộc", now.ethnicities, before.ethnicities, "Chưa ghi dân tộc");
  section("2", "Theo tôn giáo", now.religions, before.religions, "Không theo tôn giáo");
  return form;
}

v1::StatisticsForm OrganizationsByTypeForm(const std::vector<OrganizationCount>& organizations,
                                           const Composition& now, const Composition& before) {
  v1::StatisticsForm form;
  form.set_form(v1::STATISTICS_FORM_KIND_ORGANIZATIONS_BY_TYPE);
  form.set_title("Biểu 5-TCTW: Tổ chức đảng và đảng viên theo loại hình cơ sở");
  for (const char* heading : {"Đảng bộ cơ sở", "Chi bộ cơ sở", "Đảng bộ bộ phận",
                              "Chi bộ trực thuộc", "Đảng viên", "Đảng viên cùng kỳ năm trước"}) {
    AddColumn(form, heading);
  }
  AddColumn(form, "So sánh (%)", true);
  std::vector<double> total(7, 0);
  for (int type = mv1::ORGANIZATION_TYPE_ADMINISTRATIVE_AGENCY;
       type <= mv1::ORGANIZATION_TYPE_OTHER; ++type) {
    std::vector<double> values(7, 0);
    for (const auto& o : organizations) {
      if (o.type != type) continue;
      const int column = UnitColumn(o.kind);
      if (column >= 0) values[column] += o.count;
    }
    values[4] = At(now.by_organization_type, type);
    values[5] = At(before.by_organization_type, type);
    values[6] = Ratio(values[4], values[5]);
    for (int i = 0; i < 6; ++i) total[i] += values[i];
    AddRow(form, absl::StrCat(type), Capitalized(OrganizationTypeName(type)), values);
  }
  total[6] = Ratio(total[4], total[5]);
  AddRow(form, "", "Tổng cộng", total);
  return form;
}

}  // namespace partywork::reporting
