// partywork-inspection: inspection and supervision, petitions, discipline.
#include "services/inspection/inspection_spec.h"

int main(int argc, char** argv) {
  return partywork::ServiceMain(partywork::inspection::Spec(), argc, argv);
}
