// How the membership binary is assembled: its settings, migrations and parts.
#pragma once

#include "libs/platform/service_main.h"

namespace partywork::membership {

ServiceSpec Spec();

}  // namespace partywork::membership
