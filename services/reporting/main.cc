// partywork-reporting: statistics and reports at any date, from the feeds.
#include "services/reporting/reporting_spec.h"

int main(int argc, char** argv) {
  return partywork::ServiceMain(partywork::reporting::Spec(), argc, argv);
}
