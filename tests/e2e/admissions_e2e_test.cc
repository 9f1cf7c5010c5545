// Admissions through the real membership server: a candidate goes through
// every step of DOMAIN §4 to official membership; every illegal step (out of
// order, repeated, too young, an unqualified sponsor, a vote under 2/3, a
// late decision or ceremony, the recognition of a struck-off member) is
// refused with its rule and changes nothing; retries change nothing; the
// overdue list shows the late files; the rulebook is read over gRPC.
#include <functional>
#include <map>

#include "absl/strings/str_cat.h"
#include "google/rpc/error_details.pb.h"
#include "gtest/gtest.h"
#include "libs/platform/errors.h"
#include "tests/e2e/membership_fixture.h"

PARTYWORK_USE_POSTGRES();

namespace partywork::testing {
namespace {

using D = absl::CivilDay;
using Step = mv1::RecordAdmissionStepRequest;
constexpr auto kNoType = mv1::ORGANIZATION_TYPE_UNSPECIFIED;

// The steps WalkTo takes, in order.
enum AdmissionStepIndex { kClass, kApplication, kVerification, kVote, kDecision, kCeremony };

std::map<std::string, std::string> MetadataOf(const grpc::Status& status) {
  auto details = errors::Details(status);
  if (!details) return {};
  for (const auto& any : details->details()) {
    google::rpc::ErrorInfo info;
    if (any.UnpackTo(&info)) return {info.metadata().begin(), info.metadata().end()};
  }
  return {};
}

class AdmissionsTest : public MembershipTest {
 protected:
  static void SetUpTestSuite() {
    MembershipTest::SetUpTestSuite();
    const D founded(2015, 1, 1);
    khoi_ = Create("Đảng bộ Khối các cơ quan tỉnh", mv1::ORGANIZATION_KIND_HIGHER_COMMITTEE,
                   kNoType, "", founded);
    committee_ = Create("Đảng bộ Sở Y tế", mv1::ORGANIZATION_KIND_BASE_COMMITTEE,
                        mv1::ORGANIZATION_TYPE_ADMINISTRATIVE_AGENCY, khoi_, founded);
    cell_ = Create("Chi bộ Phòng Tổ chức", mv1::ORGANIZATION_KIND_SUBORDINATE_CELL, kNoType,
                   committee_, founded);
    other_ = Create("Đảng bộ Sở Công Thương", mv1::ORGANIZATION_KIND_BASE_COMMITTEE,
                    mv1::ORGANIZATION_TYPE_ADMINISTRATIVE_AGENCY, khoi_, founded);
    // Three official members (the cell's 2/3 is two votes) and a probationary one.
    s1_ = Register("Nguyễn Văn Sơn", D(1975, 2, 1), mv1::MEMBER_STATUS_OFFICIAL, D(2000, 5, 1));
    s2_ = Register("Trần Thị Mai", D(1980, 3, 1), mv1::MEMBER_STATUS_OFFICIAL, D(2004, 5, 1));
    s3_ = Register("Phạm Văn Đức", D(1985, 4, 1), mv1::MEMBER_STATUS_OFFICIAL, D(2010, 5, 1));
    probationary_ =
        Register("Võ Thị Lan", D(1995, 6, 1), mv1::MEMBER_STATUS_PROBATIONARY, D(2023, 6, 1));
    mv1::CreatePartyClassRequest request;
    request.set_request_id("class-2023-1");
    auto* c = request.mutable_party_class();
    c->set_display_name("Lớp bồi dưỡng nhận thức về Đảng khóa 1/2023");
    c->set_organization(committee_);
    *c->mutable_starts_on() = ToDate(D(2023, 10, 2));
    *c->mutable_ends_on() = ToDate(D(2023, 10, 6));
    mv1::PartyClass created, retried;
    ASSERT_TRUE(stub_->CreatePartyClass(Context().get(), request, &created).ok());
    ASSERT_TRUE(stub_->CreatePartyClass(Context().get(), request, &retried).ok());
    EXPECT_EQ(created.name(), retried.name());
    class_ = created.name();
  }

  static std::string Register(const std::string& full_name, D born, mv1::MemberStatus status,
                              D admitted) {
    mv1::CreateMemberRequest request;
    auto* m = request.mutable_member();
    m->set_full_name(full_name);
    m->set_gender(mv1::GENDER_MALE);
    *m->mutable_birth_date() = ToDate(born);
    m->set_ethnicity("Kinh");
    *m->mutable_admitted_on() = ToDate(admitted);
    if (status == mv1::MEMBER_STATUS_OFFICIAL) *m->mutable_official_on() = ToDate(admitted + 365);
    auto* e = request.mutable_first_event();
    e->set_kind(mv1::MEMBER_EVENT_KIND_REGISTERED);
    *e->mutable_effective_on() = ToDate(std::max(admitted, D(2020, 1, 1)));
    e->set_organization(cell_);
    e->set_initial_status(status);
    mv1::Member created;
    grpc::Status s = stub_->CreateMember(Context().get(), request, &created);
    EXPECT_TRUE(s.ok()) << full_name << ": " << s.error_message();
    return created.name();
  }

