// The inspection e2e fixture: the real membership and inspection binaries on
// one private PostgreSQL, a Khối with one base committee of two cells (five
// and three official members, one probationary), membership following
// inspection's feed, and helpers for each step of inspections and discipline.
#pragma once

#include <utility>

#include "libs/platform/errors.h"
#include "partywork/inspection/v1/inspection_service.grpc.pb.h"
#include "tests/e2e/membership_fixture.h"

namespace partywork::testing {

namespace iv1 = ::partywork::inspection::v1;
using absl::CivilDay;

class InspectionTest : public MembershipTest {
 protected:
  static void SetUpTestSuite() {
    Postgres::Get().ResetSchema("inspection");
    MembershipTest::SetUpTestSuite();
    ASSERT_EQ(RunBinary("inspection", {"migrate"}), 0);
    inspection_ =
        ServerProcess::Start("inspection", {{"PARTYWORK_MEMBERSHIP_ADDRESS", server_->address()}})
            .release();
    ASSERT_NE(inspection_, nullptr);
    istub_ = iv1::InspectionService::NewStub(inspection_->channel()).release();
    const CivilDay founded(2015, 1, 1);
    khoi_ = Create("Đảng bộ Khối", mv1::ORGANIZATION_KIND_HIGHER_COMMITTEE,
                   mv1::ORGANIZATION_TYPE_UNSPECIFIED, "", founded);
    committee_ = Create("Đảng bộ Sở Tài chính", mv1::ORGANIZATION_KIND_BASE_COMMITTEE,
                        mv1::ORGANIZATION_TYPE_ADMINISTRATIVE_AGENCY, khoi_, founded);
    cell_a_ = Create("Chi bộ Phòng Ngân sách", mv1::ORGANIZATION_KIND_SUBORDINATE_CELL,
                     mv1::ORGANIZATION_TYPE_UNSPECIFIED, committee_, founded);
    cell_b_ = Create("Chi bộ Phòng Tin học", mv1::ORGANIZATION_KIND_SUBORDINATE_CELL,
                     mv1::ORGANIZATION_TYPE_UNSPECIFIED, committee_, founded);
    // Five official members in cell A, three in cell B; one probationary
    // member admitted on 1/7/2024 in cell B.
    for (int k = 0; k < 5; ++k)
      cell_a_members_.push_back(Official("Nguyễn Văn A" + std::to_string(k), cell_a_));
    for (int k = 0; k < 3; ++k)
      cell_b_members_.push_back(Official("Trần Thị B" + std::to_string(k), cell_b_));
    probationary_ = Admitted("Lê Văn Cường", cell_b_, CivilDay(2024, 7, 1));
    // Inspection has its copy once it counts the nine members.
    const absl::Time until = absl::Now() + absl::Seconds(20);
    while (absl::Now() < until) {
      iv1::Coverage c;
      if (Coverage(committee_, 2024, 0, &c).ok() && c.members_inspected().total() == 9) break;
      absl::SleepFor(absl::Milliseconds(100));
    }
    RestartMembership();
  }

  // Membership again, now following inspection's feed (its copy of the
  // tree, complete by now, needs nothing more from membership).
  static void RestartMembership() {
    // Left null, not dangling, should the restart fail (the suite's teardown
    // deletes them).
    delete std::exchange(stub_, nullptr);
    delete server_;
    server_ = ServerProcess::Start("membership",
                                   {{"PARTYWORK_INSPECTION_ADDRESS", inspection_->address()}})
                  .release();
    ASSERT_NE(server_, nullptr);
    stub_ = mv1::MembershipService::NewStub(server_->channel()).release();
  }

  // The member's EXPELLED events, once membership's status says expelled
  // (or after 20 s).
  static int ExpulsionsOf(const std::string& member) {
    const absl::Time until = absl::Now() + absl::Seconds(20);
    int expelled = 0;
    while (absl::Now() < until) {
      mv1::ListMemberEventsRequest r;
      r.set_parent(member);
      mv1::ListMemberEventsResponse events;
      expelled = 0;
      if (stub_->ListMemberEvents(Context().get(), r, &events).ok()) {
        for (const auto& e : events.events()) {
          expelled += e.kind() == mv1::MEMBER_EVENT_KIND_EXPELLED;
        }
      }
      if (expelled > 0) break;
      absl::SleepFor(absl::Milliseconds(100));
    }
    return expelled;
  }
  static void TearDownTestSuite() {
    delete istub_;
    delete inspection_;
    MembershipTest::TearDownTestSuite();
  }

  static std::string Official(const std::string& name, const std::string& cell) {
    mv1::CreateMemberRequest r;
    auto* m = r.mutable_member();
    m->set_full_name(name);
    m->set_gender(mv1::GENDER_MALE);
    *m->mutable_birth_date() = ToDate(CivilDay(1980, 5, 1));
    m->set_ethnicity("Kinh");
    *m->mutable_admitted_on() = ToDate(CivilDay(2005, 3, 1));
    *m->mutable_official_on() = ToDate(CivilDay(2006, 3, 1));
    auto* e = r.mutable_first_event();
    e->set_kind(mv1::MEMBER_EVENT_KIND_REGISTERED);
    *e->mutable_effective_on() = ToDate(CivilDay(2016, 1, 1));
    e->set_organization(cell);
    e->set_initial_status(mv1::MEMBER_STATUS_OFFICIAL);
    mv1::Member out;
    grpc::Status s = stub_->CreateMember(Context().get(), r, &out);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return out.name();
  }

