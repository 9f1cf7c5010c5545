// An inspection's life after its conclusion, through the real binaries:
// remediation items, publication and closing, each illegal step refused with
// nothing changed; and the term's coverage (organizations and members
// inspected and supervised since the term began) against hand counts; a
// denunciation received shortly before the congress deferred to the new
// committee.
#include "libs/platform/rulebook/calendar.h"
#include "tests/e2e/inspection_fixture.h"

namespace partywork::testing {
namespace {

PARTYWORK_USE_POSTGRES();

class InspectionLifecycleTest : public InspectionTest {
 protected:
  static grpc::Status Step(iv1::RecordInspectionStepRequest r, iv1::Inspection* out) {
    return istub_->RecordInspectionStep(Context().get(), r, out);
  }
  static iv1::RecordInspectionStepRequest Remedy(const std::string& name, const char* what,
                                                 CivilDay due) {
    iv1::RecordInspectionStepRequest r;
    r.set_name(name);
    r.mutable_add_remediation()->set_description(what);
    *r.mutable_add_remediation()->mutable_due_on() = ToDate(due);
    return r;
  }
  static iv1::RecordInspectionStepRequest Done(const std::string& name, int index, CivilDay day) {
    iv1::RecordInspectionStepRequest r;
    r.set_name(name);
    r.mutable_remediation_done()->set_index(index);
    *r.mutable_remediation_done()->mutable_done_on() = ToDate(day);
    return r;
  }
  static iv1::RecordInspectionStepRequest Publish(const std::string& name, CivilDay day) {
    iv1::RecordInspectionStepRequest r;
    r.set_name(name);
    *r.mutable_publish_on() = ToDate(day);
    return r;
  }
  static iv1::RecordInspectionStepRequest Close(const std::string& name, CivilDay day) {
    iv1::RecordInspectionStepRequest r;
    r.set_name(name);
    *r.mutable_close_on() = ToDate(day);
    return r;
  }
  static iv1::Inspection Get(const std::string& name) {
    iv1::GetInspectionRequest r;
    r.set_name(name);
    iv1::Inspection i;
    EXPECT_TRUE(istub_->GetInspection(Context().get(), r, &i).ok());
    return i;
  }
  static int ChangedEvents() {
    return Postgres::Get()
        .Admin(
            "SELECT count(*) FROM inspection.outbox WHERE event_type = "
            "'partywork.inspection.v1.InspectionChanged'")[0][0]
        .as<int>();
  }
};

TEST_F(InspectionLifecycleTest, RemediatedPublishedAndClosed) {
  // In 2022, before the term the other test counts.
  iv1::Inspection i;
  ASSERT_TRUE(NewInspection(iv1::INSPECTION_KIND_SIGNS_OF_VIOLATION,
                            Actor(iv1::ACTOR_KIND_INSPECTION_COMMISSION, khoi_), cell_a_,
                            CivilDay(2022, 2, 3), &i)
                  .ok());
  ASSERT_TRUE(Open(i.name(), CivilDay(2022, 2, 10), &i).ok());
  // Before the conclusion: no remediation, publication or closing.
  iv1::Inspection ignored;
  for (const auto& early :
       {Remedy(i.name(), "Bổ sung sổ sách", CivilDay(2022, 6, 30)),
        Publish(i.name(), CivilDay(2022, 3, 1)), Close(i.name(), CivilDay(2022, 3, 1))}) {
    grpc::Status s = Step(early, &ignored);
    EXPECT_EQ(errors::Reason(s), "STEP_OUT_OF_ORDER") << s.error_message();
  }
  ASSERT_TRUE(Conclude(i.name(), CivilDay(2022, 3, 10), false, &i).ok());
  grpc::Status s = Step(Publish(i.name(), CivilDay(2022, 3, 9)), &ignored);
  EXPECT_EQ(errors::Reason(s), "DATE_BEFORE_PREVIOUS_STEP") << s.error_message();

  ASSERT_TRUE(Step(Remedy(i.name(), "Bổ sung sổ sách đảng viên", CivilDay(2022, 6, 30)), &i).ok());
  ASSERT_TRUE(Step(Remedy(i.name(), "Kiểm điểm tập thể chi ủy", CivilDay(2022, 5, 31)), &i).ok());
  ASSERT_EQ(i.remediation_size(), 2);
  EXPECT_EQ(i.remediation(1).status(), iv1::REMEDIATION_STATUS_PENDING);

  // Closing waits for every item; a wrong index or an item done twice is
  // refused; each refusal leaves the inspection as it was.
  const int events = ChangedEvents();
  s = Step(Close(i.name(), CivilDay(2022, 4, 1)), &ignored);
  EXPECT_EQ(errors::Reason(s), "REMEDIATION_PENDING") << s.error_message();
  s = Step(Done(i.name(), 2, CivilDay(2022, 5, 2)), &ignored);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << s.error_message();
  ASSERT_TRUE(Step(Done(i.name(), 1, CivilDay(2022, 5, 2)), &i).ok());
  s = Step(Done(i.name(), 1, CivilDay(2022, 5, 3)), &ignored);
  EXPECT_EQ(errors::Reason(s), "REMEDIATION_ALREADY_DONE") << s.error_message();
  s = Step(Close(i.name(), CivilDay(2022, 5, 5)), &ignored);
  EXPECT_EQ(errors::Reason(s), "REMEDIATION_PENDING") << s.error_message();
  EXPECT_EQ(ChangedEvents(), events + 1);  // only the item done
  EXPECT_EQ(Get(i.name()).state(), iv1::INSPECTION_STATE_CONCLUDED);

  ASSERT_TRUE(Step(Done(i.name(), 0, CivilDay(2022, 6, 20)), &i).ok());
  ASSERT_TRUE(Step(Publish(i.name(), CivilDay(2022, 3, 14)), &i).ok());
  s = Step(Publish(i.name(), CivilDay(2022, 3, 15)), &ignored);
  EXPECT_EQ(errors::Reason(s), "ALREADY_PUBLISHED") << s.error_message();
  ASSERT_TRUE(Step(Close(i.name(), CivilDay(2022, 7, 1)), &i).ok());

  const iv1::Inspection closed = Get(i.name());
  EXPECT_EQ(closed.state(), iv1::INSPECTION_STATE_CLOSED);
  EXPECT_EQ(*ToCivilDay(closed.published_on()), CivilDay(2022, 3, 14));
  EXPECT_EQ(*ToCivilDay(closed.closed_on()), CivilDay(2022, 7, 1));
  EXPECT_EQ(*ToCivilDay(closed.remediation(0).done_on()), CivilDay(2022, 6, 20));
  EXPECT_EQ(*ToCivilDay(closed.remediation(1).done_on()), CivilDay(2022, 5, 2));
  EXPECT_EQ(ChangedEvents(), events + 4);
  // Every step is audited with its name.
  EXPECT_EQ(Postgres::Get()
                .Admin(absl::StrCat("SELECT count(*) FROM inspection.audit_log WHERE resource = '",
                                    i.name(), "'"))[0][0]
                .as<int>(),
            9);  // created, opened, concluded, 2 items, 2 done, published, closed
}

TEST_F(InspectionLifecycleTest, TermCoverageCountsByHand) {
  // 2023: the standing committee inspects cell A (Article 30); 2024: the
  // commission supervises one member of cell B; 2025: the commission
  // inspects two members of cell A and supervises cell B.
  const iv1::Actor standing = Actor(iv1::ACTOR_KIND_STANDING_COMMITTEE, khoi_);
  const iv1::Actor commission = Actor(iv1::ACTOR_KIND_INSPECTION_COMMISSION, khoi_);
  struct Work {
    iv1::InspectionKind kind;
    const iv1::Actor& actor;
    std::string subject;
    CivilDay opened;
  };
  const std::vector<Work> work = {
      {iv1::INSPECTION_KIND_COMMITTEE, standing, cell_a_, CivilDay(2023, 5, 8)},
      {iv1::INSPECTION_KIND_REGULAR_SUPERVISION, commission, cell_b_members_[0],
       CivilDay(2024, 4, 1)},
      {iv1::INSPECTION_KIND_SIGNS_OF_VIOLATION, commission, cell_a_members_[3],
       CivilDay(2025, 3, 3)},
      {iv1::INSPECTION_KIND_SIGNS_OF_VIOLATION, commission, cell_a_members_[4],
       CivilDay(2025, 3, 4)},
      {iv1::INSPECTION_KIND_THEMATIC_SUPERVISION, commission, cell_b_, CivilDay(2025, 9, 1)},
  };
  for (const Work& w : work) {
    iv1::Inspection i;
    grpc::Status s = NewInspection(w.kind, w.actor, w.subject, w.opened - 7, &i);
    ASSERT_TRUE(s.ok()) << s.error_message();
    ASSERT_TRUE(Open(i.name(), w.opened, &i).ok());
  }
  iv1::Coverage c;
  ASSERT_TRUE(Coverage(committee_, 2025, 2023, &c).ok());
  // The subtree on 31/12/2025: the committee and its two cells; nine members.
  EXPECT_EQ(c.term_organizations_inspected().total(), 3);
  EXPECT_EQ(c.term_organizations_inspected().covered(), 1);   // cell A in 2023
  EXPECT_EQ(c.term_organizations_supervised().covered(), 1);  // cell B in 2025
  EXPECT_EQ(c.term_members_inspected().total(), 9);
  EXPECT_EQ(c.term_members_inspected().covered(), 2);
  EXPECT_EQ(c.term_members_supervised().covered(), 1);
  EXPECT_FALSE(c.term_organizations_inspected().met());  // 100 % wanted
  // The year alone: two of nine members inspected; cell B supervised.
  EXPECT_EQ(c.members_inspected().covered(), 2);
  EXPECT_EQ(c.cells_covered().covered(), 1);
  // A term that began in 2024 no longer counts cell A's inspection.
  ASSERT_TRUE(Coverage(committee_, 2025, 2024, &c).ok());
  EXPECT_EQ(c.term_organizations_inspected().covered(), 0);
  EXPECT_EQ(c.term_members_supervised().covered(), 1);
}

TEST_F(InspectionLifecycleTest, DenunciationBeforeTheCongressDeferredToTheNewCommittee) {
  const auto received = [](CivilDay day) {
    iv1::CreatePetitionRequest r;
    auto* p = r.mutable_petition();
    p->set_kind(iv1::PETITION_KIND_DENUNCIATION);
    p->set_organization(committee_);
    p->set_subject(cell_b_members_[1]);
    *p->mutable_received_on() = ToDate(day);
    p->mutable_petitioner()->set_full_name("Lò Văn Minh");
    p->mutable_petitioner()->set_address("5 Hùng Vương, Bảo Lộc");
    p->set_summary("Tố cáo kê khai tài sản không trung thực");
    iv1::Petition out;
    EXPECT_TRUE(istub_->CreatePetition(Context().get(), r, &out).ok());
    return out;
  };
  const auto defer = [](const iv1::Petition& p, iv1::Petition* out) {
    iv1::RecordPetitionStepRequest r;
    r.set_name(p.name());
    auto* j = r.mutable_decide_jurisdiction();
    j->set_decision(iv1::JURISDICTION_DECISION_DEFER_TO_NEW_COMMITTEE);
    *j->mutable_decided_on() = ToDate(CivilDay(2025, 9, 22));
    *j->mutable_congress_on() = ToDate(CivilDay(2025, 10, 20));
    return istub_->RecordPetitionStep(Context().get(), r, out);
  };
  // 26 working days before the congress: handled by the committee in office.
  iv1::Petition early = received(CivilDay(2025, 9, 12));
  iv1::Petition out;
  grpc::Status s = defer(early, &out);
  EXPECT_EQ(errors::Reason(s), "CONGRESS_NOT_NEAR") << s.error_message();
  // 25: deferred, due 90 working days after the congress rather than the receipt.
  iv1::Petition late = received(CivilDay(2025, 9, 15));
  ASSERT_TRUE(defer(late, &out).ok());
  EXPECT_EQ(out.state(), iv1::PETITION_STATE_HANDLING);
  EXPECT_EQ(*ToCivilDay(out.due_on()),
            rulebook::WorkingDayCalendar::Vietnam().AddWorkingDays(CivilDay(2025, 10, 20), 90));
  EXPECT_EQ(out.due_rule(), "petition.denunciation_deadline_working_days");
  EXPECT_EQ(out.jurisdiction().decision(), iv1::JURISDICTION_DECISION_DEFER_TO_NEW_COMMITTEE);
}

}  // namespace
}  // namespace partywork::testing
