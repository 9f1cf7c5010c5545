// How the inspection binary is assembled: its settings, migrations and parts.
#pragma once

#include "libs/platform/service_main.h"

namespace partywork::inspection {

ServiceSpec Spec();

}  // namespace partywork::inspection