  // Opens a file at the source step, identified on 1/9/2023.
  static std::string Open(const std::string& full_name, D born, const std::string& national_id,
                          const std::string& request_id = "") {
    mv1::CreateAdmissionRequest request;
    request.set_request_id(request_id);
    auto* a = request.mutable_admission();
    auto* c = a->mutable_candidate();
    c->set_full_name(full_name);
    c->set_gender(mv1::GENDER_FEMALE);
    *c->mutable_birth_date() = ToDate(born);
    c->set_ethnicity("Kinh");
    c->set_national_id(national_id);
    c->set_general_education(mv1::GENERAL_EDUCATION_UPPER_SECONDARY);
    c->set_qualification(mv1::QUALIFICATION_UNIVERSITY);
    c->set_youth_union_member(true);
    a->set_organization(cell_);
    *a->mutable_source()->mutable_identified_on() = ToDate(D(2023, 9, 1));
    a->mutable_source()->set_responsible("Bí thư chi bộ");
    mv1::Admission created;
    grpc::Status s = stub_->CreateAdmission(Context().get(), request, &created);
    EXPECT_TRUE(s.ok()) << full_name << ": " << s.error_message();
    EXPECT_EQ(created.stage(), mv1::ADMISSION_STAGE_SOURCE);
    return created.name();
  }

  static Step ClassStep(const std::string& name, D day) {
    Step r;
    r.set_name(name);
    auto* c = r.mutable_class_completion();
    c->set_party_class(class_);
    c->set_certificate_number(absl::StrCat("GCN-", name));
    *c->mutable_certified_on() = ToDate(day);
    c->set_responsible("Ban Tuyên giáo");
    return r;
  }
  static Step ApplicationStep(const std::string& name, D day,
                              const std::vector<std::pair<std::string, D>>& sponsors) {
    Step r;
    r.set_name(name);
    auto* a = r.mutable_application();
    *a->mutable_applied_on() = ToDate(day);
    for (const auto& [member, since] : sponsors) {
      auto* s = a->add_sponsors();
      s->set_member(member);
      *s->mutable_worked_together_since() = ToDate(since);
    }
    a->set_responsible("Bí thư chi bộ");
    return r;
  }
  static Step VerificationStep(const std::string& name, D day) {
    Step r;
    r.set_name(name);
    *r.mutable_verification()->mutable_concluded_on() = ToDate(day);
    r.mutable_verification()->set_conclusion("Đủ tiêu chuẩn chính trị");
    r.mutable_verification()->set_responsible("Đảng ủy cơ sở");
    return r;
  }
  static Step VoteStep(const std::string& name, D day, int votes,
                       const std::string& over_age_consent = "") {
    Step r;
    r.set_name(name);
    r.mutable_cell_vote()->set_over_age_consent(over_age_consent);
    *r.mutable_cell_vote()->mutable_resolved_on() = ToDate(day);
    r.mutable_cell_vote()->set_votes_in_favour(votes);
    r.mutable_cell_vote()->set_resolution("Nghị quyết số 05-NQ/CB");
    r.mutable_cell_vote()->set_responsible("Bí thư chi bộ");
    return r;
  }
  static Step DecisionStep(const std::string& name, D agreed, D decided) {
    Step r;
    r.set_name(name);
    *r.mutable_decision()->mutable_base_committee_agreed_on() = ToDate(agreed);
    *r.mutable_decision()->mutable_decided_on() = ToDate(decided);
    r.mutable_decision()->set_decision("Quyết định số 120-QĐ/ĐUK");
    r.mutable_decision()->set_responsible("Ban Thường vụ Đảng ủy Khối");
    return r;
  }
  static Step CeremonyStep(const std::string& name, D day) {
    Step r;
    r.set_name(name);
    *r.mutable_ceremony()->mutable_held_on() = ToDate(day);
    r.mutable_ceremony()->set_responsible("Bí thư chi bộ");
    return r;
  }
  static Step RecognitionStep(const std::string& name, D day, bool recognized) {
    Step r;
    r.set_name(name);
    *r.mutable_recognition()->mutable_considered_on() = ToDate(day);
    r.mutable_recognition()->set_recognized(recognized);
    r.mutable_recognition()->set_resolution("Nghị quyết số 09-NQ/CB");
    r.mutable_recognition()->set_responsible("Bí thư chi bộ");
    return r;
  }

  static mv1::Admission Read(const std::string& name) {
    mv1::GetAdmissionRequest request;
    request.set_name(name);
    mv1::Admission a;
    grpc::Status s = stub_->GetAdmission(Context().get(), request, &a);
    EXPECT_TRUE(s.ok()) << name << ": " << s.error_message();
    return a;
  }

