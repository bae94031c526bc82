// One Lambda container (execution environment): configuration, token and
// clients built once at init and reused by every invocation it serves, which
// is what makes warm invocations cheap. A bad configuration fails init (the
// Runtime API's init error), never an invocation.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>

#include "app/runtime.h"
#include "common/error.h"
#include "common/log.h"
#include "lambda/handler.h"
#include "lambda/notifier.h"

namespace delta_arc::lambda {

struct ContainerOptions {
  std::map<std::string, std::string> environment;  // the process environment
  std::optional<std::string> dotenv_path;          // `invoke` reads ./.env like the other commands
  bool dotenv_required = false;                    // the user named the file
  // In Lambda only /tmp is writable: relative cache file paths are put under it.
  bool in_lambda = false;
  bool json_logs = false;  // JSON whatever LOG_FORMAT says (Lambda)
  Logger::Sink log_sink{};
  HandlerOptions handler{};  // function_name defaults to AWS_LAMBDA_FUNCTION_NAME
  // The clock and sleep of every client and of the handler. Default: the system's.
  Env* env = nullptr;
};

class Container {
 public:
  // Errors are redacted and name what is wrong (a variable, the token source…).
  static Result<std::unique_ptr<Container>> Init(ContainerOptions options);

  Container(const Container&) = delete;
  Container& operator=(const Container&) = delete;

  Handler& handler() { return *handler_; }
  Logger& log() { return *log_; }
  const lineage::Config& config() const { return runtime_.config(); }

 private:
  Container() = default;

  std::unique_ptr<Logger> log_;
  app::Runtime runtime_;
  std::unique_ptr<FailureNotifier> notifier_;
  std::unique_ptr<Handler> handler_;
};

}  // namespace delta_arc::lambda
