// gRPC handlers of partywork.membership.v1.MembershipService: they turn
// requests into domain checks and storage calls, one transaction per call.
// One file of handlers per resource (organization_handlers.cc, …).
#pragma once

#include "libs/platform/db/batched_lookup.h"
#include "libs/platform/db/database.h"
#include "libs/platform/db/read_audit_log.h"
#include "libs/platform/feed/event_feed.h"
#include "partywork/membership/v1/membership_service.grpc.pb.h"

namespace partywork::membership {

inline constexpr char kSchema[] = "membership";

class MembershipService final : public v1::MembershipService::CallbackService {
 public:
  MembershipService(db::Database& db, feed::EventFeed& feed, db::ReadAuditLog& read_audit,
                    db::BatchedLookup& member_lookup)
      : db_(db), feed_(feed), read_audit_(read_audit), member_lookup_(member_lookup) {}

  grpc::ServerUnaryReactor* CreateOrganization(grpc::CallbackServerContext* context,
                                               const v1::CreateOrganizationRequest* request,
                                               v1::Organization* response) override;
  grpc::ServerUnaryReactor* GetOrganization(grpc::CallbackServerContext* context,
                                            const v1::GetOrganizationRequest* request,
                                            v1::Organization* response) override;
  grpc::ServerUnaryReactor* ListOrganizations(grpc::CallbackServerContext* context,
                                              const v1::ListOrganizationsRequest* request,
                                              v1::ListOrganizationsResponse* response) override;
  grpc::ServerUnaryReactor* ReorganizeOrganizations(
      grpc::CallbackServerContext* context, const v1::ReorganizeOrganizationsRequest* request,
      v1::Reorganization* response) override;
  grpc::ServerUnaryReactor* SummarizeOrganizations(
      grpc::CallbackServerContext* context, const v1::SummarizeOrganizationsRequest* request,
      v1::SummarizeOrganizationsResponse* response) override;

  grpc::ServerUnaryReactor* CreateMember(grpc::CallbackServerContext* context,
                                         const v1::CreateMemberRequest* request,
                                         v1::Member* response) override;
  grpc::ServerUnaryReactor* GetMember(grpc::CallbackServerContext* context,
                                      const v1::GetMemberRequest* request,
                                      v1::Member* response) override;
  grpc::ServerUnaryReactor* ListMembers(grpc::CallbackServerContext* context,
                                        const v1::ListMembersRequest* request,
                                        v1::ListMembersResponse* response) override;
  grpc::ServerUnaryReactor* UpdateMember(grpc::CallbackServerContext* context,
                                         const v1::UpdateMemberRequest* request,
                                         v1::Member* response) override;
  grpc::ServerUnaryReactor* RecordMemberEvent(grpc::CallbackServerContext* context,
                                              const v1::RecordMemberEventRequest* request,
                                              v1::MemberEvent* response) override;
  grpc::ServerUnaryReactor* ListMemberEvents(grpc::CallbackServerContext* context,
                                             const v1::ListMemberEventsRequest* request,
                                             v1::ListMemberEventsResponse* response) override;

  // admission_handlers.cc: admissions, party-awareness classes, the rulebook.
  grpc::ServerUnaryReactor* CreateAdmission(grpc::CallbackServerContext* context,
                                            const v1::CreateAdmissionRequest* request,
                                            v1::Admission* response) override;
  grpc::ServerUnaryReactor* GetAdmission(grpc::CallbackServerContext* context,
                                         const v1::GetAdmissionRequest* request,
                                         v1::Admission* response) override;
  grpc::ServerUnaryReactor* ListAdmissions(grpc::CallbackServerContext* context,
                                           const v1::ListAdmissionsRequest* request,
                                           v1::ListAdmissionsResponse* response) override;
  grpc::ServerUnaryReactor* RecordAdmissionStep(grpc::CallbackServerContext* context,
                                                const v1::RecordAdmissionStepRequest* request,
                                                v1::Admission* response) override;
  grpc::ServerUnaryReactor* ListOverdueAdmissions(
      grpc::CallbackServerContext* context, const v1::ListOverdueAdmissionsRequest* request,
      v1::ListOverdueAdmissionsResponse* response) override;
  grpc::ServerUnaryReactor* CreatePartyClass(grpc::CallbackServerContext* context,
                                             const v1::CreatePartyClassRequest* request,
                                             v1::PartyClass* response) override;
  grpc::ServerUnaryReactor* GetPartyClass(grpc::CallbackServerContext* context,
                                          const v1::GetPartyClassRequest* request,
                                          v1::PartyClass* response) override;
  grpc::ServerUnaryReactor* ListPartyClasses(grpc::CallbackServerContext* context,
                                             const v1::ListPartyClassesRequest* request,
                                             v1::ListPartyClassesResponse* response) override;
  grpc::ServerUnaryReactor* ListRules(grpc::CallbackServerContext* context,
                                      const common::v1::ListRulesRequest* request,
                                      common::v1::ListRulesResponse* response) override;
  grpc::ServerUnaryReactor* GetRuleHistory(grpc::CallbackServerContext* context,
                                           const common::v1::GetRuleHistoryRequest* request,
                                           common::v1::GetRuleHistoryResponse* response) override;
  grpc::ServerUnaryReactor* ListHolidays(grpc::CallbackServerContext* context,
                                         const common::v1::ListHolidaysRequest* request,
                                         common::v1::ListHolidaysResponse* response) override;

