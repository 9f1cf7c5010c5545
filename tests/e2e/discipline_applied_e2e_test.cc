// Discipline decisions reaching membership through inspection's feed, with
// the real binaries: an expulsion annulled or softened on appeal restores the
// member; a dissolution (giải tán) ends the organization and moves its members
// to the decision's cell, and its annulment establishes the cell again; each
// applied once through a restart and a replay of
// the whole feed; and what membership could not carry out refused up front.
#include "tests/e2e/inspection_fixture.h"

namespace partywork::testing {
namespace {

PARTYWORK_USE_POSTGRES();

class DisciplineAppliedTest : public InspectionTest {
 protected:
  // An inspection on signs of violation by the Khối's commission, concluded
  // with a violation on 20/3/2025, and a case against `subject` from it.
  static iv1::DisciplineCase CaseAgainst(const std::string& subject) {
    iv1::Inspection inspection;
    EXPECT_TRUE(NewInspection(iv1::INSPECTION_KIND_SIGNS_OF_VIOLATION,
                              Actor(iv1::ACTOR_KIND_INSPECTION_COMMISSION, khoi_), subject,
                              CivilDay(2025, 1, 10), &inspection)
                    .ok());
    EXPECT_TRUE(Open(inspection.name(), CivilDay(2025, 1, 15), &inspection).ok());
    EXPECT_TRUE(Conclude(inspection.name(), CivilDay(2025, 3, 20), true, &inspection).ok());
    iv1::DisciplineCase c;
    EXPECT_TRUE(
        NewCase(inspection.name(), subject, CivilDay(2024, 6, 1), CivilDay(2024, 9, 30), &c).ok());
    return c;
  }

  static grpc::Status Dissolve(const std::string& name, const std::string& members_to,
                               iv1::DisciplineForm form, iv1::DisciplineCase* out) {
    iv1::RecordDisciplineStepRequest r;
    r.set_name(name);
    auto* d = r.mutable_decide();
    d->set_form(form);
    d->set_authority("Ban Thường vụ Đảng ủy Khối");
    d->set_document("Quyết định số 15-QĐ/ĐUK");
    *d->mutable_decided_on() = ToDate(CivilDay(2025, 4, 2));
    *d->mutable_effective_on() = ToDate(CivilDay(2025, 4, 2));
    *d->mutable_notified_on() = ToDate(CivilDay(2025, 4, 3));
    d->set_members_to(members_to);
    return istub_->RecordDisciplineStep(Context().get(), r, out);
  }

  // Lodges an appeal on 20/4/2025 and decides it on 10/6/2025.
  static void AppealDecided(iv1::DisciplineCase& c, iv1::AppealOutcome outcome,
                            iv1::DisciplineForm new_form = iv1::DISCIPLINE_FORM_UNSPECIFIED) {
    iv1::RecordDisciplineStepRequest appeal;
    appeal.set_name(c.name());
    appeal.mutable_appeal()->set_appealed_to("Ủy ban kiểm tra Tỉnh ủy");
    *appeal.mutable_appeal()->mutable_lodged_on() = ToDate(CivilDay(2025, 4, 20));
    ASSERT_TRUE(istub_->RecordDisciplineStep(Context().get(), appeal, &c).ok());
    iv1::RecordDisciplineStepRequest decided;
    decided.set_name(c.name());
    decided.mutable_decide_appeal()->set_outcome(outcome);
    decided.mutable_decide_appeal()->set_new_form(new_form);
    *decided.mutable_decide_appeal()->mutable_decided_on() = ToDate(CivilDay(2025, 6, 10));
    decided.mutable_decide_appeal()->set_document("Quyết định số 03-QĐ/UBKTTU");
    grpc::Status s = istub_->RecordDisciplineStep(Context().get(), decided, &c);
    ASSERT_TRUE(s.ok()) << s.error_message();
  }

  // Polls `query` (one integer) until it gives `want`, or 20 s; returns the last value.
  static int64_t WaitForCount(const std::string& query, int64_t want) {
    const absl::Time until = absl::Now() + absl::Seconds(20);
    int64_t got = -1;
    while (absl::Now() < until) {
      got = Postgres::Get().Admin(query)[0][0].as<int64_t>();
      if (got == want) break;
      absl::SleepFor(absl::Milliseconds(100));
    }
    return got;
  }

  static mv1::Member GetMember(const std::string& name) {
    mv1::GetMemberRequest get;
    get.set_name(name);
    mv1::Member m;
    EXPECT_TRUE(stub_->GetMember(Context().get(), get, &m).ok());
    return m;
  }