  // Records a step, then retries it with the same request id: the retry
  // answers the same and changes nothing.
  static mv1::Admission Advance(Step r) {
    static int n = 0;
    r.set_request_id(absl::StrCat("step-", ++n));
    mv1::Admission first, retried;
    grpc::Status s = stub_->RecordAdmissionStep(Context().get(), r, &first);
    EXPECT_TRUE(s.ok()) << r.ShortDebugString() << ": " << s.error_message();
    EXPECT_TRUE(stub_->RecordAdmissionStep(Context().get(), r, &retried).ok());
    EXPECT_EQ(first.SerializeAsString(), retried.SerializeAsString());
    EXPECT_EQ(Read(r.name()).etag(), first.etag()) << "a retry changed the file";
    return first;
  }

  // The step is refused FAILED_PRECONDITION with `reason` (citing `rule`
  // when given) and the file reads back unchanged.
  static grpc::Status ExpectRefused(const Step& r, const std::string& reason,
                                    const std::string& rule = "") {
    const mv1::Admission before = Read(r.name());
    mv1::Admission ignored;
    grpc::Status s = stub_->RecordAdmissionStep(Context().get(), r, &ignored);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION)
        << reason << ": " << s.error_message();
    EXPECT_EQ(errors::Reason(s), reason) << s.error_message();
    EXPECT_FALSE(s.error_message().empty());
    if (!rule.empty()) {
      const auto meta = MetadataOf(s);
      EXPECT_EQ(meta.count("rule") ? meta.at("rule") : "", rule) << s.error_message();
      EXPECT_FALSE(meta.count("regulation") == 0 || meta.at("regulation").empty());
    }
    EXPECT_EQ(Read(r.name()).SerializeAsString(), before.SerializeAsString())
        << reason << " changed the file";
    return s;
  }

  // Walks a file from the source to `last` (inclusive) on the standard dates.
  static void WalkTo(const std::string& name, AdmissionStepIndex last) {
    const std::vector<std::function<Step()>> steps = {
        [&] { return ClassStep(name, D(2023, 10, 6)); },
        [&] {
          return ApplicationStep(name, D(2023, 11, 1),
                                 {{s1_, D(2021, 1, 1)}, {s2_, D(2022, 1, 1)}});
        },
        [&] { return VerificationStep(name, D(2023, 12, 15)); },
        [&] { return VoteStep(name, D(2024, 1, 2), 2); },
        [&] { return DecisionStep(name, D(2024, 2, 1), D(2024, 3, 15)); },
        [&] { return CeremonyStep(name, D(2024, 4, 1)); },
    };
    for (int i = 0; i <= last && i < static_cast<int>(steps.size()); ++i) Advance(steps[i]());
  }

  static mv1::Member MemberOf(const std::string& name) {
    mv1::GetMemberRequest request;
    request.set_name(name);
    mv1::Member m;
    grpc::Status s = stub_->GetMember(Context().get(), request, &m);
    EXPECT_TRUE(s.ok()) << name << ": " << s.error_message();
    return m;
  }

  static int EventCount(const std::string& member) {
    mv1::ListMemberEventsRequest request;
    request.set_parent(member);
    mv1::ListMemberEventsResponse response;
    EXPECT_TRUE(stub_->ListMemberEvents(Context().get(), request, &response).ok());
    return response.events_size();
  }

