// The Lambda entry points of the delta-arc binary: `delta-arc invoke --event
// FILE` runs the function's handler in-process on one event and prints its
// answer; `delta-arc lambda` (and the binary started by `bootstrap`) runs the
// Runtime API loop.
#pragma once

#include <string>

#include "cli/command_line.h"

namespace delta_arc::cli {

// Prints the answer (or the error document) as JSON on the context's output; metrics and
// logs go to its error stream. Exit 0 on an answer, 1 on an error, 2 on a configuration
// or usage error. `event_file` "-" reads the context's input; `env_file` "" reads ./.env if
// present.
int RunInvokeCommand(const std::string& event_file, const std::string& env_file,
                     CommandContext& context);

// The custom runtime; needs AWS_LAMBDA_RUNTIME_API.
int RunLambdaRuntime(CommandContext& context);

}  // namespace delta_arc::cli
