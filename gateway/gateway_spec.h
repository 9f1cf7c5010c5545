// How the gateway binary is assembled: its settings, migrations and parts.
#pragma once

#include "libs/platform/service_main.h"

namespace partywork::gateway {

ServiceSpec Spec();

}  // namespace partywork::gateway
