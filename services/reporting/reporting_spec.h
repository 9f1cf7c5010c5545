// How the reporting binary is assembled: its settings, migrations and parts.
#pragma once

#include "libs/platform/service_main.h"

namespace partywork::reporting {

ServiceSpec Spec();

}  // namespace partywork::reporting
