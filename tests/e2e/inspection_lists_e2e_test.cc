// Inspection's lists against the real membership and inspection binaries:
// an organization's programs by year, discipline cases and petitions of a
// subtree or of one subject (as a member's dossier asks for them), the
// inspections open on a day, each paged and narrowed to a scoped caller's
// subtree.
#include <set>

#include "tests/e2e/inspection_fixture.h"
#include "tests/e2e/inspection_requests.h"

namespace partywork::testing {
namespace {

PARTYWORK_USE_POSTGRES();

const Caller kSecretary{"lists-secretary", "base_secretary", ""};

// A context signed as the committee's secretary (scope set by the test).
std::unique_ptr<grpc::ClientContext> ScopedTo(const std::string& organization) {
  auto context = std::make_unique<grpc::ClientContext>();
  Caller caller = kSecretary;
  caller.organization_scope = organization;
  SignAs(context.get(), caller);
  return context;
}

template <class M>
std::set<std::string> NamesOf(const google::protobuf::RepeatedPtrField<M>& listed) {
  std::set<std::string> names;
  for (const auto& m : listed) names.insert(m.name());
  return names;
}

class InspectionListsTest : public InspectionTest {
 protected:
  static iv1::Program Program(const iv1::Actor& actor, int year) {
    iv1::CreateProgramRequest r;
    *r.mutable_program()->mutable_actor() = actor;
    r.mutable_program()->set_year(year);
    *r.mutable_program()->mutable_adopted_on() = ToDate(CivilDay(year, 1, 10));
    r.mutable_program()->set_planned_inspections(2);
    iv1::Program out;
    grpc::Status s = istub_->CreateProgram(Context().get(), r, &out);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return out;
  }

  // A denunciation received by `organization` about `subject`, being handled.
  static iv1::Petition Handled(const std::string& organization, const std::string& subject) {
    iv1::Petition out;
    EXPECT_TRUE(
        istub_
            ->CreatePetition(Context().get(),
                             DenunciationRequest(organization, subject, CivilDay(2025, 2, 3)), &out)
            .ok());
    grpc::Status s = istub_->RecordPetitionStep(
        Context().get(), HandleRequest(out.name(), CivilDay(2025, 2, 5)), &out);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return out;
  }

  static iv1::DisciplineCase CaseFromPetition(const iv1::Petition& petition) {
    iv1::CreateDisciplineCaseRequest r;
    auto* c = r.mutable_discipline_case();
    c->set_petition(petition.name());
    c->set_subject(petition.subject());
    c->set_violation("Vi phạm quy định về những điều đảng viên không được làm");
    *c->mutable_violation_started_on() = ToDate(CivilDay(2024, 11, 1));
    iv1::DisciplineCase out;
    grpc::Status s = istub_->CreateDisciplineCase(Context().get(), r, &out);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return out;
  }

  static grpc::Status Cases(grpc::ClientContext* context, const std::string& organization,
                            const std::string& subject, iv1::ListDisciplineCasesResponse* out,
                            int page_size = 0, const std::string& page_token = "") {
    iv1::ListDisciplineCasesRequest r;
    r.set_organization(organization);
    r.set_subject(subject);
    r.set_page_size(page_size);
    r.set_page_token(page_token);
    return istub_->ListDisciplineCases(context, r, out);
  }

  static grpc::Status Petitions(grpc::ClientContext* context, const std::string& organization,
                                const std::string& subject, iv1::ListPetitionsResponse* out) {
    iv1::ListPetitionsRequest r;
    r.set_organization(organization);
    r.set_subject(subject);
    return istub_->ListPetitions(context, r, out);
  }

