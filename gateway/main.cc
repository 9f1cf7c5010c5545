// partywork-gateway: the one entry point for clients.
#include "gateway/gateway_spec.h"

int main(int argc, char** argv) {
  return partywork::ServiceMain(partywork::gateway::Spec(), argc, argv);
}