  static std::vector<mv1::MemberEvent> EventsOf(const std::string& member) {
    mv1::ListMemberEventsRequest r;
    r.set_parent(member);
    mv1::ListMemberEventsResponse events;
    EXPECT_TRUE(stub_->ListMemberEvents(Context().get(), r, &events).ok());
    return {events.events().begin(), events.events().end()};
  }

  // Membership's feed checkpoint lost: the whole feed is delivered again
  // after a restart; returns once it has been read again.
  static void ReplayInspectionFeed() {
    ASSERT_EQ(server_->Terminate(), 0);
    Postgres::Get().Admin(
        "UPDATE membership.feed_checkpoints SET last_sequence = 0 WHERE feed = 'inspection'");
    RestartMembership();
    const int64_t last =
        Postgres::Get()
            .Admin("SELECT coalesce(max(sequence), 0) FROM inspection.outbox")[0][0]
            .as<int64_t>();
    WaitForCount(absl::StrCat("SELECT count(*) FROM membership.feed_checkpoints WHERE feed = "
                              "'inspection' AND last_sequence >= ",
                              last),
                 1);
  }
};

TEST_F(DisciplineAppliedTest, ExpulsionAnnulledOrSoftenedOnAppealRestoresTheMember) {
  const std::string annulled = cell_a_members_[1];
  const std::string softened = cell_a_members_[2];
  iv1::DisciplineCase first = CaseAgainst(annulled);
  iv1::DisciplineCase second = CaseAgainst(softened);
  ASSERT_TRUE(
      Decide(first.name(), iv1::DISCIPLINE_FORM_EXPULSION, CivilDay(2025, 4, 2), &first).ok());
  ASSERT_TRUE(
      Decide(second.name(), iv1::DISCIPLINE_FORM_EXPULSION, CivilDay(2025, 4, 2), &second).ok());
  ASSERT_EQ(ExpulsionsOf(annulled), 1);
  ASSERT_EQ(ExpulsionsOf(softened), 1);
  EXPECT_EQ(GetMember(annulled).state().status(), mv1::MEMBER_STATUS_LEFT_PARTY);

  // Xóa bỏ on appeal for one, changed to a warning (cảnh cáo) for the other.
  AppealDecided(first, iv1::APPEAL_OUTCOME_ANNULLED);
  EXPECT_EQ(*ToCivilDay(first.restored_on()), CivilDay(2025, 6, 10));
  AppealDecided(second, iv1::APPEAL_OUTCOME_CHANGED, iv1::DISCIPLINE_FORM_WARNING);
  EXPECT_EQ(second.form_in_force(), iv1::DISCIPLINE_FORM_WARNING);
  ASSERT_EQ(
      WaitForCount("SELECT count(*) FROM membership.applied_discipline WHERE restored_by <> ''", 2),
      2);
  for (const std::string& member : {annulled, softened}) {
    const mv1::Member m = GetMember(member);
    EXPECT_EQ(m.state().status(), mv1::MEMBER_STATUS_OFFICIAL) << member;
    EXPECT_EQ(m.state().organization(), cell_a_) << member;
    // The expulsion stays in the history, voided by the correction.
    const auto events = EventsOf(member);
    int expelled = 0, corrections = 0;
    for (const auto& e : events) {
      if (e.kind() == mv1::MEMBER_EVENT_KIND_EXPELLED) {
        ++expelled;
        EXPECT_TRUE(e.voided());
      }
      if (e.kind() == mv1::MEMBER_EVENT_KIND_CORRECTION) {
        ++corrections;
        EXPECT_EQ(e.decision(), "Quyết định số 03-QĐ/UBKTTU");
      }
    }
    EXPECT_EQ(expelled, 1) << member;
    EXPECT_EQ(corrections, 1) << member;
  }

  // The whole feed again after a restart: nothing applied twice.
  ReplayInspectionFeed();
  for (const std::string& member : {annulled, softened}) {
    EXPECT_EQ(EventsOf(member).size(), 3u) << member;  // registered, expelled, correction
    EXPECT_EQ(GetMember(member).state().status(), mv1::MEMBER_STATUS_OFFICIAL);
  }
}

TEST_F(DisciplineAppliedTest, DissolutionEndsTheCellAndMovesItsMembers) {
  iv1::DisciplineCase c = CaseAgainst(cell_b_);
  // Refused up front, the case left open: a destination for another form, a
  // dissolution of a cell with members and no destination, a destination
  // that is not a cell, the committee with cells under it.
  grpc::Status s = Dissolve(c.name(), cell_a_, iv1::DISCIPLINE_FORM_WARNING, &c);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << s.error_message();
  s = Dissolve(c.name(), "", iv1::DISCIPLINE_FORM_DISSOLUTION, &c);
  EXPECT_EQ(errors::Reason(s), "MEMBERS_WITHOUT_DESTINATION") << s.error_message();
  s = Dissolve(c.name(), committee_, iv1::DISCIPLINE_FORM_DISSOLUTION, &c);
  EXPECT_EQ(errors::Reason(s), "MEMBERS_DESTINATION_NOT_A_CELL") << s.error_message();
  s = Dissolve(c.name(), cell_b_, iv1::DISCIPLINE_FORM_DISSOLUTION, &c);
  EXPECT_EQ(errors::Reason(s), "MEMBERS_DESTINATION_NOT_A_CELL") << s.error_message();
  iv1::DisciplineCase whole = CaseAgainst(committee_);
  s = Dissolve(whole.name(), cell_a_, iv1::DISCIPLINE_FORM_DISSOLUTION, &whole);
  EXPECT_EQ(errors::Reason(s), "DISSOLUTION_WITH_SUBORDINATES") << s.error_message();
  EXPECT_EQ(GetCase(c.name()).state(), iv1::DISCIPLINE_STATE_OPEN);

  ASSERT_TRUE(Dissolve(c.name(), cell_a_, iv1::DISCIPLINE_FORM_DISSOLUTION, &c).ok());
  const std::string applied =
      absl::StrCat("SELECT count(*) FROM membership.applied_discipline WHERE discipline_case = '",
                   c.name(), "' AND reorganization <> ''");
  ASSERT_EQ(WaitForCount(applied, 1), 1);
  mv1::GetOrganizationRequest get;
  get.set_name(cell_b_);
  mv1::Organization cell;
  ASSERT_TRUE(stub_->GetOrganization(Context().get(), get, &cell).ok());
  EXPECT_EQ(*ToCivilDay(cell.dissolved_on()), CivilDay(2025, 4, 2));
  // Its three official members and the probationary one are now in cell A,
  // from the decision's day.
  std::vector<std::string> moved = cell_b_members_;
  moved.push_back(probationary_);
  for (const std::string& member : moved) {
    const mv1::Member m = GetMember(member);
    EXPECT_EQ(m.state().organization(), cell_a_) << member;
    EXPECT_EQ(*ToCivilDay(m.state().since()), CivilDay(2025, 4, 2)) << member;
  }
  const std::string reorganizations =
      "SELECT count(*) FROM membership.reorganizations WHERE decision = 'Quyết định số "
      "15-QĐ/ĐUK'";
  EXPECT_EQ(WaitForCount(reorganizations, 1), 1);

  // Annulled on appeal: the cell is established again from the appeal's
  // day, as it was (a new record: the old one's history ends with the
  // dissolution); its former members stay where they were moved.
  AppealDecided(c, iv1::APPEAL_OUTCOME_ANNULLED);
  const std::string restored = absl::StrCat(
      "SELECT restored_by FROM membership.applied_discipline WHERE discipline_case = '", c.name(),
      "' AND restored_by <> '' AND restore_refused = ''");
  ASSERT_EQ(WaitForCount(absl::StrCat("SELECT count(*) FROM (", restored, ") r"), 1), 1);
  mv1::GetOrganizationRequest again;
  again.set_name(Postgres::Get().Admin(restored)[0][0].as<std::string>());
  mv1::Organization cell_again;
  ASSERT_TRUE(stub_->GetOrganization(Context().get(), again, &cell_again).ok());
  EXPECT_NE(cell_again.name(), cell_b_);
  EXPECT_EQ(cell_again.display_name(), cell.display_name());
  EXPECT_EQ(cell_again.kind(), cell.kind());
  EXPECT_EQ(cell_again.parent(), committee_);
  EXPECT_EQ(*ToCivilDay(cell_again.established_on()), CivilDay(2025, 6, 10));
  EXPECT_EQ(GetMember(cell_b_members_[0]).state().organization(), cell_a_);

  // The whole feed again after a restart: still one reorganization, one
  // re-established cell, and the members moved once.
  ReplayInspectionFeed();
  EXPECT_EQ(Postgres::Get().Admin(reorganizations)[0][0].as<int>(), 1);
  EXPECT_EQ(Postgres::Get()
                .Admin(absl::StrCat("SELECT count(*) FROM membership.audit_log WHERE action = "
                                    "'CreateOrganization' AND resource = '",
                                    cell_again.name(), "'"))[0][0]
                .as<int>(),
            1);
  for (const std::string& member : moved) {
    int transfers = 0;
    for (const auto& e : EventsOf(member)) {
      transfers += e.kind() == mv1::MEMBER_EVENT_KIND_TRANSFERRED_WITHIN;
    }
    EXPECT_EQ(transfers, 1) << member;
  }
}

}  // namespace
}  // namespace partywork::testing
