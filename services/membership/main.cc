// partywork-membership: the organization tree, members, admissions,
// transfers and ratings; it applies inspection's expulsion decisions.
#include "services/membership/discipline_consumer.h"
#include "services/membership/membership_spec.h"

int main(int argc, char** argv) {
  partywork::ServiceSpec spec = partywork::membership::Spec();
  partywork::membership::AddDisciplineConsumer(spec);
  return partywork::ServiceMain(spec, argc, argv);
}
