// Versioned schema migrations, applied by the service binary itself
// (`partywork-<service> migrate`). Each service's SQL files live beside it and
// are embedded in its binary; the platform's own tables come first. Applied
// versions are recorded in <schema>.schema_migrations with a checksum, under
// an advisory lock, so concurrent replicas are safe: one applies, the others
// wait and find nothing left to do.
#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace partywork::db {

struct Migration {
  int version;
  std::string name;
  std::string sql;
};

// Applies what is missing of the platform's migrations and then of
// `service_migrations` to `schema`. Returns the names of those applied now.
// Fails if an applied migration's SQL has changed since.
absl::StatusOr<std::vector<std::string>> Migrate(const std::string& conninfo,
                                                 const std::string& schema,
                                                 const std::vector<Migration>& service_migrations);

}  // namespace partywork::db
