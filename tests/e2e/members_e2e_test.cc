// Members through the real membership server: validated records, lists in
// Vietnamese name order with filters and diacritic-free search, updates
// with a field mask and an etag, the status history read at any date, and
// every illegal step refused with its rule and no change.
#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "libs/platform/errors.h"
#include "tests/e2e/membership_fixture.h"

PARTYWORK_USE_POSTGRES();

namespace partywork::testing {
namespace {

using Kind = mv1::OrganizationKind;
constexpr auto kNoType = mv1::ORGANIZATION_TYPE_UNSPECIFIED;
constexpr auto kAdmitted = mv1::MEMBER_EVENT_KIND_ADMITTED;
constexpr auto kRegistered = mv1::MEMBER_EVENT_KIND_REGISTERED;

class MembersTest : public MembershipTest {
 protected:
  static void SetUpTestSuite() {
    MembershipTest::SetUpTestSuite();
    const absl::CivilDay founded(2000, 1, 1);
    khoi_ = Create("Đảng bộ Khối các cơ quan và doanh nghiệp tỉnh",
                   mv1::ORGANIZATION_KIND_HIGHER_COMMITTEE, kNoType, "", founded);
    committee_ = Create("Đảng bộ Sở Tài chính", mv1::ORGANIZATION_KIND_BASE_COMMITTEE,
                        mv1::ORGANIZATION_TYPE_ADMINISTRATIVE_AGENCY, khoi_, founded);
    cell_a_ = Create("Chi bộ Phòng Ngân sách", mv1::ORGANIZATION_KIND_SUBORDINATE_CELL, kNoType,
                     committee_, founded);
    cell_b_ = Create("Chi bộ Phòng Tin học", mv1::ORGANIZATION_KIND_SUBORDINATE_CELL, kNoType,
                     committee_, founded);
    base_cell_ = Create("Chi bộ Cục Quản lý thị trường", mv1::ORGANIZATION_KIND_BASE_CELL,
                        mv1::ORGANIZATION_TYPE_ADMINISTRATIVE_AGENCY, khoi_, founded);
  }

  static mv1::Member Record(const std::string& full_name, mv1::Gender gender, absl::CivilDay born,
                            absl::CivilDay admitted, const std::string& national_id = "") {
    mv1::Member m;
    m.set_full_name(full_name);
    m.set_gender(gender);
    *m.mutable_birth_date() = ToDate(born);
    m.set_ethnicity("Kinh");
    *m.mutable_admitted_on() = ToDate(admitted);
    m.set_national_id(national_id);
    m.set_qualification(mv1::QUALIFICATION_UNIVERSITY);
    return m;
  }

  static mv1::MemberEvent Event(mv1::MemberEventKind kind, absl::CivilDay day,
                                const std::string& organization = "",
                                mv1::MemberStatus initial = mv1::MEMBER_STATUS_UNSPECIFIED) {
    mv1::MemberEvent e;
    e.set_kind(kind);
    *e.mutable_effective_on() = ToDate(day);
    e.set_organization(organization);
    e.set_initial_status(initial);
    return e;
  }

  static grpc::Status CreateMember(const mv1::Member& record, const mv1::MemberEvent& first,
                                   mv1::Member* out, const std::string& request_id = "") {
    mv1::CreateMemberRequest request;
    *request.mutable_member() = record;
    *request.mutable_first_event() = first;
    request.set_request_id(request_id);
    return stub_->CreateMember(Context().get(), request, out);
  }

  // An official member registered in `cell`.
  static std::string Official(const std::string& full_name, mv1::Gender gender, int born_year,
                              const std::string& cell) {
    auto record = Record(full_name, gender, absl::CivilDay(born_year, 5, 1),
                         absl::CivilDay(born_year + 25, 3, 1));
    *record.mutable_official_on() = ToDate(absl::CivilDay(born_year + 26, 3, 1));
    mv1::Member created;
    grpc::Status s = CreateMember(
        record, Event(kRegistered, absl::CivilDay(2020, 1, 1), cell, mv1::MEMBER_STATUS_OFFICIAL),
        &created);
    EXPECT_TRUE(s.ok()) << full_name << ": " << s.error_message();
    return created.name();
  }

