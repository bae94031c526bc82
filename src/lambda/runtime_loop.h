// The custom runtime's main loop, what `bootstrap` runs: init the container
// once (or report an init error), then forever take the next invocation,
// handle it, and post its answer or its error.
#pragma once

#include <chrono>
#include <map>
#include <string>

#include "common/env.h"

namespace delta_arc::lambda {

struct LoopOptions {
  // AWS_LAMBDA_RUNTIME_API and the configuration. Default: none.
  std::map<std::string, std::string> environment;
  // Invocations to serve before returning 0. Default: 0, until the container is stopped.
  int max_invocations = 0;
  // Required: the clock and sleep of the loop (its wait before asking `next` again after
  // an error answer) and of the container it serves (the system's, in Lambda).
  Env* env = nullptr;
};

// Returns the process exit code: 1 after an init error or when no request to the Runtime
// API can be made (Lambda then starts a fresh container), 0 after max_invocations. An
// answer of the Runtime API that is an HTTP error, or not an invocation, is asked again
// after a wait that doubles from kFirstRetryWait to kLongestRetryWait, as aws-lambda-cpp's
// run_handler retries `next` and gives up only on a request it could not make.
int RunRuntimeLoop(const LoopOptions& options);

inline constexpr std::chrono::milliseconds kFirstRetryWait{50};
inline constexpr std::chrono::milliseconds kLongestRetryWait{2000};

}  // namespace delta_arc::lambda
