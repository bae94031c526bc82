// The machine's Env (common/env.h): the system clock and a real sleep; and the process
// environment, which only the composition root (app/, cli/) reads: everything below it
// is handed the variables it needs.
#pragma once

#include <map>
#include <string>

#include "common/env.h"

namespace delta_arc::app {

// One for the process; it holds no state.
Env& SystemEnv();

// The process environment as a map, read when asked.
std::map<std::string, std::string> ProcessEnvironment();

}  // namespace delta_arc::app