  static grpc::Status Record(const std::string& member, const mv1::MemberEvent& e,
                             mv1::MemberEvent* out = nullptr) {
    mv1::RecordMemberEventRequest request;
    request.set_parent(member);
    *request.mutable_event() = e;
    mv1::MemberEvent ignored;
    return stub_->RecordMemberEvent(Context().get(), request, out ? out : &ignored);
  }

  static mv1::Member GetMember(const std::string& name, absl::CivilDay day,
                               const Caller& caller = {"tester", "khoi_admin", ""},
                               grpc::Status* status = nullptr) {
    mv1::GetMemberRequest request;
    request.set_name(name);
    *request.mutable_as_of() = ToDate(day);
    grpc::ClientContext context;
    SignAs(&context, caller);
    mv1::Member m;
    grpc::Status s = stub_->GetMember(&context, request, &m);
    if (status) *status = s;
    return m;
  }

  static std::vector<std::string> Names(mv1::ListMembersRequest request) {
    std::vector<std::string> names;
    do {
      mv1::ListMembersResponse page;
      grpc::Status s = stub_->ListMembers(Context().get(), request, &page);
      EXPECT_TRUE(s.ok()) << s.error_message();
      for (const auto& m : page.members()) names.push_back(m.full_name());
      request.set_page_token(page.next_page_token());
    } while (!request.page_token().empty());
    return names;
  }

  static int EventCount(const std::string& member) {
    mv1::ListMemberEventsRequest request;
    request.set_parent(member);
    mv1::ListMemberEventsResponse response;
    EXPECT_TRUE(stub_->ListMemberEvents(Context().get(), request, &response).ok());
    return response.events_size();
  }

