// Inspection's copy of membership's organization tree and member statuses:
// applied from membership's feed (each event with the feed checkpoint, in
// the consumer's transaction) and read on any date. Schema-qualified SQL on
// inspection's own schema.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "absl/time/civil_time.h"
#include "libs/platform/feed/consumer.h"
#include "partywork/common/v1/feed.pb.h"
#include "pqxx/pqxx"
#include "services/inspection/subject_rules.h"

namespace partywork::inspection {

// Applies a batch of membership's feed (FeedConsumer::ApplyAll): the tree
// and the members' status histories; other event types are skipped.
void ApplyMembershipEvents(pqxx::work& tx, const feed::Events& events);

struct OrganizationOnDay {
  int64_t id = 0;
  mv1::OrganizationKind kind = mv1::ORGANIZATION_KIND_UNSPECIFIED;
  std::optional<int64_t> parent_id;
};

// The organization as it was on `day`; nullopt if not in existence then.
std::optional<OrganizationOnDay> FindOrganizationOn(pqxx::transaction_base& tx, int64_t id,
                                                    absl::CivilDay day);
// Whether `id` is `root` or under it on `day`.
bool IsWithin(pqxx::transaction_base& tx, int64_t id, int64_t root, absl::CivilDay day);
// The subtree under `root` (itself included) on `day`.
std::vector<OrganizationOnDay> Subtree(pqxx::transaction_base& tx, int64_t root,
                                       absl::CivilDay day);
// Members probationary or official on `day` whose cell is in `root`'s subtree.
std::vector<int64_t> MembersOfSubtree(pqxx::transaction_base& tx, int64_t root, absl::CivilDay day);
// What a subject was on `day`.
SubjectOnDay FindSubjectOn(pqxx::transaction_base& tx, const Subject& subject, absl::CivilDay day);

}  // namespace partywork::inspection
