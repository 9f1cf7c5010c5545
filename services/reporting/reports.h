// The reports themselves, read in one consistent snapshot of the read models
// (so the feed positions they state are exactly what they reflect). Each
// Validate… checks a request without the database; each Build… reads and
// fills the response.
#pragma once

#include <string>
#include <vector>

#include "libs/platform/call_context.h"
#include "libs/platform/rule.h"
#include "partywork/reporting/v1/reporting_service.pb.h"
#include "pqxx/pqxx"
#include "services/reporting/exports.h"

namespace partywork::reporting {

std::vector<FieldViolation> ValidateMembership(const v1::GetMembershipReportRequest& r,
                                               const std::string& prefix);
std::vector<FieldViolation> ValidateStructure(const v1::GetStructureReportRequest& r,
                                              const std::string& prefix);
std::vector<FieldViolation> ValidateForm(const v1::GetStatisticsFormRequest& r,
                                         const std::string& prefix);
std::vector<FieldViolation> ValidateNarrative(const v1::NarrativeRequest& r,
                                              const std::string& prefix);
std::vector<FieldViolation> ValidateInspection(const v1::GetInspectionReportRequest& r,
                                               const std::string& prefix);
std::vector<FieldViolation> ValidateAdmission(const v1::GetAdmissionReportRequest& r,
                                              const std::string& prefix);
std::vector<FieldViolation> ValidateRating(const v1::GetRatingReportRequest& r,
                                           const std::string& prefix);
std::vector<FieldViolation> ValidateCommittee(const v1::GetCommitteeReportRequest& r,
                                              const std::string& prefix);
std::vector<FieldViolation> ValidateFreshness(const v1::Freshness& f, const std::string& prefix);

// What a membership report was computed from, for its export.
struct MembershipCounts {
  Composition now, compared;
};

grpc::Status BuildMembership(pqxx::transaction_base& tx, const CallContext& call,
                             const v1::GetMembershipReportRequest& r, v1::MembershipReport* out,
                             MembershipCounts* counts = nullptr);
grpc::Status BuildStructure(pqxx::transaction_base& tx, const CallContext& call,
                            const v1::GetStructureReportRequest& r, v1::StructureReport* out,
                            std::vector<OrganizationCount>* organizations = nullptr);
grpc::Status BuildForm(pqxx::transaction_base& tx, const CallContext& call,
                       const v1::GetStatisticsFormRequest& r, v1::StatisticsForm* out);
// "giải thể Chi bộ Người cao tuổi (ngày 01/03/2020)": what ended, or else
// what it established or changed, and when.
std::string Describe(const v1::ReorganizationEntry& e);

grpc::Status BuildInspection(pqxx::transaction_base& tx, const CallContext& call,
                             const v1::GetInspectionReportRequest& r, v1::InspectionReport* out);

grpc::Status BuildAdmission(pqxx::transaction_base& tx, const CallContext& call,
                            const v1::GetAdmissionReportRequest& r, v1::AdmissionReport* out);

grpc::Status BuildRating(pqxx::transaction_base& tx, const CallContext& call,
                         const v1::GetRatingReportRequest& r, v1::RatingReport* out);

grpc::Status BuildCommittee(pqxx::transaction_base& tx, const CallContext& call,
                            const v1::GetCommitteeReportRequest& r, v1::CommitteeReport* out);

grpc::Status BuildNarrative(pqxx::transaction_base& tx, const CallContext& call,
                            const v1::NarrativeRequest& r, std::string* text);

}  // namespace partywork::reporting
