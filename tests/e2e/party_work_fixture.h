// ReportingTest with short calls that load party work through membership's
// API (members with their records and status events, ratings, committee
// seats, party cards, awards) and read the party-work reports back.
#pragma once

#include <algorithm>
#include <fstream>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "tests/e2e/reporting_fixture.h"

namespace partywork::testing {

using absl::CivilDay;

// A person's record, as the tests load it through membership's API.
struct Person {
  std::string full_name = "Nguyễn Văn An";
  mv1::Gender gender = mv1::GENDER_MALE;
  CivilDay born = CivilDay(1980, 4, 2);
  std::string ethnicity = "Kinh";
  std::string religion;
  mv1::GeneralEducation general_education = mv1::GENERAL_EDUCATION_UPPER_SECONDARY;
  mv1::Qualification qualification = mv1::QUALIFICATION_UNIVERSITY;
  mv1::PoliticalTheory political_theory = mv1::POLITICAL_THEORY_ELEMENTARY;
  bool youth_union = false;
  bool student = false;
  std::string occupation;
};

class PartyWorkTest : public ReportingTest {
 protected:
  static mv1::Member RecordOf(const Person& p) {
    mv1::Member m;
    m.set_full_name(p.full_name);
    m.set_gender(p.gender);
    *m.mutable_birth_date() = ToDate(p.born);
    m.set_ethnicity(p.ethnicity);
    m.set_religion(p.religion);
    m.set_general_education(p.general_education);
    m.set_qualification(p.qualification);
    m.set_political_theory(p.political_theory);
    m.set_youth_union_member(p.youth_union);
    m.set_student(p.student);
    m.set_occupation(p.occupation);
    return m;
  }

  static std::string CreateWith(mv1::Member record, const mv1::MemberEvent& first) {
    mv1::CreateMemberRequest r;
    *r.mutable_member() = std::move(record);
    *r.mutable_first_event() = first;
    mv1::Member out;
    grpc::Status s = stub_->CreateMember(Context().get(), r, &out);
    EXPECT_TRUE(s.ok()) << r.member().full_name() << ": " << s.error_message();
    return out.name();
  }

  static mv1::MemberEvent Event(mv1::MemberEventKind kind, CivilDay day,
                                const std::string& cell = "") {
    mv1::MemberEvent e;
    e.set_kind(kind);
    *e.mutable_effective_on() = ToDate(day);
    e.set_organization(cell);
    e.set_decision("Quyết định số 1-QĐ/ĐUK");
    return e;
  }

  // An official member (admitted on `admitted_on`, else in 2005 or at 20 if
  // younger) registered in `cell` on 1/1/2015.
  static std::string Official(const std::string& cell, const Person& p = {},
                              std::optional<CivilDay> admitted_on = std::nullopt) {
    mv1::Member m = RecordOf(p);
    const CivilDay admitted =
        admitted_on.value_or(std::max(CivilDay(2005, 5, 19), CivilDay(p.born.year() + 20, 5, 19)));
    *m.mutable_admitted_on() = ToDate(admitted);
    *m.mutable_official_on() =
        ToDate(CivilDay(admitted.year() + 1, admitted.month(), std::min<int>(admitted.day(), 28)));
    mv1::MemberEvent e = Event(mv1::MEMBER_EVENT_KIND_REGISTERED, CivilDay(2015, 1, 1), cell);
    e.set_initial_status(mv1::MEMBER_STATUS_OFFICIAL);
    return CreateWith(std::move(m), e);
  }

  // A member admitted (kết nạp) into `cell` on `day`.
  static std::string Admitted(const std::string& cell, CivilDay day, const Person& p = {}) {
    mv1::Member m = RecordOf(p);
    *m.mutable_admitted_on() = ToDate(day);
    return CreateWith(std::move(m), Event(mv1::MEMBER_EVENT_KIND_ADMITTED, day, cell));
  }

  static void Record(const std::string& member, mv1::MemberEventKind kind, CivilDay day,
                     const std::string& cell = "") {
    mv1::RecordMemberEventRequest r;
    r.set_parent(member);
    *r.mutable_event() = Event(kind, day, cell);
    mv1::MemberEvent ignored;
    grpc::Status s = stub_->RecordMemberEvent(Context().get(), r, &ignored);
    EXPECT_TRUE(s.ok()) << member << ": " << s.error_message();
  }

  static void Rate(const std::string& subject, int year, mv1::RatingGrade grade) {
    mv1::CreateRatingRequest r;
    r.mutable_rating()->set_subject(subject);
    r.mutable_rating()->set_year(year);
    r.mutable_rating()->set_grade(grade);
    r.mutable_rating()->set_decision("Biên bản đánh giá, xếp loại");
    mv1::Rating ignored;
    grpc::Status s = stub_->CreateRating(Context().get(), r, &ignored);
    EXPECT_TRUE(s.ok()) << subject << ": " << s.error_message();
  }

  static rv1::RatingReport Ratings(const std::string& root, int year) {
    rv1::GetRatingReportRequest r;
    r.set_root(root);
    r.set_year(year);
    *r.mutable_freshness() = UpToDate();
    rv1::RatingReport out;
    grpc::Status s = reports_->GetRatingReport(Context().get(), r, &out);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return out;
  }

  // The distribution's counts, excellent first.
  static std::vector<int> Grades(const rv1::RatingDistribution& d) {
    std::vector<int> out;
    for (const auto& g : d.grades()) out.push_back(g.count());
    return out;
  }

