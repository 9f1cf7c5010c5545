// The roles a caller may have (the token's "role" claim, carried to the
// services in the signed identity), and what only some of them may see.
// One list for the gateway and the services alike.
#pragma once

#include "absl/strings/string_view.h"

namespace partywork::roles {

inline constexpr char kKhoiAdmin[] = "khoi_admin";  // Khối administrator
inline constexpr char kKhoiOffice[] = "khoi_office";
inline constexpr char kInspectionCommission[] = "inspection_commission";
inline constexpr char kBaseSecretary[] = "base_secretary";  // base organization's secretary
inline constexpr char kCellSecretary[] = "cell_secretary";
inline constexpr char kReportingReader[] = "reporting_reader";
inline constexpr char kReadOnly[] = "read_only";
inline constexpr char kService[] = "service";  // partywork's own servers

// Personal data (national ID, background) is for the Khối's office, the
// inspection commission and the base organizations' secretaries (DOMAIN §3).
inline bool MaySeePersonalData(absl::string_view role) {
  return role == kKhoiAdmin || role == kKhoiOffice || role == kInspectionCommission ||
         role == kBaseSecretary;
}

}  // namespace partywork::roles
