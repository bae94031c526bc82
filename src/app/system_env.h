// The machine's Env (common/env.h): the system clock and a real sleep.
#pragma once

#include "common/env.h"

namespace delta_arc::app {

// One for the process; it holds no state.
Env& SystemEnv();

}  // namespace delta_arc::app