  static inline std::string khoi_, committee_, cell_, other_, s1_, s2_, s3_, probationary_, class_;
};

TEST_F(AdmissionsTest, ThroughEveryStepToOfficialAndEveryIllegalStepRefused) {
  // Opening the file is idempotent too.
  const std::string a = Open("Lê Thị Hoa", D(2000, 4, 10), "079200000001", "open-hoa");
  EXPECT_EQ(Open("Lê Thị Hoa", D(2000, 4, 10), "079200000001", "open-hoa"), a);
  mv1::ListAdmissionsRequest list;
  list.set_organization(cell_);
  mv1::ListAdmissionsResponse listed;
  ASSERT_TRUE(stub_->ListAdmissions(Context().get(), list, &listed).ok());
  EXPECT_EQ(listed.admissions_size(), 1);
  EXPECT_TRUE(listed.admissions(0).candidate().national_id().empty()) << "lists carry no ID";

  // Out of order, then the class and its repetition.
  ExpectRefused(VoteStep(a, D(2024, 1, 2), 3), "ADMISSION_STEP_OUT_OF_ORDER");
  ExpectRefused(ClassStep(a, D(2023, 8, 31)), "ADMISSION_STEP_BEFORE_PREVIOUS");
  // The certificate of a class still running, then of a class that does not exist.
  ExpectRefused(ClassStep(a, D(2023, 10, 5)), "CERTIFICATE_BEFORE_CLASS_ENDED");
  Step unknown_class = ClassStep(a, D(2023, 10, 6));
  unknown_class.mutable_class_completion()->set_party_class("partyClasses/999999");
  mv1::Admission ignored;
  EXPECT_EQ(stub_->RecordAdmissionStep(Context().get(), unknown_class, &ignored).error_code(),
            grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(Advance(ClassStep(a, D(2023, 10, 6))).stage(), mv1::ADMISSION_STAGE_CLASS_COMPLETED);
  ExpectRefused(ClassStep(a, D(2023, 10, 7)), "ADMISSION_STEP_REPEATED");

  // Sponsors: a probationary member, then one who worked with her for 6 months.
  ExpectRefused(
      ApplicationStep(a, D(2023, 11, 1), {{s1_, D(2021, 1, 1)}, {probationary_, D(2021, 1, 1)}}),
      "SPONSOR_NOT_OFFICIAL", "admission.sponsor_months_worked_together");
  ExpectRefused(ApplicationStep(a, D(2023, 11, 1), {{s1_, D(2021, 1, 1)}, {s3_, D(2023, 5, 1)}}),
                "SPONSOR_TOO_FEW_MONTHS", "admission.sponsor_months_worked_together");
  ExpectRefused(ApplicationStep(a, D(2023, 11, 1), {{s1_, D(2021, 1, 1)}}), "SPONSORS_REQUIRED",
                "admission.sponsor_count");
  Advance(ApplicationStep(a, D(2023, 11, 1), {{s1_, D(2021, 1, 1)}, {s2_, D(2022, 1, 1)}}));
  Advance(VerificationStep(a, D(2023, 12, 15)));

  // One of three official members is under 2/3; two is exactly 2/3 and passes.
  ExpectRefused(VoteStep(a, D(2024, 1, 2), 1), "CELL_VOTE_BELOW_THRESHOLD",
                "admission.cell_vote_threshold");
  mv1::Admission voted = Advance(VoteStep(a, D(2024, 1, 2), 2));
  EXPECT_EQ(voted.stage(), mv1::ADMISSION_STAGE_CELL_VOTED);
  EXPECT_EQ(voted.cell_vote().official_members(), 3);
  // 60 working days from 2/1/2024 across Tết end on 2/4/2024.
  EXPECT_EQ(ToCivilDay(voted.next_deadline()), D(2024, 4, 2));

  // The decision a day late is refused, citing the regulation of its date.
  grpc::Status late =
      ExpectRefused(DecisionStep(a, D(2024, 2, 1), D(2024, 4, 3)), "DECISION_DEADLINE_MISSED",
                    "admission.decision_deadline_working_days");
  EXPECT_EQ(MetadataOf(late)["regulation"], "Quy định 24-QĐ/TW ngày 30/7/2021");
  EXPECT_EQ(MetadataOf(late)["due_on"], "2024-04-02");
  Advance(DecisionStep(a, D(2024, 2, 1), D(2024, 3, 15)));

  // 30 working days from 15/3/2024 (Giỗ Tổ, 30/4 and 1/5 off) end on 2/5/2024.
  ExpectRefused(CeremonyStep(a, D(2024, 5, 3)), "CEREMONY_DEADLINE_MISSED",
                "admission.ceremony_deadline_working_days");
  const mv1::Admission admitted = Advance(CeremonyStep(a, D(2024, 4, 1)));
  EXPECT_EQ(admitted.stage(), mv1::ADMISSION_STAGE_ADMITTED);
  ASSERT_FALSE(admitted.member().empty());
  mv1::Member member = MemberOf(admitted.member());
  EXPECT_EQ(member.full_name(), "Lê Thị Hoa");
  EXPECT_EQ(member.state().status(), mv1::MEMBER_STATUS_PROBATIONARY);
  EXPECT_EQ(member.state().organization(), cell_);
  EXPECT_EQ(ToCivilDay(member.admitted_on()), D(2024, 3, 15));  // party age from the decision
  EXPECT_EQ(EventCount(admitted.member()), 1);
  ExpectRefused(CeremonyStep(a, D(2024, 4, 2)), "ADMISSION_STEP_REPEATED");

  // Recognition: not before the end of the 12 months; a late meeting still
  // makes her official from the end of the probation.
  ExpectRefused(RecognitionStep(a, D(2025, 3, 31), true), "RECOGNITION_BEFORE_END_OF_PROBATION",
                "admission.probation_months");
  const mv1::Admission recognized = Advance(RecognitionStep(a, D(2025, 5, 20), true));
  EXPECT_EQ(recognized.stage(), mv1::ADMISSION_STAGE_RECOGNIZED);
  EXPECT_TRUE(recognized.recognition().late());
  EXPECT_EQ(ToCivilDay(recognized.recognition().official_on()), D(2025, 4, 1));
  member = MemberOf(admitted.member());
  EXPECT_EQ(member.state().status(), mv1::MEMBER_STATUS_OFFICIAL);
  EXPECT_EQ(ToCivilDay(member.official_on()), D(2025, 4, 1));
  EXPECT_EQ(EventCount(admitted.member()), 2);
  ExpectRefused(RecognitionStep(a, D(2025, 5, 21), true), "ADMISSION_STEP_REPEATED");

  // Every step is in the file, with who was responsible.
  const mv1::Admission file = Read(a);
  EXPECT_EQ(file.source().responsible(), "Bí thư chi bộ");
  EXPECT_EQ(file.class_completion().party_class(), class_);
  EXPECT_EQ(file.application().sponsors_size(), 2);
  EXPECT_EQ(file.decision().decision(), "Quyết định số 120-QĐ/ĐUK");
  EXPECT_EQ(ToCivilDay(file.ceremony().held_on()), D(2024, 4, 1));
  EXPECT_EQ(file.candidate().national_id(), "079200000001");  // an administrator sees it
}

TEST_F(AdmissionsTest, TooYoungAtTheCellsConsideration) {
  const std::string b = Open("Đặng Thu Trang", D(2006, 6, 15), "079206000002");
  WalkTo(b, kVerification);
  // 17 years and 11 months on 14/6/2024.
  grpc::Status s =
      ExpectRefused(VoteStep(b, D(2024, 6, 14), 2), "ADMISSION_AGE", "admission.min_age_months");
  EXPECT_EQ(MetadataOf(s)["age_months"], "215");
  EXPECT_EQ(Advance(VoteStep(b, D(2024, 6, 17), 2)).stage(), mv1::ADMISSION_STAGE_CELL_VOTED);
}

TEST_F(AdmissionsTest, UpperAgeOnTheCellsConsiderationWithConsentOverSixty) {
  // 60 years and 10 months at the vote on 2/1/2024, 61 at the ceremony on 1/4/2024.
  const std::string f = Open("Hà Văn Lão", D(1963, 2, 15), "079063000003");
  WalkTo(f, kCeremony);
  mv1::ListMemberEventsRequest request;
  mv1::GetAdmissionRequest get;
  get.set_name(f);
  mv1::Admission file;
  ASSERT_TRUE(stub_->GetAdmission(Context().get(), get, &file).ok());
  request.set_parent(file.member());
  mv1::ListMemberEventsResponse events;
  ASSERT_TRUE(stub_->ListMemberEvents(Context().get(), request, &events).ok());
  ASSERT_EQ(events.events_size(), 1);
  EXPECT_EQ(ToCivilDay(events.events(0).considered_on()), D(2024, 1, 2));
  // Over 60 at the vote: only with the higher committee's consent.
  const std::string g = Open("Hà Thị Cao", D(1962, 6, 1), "079162000004");
  WalkTo(g, kVerification);
  ExpectRefused(VoteStep(g, D(2024, 1, 2), 2), "ADMISSION_AGE", "admission.max_age_years");
  EXPECT_EQ(Advance(VoteStep(g, D(2024, 1, 2), 2, "Công văn số 15-CV/TU")).stage(),
            mv1::ADMISSION_STAGE_CELL_VOTED);
}

TEST_F(AdmissionsTest, StaleFileNeedsNewSponsorLetters) {
  const std::string g = Open("Châu Văn Giang", D(1991, 9, 9), "079191000010");
  WalkTo(g, kVerification);  // applied on 1/11/2023
  // More than 12 months without the cell's decision: stale from 2/11/2024.
  ExpectRefused(VoteStep(g, D(2024, 11, 2), 2), "ADMISSION_FILE_STALE",
                "admission.file_stale_months");
  mv1::ListOverdueAdmissionsRequest request;
  request.set_organization(cell_);
  mv1::ListOverdueAdmissionsResponse response;
  ASSERT_TRUE(stub_->ListOverdueAdmissions(Context().get(), request, &response).ok());
  bool listed = false;
  for (const auto& o : response.overdue()) {
    if (o.admission() != g) continue;
    listed = true;
    EXPECT_EQ(o.overdue_step(), mv1::OVERDUE_STEP_CELL_CONSIDERATION);
    EXPECT_EQ(ToCivilDay(o.overdue_since()), D(2024, 11, 2));
  }
  EXPECT_TRUE(listed);
  // The application is recorded again with new letters (the verification stands).
  ExpectRefused(ApplicationStep(g, D(2024, 11, 1), {{s1_, D(2021, 1, 1)}, {s2_, D(2022, 1, 1)}}),
                "ADMISSION_STEP_REPEATED");
  const mv1::Admission renewed =
      Advance(ApplicationStep(g, D(2024, 11, 4), {{s1_, D(2021, 1, 1)}, {s3_, D(2022, 1, 1)}}));
  EXPECT_EQ(renewed.stage(), mv1::ADMISSION_STAGE_VERIFIED);
  EXPECT_EQ(renewed.application().sponsors(1).member(), s3_);
  EXPECT_EQ(Advance(VoteStep(g, D(2024, 11, 5), 3)).stage(), mv1::ADMISSION_STAGE_CELL_VOTED);
}

TEST_F(AdmissionsTest, ReadmissionThirtySixMonthsAfterLeavingContinuesTheHistory) {
  const std::string former =
      Register("Đoàn Văn Hải", D(1985, 10, 10), mv1::MEMBER_STATUS_OFFICIAL, D(2008, 5, 1));
  mv1::RecordMemberEventRequest strike;
  strike.set_parent(former);
  strike.mutable_event()->set_kind(mv1::MEMBER_EVENT_KIND_STRUCK_OFF);
  *strike.mutable_event()->mutable_effective_on() = ToDate(D(2021, 3, 1));
  mv1::MemberEvent recorded;
  ASSERT_TRUE(stub_->RecordMemberEvent(Context().get(), strike, &recorded).ok());

  // Only a former member is readmitted.
  mv1::CreateAdmissionRequest active;
  active.mutable_admission()->mutable_candidate()->set_full_name("Nguyễn Văn Sơn");
  active.mutable_admission()->mutable_candidate()->set_gender(mv1::GENDER_MALE);
  *active.mutable_admission()->mutable_candidate()->mutable_birth_date() = ToDate(D(1975, 2, 1));
  active.mutable_admission()->mutable_candidate()->set_ethnicity("Kinh");
  active.mutable_admission()->set_organization(cell_);
  active.mutable_admission()->set_former_member(s1_);
  *active.mutable_admission()->mutable_source()->mutable_identified_on() = ToDate(D(2023, 9, 1));
  active.mutable_admission()->mutable_source()->set_responsible("Bí thư chi bộ");
  mv1::Admission ignored;
  grpc::Status refused = stub_->CreateAdmission(Context().get(), active, &ignored);
  EXPECT_EQ(errors::Reason(refused), "NOT_A_FORMER_MEMBER") << refused.error_message();

  mv1::CreateAdmissionRequest request = active;
  request.mutable_admission()->mutable_candidate()->set_full_name("Đoàn Văn Hải");
  *request.mutable_admission()->mutable_candidate()->mutable_birth_date() = ToDate(D(1985, 10, 10));
  request.mutable_admission()->mutable_candidate()->set_general_education(
      mv1::GENERAL_EDUCATION_UPPER_SECONDARY);
  request.mutable_admission()->set_former_member(former);
  mv1::Admission opened;
  ASSERT_TRUE(stub_->CreateAdmission(Context().get(), request, &opened).ok());
  const std::string h = opened.name();
  WalkTo(h, kVerification);
  // 36 months after 1/3/2021 is 1/3/2024.
  ExpectRefused(VoteStep(h, D(2024, 2, 29), 2), "READMISSION_TOO_SOON",
                "admission.readmission_wait_months");
  Advance(VoteStep(h, D(2024, 3, 1), 2));
  Advance(DecisionStep(h, D(2024, 3, 5), D(2024, 4, 1)));
  const mv1::Admission readmitted = Advance(CeremonyStep(h, D(2024, 4, 15)));
  EXPECT_EQ(readmitted.member(), former) << "the former member's history goes on";
  const mv1::Member member = MemberOf(former);
  EXPECT_EQ(member.state().status(), mv1::MEMBER_STATUS_PROBATIONARY);
  EXPECT_EQ(EventCount(former), 3);  // registered, struck off, admitted again

  // One who asked to leave (cho ra khỏi Đảng, of their own will) is never readmitted.
  const std::string left =
      Register("Đoàn Thị Lan", D(1986, 1, 12), mv1::MEMBER_STATUS_OFFICIAL, D(2009, 5, 1));
  strike.set_parent(left);
  strike.mutable_event()->set_kind(mv1::MEMBER_EVENT_KIND_RELEASED);
  strike.mutable_event()->set_leaving_reason(mv1::LEAVING_REASON_OWN_WILL);
  ASSERT_TRUE(stub_->RecordMemberEvent(Context().get(), strike, &recorded).ok());
  EXPECT_EQ(recorded.leaving_reason(), mv1::LEAVING_REASON_OWN_WILL);
  request.mutable_admission()->mutable_candidate()->set_full_name("Đoàn Thị Lan");
  request.mutable_admission()->mutable_candidate()->set_gender(mv1::GENDER_FEMALE);
  *request.mutable_admission()->mutable_candidate()->mutable_birth_date() = ToDate(D(1986, 1, 12));
  request.mutable_admission()->set_former_member(left);
  ASSERT_TRUE(stub_->CreateAdmission(Context().get(), request, &opened).ok());
  WalkTo(opened.name(), kVerification);
  ExpectRefused(VoteStep(opened.name(), D(2024, 3, 1), 2), "READMISSION_EXCLUDED",
                "admission.never_readmitted_reasons");
}

TEST_F(AdmissionsTest, RecognitionOfAStruckOffMemberIsRefused) {
  const std::string c = Open("Hoàng Minh Châu", D(1990, 7, 1), "079190000003");
  WalkTo(c, kCeremony);
  const std::string member = Read(c).member();
  mv1::RecordMemberEventRequest strike;
  strike.set_parent(member);
  strike.mutable_event()->set_kind(mv1::MEMBER_EVENT_KIND_STRUCK_OFF);
  *strike.mutable_event()->mutable_effective_on() = ToDate(D(2024, 9, 2));
  mv1::MemberEvent recorded;
  ASSERT_TRUE(stub_->RecordMemberEvent(Context().get(), strike, &recorded).ok());
  ExpectRefused(RecognitionStep(c, D(2025, 4, 10), true), "MEMBER_HAS_LEFT_PARTY");
  ExpectRefused(RecognitionStep(c, D(2025, 4, 10), false), "MEMBER_HAS_LEFT_PARTY");
  EXPECT_EQ(EventCount(member), 2);
  EXPECT_EQ(MemberOf(member).state().status(), mv1::MEMBER_STATUS_LEFT_PARTY);
}

TEST_F(AdmissionsTest, NotRecognizedIsStruckOff) {
  const std::string e = Open("Bùi Thị Én", D(1992, 8, 1), "079192000005");
  WalkTo(e, kCeremony);
  const mv1::Admission struck = Advance(RecognitionStep(e, D(2025, 4, 3), false));
  EXPECT_EQ(struck.stage(), mv1::ADMISSION_STAGE_STRUCK_OFF);
  const mv1::Member member = MemberOf(struck.member());
  EXPECT_EQ(member.state().status(), mv1::MEMBER_STATUS_LEFT_PARTY);
  EXPECT_EQ(member.state().leaving_form(), mv1::LEAVING_FORM_STRUCK_OFF);
  ExpectRefused(RecognitionStep(e, D(2025, 4, 4), true), "ADMISSION_STEP_REPEATED");
}

TEST_F(AdmissionsTest, OverdueListShowsTheLateFilesInTheCallersSubtree) {
  const std::string vote = Open("Ngô Văn Bình", D(1995, 1, 1), "079195000006");
  WalkTo(vote, kVote);  // no decision within 60 working days of 2/1/2024
  const std::string decided = Open("Lý Thị Dung", D(1993, 1, 1), "079193000007");
  WalkTo(decided, kDecision);  // no ceremony by 2/5/2024
  const std::string done = Open("Mai Văn Khoa", D(1994, 1, 1), "079194000008");
  WalkTo(done, kCeremony);
  Advance(RecognitionStep(done, D(2025, 4, 2), true));

  mv1::ListOverdueAdmissionsRequest request;
  request.set_organization(khoi_);
  mv1::ListOverdueAdmissionsResponse response;
  ASSERT_TRUE(stub_->ListOverdueAdmissions(Context().get(), request, &response).ok());
  std::map<std::string, mv1::OverdueAdmission> by_name;
  for (const auto& o : response.overdue()) by_name[o.admission()] = o;
  ASSERT_TRUE(by_name.count(vote));
  EXPECT_EQ(by_name[vote].overdue_step(), mv1::OVERDUE_STEP_DECISION);
  EXPECT_EQ(ToCivilDay(by_name[vote].due_on()), D(2024, 4, 2));
  EXPECT_EQ(ToCivilDay(by_name[vote].overdue_since()), D(2024, 4, 3));
  EXPECT_EQ(by_name[vote].organization(), cell_);
  EXPECT_EQ(by_name[vote].full_name(), "Ngô Văn Bình");
  ASSERT_TRUE(by_name.count(decided));
  EXPECT_EQ(by_name[decided].overdue_step(), mv1::OVERDUE_STEP_CEREMONY);
  EXPECT_EQ(ToCivilDay(by_name[decided].due_on()), D(2024, 5, 2));
  EXPECT_EQ(by_name[decided].rule(), "admission.ceremony_deadline_working_days");
  EXPECT_FALSE(by_name.count(done)) << "a recognized member is not overdue";
  // Before the deadline passed, the same file was not overdue.
  *request.mutable_as_of() = ToDate(D(2024, 4, 2));
  mv1::ListOverdueAdmissionsResponse earlier;
  ASSERT_TRUE(stub_->ListOverdueAdmissions(Context().get(), request, &earlier).ok());
  for (const auto& o : earlier.overdue()) EXPECT_NE(o.admission(), vote);

  // Pages of one.
  request.clear_as_of();
  request.set_page_size(1);
  std::set<std::string> paged;
  do {
    mv1::ListOverdueAdmissionsResponse page;
    ASSERT_TRUE(stub_->ListOverdueAdmissions(Context().get(), request, &page).ok());
    ASSERT_LE(page.overdue_size(), 1);
    for (const auto& o : page.overdue()) paged.insert(o.admission());
    request.set_page_token(page.next_page_token());
  } while (!request.page_token().empty());
  EXPECT_EQ(paged.size(), static_cast<size_t>(response.overdue_size()));

  // A secretary of another base committee sees none of them, and may not ask.
  grpc::ClientContext scoped;
  SignAs(&scoped, {"secretary", "base_secretary", other_});
  mv1::ListOverdueAdmissionsRequest theirs;
  mv1::ListOverdueAdmissionsResponse none;
  ASSERT_TRUE(stub_->ListOverdueAdmissions(&scoped, theirs, &none).ok());
  EXPECT_EQ(none.overdue_size(), 0);
  grpc::ClientContext outside;
  SignAs(&outside, {"secretary", "base_secretary", other_});
  grpc::Status denied = stub_->ListOverdueAdmissions(&outside, request, &none);
  EXPECT_EQ(denied.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(errors::Reason(denied), "OUT_OF_SCOPE");
}

TEST_F(AdmissionsTest, ClassListsItsCertifiedAttendees) {
  const std::string f = Open("Tạ Thị Phương", D(1996, 2, 2), "079196000009");
  WalkTo(f, kClass);
  mv1::GetPartyClassRequest request;
  request.set_name(class_);
  mv1::PartyClass c;
  ASSERT_TRUE(stub_->GetPartyClass(Context().get(), request, &c).ok());
  bool found = false;
  for (const auto& attendee : c.attendees()) {
    if (attendee.admission() != f) continue;
    found = true;
    EXPECT_EQ(attendee.full_name(), "Tạ Thị Phương");
    EXPECT_EQ(ToCivilDay(attendee.valid_until()), D(2028, 10, 5));  // 5 years
  }
  EXPECT_TRUE(found);
}

TEST_F(AdmissionsTest, RulebookAndHolidaysOverGrpc) {
  partywork::common::v1::ListRulesRequest request;
  *request.mutable_as_of() = ToDate(D(2024, 6, 1));
  partywork::common::v1::ListRulesResponse in_2024, in_2026;
  ASSERT_TRUE(stub_->ListRules(Context().get(), request, &in_2024).ok());
  *request.mutable_as_of() = ToDate(D(2026, 1, 1));
  ASSERT_TRUE(stub_->ListRules(Context().get(), request, &in_2026).ok());
  auto find = [](const partywork::common::v1::ListRulesResponse& r, const std::string& key) {
    for (const auto& rule : r.rules()) {
      if (rule.key() == key) return rule;
    }
    return partywork::common::v1::Rule();
  };
  const auto vote = find(in_2024, "admission.cell_vote_threshold");
  EXPECT_EQ(vote.unit(), partywork::common::v1::RULE_UNIT_RATIO);
  EXPECT_EQ(vote.number(), 2);
  EXPECT_EQ(vote.denominator(), 3);
  EXPECT_EQ(vote.regulation(), "Quy định 24-QĐ/TW ngày 30/7/2021");
  EXPECT_EQ(ToCivilDay(vote.effective_from()), D(2021, 7, 30));
  EXPECT_FALSE(vote.summary().empty());
  EXPECT_EQ(find(in_2026, "admission.cell_vote_threshold").regulation(),
            "Quy định 232-QĐ/TW ngày 20/01/2025");
  EXPECT_EQ(in_2024.rules_size(), in_2026.rules_size());

  partywork::common::v1::GetRuleHistoryRequest history;
  history.set_key("admission.decision_deadline_working_days");
  partywork::common::v1::GetRuleHistoryResponse versions;
  ASSERT_TRUE(stub_->GetRuleHistory(Context().get(), history, &versions).ok());
  ASSERT_EQ(versions.versions_size(), 3);
  EXPECT_EQ(versions.versions(0).number(), 60);
  history.set_key("admission.no_such_rule");
  grpc::Status unknown = stub_->GetRuleHistory(Context().get(), history, &versions);
  EXPECT_EQ(unknown.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(errors::Reason(unknown), "RULE_NOT_FOUND");

  partywork::common::v1::ListHolidaysRequest year;
  year.set_year(2025);
  partywork::common::v1::ListHolidaysResponse holidays;
  ASSERT_TRUE(stub_->ListHolidays(Context().get(), year, &holidays).ok());
  EXPECT_TRUE(holidays.known());
  bool tet = false;
  for (const auto& h : holidays.holidays()) tet |= ToCivilDay(h.day()) == D(2025, 1, 27);
  EXPECT_TRUE(tet) << "Tết 2025 is missing";
  // Without a signed caller identity, nothing is served.
  grpc::ClientContext anonymous;
  EXPECT_EQ(stub_->ListHolidays(&anonymous, year, &holidays).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
}

}  // namespace
}  // namespace partywork::testing
