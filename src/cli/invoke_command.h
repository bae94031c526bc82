// The Lambda entry points of the delta-arc binary: `delta-arc invoke --event
// FILE` runs the function's handler in-process on one event and prints its
// answer; `delta-arc lambda` (and the binary started by `bootstrap`) runs the
// Runtime API loop.
#pragma once

#include <string>

namespace delta_arc::cli {

// Prints the answer (or the error document) as JSON on stdout; metrics and
// logs go to stderr. Exit 0 on an answer, 1 on an error, 2 on a configuration
// or usage error. `event_file` "-" reads stdin; `env_file` "" reads ./.env if present.
int RunInvokeCommand(const std::string& event_file, const std::string& env_file = "");

// The custom runtime; needs AWS_LAMBDA_RUNTIME_API.
int RunLambdaRuntime();

}  // namespace delta_arc::cli
