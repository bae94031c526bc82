// The delta-arc command line, callable in-process: `main` hands it the process's
// arguments, environment, streams and the system's Env; tests hand it their own (a fake
// clock and sleep, a string for the output), so a test of what a run writes never waits
// in real time nor starts a process.
//   delta-arc sync | plan | trace | scopes | retire | repair | export | restore |
//   cache status | cache clear | invoke | lambda | version
// Exit codes: 0 success, 1 failure, 2 usage or configuration error.
#pragma once

#include <iosfwd>
#include <map>
#include <string>
#include <vector>

#include "common/env.h"

namespace delta_arc::cli {

constexpr int kExitFailure = 1;
constexpr int kExitUsage = 2;  // a usage or configuration error

// What a command takes from the process that runs it.
struct CommandContext {
  std::map<std::string, std::string> environment;  // the settings' variables
  std::istream& in;                                // `invoke --event -`
  std::ostream& out;                               // results
  std::ostream& err;                               // logs, messages and errors
  Env& env;                                        // clock and sleep of every client
  bool err_is_terminal = false;                    // a live progress line instead of log lines
};

// `args` without the program's name. `.env` and other relative paths are the working
// directory's.
int RunCommandLine(const std::vector<std::string>& args, CommandContext& context);

}  // namespace delta_arc::cli
