// What every AWS service client needs besides transport and credentials:
// region, endpoint, retry policy, timeout, a hook for logs, and the Env whose clock
// signs and whose sleep waits.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "aws/endpoints.h"
#include "aws/environment.h"
#include "common/cutoff.h"
#include "common/env.h"
#include "http/retry.h"

namespace delta_arc::aws {

// Receives log lines with every secret already redacted.
using LogFn = std::function<void(std::string_view)>;

struct AwsClientOptions {
  std::string region{};
  Endpoint endpoint{};
  http::RetryOptions retry{};  // standard mode: 3 attempts, 1 s base, 20 s cap
  std::chrono::milliseconds timeout{30000};
  LogFn log{};
  // Required: the clock requests are signed with and the sleep retries wait on (the
  // composition root's); it outlives the clients.
  Env* env = nullptr;
  // The run's cutoff (common/cutoff.h), shared with the Atlan client: no call starts after
  // it, no attempt's timeout outlives it, no retry waits past it. Null: none.
  std::shared_ptr<const SharedCutoff> cutoff{};
};

// Region and endpoint of `service` from the environment (and profile).
Result<AwsClientOptions> ClientOptionsFromEnvironment(const Environment& env, Service service);

}  // namespace delta_arc::aws
