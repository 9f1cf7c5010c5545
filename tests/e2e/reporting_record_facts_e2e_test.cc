// The statistics forms' rows that count facts of the member's record and
// restorations, loaded through membership's API: Biểu 1's members restored
// (phục hồi đảng tịch), Biểu 2's new members owning a private business and
// with an academic title, Biểu 3's members working and retired (as the
// record was on each day) and by the period they joined the Party in.
#include "gtest/gtest.h"
#include "tests/e2e/party_work_fixture.h"

PARTYWORK_USE_POSTGRES();

namespace partywork::testing {
namespace {

class RecordFactsTest : public PartyWorkTest {
 protected:
  // An official member registered on 1/1/2015, admitted on `admitted`.
  static std::string Official(const std::string& cell, const std::string& full_name, CivilDay born,
                              CivilDay admitted, bool retired = false) {
    Person p;
    p.full_name = full_name;
    p.born = born;
    mv1::Member m = RecordOf(p);
    *m.mutable_admitted_on() = ToDate(admitted);
    *m.mutable_official_on() = ToDate(admitted + 366);
    m.set_retired(retired);
    mv1::MemberEvent e = Event(mv1::MEMBER_EVENT_KIND_REGISTERED, CivilDay(2015, 1, 1), cell);
    e.set_initial_status(mv1::MEMBER_STATUS_OFFICIAL);
    return CreateWith(std::move(m), e);
  }

  static std::string AdmittedWith(const std::string& cell, CivilDay day, CivilDay born,
                                  bool business_owner, mv1::AcademicTitle title) {
    Person p;
    p.born = born;
    mv1::Member m = RecordOf(p);
    *m.mutable_admitted_on() = ToDate(day);
    m.set_private_business_owner(business_owner);
    m.set_academic_title(title);
    return CreateWith(std::move(m), Event(mv1::MEMBER_EVENT_KIND_ADMITTED, day, cell));
  }