  static inline std::string khoi_, committee_, cell_a_, cell_b_, base_cell_;
};

TEST_F(MembersTest, ListsInVietnameseOrderWithFiltersSearchAndPages) {
  Official("Trần Thị Đào", mv1::GENDER_FEMALE, 1980, cell_a_);
  Official("Lê Văn Dũng", mv1::GENDER_MALE, 1990, cell_a_);
  Official("Nguyễn Văn An", mv1::GENDER_MALE, 1975, cell_b_);
  Official("Phạm Thị Ánh", mv1::GENDER_FEMALE, 1995, cell_b_);
  Official("Hoàng Văn Bình", mv1::GENDER_MALE, 1985, base_cell_);

  mv1::ListMembersRequest all;
  all.set_organization(khoi_);
  all.set_page_size(2);  // three pages
  EXPECT_EQ(Names(all), (std::vector<std::string>{"Nguyễn Văn An", "Phạm Thị Ánh", "Hoàng Văn Bình",
                                                  "Lê Văn Dũng", "Trần Thị Đào"}));
  mv1::ListMembersRequest committee;
  committee.set_organization(committee_);
  EXPECT_EQ(Names(committee).size(), 4u);
  mv1::ListMembersRequest women = all;
  women.set_gender(mv1::GENDER_FEMALE);
  EXPECT_EQ(Names(women), (std::vector<std::string>{"Phạm Thị Ánh", "Trần Thị Đào"}));
  mv1::ListMembersRequest older = all;
  older.set_min_age(40);  // born 1985 or earlier
  EXPECT_EQ(Names(older),
            (std::vector<std::string>{"Nguyễn Văn An", "Hoàng Văn Bình", "Trần Thị Đào"}));
  mv1::ListMembersRequest search = all;
  search.set_search("nguyen van an");
  EXPECT_EQ(Names(search), std::vector<std::string>{"Nguyễn Văn An"});
  search.set_search("DAO");
  EXPECT_EQ(Names(search), std::vector<std::string>{"Trần Thị Đào"});
  search.set_search("%");
  EXPECT_TRUE(Names(search).empty());

  mv1::ListMembersRequest bad = all;
  bad.set_page_token("not-a-token");
  mv1::ListMembersResponse ignored;
  EXPECT_EQ(stub_->ListMembers(Context().get(), bad, &ignored).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(MembersTest, RecordIsValidatedAndPersonalDataIsForTheEntitled) {
  mv1::Member created;
  auto record = Record("Võ Thị Hoa", mv1::GENDER_FEMALE, absl::CivilDay(2000, 2, 1),
                       absl::CivilDay(2023, 5, 1), "066200001234");
  record.set_ethnicity("Kinh ");
  record.set_national_id("12345");
  grpc::Status s =
      CreateMember(record, Event(kAdmitted, absl::CivilDay(2023, 5, 20), cell_a_), &created);
  ASSERT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  const std::string details = errors::Details(s)->DebugString();
  EXPECT_NE(details.find("member.ethnicity"), std::string::npos) << details;
  EXPECT_NE(details.find("member.national_id"), std::string::npos) << details;

  // Too young when admitted: refused by the admission-age rule.
  auto young = Record("Đỗ Văn Nam", mv1::GENDER_MALE, absl::CivilDay(2006, 1, 1),
                      absl::CivilDay(2024, 6, 1));
  s = CreateMember(young, Event(kAdmitted, absl::CivilDay(2023, 12, 1), cell_a_), &created);
  EXPECT_EQ(errors::Reason(s), "ADMISSION_AGE") << s.error_message();
  // Members belong to a cell, not to a committee.
  record.set_ethnicity("Ê Đê");
  record.set_national_id("066200001234");
  s = CreateMember(record, Event(kAdmitted, absl::CivilDay(2023, 5, 20), committee_), &created);
  EXPECT_EQ(errors::Reason(s), "MEMBER_ORGANIZATION_NOT_A_CELL") << s.error_message();

  ASSERT_TRUE(CreateMember(record, Event(kAdmitted, absl::CivilDay(2023, 5, 20), cell_a_), &created,
                           "create-hoa")
                  .ok());
  mv1::Member again;  // the retry returns the first answer and creates no second member
  ASSERT_TRUE(CreateMember(record, Event(kAdmitted, absl::CivilDay(2023, 5, 20), cell_a_), &again,
                           "create-hoa")
                  .ok());
  EXPECT_EQ(again.name(), created.name());
  EXPECT_EQ(
      Postgres::Get()
          .Admin("SELECT count(*) FROM membership.members WHERE full_name = 'Võ Thị Hoa'")[0][0]
          .as<int>(),
      1);
  // The same national ID twice is refused.
  mv1::Member duplicate;
  record.set_full_name("Võ Thị Hoa Hai");
  EXPECT_EQ(CreateMember(record, Event(kAdmitted, absl::CivilDay(2023, 5, 20), cell_a_), &duplicate)
                .error_code(),
            grpc::StatusCode::ALREADY_EXISTS);

  const absl::CivilDay today = Today();
  EXPECT_EQ(GetMember(created.name(), today).national_id(), "066200001234");
  EXPECT_EQ(GetMember(created.name(), today, {"reader", "reporting_reader", ""}).national_id(), "");
  const auto audited =
      Postgres::Get().Admin(absl::StrCat("SELECT count(*) FROM membership.audit_log WHERE action = "
                                         "'ReadMemberRecord' AND resource = '",
                                         created.name(), "'"));
  EXPECT_EQ(audited[0][0].as<int>(), 2);
  // A secretary of another cell sees nothing of this member.
  grpc::Status denied;
  GetMember(created.name(), today, {"secretary", "base_secretary", base_cell_}, &denied);
  EXPECT_EQ(denied.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(errors::Reason(denied), "OUT_OF_SCOPE");
  GetMember(created.name(), today, {"secretary", "base_secretary", committee_}, &denied);
  EXPECT_TRUE(denied.ok()) << denied.error_message();
  // The scoped read allowed is audited too, the refused one is not.
  EXPECT_EQ(Postgres::Get()
                .Admin(absl::StrCat("SELECT count(*) FROM membership.audit_log WHERE action = "
                                    "'ReadMemberRecord' AND resource = '",
                                    created.name(), "'"))[0][0]
                .as<int>(),
            3);
  // Nothing to read, nothing recorded; a bad name is refused before any read.
  grpc::Status missing;
  GetMember("members/987654321", today, {"admin", "khoi_admin", ""}, &missing);
  EXPECT_EQ(missing.error_code(), grpc::StatusCode::NOT_FOUND);
  GetMember("members/987654321", today, {"secretary", "base_secretary", committee_}, &missing);
  EXPECT_EQ(missing.error_code(), grpc::StatusCode::NOT_FOUND);
  GetMember("member/1", today, {"admin", "khoi_admin", ""}, &missing);
  EXPECT_EQ(missing.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(Postgres::Get()
                .Admin("SELECT count(*) FROM membership.audit_log WHERE resource = "
                       "'members/987654321'")[0][0]
                .as<int>(),
            0);
}

TEST_F(MembersTest, UpdatesNeedTheCurrentEtagAndChangeOnlyTheMask) {
  const std::string name = Official("Đinh Văn Cường", mv1::GENDER_MALE, 1970, cell_b_);
  mv1::Member current = GetMember(name, Today());
  mv1::UpdateMemberRequest update;
  update.mutable_member()->set_name(name);
  update.mutable_member()->set_etag(current.etag());
  update.mutable_member()->set_religion("Phật giáo");
  update.mutable_member()->set_workplace("ignored: not in the mask");
  update.mutable_update_mask()->add_paths("religion");
  mv1::Member updated;
  ASSERT_TRUE(stub_->UpdateMember(Context().get(), update, &updated).ok());
  EXPECT_EQ(updated.religion(), "Phật giáo");
  EXPECT_EQ(updated.workplace(), "");
  EXPECT_NE(updated.etag(), current.etag());

  // The old etag is stale now.
  update.mutable_member()->set_religion("");
  grpc::Status stale = stub_->UpdateMember(Context().get(), update, &updated);
  EXPECT_EQ(stale.error_code(), grpc::StatusCode::ABORTED) << stale.error_message();
  update.mutable_member()->set_etag(GetMember(name, Today()).etag());
  ASSERT_TRUE(stub_->UpdateMember(Context().get(), update, &updated).ok());
  EXPECT_EQ(updated.religion(), "");  // set back to none

  update.mutable_update_mask()->add_paths("state");
  EXPECT_EQ(stub_->UpdateMember(Context().get(), update, &updated).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(MembersTest, StatusHistoryAtAnyDateAndIllegalStepsRefused) {
  mv1::Member m;
  ASSERT_TRUE(CreateMember(Record("Y Bhim Niê", mv1::GENDER_MALE, absl::CivilDay(1998, 8, 8),
                                  absl::CivilDay(2024, 3, 1)),
                           Event(kAdmitted, absl::CivilDay(2024, 3, 15), cell_a_), &m)
                  .ok());
  const std::string name = m.name();
  auto refused = [&](const mv1::MemberEvent& e, const std::string& reason) {
    const int before = EventCount(name);
    grpc::Status s = Record(name, e);
    EXPECT_EQ(errors::Reason(s), reason) << s.error_message();
    EXPECT_EQ(EventCount(name), before) << reason;
  };
  refused(Event(mv1::MEMBER_EVENT_KIND_RECOGNIZED_OFFICIAL, absl::CivilDay(2025, 3, 14)),
          "RECOGNITION_AT_END_OF_PROBATION");
  refused(Event(mv1::MEMBER_EVENT_KIND_EXPELLED, absl::CivilDay(2024, 9, 1)),
          "EXPULSION_NOT_FOR_PROBATIONARY");
  refused(Event(mv1::MEMBER_EVENT_KIND_EXEMPTED, absl::CivilDay(2024, 9, 1)),
          "EXEMPTION_ONLY_FOR_OFFICIAL");
  refused(Event(mv1::MEMBER_EVENT_KIND_RECOGNIZED_OFFICIAL, absl::CivilDay(2023, 3, 15)),
          "NOT_YET_A_MEMBER");
  ASSERT_TRUE(
      Record(name, Event(mv1::MEMBER_EVENT_KIND_RECOGNIZED_OFFICIAL, absl::CivilDay(2025, 3, 15)))
          .ok());
  mv1::MemberEvent moved;
  ASSERT_TRUE(
      Record(name,
             Event(mv1::MEMBER_EVENT_KIND_TRANSFERRED_WITHIN, absl::CivilDay(2025, 6, 1), cell_b_),
             &moved)
          .ok());
  refused(Event(mv1::MEMBER_EVENT_KIND_TRANSFERRED_WITHIN, absl::CivilDay(2025, 7, 1), cell_b_),
          "SAME_ORGANIZATION");
  ASSERT_TRUE(
      Record(name, Event(mv1::MEMBER_EVENT_KIND_TRANSFERRED_OUT, absl::CivilDay(2025, 9, 1))).ok());
  // A member who has left the Khối cannot be moved between its cells.
  refused(Event(mv1::MEMBER_EVENT_KIND_TRANSFERRED_WITHIN, absl::CivilDay(2025, 10, 1), cell_a_),
          "MEMBER_TRANSFERRED_OUT");
  // Nor can an event be slipped into the past that the later history contradicts.
  refused(Event(mv1::MEMBER_EVENT_KIND_DECEASED, absl::CivilDay(2025, 1, 1)), "MEMBER_DECEASED");

  const auto state_on = [&](absl::CivilDay day) { return GetMember(name, day).state(); };
  EXPECT_EQ(state_on(absl::CivilDay(2024, 3, 14)).status(), mv1::MEMBER_STATUS_UNSPECIFIED);
  EXPECT_EQ(state_on(absl::CivilDay(2024, 3, 15)).status(), mv1::MEMBER_STATUS_PROBATIONARY);
  EXPECT_EQ(state_on(absl::CivilDay(2025, 3, 15)).status(), mv1::MEMBER_STATUS_OFFICIAL);
  EXPECT_EQ(state_on(absl::CivilDay(2025, 5, 31)).organization(), cell_a_);
  EXPECT_EQ(state_on(absl::CivilDay(2025, 6, 1)).organization(), cell_b_);
  EXPECT_EQ(state_on(Today()).status(), mv1::MEMBER_STATUS_TRANSFERRED_OUT);
  EXPECT_EQ(GetMember(name, Today()).official_on().year(), 2025);

  // A correction voids the transfer within; the member never left cell A.
  auto correction = Event(mv1::MEMBER_EVENT_KIND_CORRECTION, absl::CivilDay(2025, 10, 1));
  correction.set_corrects(moved.name());
  correction.set_note("ghi nhầm chi bộ");
  ASSERT_TRUE(Record(name, correction).ok());
  EXPECT_EQ(state_on(absl::CivilDay(2025, 6, 1)).organization(), cell_a_);
  refused(correction, "ALREADY_CORRECTED");

  // History is append-only, even for the database's superuser paths.
  EXPECT_THROW(Postgres::Get().Admin("DELETE FROM membership.member_events"), std::exception);
}

// The record facts the statistics forms count: kept, updated by mask,
// validated.
TEST_F(MembersTest, RetirementBusinessOwnershipAndAcademicTitleAreKept) {
  auto record = Record("Hoàng Văn Hưu", mv1::GENDER_MALE, absl::CivilDay(1958, 2, 1),
                       absl::CivilDay(1985, 6, 1));
  *record.mutable_official_on() = ToDate(absl::CivilDay(1986, 6, 1));
  record.set_retired(true);
  record.set_private_business_owner(true);
  record.set_academic_title(mv1::ACADEMIC_TITLE_ASSOCIATE_PROFESSOR);
  mv1::Member created;
  ASSERT_TRUE(CreateMember(record,
                           Event(kRegistered, absl::CivilDay(2020, 1, 1), cell_a_,
                                 mv1::MEMBER_STATUS_OFFICIAL),
                           &created)
                  .ok());
  mv1::Member read = GetMember(created.name(), Today());
  EXPECT_TRUE(read.retired());
  EXPECT_TRUE(read.private_business_owner());
  EXPECT_EQ(read.academic_title(), mv1::ACADEMIC_TITLE_ASSOCIATE_PROFESSOR);

  mv1::UpdateMemberRequest update;
  update.mutable_member()->set_name(created.name());
  update.mutable_member()->set_etag(read.etag());
  update.mutable_member()->set_academic_title(mv1::ACADEMIC_TITLE_PROFESSOR);
  update.mutable_update_mask()->add_paths("academic_title");
  update.mutable_update_mask()->add_paths("retired");  // false: back at work
  mv1::Member updated;
  ASSERT_TRUE(stub_->UpdateMember(Context().get(), update, &updated).ok());
  read = GetMember(created.name(), Today());
  EXPECT_EQ(read.academic_title(), mv1::ACADEMIC_TITLE_PROFESSOR);
  EXPECT_FALSE(read.retired());
  EXPECT_TRUE(read.private_business_owner());  // not in the mask

  record.set_full_name("Hoàng Văn Sai");
  record.set_academic_title(static_cast<mv1::AcademicTitle>(7));
  grpc::Status bad = CreateMember(
      record, Event(kRegistered, absl::CivilDay(2020, 1, 1), cell_a_, mv1::MEMBER_STATUS_OFFICIAL),
      &created);
  EXPECT_EQ(bad.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(bad.error_message().find("academic_title"), std::string::npos) << bad.error_message();
}

// Phục hồi đảng tịch: only of someone who left, into a cell with a status;
// the member is in the Party again from the day.
TEST_F(MembersTest, RestorationOnlyAfterLeaving) {
  const std::string name = Official("Võ Văn Phục", mv1::GENDER_MALE, 1975, cell_a_);
  const absl::CivilDay struck_off(2022, 3, 1), restored(2023, 9, 1);
  auto restoration =
      Event(mv1::MEMBER_EVENT_KIND_RESTORED, restored, cell_b_, mv1::MEMBER_STATUS_OFFICIAL);
  grpc::Status refused = Record(name, restoration);
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(errors::Reason(refused), "RESTORATION_ONLY_AFTER_LEAVING");

  // The cell and the status are required.
  grpc::Status invalid = Record(
      name, Event(mv1::MEMBER_EVENT_KIND_RESTORED, restored, "", mv1::MEMBER_STATUS_OFFICIAL));
  EXPECT_EQ(invalid.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  invalid = Record(name, Event(mv1::MEMBER_EVENT_KIND_RESTORED, restored, cell_b_));
  EXPECT_EQ(invalid.error_code(), grpc::StatusCode::INVALID_ARGUMENT);

  ASSERT_TRUE(Record(name, Event(mv1::MEMBER_EVENT_KIND_STRUCK_OFF, struck_off)).ok());
  ASSERT_TRUE(Record(name, restoration).ok());
  EXPECT_EQ(GetMember(name, restored - 1).state().status(), mv1::MEMBER_STATUS_LEFT_PARTY);
  const mv1::Member now = GetMember(name, restored);
  EXPECT_EQ(now.state().status(), mv1::MEMBER_STATUS_OFFICIAL);
  EXPECT_EQ(now.state().organization(), cell_b_);
  // Restored once; a second restoration of a member in the Party is refused.
  refused = Record(name, Event(mv1::MEMBER_EVENT_KIND_RESTORED, restored + 10, cell_a_,
                               mv1::MEMBER_STATUS_OFFICIAL));
  EXPECT_EQ(errors::Reason(refused), "RESTORATION_ONLY_AFTER_LEAVING");
}

}  // namespace
}  // namespace partywork::testing