  static std::string Admitted(const std::string& name, const std::string& cell, CivilDay day) {
    mv1::CreateMemberRequest r;
    auto* m = r.mutable_member();
    m->set_full_name(name);
    m->set_gender(mv1::GENDER_MALE);
    *m->mutable_birth_date() = ToDate(CivilDay(1995, 5, 1));
    m->set_ethnicity("Kinh");
    *m->mutable_admitted_on() = ToDate(day);
    auto* e = r.mutable_first_event();
    e->set_kind(mv1::MEMBER_EVENT_KIND_ADMITTED);
    *e->mutable_effective_on() = ToDate(day);
    e->set_organization(cell);
    mv1::Member out;
    grpc::Status s = stub_->CreateMember(Context().get(), r, &out);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return out.name();
  }

  static grpc::Status Coverage(const std::string& org, int year, int term, iv1::Coverage* out) {
    iv1::GetCoverageRequest r;
    r.set_organization(org);
    r.set_year(year);
    r.set_term_start_year(term);
    return istub_->GetCoverage(Context().get(), r, out);
  }

  static iv1::Actor Actor(iv1::ActorKind kind, const std::string& org) {
    iv1::Actor a;
    a.set_kind(kind);
    a.set_organization(org);
    return a;
  }

  static grpc::Status NewInspection(iv1::InspectionKind kind, const iv1::Actor& actor,
                                    const std::string& subject, CivilDay planned,
                                    iv1::Inspection* out, const std::string& program = "",
                                    const std::string& petition = "") {
    iv1::CreateInspectionRequest r;
    auto* i = r.mutable_inspection();
    i->set_kind(kind);
    *i->mutable_actor() = actor;
    i->set_subject(subject);
    i->set_content("Việc thực hiện Điều lệ Đảng");
    *i->mutable_planned_on() = ToDate(planned);
    i->set_program(program);
    i->set_petition(petition);
    return istub_->CreateInspection(Context().get(), r, out);
  }

  static grpc::Status Open(const std::string& name, CivilDay day, iv1::Inspection* out) {
    iv1::RecordInspectionStepRequest r;
    r.set_name(name);
    r.mutable_open()->set_decision("Quyết định số 12-QĐ/UBKTĐUK");
    *r.mutable_open()->mutable_opened_on() = ToDate(day);
    r.mutable_open()->add_team("Phạm Văn Đức");
    return istub_->RecordInspectionStep(Context().get(), r, out);
  }

  static grpc::Status Conclude(const std::string& name, CivilDay day, bool violation,
                               iv1::Inspection* out) {
    iv1::RecordInspectionStepRequest r;
    r.set_name(name);
    auto* c = r.mutable_conclude();
    *c->mutable_concluded_on() = ToDate(day);
    c->set_violation(violation);
    c->set_discipline_warranted(violation);
    c->set_findings("Vi phạm quy định về những điều đảng viên không được làm");
    return istub_->RecordInspectionStep(Context().get(), r, out);
  }

  static grpc::Status NewCase(const std::string& origin, const std::string& subject,
                              CivilDay started, CivilDay ended, iv1::DisciplineCase* out) {
    iv1::CreateDisciplineCaseRequest r;
    auto* c = r.mutable_discipline_case();
    c->set_inspection(origin);
    c->set_subject(subject);
    c->set_violation("Vi phạm quy định về những điều đảng viên không được làm");
    *c->mutable_violation_started_on() = ToDate(started);
    *c->mutable_violation_ended_on() = ToDate(ended);
    return istub_->CreateDisciplineCase(Context().get(), r, out);
  }

  static grpc::Status Decide(const std::string& name, iv1::DisciplineForm form, CivilDay day,
                             iv1::DisciplineCase* out) {
    iv1::RecordDisciplineStepRequest r;
    r.set_name(name);
    auto* d = r.mutable_decide();
    d->set_form(form);
    d->set_authority("Ủy ban kiểm tra Đảng ủy Khối");
    d->set_document("Quyết định số 07-QĐ/UBKTĐUK");
    *d->mutable_decided_on() = ToDate(day);
    *d->mutable_effective_on() = ToDate(day);
    *d->mutable_notified_on() = ToDate(day + 1);
    return istub_->RecordDisciplineStep(Context().get(), r, out);
  }

  static iv1::DisciplineCase GetCase(const std::string& name) {
    iv1::GetDisciplineCaseRequest r;
    r.set_name(name);
    iv1::DisciplineCase c;
    EXPECT_TRUE(istub_->GetDisciplineCase(Context().get(), r, &c).ok());
    return c;
  }

  static inline ServerProcess* inspection_ = nullptr;
  static inline iv1::InspectionService::Stub* istub_ = nullptr;
  static inline std::string khoi_, committee_, cell_a_, cell_b_, probationary_;
  static inline std::vector<std::string> cell_a_members_, cell_b_members_;
};

}  // namespace partywork::testing