  // The names of the committee's inspections open on `day`.
  static std::set<std::string> OpenOn(CivilDay day) {
    iv1::ListInspectionsRequest r;
    r.set_organization(committee_);
    *r.mutable_open_on() = ToDate(day);
    iv1::ListInspectionsResponse out;
    grpc::Status s = istub_->ListInspections(Context().get(), r, &out);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return NamesOf(out.inspections());
  }
};

TEST_F(InspectionListsTest, ProgramsOfAnOrganizationByYear) {
  const iv1::Program committee_2024 =
      Program(Actor(iv1::ACTOR_KIND_BASE_COMMITTEE, committee_), 2024);
  const iv1::Program commission_2024 =
      Program(Actor(iv1::ACTOR_KIND_BASE_INSPECTION_COMMISSION, committee_), 2024);
  const iv1::Program committee_2025 =
      Program(Actor(iv1::ACTOR_KIND_BASE_COMMITTEE, committee_), 2025);
  const iv1::Program khoi_2024 = Program(Actor(iv1::ACTOR_KIND_INSPECTION_COMMISSION, khoi_), 2024);
  Program(Actor(iv1::ACTOR_KIND_CELL, cell_a_), 2024);  // a cell's: not its committee's

  iv1::ListProgramsRequest r;
  r.set_organization(committee_);
  r.set_year(2024);
  iv1::ListProgramsResponse listed;
  ASSERT_TRUE(istub_->ListPrograms(Context().get(), r, &listed).ok());
  EXPECT_EQ(NamesOf(listed.programs()),
            (std::set<std::string>{committee_2024.name(), commission_2024.name()}));
  EXPECT_EQ(listed.programs(0).actor().kind(), iv1::ACTOR_KIND_BASE_COMMITTEE);
  EXPECT_EQ(listed.programs(0).planned_inspections(), 2);
  EXPECT_TRUE(listed.next_page_token().empty());

  // Every year, a page of two and then the last.
  r.set_year(0);
  r.set_page_size(2);
  listed.Clear();
  ASSERT_TRUE(istub_->ListPrograms(Context().get(), r, &listed).ok());
  ASSERT_EQ(listed.programs_size(), 2);
  ASSERT_FALSE(listed.next_page_token().empty());
  r.set_page_token(listed.next_page_token());
  iv1::ListProgramsResponse rest;
  ASSERT_TRUE(istub_->ListPrograms(Context().get(), r, &rest).ok());
  ASSERT_EQ(rest.programs_size(), 1);
  EXPECT_EQ(rest.programs(0).name(), committee_2025.name());
  EXPECT_TRUE(rest.next_page_token().empty());

  // The committee's secretary reads its own programs, not the Khối's.
  iv1::ListProgramsRequest khoi;
  khoi.set_organization(khoi_);
  EXPECT_TRUE(istub_->ListPrograms(Context().get(), khoi, &listed).ok());
  EXPECT_EQ(NamesOf(listed.programs()), (std::set<std::string>{khoi_2024.name()}));
  grpc::Status s = istub_->ListPrograms(ScopedTo(committee_).get(), khoi, &listed);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(errors::Reason(s), "OUT_OF_SCOPE");
  r.clear_page_token();
  EXPECT_TRUE(istub_->ListPrograms(ScopedTo(committee_).get(), r, &listed).ok());

  // Refused input.
  iv1::ListProgramsRequest bad;
  EXPECT_EQ(istub_->ListPrograms(Context().get(), bad, &listed).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  bad.set_organization(committee_);
  bad.set_year(1999);
  EXPECT_EQ(istub_->ListPrograms(Context().get(), bad, &listed).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  bad.set_year(2024);
  bad.set_page_token("not-a-token");
  EXPECT_EQ(istub_->ListPrograms(Context().get(), bad, &listed).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(InspectionListsTest, CasesAndPetitionsOfASubtreeOrASubject) {
  const std::string member = cell_a_members_[3];
  const std::string other = cell_b_members_[2];
  // About the member: one petition at the committee, one at the Khối; one
  // about another member at the committee; each handled and made a case.
  const iv1::Petition at_committee = Handled(committee_, member);
  const iv1::Petition at_khoi = Handled(khoi_, member);
  const iv1::Petition about_other = Handled(committee_, other);
  const iv1::DisciplineCase committee_case = CaseFromPetition(at_committee);
  const iv1::DisciplineCase khoi_case = CaseFromPetition(at_khoi);
  const iv1::DisciplineCase other_case = CaseFromPetition(about_other);
  // And a case from the committee's inspection commission's inspection.
  iv1::Inspection inspection;
  ASSERT_TRUE(NewInspection(iv1::INSPECTION_KIND_SIGNS_OF_VIOLATION,
                            Actor(iv1::ACTOR_KIND_BASE_INSPECTION_COMMISSION, committee_), other,
                            CivilDay(2025, 1, 6), &inspection)
                  .ok());
  ASSERT_TRUE(Open(inspection.name(), CivilDay(2025, 1, 8), &inspection).ok());
  ASSERT_TRUE(Conclude(inspection.name(), CivilDay(2025, 3, 3), true, &inspection).ok());
  iv1::DisciplineCase inspected_case;
  ASSERT_TRUE(
      NewCase(inspection.name(), other, CivilDay(2024, 6, 1), CivilDay(2024, 9, 1), &inspected_case)
          .ok());

  // By subject: every case against the member, wherever it comes from.
  iv1::ListDisciplineCasesResponse cases;
  ASSERT_TRUE(Cases(Context().get(), "", member, &cases).ok());
  EXPECT_EQ(NamesOf(cases.discipline_cases()),
            (std::set<std::string>{committee_case.name(), khoi_case.name()}));
  EXPECT_EQ(cases.discipline_cases(0).subject(), member);
  EXPECT_EQ(cases.discipline_cases(0).state(), iv1::DISCIPLINE_STATE_OPEN);
  // By subtree: the committee's petitions and inspections.
  ASSERT_TRUE(Cases(Context().get(), committee_, "", &cases).ok());
  EXPECT_EQ(
      NamesOf(cases.discipline_cases()),
      (std::set<std::string>{committee_case.name(), other_case.name(), inspected_case.name()}));
  ASSERT_TRUE(Cases(Context().get(), committee_, member, &cases).ok());
  EXPECT_EQ(NamesOf(cases.discipline_cases()), (std::set<std::string>{committee_case.name()}));
  // One at a time.
  ASSERT_TRUE(Cases(Context().get(), "", member, &cases, 1).ok());
  ASSERT_EQ(cases.discipline_cases_size(), 1);
  EXPECT_EQ(cases.discipline_cases(0).name(), committee_case.name());
  iv1::ListDisciplineCasesResponse next;
  ASSERT_TRUE(Cases(Context().get(), "", member, &next, 1, cases.next_page_token()).ok());
  ASSERT_EQ(next.discipline_cases_size(), 1);
  EXPECT_EQ(next.discipline_cases(0).name(), khoi_case.name());
  EXPECT_TRUE(next.next_page_token().empty());
  // The committee's secretary sees the member's case of its own subtree only,
  // and nothing of the Khối's.
  ASSERT_TRUE(Cases(ScopedTo(committee_).get(), "", member, &cases).ok());
  EXPECT_EQ(NamesOf(cases.discipline_cases()), (std::set<std::string>{committee_case.name()}));
  grpc::Status s = Cases(ScopedTo(committee_).get(), khoi_, "", &cases);
  EXPECT_EQ(errors::Reason(s), "OUT_OF_SCOPE") << s.error_message();

  // Petitions about the member, the same way.
  iv1::ListPetitionsResponse petitions;
  ASSERT_TRUE(Petitions(Context().get(), "", member, &petitions).ok());
  EXPECT_EQ(NamesOf(petitions.petitions()),
            (std::set<std::string>{at_committee.name(), at_khoi.name()}));
  ASSERT_TRUE(Petitions(Context().get(), committee_, member, &petitions).ok());
  EXPECT_EQ(NamesOf(petitions.petitions()), (std::set<std::string>{at_committee.name()}));
  ASSERT_TRUE(Petitions(ScopedTo(committee_).get(), "", member, &petitions).ok());
  EXPECT_EQ(NamesOf(petitions.petitions()), (std::set<std::string>{at_committee.name()}));
  ASSERT_TRUE(Petitions(Context().get(), committee_, "", &petitions).ok());
  EXPECT_EQ(NamesOf(petitions.petitions()),
            (std::set<std::string>{at_committee.name(), about_other.name()}));

  // Neither a subtree nor a subject, or a subject that is neither.
  EXPECT_EQ(Cases(Context().get(), "", "", &cases).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(Cases(Context().get(), "", "people/1", &cases).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(Petitions(Context().get(), "", "", &petitions).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
}

// The committee's inspections of 2024: one opened 1/3, concluded 1/4 and
// closed 2/5; one opened 15/4 and still open; one only planned.
TEST_F(InspectionListsTest, InspectionsOpenOnADay) {
  const iv1::Actor committee = Actor(iv1::ACTOR_KIND_BASE_COMMITTEE, committee_);
  iv1::Inspection closed, open, planned;
  ASSERT_TRUE(NewInspection(iv1::INSPECTION_KIND_COMMITTEE, committee, cell_a_members_[4],
                            CivilDay(2024, 2, 1), &closed)
                  .ok());
  ASSERT_TRUE(Open(closed.name(), CivilDay(2024, 3, 1), &closed).ok());
  ASSERT_TRUE(Conclude(closed.name(), CivilDay(2024, 4, 1), false, &closed).ok());
  iv1::RecordInspectionStepRequest close;
  close.set_name(closed.name());
  *close.mutable_close_on() = ToDate(CivilDay(2024, 5, 2));
  ASSERT_TRUE(istub_->RecordInspectionStep(Context().get(), close, &closed).ok());
  ASSERT_EQ(closed.state(), iv1::INSPECTION_STATE_CLOSED);
  ASSERT_TRUE(NewInspection(iv1::INSPECTION_KIND_COMMITTEE, committee, cell_b_members_[0],
                            CivilDay(2024, 2, 1), &open)
                  .ok());
  ASSERT_TRUE(Open(open.name(), CivilDay(2024, 4, 15), &open).ok());
  ASSERT_TRUE(NewInspection(iv1::INSPECTION_KIND_COMMITTEE, committee, cell_b_members_[1],
                            CivilDay(2024, 2, 1), &planned)
                  .ok());

  EXPECT_EQ(OpenOn(CivilDay(2024, 2, 29)), std::set<std::string>{});
  EXPECT_EQ(OpenOn(CivilDay(2024, 3, 1)), std::set<std::string>{closed.name()});
  EXPECT_EQ(OpenOn(CivilDay(2024, 4, 14)), std::set<std::string>{closed.name()});
  // Concluded but not yet closed: still open.
  EXPECT_EQ(OpenOn(CivilDay(2024, 4, 15)), (std::set<std::string>{closed.name(), open.name()}));
  EXPECT_EQ(OpenOn(CivilDay(2024, 5, 1)), (std::set<std::string>{closed.name(), open.name()}));
  EXPECT_EQ(OpenOn(CivilDay(2024, 5, 2)), std::set<std::string>{open.name()});
  // Without a day: every inspection of the subtree, the planned one too.
  iv1::ListInspectionsRequest all;
  all.set_organization(committee_);
  iv1::ListInspectionsResponse listed;
  ASSERT_TRUE(istub_->ListInspections(Context().get(), all, &listed).ok());
  EXPECT_EQ(NamesOf(listed.inspections()).count(planned.name()), 1u);
}

}  // namespace
}  // namespace partywork::testing
