#include "tools/bulk_import/dataset.h"

#include <algorithm>
#include <map>

#include "absl/strings/str_cat.h"
#include "libs/platform/resource.h"
#include "partywork/membership/v1/organization.pb.h"
#include "services/membership/member_support.h"
#include "tools/bulk_import/copy_text.h"

namespace partywork::bulk {
namespace {

namespace v1 = ::partywork::membership::v1;
using membership::HistoryEvent;
using membership::Standing;

// Streams of the tree, distinct from the members' (their ids are > 0).
constexpr uint64_t kTreeStream = ~0ull;

const char* const kFamilies[] = {"Nguyễn", "Nguyễn", "Nguyễn", "Trần", "Trần",  "Lê", "Lê",
                                 "Phạm",   "Hoàng",  "Huỳnh",  "Phan", "Vũ",    "Võ", "Đặng",
                                 "Bùi",    "Đỗ",     "Hồ",     "Ngô",  "Dương", "Lý", "Đinh"};
const char* const kMiddleMale[] = {"Văn", "Văn", "Đức", "Minh", "Hữu", "Quốc", "Thanh", "Xuân"};
const char* const kMiddleFemale[] = {"Thị", "Thị", "Thị", "Ngọc", "Thu", "Thanh", "Kim", "Mỹ"};
const char* const kGivenMale[] = {"An",    "Bình", "Cường", "Dũng", "Hải",  "Hùng", "Khoa",
                                  "Long",  "Nam",  "Phong", "Quân", "Sơn",  "Tài",  "Thắng",
                                  "Trung", "Tuấn", "Việt",  "Đạt",  "Hiếu", "Lâm"};
const char* const kGivenFemale[] = {"Anh",    "Chi",  "Dung",  "Giang", "Hà",  "Hạnh", "Hoa",
                                    "Hương",  "Lan",  "Linh",  "Mai",   "Nga", "Ngọc", "Nhung",
                                    "Phương", "Thảo", "Trang", "Uyên",  "Vân", "Yến"};
// Ethnic minorities most often met in the Party's records (DOMAIN §3).
const char* const kMinorities[] = {"Tày", "Thái", "Mường",   "Khmer", "Hoa",   "Nùng", "Mông",
                                   "Dao", "Ê Đê", "Gia Rai", "Cơ Ho", "Mnông", "Chăm", "Ba Na"};
const char* const kReligions[] = {"Phật giáo", "Công giáo", "Tin Lành", "Cao Đài"};
const char* const kOccupations[] = {"Công chức", "Viên chức", "Công nhân", "Kỹ sư",
                                    "Giáo viên", "Bác sĩ",    "Nhân viên", "Quản lý"};
const char* const kUnitKinds[] = {"", "Sở", "Trường", "Công ty", "Công ty cổ phần", "Hội"};

}  // namespace

std::optional<Size> ParseSize(absl::string_view name) {
  if (name == "khoi") return Size::kKhoi;
  if (name == "province") return Size::kProvince;
  if (name == "region") return Size::kRegion;
  if (name == "country") return Size::kCountry;
  return std::nullopt;
}

const char* SizeName(Size size) {
  switch (size) {
    case Size::kKhoi:
      return "khoi";
    case Size::kProvince:
      return "province";
    case Size::kRegion:
      return "region";
    case Size::kCountry:
      return "country";
  }
  return "";
}

Shape ShapeOf(Size size) {
  switch (size) {
    case Size::kKhoi:
      return {3500, 1, 0, 35, 65};
    case Size::kProvince:
      return {50000, 1, 10, 300, 690};
    case Size::kRegion:  // 14 provinces like the province size
      return {700000, 14, 140, 4200, 9660, true};
    case Size::kCountry:
      return {5600000, 63, 700, 52000, 270000, true};
  }
  return {};
}

const std::vector<Table>& Tables() {
  static const auto* kTables = new std::vector<Table>{
      {"membership.organizations", "(id, established_on, version)", &Chunk::organizations},
      {"membership.reorganizations", "(id, kind, effective_on, decision)", &Chunk::reorganizations},
      {"membership.organization_versions",
       "(organization_id, valid_from, valid_to, display_name, kind, org_type, parent_id, "
       "reorganization_id)",
       &Chunk::organization_versions},
      {"membership.members",
       "(id, full_name, gender, birth_date, ethnicity, religion, national_id, "
       "party_card_number, admitted_on, official_on, occupation, workplace, general_education, "
       "qualification, political_theory, youth_union_member, student, background, status, "
       "exempted, leaving_form, organization_id, temporarily_away, status_since, retired)",
       &Chunk::members},
      {"membership.member_events",
       "(id, member_id, kind, effective_on, organization_id, initial_status, decision, "
       "recorded_by, note)",
       &Chunk::member_events},
      {"membership.ratings",
       "(id, member_id, organization_id, base_organization_id, year, grade, points, decision, "
       "recorded_by, created_at)",
       &Chunk::ratings},
      {"membership.member_awards",
       "(id, member_id, kind, badge_years, awarded_on, decision, awarded_by, note, recorded_by, "
       "created_at)",
       &Chunk::awards},
      {"membership.applied_discipline", "(discipline_case, member_id, member_event)",
       &Chunk::applied_discipline},
      {"membership.outbox", "(id, sequence, event_type, subject, request_id, payload)",
       &Chunk::outbox},
      {"inspection.programs",
       "(id, actor_kind, actor_organization_id, board, year, body, version, created_at, "
       "updated_at)",
       &Chunk::programs, Schema::kInspection},
      {"inspection.petitions",
       "(id, organization_id, subject, state, due_on, resolved_on, body, version, created_at, "
       "updated_at)",
       &Chunk::petitions, Schema::kInspection},
      {"inspection.inspections",
       "(id, kind, actor_organization_id, subject, program_id, petition_id, state, opened_on, "
       "concluded_on, closed_on, body, version, created_at, updated_at)",
       &Chunk::inspections, Schema::kInspection},
      {"inspection.discipline_cases",
       "(id, subject, inspection_id, petition_id, state, body, version, created_at, updated_at)",
       &Chunk::discipline_cases, Schema::kInspection},
      {"inspection.outbox", "(id, sequence, event_type, subject, request_id, payload)",
       &Chunk::inspection_outbox, Schema::kInspection},
  };
  return *kTables;
}

struct Generator::Org {
  int64_t id;
  std::string name;
  v1::OrganizationKind kind;
  v1::OrganizationType type;
  std::optional<int64_t> parent;
  absl::CivilDay established;
};

Generator::Generator(Size size, uint64_t seed) : size_(size), seed_(seed), shape_(ShapeOf(size)) {}

namespace {

void OutboxRow(std::string& rows, int64_t id, uint64_t seed, const std::string& subject,
               const std::string& type, const std::string& payload) {
  Field(rows, id);
  Field(rows, id);  // numbered at once: the import is the only writer
  Field(rows, type);
  Field(rows, subject);
  Field(rows, absl::StrCat("bulk-import-", seed, "-", id));
  Bytes(rows, payload);
  EndRow(rows);
}

}  // namespace

void Generator::AddOutbox(Chunk& out, const std::string& subject, const std::string& type,
                          const std::string& payload) {
  OutboxRow(out.outbox, ++counts_.outbox, seed_, subject, type, payload);
}

void Generator::AddInspectionOutbox(Chunk& out, const std::string& subject, const std::string& type,
                                    const std::string& payload) {
  OutboxRow(out.inspection_outbox, ++counts_.inspection_outbox, seed_, subject, type, payload);
}

int64_t Generator::ParentOn(int64_t organization, absl::CivilDay day) const {
  const Place& p = places_[organization - 1];
  return p.moved_on && *p.moved_on <= day ? p.moved_to : p.parent;
}

int64_t Generator::BaseOrganizationOn(int64_t cell, absl::CivilDay day) const {
  return places_[cell - 1].kind == v1::ORGANIZATION_KIND_SUBORDINATE_CELL ? ParentOn(cell, day)
                                                                          : cell;
}

bool Generator::IsHigherCommittee(int64_t organization) const {
  return places_[organization - 1].kind == v1::ORGANIZATION_KIND_HIGHER_COMMITTEE;
}

void Generator::AddOrganization(Chunk& out, const Org& org,
                                std::optional<absl::CivilDay> moved_on) {
  ++counts_.organizations;
  ++counts_.versions;
  Field(out.organizations, org.id);
  Field(out.organizations, org.established);
  Field(out.organizations, moved_on ? 2 : 1);  // the etag counts the versions
  EndRow(out.organizations);
  std::string& v = out.organization_versions;
  Field(v, org.id);
  Field(v, org.established);
  moved_on ? Field(v, *moved_on) : Null(v);
  Field(v, org.name);
  Field(v, org.kind);
  Field(v, org.type);
  Field(v, org.parent);
  Null(v);
  EndRow(v);
  v1::OrganizationEstablished event;
  v1::Organization& o = *event.mutable_organization();
  o.set_name(ResourceName("organizations", org.id));
  o.set_display_name(org.name);
  o.set_kind(org.kind);
  o.set_type(org.type);
  if (org.parent) o.set_parent(ResourceName("organizations", *org.parent));
  *o.mutable_established_on() = ToDate(org.established);
  *o.mutable_version_from() = ToDate(org.established);
  o.set_etag("1");
  AddOutbox(out, o.name(), "partywork.membership.v1.OrganizationEstablished", Packed(event));
}

Chunk Generator::Organizations() {
  Chunk out;
  Rng rng(seed_, kTreeStream);
  std::vector<Org> orgs;
  int64_t next = 1;
  std::vector<int64_t> tops;  // the committees base organizations hang under
  std::optional<int64_t> country;
  if (shape_.national) {
    orgs.push_back({next++, "Đảng Cộng sản Việt Nam", v1::ORGANIZATION_KIND_HIGHER_COMMITTEE,
                    v1::ORGANIZATION_TYPE_UNSPECIFIED, std::nullopt, absl::CivilDay(1930, 2, 3)});
    country = orgs.back().id;
  }
  for (int r = 0; r < shape_.roots; ++r) {
    std::string name = size_ == Size::kKhoi ? "Đảng bộ Khối các cơ quan và doanh nghiệp tỉnh"
                       : size_ == Size::kProvince ? "Đảng bộ tỉnh"
                                                  : absl::StrCat("Đảng bộ tỉnh số ", r + 1);
    orgs.push_back({next++, name, v1::ORGANIZATION_KIND_HIGHER_COMMITTEE,
                    v1::ORGANIZATION_TYPE_UNSPECIFIED, country,
                    rng.DayIn(absl::CivilDay(1975, 1, 1), absl::CivilDay(1990, 12, 31))});
    if (shape_.districts == 0) tops.push_back(orgs.back().id);
  }
  for (int d = 0; d < shape_.districts; ++d) {
    const Org& root = orgs[(country ? 1 : 0) + d % shape_.roots];
    orgs.push_back({next++, absl::StrCat("Đảng bộ huyện số ", d + 1),
                    v1::ORGANIZATION_KIND_HIGHER_COMMITTEE, v1::ORGANIZATION_TYPE_UNSPECIFIED,
                    root.id, rng.DayIn(absl::CivilDay(1991, 1, 1), absl::CivilDay(2000, 12, 31))});
    tops.push_back(orgs.back().id);
  }
  // Nearly half the base organizations are committees (đảng bộ cơ sở) over
  // the cells; the others are base cells (chi bộ cơ sở) with members.
  const int committees = std::max(1, shape_.base_orgs * 45 / 100);
  std::vector<size_t> committee_index;
  for (int b = 0; b < shape_.base_orgs; ++b) {
    const bool committee = b < committees;
    const auto type = static_cast<v1::OrganizationType>(rng.Chance(0.4)   ? 1
                                                        : rng.Chance(0.5) ? 2
                                                        : rng.Chance(0.4) ? 3
                                                        : rng.Chance(0.8) ? 4
                                                                          : 5);
    orgs.push_back(
        {next++, absl::StrCat(committee ? "Đảng bộ " : "Chi bộ ", kUnitKinds[type], " số ", b + 1),
         committee ? v1::ORGANIZATION_KIND_BASE_COMMITTEE : v1::ORGANIZATION_KIND_BASE_CELL, type,
         tops[rng.Below(static_cast<int64_t>(tops.size()))],
         rng.DayIn(absl::CivilDay(1995, 1, 1), absl::CivilDay(2012, 12, 31))});
    if (committee) committee_index.push_back(orgs.size() - 1);
    if (!committee) leaves_.push_back(orgs.back().id);
  }
  for (int c = 0; c < shape_.cells; ++c) {
    const Org& parent =
        orgs[committee_index[rng.Below(static_cast<int64_t>(committee_index.size()))]];
    orgs.push_back({next++, absl::StrCat("Chi bộ số ", c + 1, " thuộc ", parent.name),
                    v1::ORGANIZATION_KIND_SUBORDINATE_CELL, parent.type, parent.id,
                    std::max(parent.established,
                             rng.DayIn(absl::CivilDay(2000, 1, 1), absl::CivilDay(2018, 12, 31)))});
    leaves_.push_back(orgs.back().id);
  }
  // 2 % of the cells moved to another committee during the five years
  // (chuyển): a second version from the move's date.
  std::map<int64_t, int64_t> moves;  // cell → its new committee
  for (const Org& org : orgs) {
    if (org.kind == v1::ORGANIZATION_KIND_SUBORDINATE_CELL && committee_index.size() > 1 &&
        rng.Chance(0.02)) {
      int64_t to =
          orgs[committee_index[rng.Below(static_cast<int64_t>(committee_index.size()))]].id;
      if (to != *org.parent) moves[org.id] = to;
    }
  }
  for (const Org& org : orgs) {
    org_names_.push_back(org.name);
    places_.push_back({org.kind, org.parent.value_or(0), std::nullopt, 0});
  }
  for (const Org& org : orgs) {
    auto move = moves.find(org.id);
    if (move == moves.end()) {
      AddOrganization(out, org, std::nullopt);
      continue;
    }
    const absl::CivilDay day = rng.DayIn(kHistoryFrom, kAsOf - 30);
    AddOrganization(out, org, day);
    Move(out, org.id, move->second, day);
    places_[org.id - 1].moved_on = day;
    places_[org.id - 1].moved_to = move->second;
  }
  OrganizationRatings(out);
  OrganizationWork(out);
  return out;
}

void Generator::Move(Chunk& out, int64_t cell, int64_t new_parent, absl::CivilDay day) {
  std::string& v = out.organization_versions;
  const int64_t reorganization = ++counts_.reorganizations;
  const std::string decision = absl::StrCat("Quyết định số ", reorganization, "-QĐ/TU");
  Field(out.reorganizations, reorganization);
  Field(out.reorganizations, v1::REORGANIZATION_KIND_MOVE);
  Field(out.reorganizations, day);
  Field(out.reorganizations, decision);
  EndRow(out.reorganizations);
  ++counts_.versions;
  Field(v, cell);
  Field(v, day);
  Null(v);
  Field(v, org_names_[cell - 1]);
  Field(v, v1::ORGANIZATION_KIND_SUBORDINATE_CELL);
  Field(v, 0);
  Field(v, new_parent);
  Field(v, reorganization);
  EndRow(v);
  v1::OrganizationsReorganized event;
  v1::Reorganization& r = *event.mutable_reorganization();
  r.set_name(ResourceName("reorganizations", reorganization));
  r.set_kind(v1::REORGANIZATION_KIND_MOVE);
  *r.mutable_effective_on() = ToDate(day);
  r.set_decision(decision);
  v1::Organization& moved = *r.add_results();
  moved.set_name(ResourceName("organizations", cell));
  moved.set_display_name(org_names_[cell - 1]);
  moved.set_kind(v1::ORGANIZATION_KIND_SUBORDINATE_CELL);
  moved.set_parent(ResourceName("organizations", new_parent));
  *moved.mutable_version_from() = ToDate(day);
  moved.set_etag("2");
  AddOutbox(out, r.name(), "partywork.membership.v1.OrganizationsReorganized", Packed(event));
}

Chunk Generator::Members(int64_t from, int64_t to) {
  Chunk out;
  for (int64_t id = from; id < to; ++id) AddMember(out, id);
  return out;
}

namespace {

struct Planned {
  v1::MemberEventKind kind;
  absl::CivilDay day;
  std::optional<int64_t> cell;
  v1::MemberStatus initial_status = v1::MEMBER_STATUS_UNSPECIFIED;
};

// The record of member `id`: who they are, drawn from their own stream.
v1::Member Record(Rng& rng, int64_t id, uint64_t seed, absl::CivilDay birth, int age) {
  v1::Member m;
  const bool woman = rng.Chance(0.37);
  m.set_name(ResourceName("members", id));
  m.set_full_name(absl::StrCat(rng.Pick(kFamilies), " ",
                               woman ? rng.Pick(kMiddleFemale) : rng.Pick(kMiddleMale), " ",
                               woman ? rng.Pick(kGivenFemale) : rng.Pick(kGivenMale)));
  m.set_gender(woman ? v1::GENDER_FEMALE : v1::GENDER_MALE);
  *m.mutable_birth_date() = ToDate(birth);
  m.set_ethnicity(rng.Chance(0.04) ? rng.Pick(kMinorities) : "Kinh");
  if (rng.Chance(0.016)) m.set_religion(rng.Pick(kReligions));
  // Unique: 7919 is invertible modulo 10^9.
  m.set_national_id(absl::StrCat("0", 10 + (id * 31) % 86,
                                 absl::Dec((id * 7919 + seed) % 1000000000, absl::kZeroPad9)));
  m.set_occupation(age >= 58 && rng.Chance(0.8) ? "Nghỉ hưu" : rng.Pick(kOccupations));
  m.set_retired(m.occupation() == "Nghỉ hưu");
  m.set_general_education(rng.Chance(0.97) ? v1::GENERAL_EDUCATION_UPPER_SECONDARY
                                           : v1::GENERAL_EDUCATION_LOWER_SECONDARY);
  const double q = rng.Unit();  // sơ cấp 3 %, trung cấp 5 %, CĐ/ĐH 76 %, ThS/TS 16 %
  m.set_qualification(static_cast<v1::Qualification>(q < 0.029   ? 2
                                                     : q < 0.082 ? 3
                                                     : q < 0.132 ? 4
                                                     : q < 0.84  ? 5
                                                     : q < 0.99  ? 6
                                                                 : 7));
  const double t = rng.Unit();
  m.set_political_theory(static_cast<v1::PoliticalTheory>(t < 0.2    ? 1
                                                          : t < 0.7  ? 2
                                                          : t < 0.95 ? 3
                                                                     : 4));
  m.set_youth_union_member(age <= 30 && rng.Chance(0.85));
  m.set_student(age <= 23 && rng.Chance(0.3));
  return m;
}

}  // namespace

void Generator::AddMember(Chunk& out, int64_t id) {
  Rng rng(seed_, static_cast<uint64_t>(id));
  // Age on kAsOf: mostly 21–57 (mean about 39), 6 % retired.
  const int age = rng.Chance(0.06) ? 58 + static_cast<int>(rng.Below(18))
                                   : 21 + static_cast<int>((rng.Unit() + rng.Unit()) / 2 * 37);
  const absl::CivilDay birth = absl::CivilDay(kAsOf.year() - age, 12, 31) - rng.Below(365);
  v1::Member m = Record(rng, id, seed_, birth, age);
  const int64_t cell = leaves_[rng.Below(static_cast<int64_t>(leaves_.size()))];
  m.set_workplace(org_names_[cell - 1]);
  // Admitted from the day after turning 18 to 59; a fifth within the five
  // years, the others before, more often young.
  const absl::CivilDay eligible = membership::AddMonths(birth, 216) + 1;
  const absl::CivilDay latest = std::min(kAsOf - 1, membership::AddMonths(birth, 708));
  absl::CivilDay admitted;
  if (eligible >= kHistoryFrom || (latest >= kHistoryFrom && rng.Chance(0.2))) {
    admitted = rng.DayIn(std::max(eligible, kHistoryFrom), latest);
  } else {
    const double u = rng.Unit();
    admitted =
        eligible + static_cast<int64_t>(u * u * (std::min(kHistoryFrom - 1, latest) - eligible));
  }
  *m.mutable_admitted_on() = ToDate(admitted);
  const absl::CivilDay probation_end = membership::ProbationEnd(admitted);

  std::vector<Planned> plan;
  if (admitted >= kHistoryFrom) {
    plan.push_back({v1::MEMBER_EVENT_KIND_ADMITTED, admitted, cell});  // kết nạp
  } else {
    const bool moved_in = rng.Chance(0.025);
    const absl::CivilDay day = moved_in ? rng.DayIn(kHistoryFrom, kAsOf - 60) : kHistoryFrom;
    plan.push_back(
        {moved_in ? v1::MEMBER_EVENT_KIND_TRANSFERRED_IN : v1::MEMBER_EVENT_KIND_REGISTERED, day,
         cell, probation_end <= day ? v1::MEMBER_STATUS_OFFICIAL : v1::MEMBER_STATUS_PROBATIONARY});
    if (probation_end <= day) *m.mutable_official_on() = ToDate(probation_end);
  }
  const absl::CivilDay after = plan[0].day + 1;
  auto later = [&] { return rng.DayIn(after, kAsOf); };
  if (probation_end > plan[0].day && probation_end <= kAsOf) {
    if (rng.Chance(0.97)) {
      plan.push_back({v1::MEMBER_EVENT_KIND_RECOGNIZED_OFFICIAL, probation_end, std::nullopt});
    } else {  // not recognized: xóa tên
      plan.push_back({v1::MEMBER_EVENT_KIND_STRUCK_OFF,
                      std::min(kAsOf, probation_end + rng.Below(60)), std::nullopt});
    }
  }
  for (double p : {0.12, 0.02}) {
    if (!rng.Chance(p)) continue;
    int64_t to = leaves_[rng.Below(static_cast<int64_t>(leaves_.size()))];
    plan.push_back({v1::MEMBER_EVENT_KIND_TRANSFERRED_WITHIN, later(), to});
  }
  if (rng.Chance(0.03)) {
    const absl::CivilDay away = later();
    plan.push_back({v1::MEMBER_EVENT_KIND_TEMPORARILY_AWAY, away, std::nullopt});
    const absl::CivilDay back = away + 90 + rng.Below(300);
    if (back <= kAsOf) plan.push_back({v1::MEMBER_EVENT_KIND_RETURNED, back, std::nullopt});
  }
  if (age >= 55 && rng.Chance(0.1)) {
    const absl::CivilDay from = later();
    plan.push_back({v1::MEMBER_EVENT_KIND_EXEMPTED, from, std::nullopt});
    if (rng.Chance(0.2) && from < kAsOf) {
      plan.push_back(
          {v1::MEMBER_EVENT_KIND_EXEMPTION_ENDED, rng.DayIn(from + 1, kAsOf), std::nullopt});
    }
  }
  const std::pair<v1::MemberEventKind, double> endings[] = {
      {v1::MEMBER_EVENT_KIND_TRANSFERRED_OUT, 0.04},
      {v1::MEMBER_EVENT_KIND_DECEASED, 0.004 + std::max(0, age - 55) * 0.004},
      {v1::MEMBER_EVENT_KIND_STRUCK_OFF, 0.004},
      {v1::MEMBER_EVENT_KIND_RELEASED, 0.002},
      {v1::MEMBER_EVENT_KIND_EXPELLED, 0.0015}};
  for (const auto& [kind, p] : endings) {
    if (rng.Chance(p)) plan.push_back({kind, later(), std::nullopt});
  }
  std::stable_sort(plan.begin() + 1, plan.end(),
                   [](const Planned& a, const Planned& b) { return a.day < b.day; });

  // The fold of the service's rules decides which events happen: one it
  // refuses (e.g. a transfer after death) is left out.
  const membership::MemberFacts facts{birth, admitted};
  Standing standing;
  bool first = true;
  std::vector<HistoryEvent> history;
  std::optional<Expulsion> expulsion;
  for (const Planned& p : plan) {
    if (p.kind == v1::MEMBER_EVENT_KIND_TRANSFERRED_WITHIN && standing.organization_id == p.cell) {
      continue;
    }
    const int64_t event_id = counts_.events + 1;
    const HistoryEvent event{event_id,         p.kind,       p.day,       p.cell,
                             p.initial_status, std::nullopt, std::nullopt};
    if (membership::ApplyEvent(standing, event, facts)) continue;
    ++counts_.events;
    history.push_back(event);
    v1::MemberEvent e;
    e.set_name(absl::StrCat(m.name(), "/events/", event_id));
    e.set_kind(p.kind);
    *e.mutable_effective_on() = ToDate(p.day);
    if (p.cell) e.set_organization(ResourceName("organizations", *p.cell));
    e.set_initial_status(p.initial_status);
    if (p.kind != v1::MEMBER_EVENT_KIND_RECOGNIZED_OFFICIAL) {
      e.set_decision(absl::StrCat("Quyết định số ", event_id % 997 + 1, "-QĐ/ĐU"));
    }
    e.set_recorded_by("bulk-import");
    if (p.kind == v1::MEMBER_EVENT_KIND_EXPELLED) {
      // Applied by membership from inspection's decision (discipline_consumer.cc).
      expulsion = Expulsion{NextDisciplineCase(), event_id, p.day};
      e.set_decision(DisciplineDocument(expulsion->discipline_case));
      e.set_note(ResourceName("disciplineCases", expulsion->discipline_case));
      e.set_recorded_by("service:inspection");
    }
    std::string& r = out.member_events;
    Field(r, event_id);
    Field(r, id);
    Field(r, p.kind);
    Field(r, p.day);
    Field(r, p.cell);
    Field(r, p.initial_status);
    Field(r, e.decision());
    Field(r, e.recorded_by());
    Field(r, e.note());
    EndRow(r);
    if (first) {
      v1::MemberCreated created;
      *created.mutable_member() = m;
      membership::WithoutPersonalData(created.mutable_member());
      *created.mutable_member()->mutable_state() = membership::ToState(standing, p.day);
      created.mutable_member()->set_etag("1");
      *created.mutable_first_event() = e;
      AddOutbox(out, m.name(), "partywork.membership.v1.MemberCreated", Packed(created));
      first = false;
    } else {
      v1::MemberEventRecorded recorded;
      recorded.set_member(m.name());
      *recorded.mutable_event() = e;
      *recorded.mutable_state() = membership::ToState(standing, p.day);
      AddOutbox(out, m.name(), "partywork.membership.v1.MemberEventRecorded", Packed(recorded));
    }
  }
  MemberRatings(out, id, history, facts);
  MemberAwards(out, m, history, facts);
  MemberWork(out, id, history, facts, expulsion);
  ++counts_.members;
  if (standing.official_on) *m.mutable_official_on() = ToDate(*standing.official_on);
  if (m.has_official_on()) m.set_party_card_number(absl::StrCat(absl::Dec(id, absl::kZeroPad8)));
  std::string& r = out.members;
  Field(r, id);
  Field(r, m.full_name());
  Field(r, m.gender());
  Field(r, birth);
  Field(r, m.ethnicity());
  Field(r, m.religion());
  Field(r, m.national_id());
  Field(r, m.party_card_number());
  Field(r, admitted);
  m.has_official_on() ? Field(r, *ToCivilDay(m.official_on())) : Null(r);
  Field(r, m.occupation());
  Field(r, m.workplace());
  Field(r, m.general_education());
  Field(r, m.qualification());
  Field(r, m.political_theory());
  Bool(r, m.youth_union_member());
  Bool(r, m.student());
  Field(r, m.background());
  Field(r, standing.status);
  Bool(r, standing.exempted);
  Field(r, standing.leaving_form);
  Field(r, standing.organization_id);
  Bool(r, standing.temporarily_away);
  Field(r, standing.since);
  Bool(r, m.retired());
  EndRow(r);
}

void Checksum::Add(const Chunk& chunk) {
  for (size_t t = 0; t < tables_.size(); ++t) {
    uint64_t& hash = tables_[t];
    for (unsigned char c : chunk.*(Tables()[t].rows)) {
      hash ^= c;
      hash *= 1099511628211ull;
    }
  }
}

uint64_t Checksum::Value() const {
  uint64_t combined = 14695981039346656037ull;
  for (uint64_t h : tables_) combined = (combined ^ h) * 1099511628211ull;
  return combined;
}

}  // namespace partywork::bulk
