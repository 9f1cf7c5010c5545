// Inspection against the real membership and inspection binaries: the copy
// of membership's tree and statuses from its feed, a denunciation through an
// inspection on signs of violation to a discipline decision and its appeal,
// refusals that change nothing, and a program's progress and a year's
// coverage against hand-computed figures.
#include "tests/e2e/inspection_fixture.h"

namespace partywork::testing {
namespace {

PARTYWORK_USE_POSTGRES();

TEST_F(InspectionTest, DenunciationToInspectionToDisciplineAndAppeal) {
  const std::string member = cell_a_members_[0];
  const iv1::Actor commission = Actor(iv1::ACTOR_KIND_INSPECTION_COMMISSION, khoi_);
  // A denunciation, handled: due 90 working days after 2/1/2025.
  iv1::CreatePetitionRequest pr;
  auto* p = pr.mutable_petition();
  p->set_kind(iv1::PETITION_KIND_DENUNCIATION);
  p->set_organization(khoi_);
  p->set_subject(member);
  *p->mutable_received_on() = ToDate(CivilDay(2025, 1, 2));
  p->mutable_petitioner()->set_full_name("Hoàng Thị Mai");
  p->mutable_petitioner()->set_address("12 Trần Phú, Đà Lạt");
  p->set_summary("Tố cáo vi phạm trong quản lý tài chính");
  iv1::Petition petition;
  ASSERT_TRUE(istub_->CreatePetition(Context().get(), pr, &petition).ok());
  iv1::RecordPetitionStepRequest handle;
  handle.set_name(petition.name());
  handle.mutable_decide_jurisdiction()->set_decision(iv1::JURISDICTION_DECISION_HANDLE);
  *handle.mutable_decide_jurisdiction()->mutable_decided_on() = ToDate(CivilDay(2025, 1, 6));
  ASSERT_TRUE(istub_->RecordPetitionStep(Context().get(), handle, &petition).ok());
  EXPECT_EQ(petition.state(), iv1::PETITION_STATE_HANDLING);
  EXPECT_EQ(*ToCivilDay(petition.due_on()), CivilDay(2025, 5, 21));
  // Overdue on 22/5/2025 while unresolved.
  iv1::ListPetitionsRequest overdue;
  overdue.set_organization(khoi_);
  *overdue.mutable_overdue_on() = ToDate(CivilDay(2025, 5, 22));
  iv1::ListPetitionsResponse listed;
  ASSERT_TRUE(istub_->ListPetitions(Context().get(), overdue, &listed).ok());
  ASSERT_EQ(listed.petitions_size(), 1);

  // An inspection on signs of violation, opened and concluded with a violation.
  iv1::Inspection inspection;
  ASSERT_TRUE(NewInspection(iv1::INSPECTION_KIND_SIGNS_OF_VIOLATION, commission, member,
                            CivilDay(2025, 1, 10), &inspection, "", petition.name())
                  .ok());
  ASSERT_TRUE(Open(inspection.name(), CivilDay(2025, 1, 15), &inspection).ok());
  ASSERT_TRUE(Conclude(inspection.name(), CivilDay(2025, 3, 20), true, &inspection).ok());
  EXPECT_EQ(inspection.state(), iv1::INSPECTION_STATE_CONCLUDED);
  iv1::RecordPetitionStepRequest resolve;
  resolve.set_name(petition.name());
  *resolve.mutable_resolve()->mutable_resolved_on() = ToDate(CivilDay(2025, 3, 25));
  resolve.mutable_resolve()->set_substantiated(true);
  resolve.mutable_resolve()->set_outcome("Tố cáo đúng");
  ASSERT_TRUE(istub_->RecordPetitionStep(Context().get(), resolve, &petition).ok());
  listed.Clear();
  ASSERT_TRUE(istub_->ListPetitions(Context().get(), overdue, &listed).ok());
  EXPECT_EQ(listed.petitions_size(), 0);

  // The case, a decision refused before the conclusion, then decided.
  iv1::DisciplineCase c;
  ASSERT_TRUE(
      NewCase(inspection.name(), member, CivilDay(2024, 6, 1), CivilDay(2024, 9, 30), &c).ok());
  grpc::Status early = Decide(c.name(), iv1::DISCIPLINE_FORM_EXPULSION, CivilDay(2025, 3, 19), &c);
  EXPECT_EQ(early.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(errors::Reason(early), "DECISION_BEFORE_CONCLUSION");
  EXPECT_EQ(GetCase(c.name()).state(), iv1::DISCIPLINE_STATE_OPEN);
  ASSERT_TRUE(Decide(c.name(), iv1::DISCIPLINE_FORM_EXPULSION, CivilDay(2025, 4, 2), &c).ok());
  EXPECT_EQ(c.state(), iv1::DISCIPLINE_STATE_DECIDED);
  // Notified Thursday 3/4/2025: 30 working days skip 7/4, 30/4–2/5.
  EXPECT_EQ(*ToCivilDay(c.decision().appeal_deadline()), CivilDay(2025, 5, 21));

  // The appeal: too late refused, in time lodged, then upheld.
  iv1::RecordDisciplineStepRequest appeal;
  appeal.set_name(c.name());
  appeal.mutable_appeal()->set_appealed_to("Ủy ban kiểm tra Tỉnh ủy");
  *appeal.mutable_appeal()->mutable_lodged_on() = ToDate(CivilDay(2025, 5, 22));
  grpc::Status late = istub_->RecordDisciplineStep(Context().get(), appeal, &c);
  EXPECT_EQ(errors::Reason(late), "APPEAL_TOO_LATE");
  *appeal.mutable_appeal()->mutable_lodged_on() = ToDate(CivilDay(2025, 4, 20));
  ASSERT_TRUE(istub_->RecordDisciplineStep(Context().get(), appeal, &c).ok());
  EXPECT_EQ(c.state(), iv1::DISCIPLINE_STATE_UNDER_APPEAL);
  iv1::RecordDisciplineStepRequest outcome;
  outcome.set_name(c.name());
  outcome.mutable_decide_appeal()->set_outcome(iv1::APPEAL_OUTCOME_UPHELD);
  *outcome.mutable_decide_appeal()->mutable_decided_on() = ToDate(CivilDay(2025, 6, 10));
  outcome.mutable_decide_appeal()->set_document("Quyết định số 03-QĐ/UBKTTU");
  ASSERT_TRUE(istub_->RecordDisciplineStep(Context().get(), outcome, &c).ok());
  EXPECT_EQ(c.state(), iv1::DISCIPLINE_STATE_APPEAL_DECIDED);
  EXPECT_EQ(c.form_in_force(), iv1::DISCIPLINE_FORM_EXPULSION);

  // Membership applies the expulsion once: the member has left the Party.
  ASSERT_EQ(ExpulsionsOf(member), 1);
  mv1::GetMemberRequest get;
  get.set_name(member);
  mv1::Member m;
  ASSERT_TRUE(stub_->GetMember(Context().get(), get, &m).ok());
  EXPECT_EQ(m.state().status(), mv1::MEMBER_STATUS_LEFT_PARTY);
  EXPECT_EQ(m.state().leaving_form(), mv1::LEAVING_FORM_EXPELLED);
  // A restart, and the whole feed delivered again from a lost checkpoint:
  // still one expulsion.
  ASSERT_EQ(server_->Terminate(), 0);
  Postgres::Get().Admin(
      "UPDATE membership.feed_checkpoints SET last_sequence = 0 WHERE feed = 'inspection'");
  RestartMembership();
  const absl::Time until = absl::Now() + absl::Seconds(20);
  while (absl::Now() < until &&
         Postgres::Get()
             .Admin("SELECT 1 FROM membership.feed_checkpoints WHERE feed = 'inspection' AND "
                    "last_sequence > 0")
             .empty()) {
    absl::SleepFor(absl::Milliseconds(100));
  }
  EXPECT_EQ(ExpulsionsOf(member), 1);
  EXPECT_EQ(
      Postgres::Get().Admin("SELECT count(*) FROM membership.applied_discipline")[0][0].as<int>(),
      1);
}

TEST_F(InspectionTest, RefusalsNameTheRuleAndChangeNothing) {
  const iv1::Actor commission = Actor(iv1::ACTOR_KIND_INSPECTION_COMMISSION, khoi_);
  iv1::ListInspectionsRequest list;
  list.set_organization(khoi_);
  list.set_subject(probationary_);
  // The probationary member was admitted on 1/7/2024: not a subject before.
  iv1::Inspection refused;
  grpc::Status s = NewInspection(iv1::INSPECTION_KIND_SIGNS_OF_VIOLATION, commission, probationary_,
                                 CivilDay(2024, 6, 30), &refused);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(errors::Reason(s), "SUBJECT_NOT_IN_EXISTENCE");
  iv1::ListInspectionsResponse none;
  ASSERT_TRUE(istub_->ListInspections(Context().get(), list, &none).ok());
  EXPECT_EQ(none.inspections_size(), 0);

  // Expulsion of a member probationary at the violation: not allowed.
  iv1::Inspection i;
  ASSERT_TRUE(NewInspection(iv1::INSPECTION_KIND_SIGNS_OF_VIOLATION, commission, probationary_,
                            CivilDay(2024, 8, 1), &i)
                  .ok());
  ASSERT_TRUE(Open(i.name(), CivilDay(2024, 8, 5), &i).ok());
  ASSERT_TRUE(Conclude(i.name(), CivilDay(2024, 10, 1), true, &i).ok());
  iv1::DisciplineCase c;
  ASSERT_TRUE(
      NewCase(i.name(), probationary_, CivilDay(2024, 7, 15), CivilDay(2024, 7, 20), &c).ok());
  s = Decide(c.name(), iv1::DISCIPLINE_FORM_EXPULSION, CivilDay(2024, 10, 10), &c);
  EXPECT_EQ(errors::Reason(s), "FORM_NOT_ALLOWED");
  EXPECT_EQ(GetCase(c.name()).state(), iv1::DISCIPLINE_STATE_OPEN);

  // A reprimand five years and a day after the violation ended: lapsed.
  const std::string member = cell_b_members_[0];
  iv1::Inspection old;
  ASSERT_TRUE(NewInspection(iv1::INSPECTION_KIND_SIGNS_OF_VIOLATION, commission, member,
                            CivilDay(2024, 9, 1), &old)
                  .ok());
  ASSERT_TRUE(Open(old.name(), CivilDay(2024, 9, 2), &old).ok());
  ASSERT_TRUE(Conclude(old.name(), CivilDay(2024, 9, 20), true, &old).ok());
  iv1::DisciplineCase lapsed;
  ASSERT_TRUE(
      NewCase(old.name(), member, CivilDay(2019, 1, 1), CivilDay(2019, 10, 1), &lapsed).ok());
  s = Decide(lapsed.name(), iv1::DISCIPLINE_FORM_REPRIMAND, CivilDay(2024, 10, 2), &lapsed);
  EXPECT_EQ(errors::Reason(s), "LIMITATION_EXPIRED");
  EXPECT_EQ(GetCase(lapsed.name()).state(), iv1::DISCIPLINE_STATE_OPEN);
  // On the anniversary it is still in time.
  EXPECT_TRUE(
      Decide(lapsed.name(), iv1::DISCIPLINE_FORM_REPRIMAND, CivilDay(2024, 10, 1), &lapsed).ok());
}

// The base committee's 2023 program: 3 inspections and 2 supervisions
// planned; by 30/6/2023 two opened, one concluded; by year end four opened,
// three concluded. Coverage of 2023: 2 of the 8 members (25 %, under 30 %)
// inspected; 1 of the 2 cells (50 %) covered.
TEST_F(InspectionTest, ProgramProgressAndCoverageMatchHandCounts) {
  const iv1::Actor committee = Actor(iv1::ACTOR_KIND_BASE_COMMITTEE, committee_);
  iv1::CreateProgramRequest pr;
  *pr.mutable_program()->mutable_actor() = committee;
  pr.mutable_program()->set_year(2023);
  *pr.mutable_program()->mutable_adopted_on() = ToDate(CivilDay(2023, 1, 10));
  pr.mutable_program()->set_planned_inspections(3);
  pr.mutable_program()->set_planned_supervisions(2);
  iv1::Program program;
  ASSERT_TRUE(istub_->CreateProgram(Context().get(), pr, &program).ok());
  struct Planned {
    iv1::InspectionKind kind;
    std::string subject;
    CivilDay opened;
    std::optional<CivilDay> concluded;
  };
  const std::vector<Planned> work = {
      {iv1::INSPECTION_KIND_COMMITTEE, cell_a_members_[1], CivilDay(2023, 3, 1),
       CivilDay(2023, 5, 1)},
      {iv1::INSPECTION_KIND_COMMITTEE, cell_a_members_[2], CivilDay(2023, 6, 30),
       CivilDay(2023, 9, 1)},
      {iv1::INSPECTION_KIND_REGULAR_SUPERVISION, cell_a_, CivilDay(2023, 8, 1),
       CivilDay(2023, 11, 1)},
      {iv1::INSPECTION_KIND_THEMATIC_SUPERVISION, cell_b_members_[1], CivilDay(2023, 10, 1),
       std::nullopt},
  };
  for (const auto& w : work) {
    iv1::Inspection i;
    ASSERT_TRUE(
        NewInspection(w.kind, committee, w.subject, CivilDay(2023, 2, 1), &i, program.name()).ok());
    ASSERT_TRUE(Open(i.name(), w.opened, &i).ok());
    if (w.concluded) {
      ASSERT_TRUE(Conclude(i.name(), *w.concluded, false, &i).ok());
    }
  }
  auto progress = [&](CivilDay day) {
    iv1::GetProgramProgressRequest r;
    r.set_name(program.name());
    *r.mutable_as_of() = ToDate(day);
    iv1::ProgramProgress p;
    EXPECT_TRUE(istub_->GetProgramProgress(Context().get(), r, &p).ok());
    return p;
  };
  iv1::ProgramProgress mid = progress(CivilDay(2023, 6, 30));
  EXPECT_EQ(mid.planned_inspections(), 3);
  EXPECT_EQ(mid.opened_inspections(), 2);
  EXPECT_EQ(mid.concluded_inspections(), 1);
  EXPECT_EQ(mid.opened_supervisions(), 0);
  iv1::ProgramProgress end = progress(CivilDay(2023, 12, 31));
  EXPECT_EQ(end.opened_inspections(), 2);
  EXPECT_EQ(end.concluded_inspections(), 2);
  EXPECT_EQ(end.opened_supervisions(), 2);
  EXPECT_EQ(end.concluded_supervisions(), 1);

  iv1::Coverage c;
  ASSERT_TRUE(Coverage(committee_, 2023, 0, &c).ok());
  EXPECT_EQ(c.members_inspected().total(), 8);  // the probationary member came in 2024
  EXPECT_EQ(c.members_inspected().covered(), 2);
  EXPECT_FALSE(c.members_inspected().met());
  EXPECT_EQ(c.cells_covered().total(), 2);
  EXPECT_EQ(c.cells_covered().covered(), 1);
  EXPECT_TRUE(c.cells_covered().met());
  EXPECT_EQ(c.covered_cells(0), cell_a_);
}

}  // namespace
}  // namespace partywork::testing