  static const rv1::RatingTarget& TargetOf(const rv1::RatingReport& r, const std::string& rule) {
    for (const auto& t : r.targets()) {
      if (t.rule() == rule) return t;
    }
    static const rv1::RatingTarget kNone;
    ADD_FAILURE() << "no target " << rule;
    return kNone;
  }

  static mv1::CommitteeMember Seat(const std::string& organization, const std::string& member,
                                   mv1::CommitteeRole role, int term_start, CivilDay from,
                                   std::optional<CivilDay> to = std::nullopt,
                                   bool head_of_unit = false) {
    mv1::CreateCommitteeMemberRequest r;
    auto* c = r.mutable_committee_member();
    c->set_organization(organization);
    c->set_member(member);
    c->set_role(role);
    c->set_term_start_year(term_start);
    c->set_term_end_year(term_start + 5);
    *c->mutable_from_on() = ToDate(from);
    if (to) *c->mutable_to_on() = ToDate(*to);
    c->set_also_head_of_unit(head_of_unit);
    c->set_decision("Quyết định chuẩn y kết quả bầu cử");
    mv1::CommitteeMember out;
    grpc::Status s = stub_->CreateCommitteeMember(Context().get(), r, &out);
    EXPECT_TRUE(s.ok()) << member << ": " << s.error_message();
    return out;
  }

  static rv1::CommitteeReport Committees(const std::string& root, int term_start,
                                         std::optional<CivilDay> as_of = std::nullopt,
                                         std::vector<mv1::OrganizationKind> kinds = {}) {
    rv1::GetCommitteeReportRequest r;
    r.set_root(root);
    r.set_term_start_year(term_start);
    if (as_of) *r.mutable_as_of() = ToDate(*as_of);
    for (auto k : kinds) r.add_organization_kinds(k);
    *r.mutable_freshness() = UpToDate();
    rv1::CommitteeReport out;
    grpc::Status s = reports_->GetCommitteeReport(Context().get(), r, &out);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return out;
  }

  // Members by role: secretary, deputy, standing member, member.
  static std::vector<int> Roles(const rv1::CommitteeFigures& f) {
    std::vector<int> out;
    for (const auto& r : f.by_role()) out.push_back(r.members());
    return out;
  }

  template <class Counts, class Key>
  static std::map<int, int> ByKey(const Counts& counts, Key key) {
    std::map<int, int> out;
    for (const auto& c : counts) out[static_cast<int>(key(c))] = c.members();
    return out;
  }

  static void Card(const std::string& member, mv1::PartyCardIssueKind kind, CivilDay day,
                   const std::string& number) {
    mv1::CreatePartyCardIssueRequest r;
    r.mutable_issue()->set_member(member);
    r.mutable_issue()->set_kind(kind);
    r.mutable_issue()->set_card_number(number);
    *r.mutable_issue()->mutable_issued_on() = ToDate(day);
    if (kind == mv1::PARTY_CARD_ISSUE_KIND_REISSUE) r.mutable_issue()->set_reason("Mất thẻ");
    mv1::PartyCardIssue ignored;
    grpc::Status s = stub_->CreatePartyCardIssue(Context().get(), r, &ignored);
    EXPECT_TRUE(s.ok()) << member << ": " << s.error_message();
  }

  // An award to `member` on `day`: a party badge of `badge_years`, else a commendation.
  static grpc::Status Award(const std::string& member, CivilDay day, int badge_years = 0) {
    mv1::CreateMemberAwardRequest r;
    r.set_parent(member);
    r.mutable_award()->set_kind(badge_years ? mv1::AWARD_KIND_PARTY_BADGE
                                            : mv1::AWARD_KIND_COMMENDATION);
    r.mutable_award()->set_badge_years(badge_years);
    *r.mutable_award()->mutable_awarded_on() = ToDate(day);
    r.mutable_award()->set_decision("Quyết định số 125-QĐ/ĐUK");
    mv1::MemberAward ignored;
    return stub_->CreateMemberAward(Context().get(), r, &ignored);
  }

  // The row labelled `label`'s values: this period, last year, ratio.
  static std::vector<double> Row(const rv1::StatisticsForm& form, const std::string& label) {
    for (const auto& row : form.rows()) {
      if (row.label() == label) return {row.values().begin(), row.values().end()};
    }
    ADD_FAILURE() << "no row " << label;
    return {};
  }

  // The export asked, written under the test's temporary directory when a
  // spreadsheet; `path` receives where.
  static rv1::ExportReportResponse ExportTo(rv1::ExportReportRequest r, rv1::ExportFormat format,
                                            std::string* path = nullptr) {
    r.set_format(format);
    rv1::ExportReportResponse file = Export(r);
    if (path) {
      *path = ::testing::TempDir() + "/" + file.filename();
      std::ofstream(*path, std::ios::binary) << file.content();
    }
    return file;
  }

  static bool HasLine(const rv1::ExportReportResponse& file, const std::string& line) {
    return file.content().find("\r\n" + line + "\r\n") != std::string::npos;
  }

  // Byte-for-byte equality of the reports `snapshot` gives before and after
  // a rebuild from the feed.
  template <class Snapshot>
  static void ExpectRebuildKeeps(Snapshot snapshot) {
    const std::vector<std::string> before = snapshot();
    ASSERT_EQ(RunBinary("reporting", {"rebuild"}, ReportingEnvironment()), 0);
    const std::vector<std::string> after = snapshot();
    ASSERT_EQ(after.size(), before.size());
    for (size_t i = 0; i < before.size(); ++i) EXPECT_EQ(after[i], before[i]) << "report " << i;
  }
};

}  // namespace partywork::testing
