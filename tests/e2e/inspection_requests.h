// Requests to inspection that several end-to-end suites send.
#pragma once

#include <string>

#include "absl/time/civil_time.h"
#include "libs/platform/resource.h"
#include "partywork/inspection/v1/inspection_service.pb.h"

namespace partywork::testing {

// A signed denunciation about `subject` received by `organization`'s body.
inline inspection::v1::CreatePetitionRequest DenunciationRequest(const std::string& organization,
                                                                 const std::string& subject,
                                                                 absl::CivilDay received_on) {
  inspection::v1::CreatePetitionRequest r;
  auto* p = r.mutable_petition();
  p->set_kind(inspection::v1::PETITION_KIND_DENUNCIATION);
  p->set_organization(organization);
  p->set_subject(subject);
  *p->mutable_received_on() = ToDate(received_on);
  p->mutable_petitioner()->set_full_name("Hoàng Thị Mai");
  p->mutable_petitioner()->set_address("12 Trần Phú, Đà Lạt");
  p->set_summary("Tố cáo vi phạm trong quản lý tài chính");
  return r;
}

// The petition taken up by the body that received it (giải quyết).
inline inspection::v1::RecordPetitionStepRequest HandleRequest(const std::string& petition,
                                                               absl::CivilDay decided_on) {
  inspection::v1::RecordPetitionStepRequest r;
  r.set_name(petition);
  r.mutable_decide_jurisdiction()->set_decision(inspection::v1::JURISDICTION_DECISION_HANDLE);
  *r.mutable_decide_jurisdiction()->mutable_decided_on() = ToDate(decided_on);
  return r;
}

}  // namespace partywork::testing
