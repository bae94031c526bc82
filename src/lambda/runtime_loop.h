// The custom runtime's main loop, what `bootstrap` runs: init the container
// once (or report an init error), then forever take the next invocation,
// handle it, and post its answer or its error.
#pragma once

#include <map>
#include <string>

namespace delta_arc::lambda {

struct LoopOptions {
  std::map<std::string, std::string> environment;  // AWS_LAMBDA_RUNTIME_API and the config
  int max_invocations = 0;                         // 0: until the container is stopped
};

// Returns the process exit code: 1 after an init error or when the Runtime
// API fails (Lambda then starts a fresh container), 0 after max_invocations.
int RunRuntimeLoop(const LoopOptions& options);

}  // namespace delta_arc::lambda
