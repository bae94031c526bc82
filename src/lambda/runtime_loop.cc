// The runtime loop; see runtime_loop.h.
#include "lambda/runtime_loop.h"

#include <algorithm>
#include <cstdlib>

#include "common/json_text.h"
#include "http/http_client.h"
#include "lambda/container.h"
#include "lambda/runtime_api.h"

namespace delta_arc::lambda {

namespace {

std::string Lookup(const std::map<std::string, std::string>& env, const std::string& name) {
  const auto it = env.find(name);
  return it == env.end() ? "" : it->second;
}

// X-Ray's SDKs read the current trace from this variable: the Runtime API
// contract asks runtimes to set it for every invocation.
void SetTraceId(const std::string& trace_id) {
  if (trace_id.empty()) {
    unsetenv("_X_AMZN_TRACE_ID");
  } else {
    setenv("_X_AMZN_TRACE_ID", trace_id.c_str(), 1);
  }
}

std::string InitErrorType(const Error& error) {
  return error.kind == ErrorKind::kInvalidArgument ? "ConfigurationError" : "InitError";
}

}  // namespace

int RunRuntimeLoop(const LoopOptions& options) {
  Logger boot_log(LogLevel::kInfo, true, {}, [env = options.env] { return env->NowMillis(); });
  const std::string endpoint = Lookup(options.environment, "AWS_LAMBDA_RUNTIME_API");
  if (endpoint.empty()) {
    boot_log.Error("AWS_LAMBDA_RUNTIME_API is not set: not running in Lambda");
    return 1;
  }
  http::HttpClient transport;
  RuntimeApiClient api(endpoint, transport);

  auto container = Container::Init({.environment = options.environment,
                                    .dotenv_path = std::nullopt,
                                    .in_lambda = true,
                                    .json_logs = true,
                                    .env = options.env});
  if (!container) {
    const ErrorAnswer error{InitErrorType(container.error()), container.error().message};
    boot_log.Error("init failed", {{"error_type", error.error_type}, {"error", error.message}});
    if (auto posted = api.PostInitError(error); !posted) {
      boot_log.Error("could not report the init error", {{"error", posted.error().message}});
    }
    return 1;
  }
  Logger& log = (*container)->log();
  Handler& handler = (*container)->handler();

  std::chrono::milliseconds wait = kFirstRetryWait;
  for (int served = 0; options.max_invocations == 0 || served < options.max_invocations;) {
    auto invocation = api.Next();
    if (!invocation) {
      // kRemote: the Runtime API answered, with an error or something that is not an
      // invocation (RuntimeApiClient::Next). Anything else: no request could be made.
      if (invocation.error().kind != ErrorKind::kRemote) {
        log.Error("the Runtime API cannot be reached", {{"error", invocation.error().message}});
        return 1;
      }
      log.Warn("the Runtime API answered next with an error; asking again",
               {{"error", invocation.error().message}, {"wait_ms", wait.count()}});
      options.env->Sleep(wait);
      wait = std::min(wait * 2, kLongestRetryWait);
      continue;
    }
    wait = kFirstRetryWait;
    ++served;
    SetTraceId(invocation->trace_id);
    const Outcome outcome = handler.Handle(*invocation);
    const Status posted = outcome.ok()
                              ? api.PostResponse(invocation->request_id, JsonText(*outcome.answer))
                              : api.PostError(invocation->request_id, outcome.error);
    if (!posted) {
      log.Error("could not post the invocation's outcome",
                {{"request_id", invocation->request_id}, {"error", posted.error().message}});
    }
  }
  return 0;
}

}  // namespace delta_arc::lambda
