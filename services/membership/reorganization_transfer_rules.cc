// The rule of where a reorganization's members go (plain: no gRPC, no SQL).
#include "absl/strings/str_cat.h"
#include "services/membership/reorganization_transfers.h"

namespace partywork::membership {

std::optional<RuleViolation> CheckMemberDestination(
    const std::vector<VacatedOrganization>& vacated,
    const std::optional<TransferDestination>& destination) {
  int members = 0;
  for (const auto& v : vacated) members += v.members;
  if (members == 0) return std::nullopt;
  if (!destination) {
    return RuleViolation{
        "MEMBERS_WITHOUT_DESTINATION",
        absl::StrCat(vacated.front().name,
                     " still has members: name the cell that takes them "
                     "(dissolve.members_to) or transfer them first"),
        "Tổ chức đảng còn đảng viên: phải chỉ định chi bộ tiếp nhận hoặc chuyển sinh hoạt trước.",
        {{"organization", vacated.front().name}}};
  }
  if (destination->kind != v1::ORGANIZATION_KIND_BASE_CELL &&
      destination->kind != v1::ORGANIZATION_KIND_SUBORDINATE_CELL) {
    return RuleViolation{"MEMBERS_DESTINATION_NOT_A_CELL",
                         absl::StrCat("members belong to a cell; ", destination->name,
                                      " is not a cell from the effective date"),
                         "Đảng viên phải sinh hoạt tại một chi bộ.",
                         {{"organization", destination->name}}};
  }
  if (destination->ends) {
    return RuleViolation{"MEMBERS_DESTINATION_ENDS",
                         absl::StrCat(destination->name, " ends with this reorganization"),
                         "Chi bộ tiếp nhận cũng bị giải thể hoặc sáp nhập.",
                         {{"organization", destination->name}}};
  }
  return std::nullopt;
}

}  // namespace partywork::membership