  static void Retire(const std::string& member) {
    mv1::GetMemberRequest get;
    get.set_name(member);
    mv1::Member current;
    ASSERT_TRUE(stub_->GetMember(Context().get(), get, &current).ok());
    mv1::UpdateMemberRequest r;
    r.mutable_member()->set_name(member);
    r.mutable_member()->set_etag(current.etag());
    r.mutable_member()->set_retired(true);
    r.mutable_update_mask()->add_paths("retired");
    mv1::Member updated;
    grpc::Status s = stub_->UpdateMember(Context().get(), r, &updated);
    ASSERT_TRUE(s.ok()) << s.error_message();
  }
};

TEST_F(RecordFactsTest, FormsCountRestorationsOwnersTitlesRetirementAndAdmissionPeriods) {
  const std::string khoi = Create("Đảng bộ Khối thử nghiệm", kHigher, kNoType, "", kFounded);
  const std::string cell = Create("Chi bộ Sở Nội vụ", kBaseCell, kAdministrative, khoi, kFounded);
  const std::string other = Create("Chi bộ Sở Tư pháp", kBaseCell, kAdministrative, khoi, kFounded);

  // Admitted 1972, 1980, 2005 and 2006: periods 3, 4, 5 and 5.
  Official(cell, "Nguyễn Văn Lão", CivilDay(1950, 3, 1), CivilDay(1972, 5, 19), /*retired=*/true);
  Official(cell, "Trần Văn Cựu", CivilDay(1955, 7, 1), CivilDay(1980, 3, 3));
  const std::string worker =
      Official(cell, "Lê Văn Làm", CivilDay(1978, 1, 1), CivilDay(2005, 5, 19));
  const std::string returning =
      Official(cell, "Phạm Văn Phục", CivilDay(1979, 1, 1), CivilDay(2006, 5, 19));

  // 2023: one struck off and restored into another cell; two admitted, one
  // of them a business owner and associate professor, one a professor.
  Record(returning, mv1::MEMBER_EVENT_KIND_STRUCK_OFF, CivilDay(2023, 2, 1));
  mv1::RecordMemberEventRequest restore;
  restore.set_parent(returning);
  *restore.mutable_event() = Event(mv1::MEMBER_EVENT_KIND_RESTORED, CivilDay(2023, 6, 1), other);
  restore.mutable_event()->set_initial_status(mv1::MEMBER_STATUS_OFFICIAL);
  mv1::MemberEvent ignored;
  grpc::Status s = stub_->RecordMemberEvent(Context().get(), restore, &ignored);
  ASSERT_TRUE(s.ok()) << s.error_message();
  AdmittedWith(cell, CivilDay(2023, 4, 1), CivilDay(1985, 2, 2), /*business_owner=*/true,
               mv1::ACADEMIC_TITLE_ASSOCIATE_PROFESSOR);
  AdmittedWith(other, CivilDay(2023, 5, 1), CivilDay(1970, 2, 2), /*business_owner=*/false,
               mv1::ACADEMIC_TITLE_PROFESSOR);
  // Last year's admission: neither owner nor title.
  AdmittedWith(cell, CivilDay(2022, 4, 1), CivilDay(1990, 2, 2), false,
               mv1::ACADEMIC_TITLE_UNSPECIFIED);

  // Biểu 1, 2023: opened with 5, one struck off, one restored, two admitted.
  const CivilDay start(2023, 1, 1), end(2023, 12, 31);
  const auto gains = Form(khoi, rv1::STATISTICS_FORM_KIND_GAINS_AND_LOSSES, start, end);
  EXPECT_EQ(Value(gains, "1"), 5);
  EXPECT_EQ(Value(gains, "2.1"), 2);
  EXPECT_EQ(Value(gains, "2.4"), 1);
  EXPECT_EQ(Value(gains, "2"), 3);
  EXPECT_EQ(Value(gains, "3.3"), 1);
  EXPECT_EQ(Value(gains, "3"), 1);
  EXPECT_EQ(Value(gains, "4"), 0);  // everything explained
  EXPECT_EQ(Value(gains, "5"), 7);
  EXPECT_EQ(Value(gains, "2.4", 1), 0);  // 2022
  // The cell the member was restored into gains them; the other loses one.
  EXPECT_EQ(Value(Form(other, rv1::STATISTICS_FORM_KIND_GAINS_AND_LOSSES, start, end), "2.4"), 1);
  EXPECT_EQ(Value(Form(cell, rv1::STATISTICS_FORM_KIND_GAINS_AND_LOSSES, start, end), "2.4"), 0);
  // The quarterly narrative of the second quarter says so.
  rv1::ExportReportRequest narrative;
  narrative.set_format(rv1::EXPORT_FORMAT_TEXT);
  narrative.mutable_narrative()->set_root(khoi);
  *narrative.mutable_narrative()->mutable_period_start() = ToDate(CivilDay(2023, 4, 1));
  *narrative.mutable_narrative()->mutable_period_end() = ToDate(CivilDay(2023, 6, 30));
  const std::string text = Export(narrative).content();
  EXPECT_NE(text.find("đã kết nạp 2 đảng viên"), std::string::npos) << text;
  EXPECT_NE(text.find("phục hồi đảng tịch 1 đảng viên"), std::string::npos) << text;

  // Biểu 2, 2023 against 2022.
  const auto fresh = Form(khoi, rv1::STATISTICS_FORM_KIND_NEW_MEMBERS, start, end);
  EXPECT_EQ(Value(fresh, "1"), 2);
  EXPECT_EQ(Value(fresh, "11"), 1);
  EXPECT_EQ(Value(fresh, "12.1"), 1);
  EXPECT_EQ(Value(fresh, "12.2"), 1);
  EXPECT_EQ(Value(fresh, "1", 1), 1);
  EXPECT_EQ(Value(fresh, "11", 1), 0);
  EXPECT_EQ(Value(fresh, "12.1", 1), 0);

  // Biểu 3 on 31/12/2023: one retired of seven; by admission period.
  const auto members = Form(khoi, rv1::STATISTICS_FORM_KIND_MEMBERSHIP, start, end);
  EXPECT_EQ(Value(members, "1"), 7);
  EXPECT_EQ(Value(members, "12.1"), 6);
  EXPECT_EQ(Value(members, "12.2"), 1);
  EXPECT_EQ(Value(members, "13.1"), 0);
  EXPECT_EQ(Value(members, "13.2"), 0);
  EXPECT_EQ(Value(members, "13.3"), 1);
  EXPECT_EQ(Value(members, "13.4"), 1);
  EXPECT_EQ(Value(members, "13.5"), 5);
  EXPECT_EQ(Value(members, "13.5", 1), 3);  // 31/12/2022: before the 2023 admissions

  // Retired from today (the day the record says so): counted on today, not
  // the day before.
  const CivilDay today = Today();
  Retire(worker);
  const auto now = Form(khoi, rv1::STATISTICS_FORM_KIND_MEMBERSHIP, today, today);
  EXPECT_EQ(Value(now, "12.2"), 2);
  const auto yesterday = Form(khoi, rv1::STATISTICS_FORM_KIND_MEMBERSHIP, today - 1, today - 1);
  EXPECT_EQ(Value(yesterday, "12.2"), 1);
  EXPECT_EQ(Value(yesterday, "12.1"), 6);
  // The membership report and the form agree on the total.
  EXPECT_EQ(Value(now, "1"), Members(khoi, today).figures().total());
}

}  // namespace
}  // namespace partywork::testing