  // rating_handlers.cc: annual ratings.
  grpc::ServerUnaryReactor* CreateRating(grpc::CallbackServerContext* context,
                                         const v1::CreateRatingRequest* request,
                                         v1::Rating* response) override;
  grpc::ServerUnaryReactor* ListRatings(grpc::CallbackServerContext* context,
                                        const v1::ListRatingsRequest* request,
                                        v1::ListRatingsResponse* response) override;
  grpc::ServerUnaryReactor* ListMemberRatings(grpc::CallbackServerContext* context,
                                              const v1::ListMemberRatingsRequest* request,
                                              v1::ListMemberRatingsResponse* response) override;
  grpc::ServerUnaryReactor* SummarizeRatings(grpc::CallbackServerContext* context,
                                             const v1::SummarizeRatingsRequest* request,
                                             v1::RatingSummary* response) override;
  grpc::ServerUnaryReactor* ListRepeatedNotCompleted(
      grpc::CallbackServerContext* context, const v1::ListRepeatedNotCompletedRequest* request,
      v1::ListRepeatedNotCompletedResponse* response) override;

  // target_handlers.cc: admission targets.
  grpc::ServerUnaryReactor* CreateAdmissionTarget(grpc::CallbackServerContext* context,
                                                  const v1::CreateAdmissionTargetRequest* request,
                                                  v1::AdmissionTarget* response) override;
  grpc::ServerUnaryReactor* UpdateAdmissionTarget(grpc::CallbackServerContext* context,
                                                  const v1::UpdateAdmissionTargetRequest* request,
                                                  v1::AdmissionTarget* response) override;
  grpc::ServerUnaryReactor* ListAdmissionTargets(
      grpc::CallbackServerContext* context, const v1::ListAdmissionTargetsRequest* request,
      v1::ListAdmissionTargetsResponse* response) override;

  // card_handlers.cc: the party-card register and badge candidates.
  grpc::ServerUnaryReactor* CreatePartyCardIssue(grpc::CallbackServerContext* context,
                                                 const v1::CreatePartyCardIssueRequest* request,
                                                 v1::PartyCardIssue* response) override;
  grpc::ServerUnaryReactor* ListPartyCardIssues(grpc::CallbackServerContext* context,
                                                const v1::ListPartyCardIssuesRequest* request,
                                                v1::ListPartyCardIssuesResponse* response) override;
  grpc::ServerUnaryReactor* ListBadgeCandidates(grpc::CallbackServerContext* context,
                                                const v1::ListBadgeCandidatesRequest* request,
                                                v1::ListBadgeCandidatesResponse* response) override;

  // committee_handlers.cc: committee members by term.
  grpc::ServerUnaryReactor* CreateCommitteeMember(grpc::CallbackServerContext* context,
                                                  const v1::CreateCommitteeMemberRequest* request,
                                                  v1::CommitteeMember* response) override;
  grpc::ServerUnaryReactor* UpdateCommitteeMember(grpc::CallbackServerContext* context,
                                                  const v1::UpdateCommitteeMemberRequest* request,
                                                  v1::CommitteeMember* response) override;
  grpc::ServerUnaryReactor* ListCommitteeMembers(
      grpc::CallbackServerContext* context, const v1::ListCommitteeMembersRequest* request,
      v1::ListCommitteeMembersResponse* response) override;

  // award_handlers.cc: members' awards (party badges, commendations).
  grpc::ServerUnaryReactor* CreateMemberAward(grpc::CallbackServerContext* context,
                                              const v1::CreateMemberAwardRequest* request,
                                              v1::MemberAward* response) override;
  grpc::ServerUnaryReactor* ListMemberAwards(grpc::CallbackServerContext* context,
                                             const v1::ListMemberAwardsRequest* request,
                                             v1::ListMemberAwardsResponse* response) override;

 private:
  db::Database& db_;
  feed::EventFeed& feed_;
  db::ReadAuditLog& read_audit_;  // records of reads of member records
  // GetMember's reads, many in one statement (MembersWithHistorySql).
  db::BatchedLookup& member_lookup_;
};

}  // namespace partywork::membership
