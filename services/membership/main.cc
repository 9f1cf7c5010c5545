// partywork-membership: the organization tree, members, admissions,
// transfers and ratings.
#include "services/membership/membership_spec.h"

int main(int argc, char** argv) {
  return partywork::ServiceMain(partywork::membership::Spec(), argc, argv);
}
