// `delta-arc invoke` and `delta-arc lambda`; see invoke_command.h.
#include "cli/invoke_command.h"

#include <chrono>
#include <fstream>
#include <iostream>
#include <sstream>

#include "app/system_env.h"
#include "common/json_text.h"
#include "lambda/container.h"
#include "lambda/runtime_loop.h"

namespace delta_arc::cli {

namespace {

constexpr int kExitFailure = 1;
constexpr int kExitUsage = 2;

bool ReadEvent(const std::string& path, std::string& out) {
  std::ostringstream text;
  if (path == "-") {
    text << std::cin.rdbuf();
  } else {
    std::ifstream file(path, std::ios::binary);
    if (!file) return false;
    text << file.rdbuf();
  }
  out = text.str();
  return true;
}

}  // namespace

int RunInvokeCommand(const std::string& event_file, const std::string& env_file) {
  lambda::InvocationRequest invocation;
  if (!ReadEvent(event_file, invocation.payload)) {
    std::cerr << "delta-arc: cannot read the event file " << event_file << "\n";
    return kExitUsage;
  }
  lambda::ContainerOptions options;
  options.environment = app::ProcessEnvironment();
  options.dotenv_path = env_file.empty() ? ".env" : env_file;
  options.dotenv_required = !env_file.empty();
  options.handler.emit_metrics = [](const std::string& line) { std::cerr << line << std::endl; };
  auto container = lambda::Container::Init(std::move(options));
  if (!container) {
    std::cerr << "delta-arc: "
              << (container.error().kind == ErrorKind::kInvalidArgument ? "configuration error:\n"
                                                                        : "")
              << container.error().message << "\n";
    return container.error().kind == ErrorKind::kInvalidArgument ? kExitUsage : kExitFailure;
  }
  invocation.request_id =
      "local-" + std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(
                                    std::chrono::system_clock::now().time_since_epoch())
                                    .count());
  const lambda::Outcome outcome = (*container)->handler().Handle(invocation);
  if (outcome.ok()) {
    std::cout << JsonText(*outcome.answer, 2) << "\n";
    return 0;
  }
  std::cout << JsonText(nlohmann::json::parse(outcome.error.ToJson()), 2) << "\n";
  return kExitFailure;
}

int RunLambdaRuntime() {
  return lambda::RunRuntimeLoop(
      {.environment = app::ProcessEnvironment(), .env = &app::SystemEnv()});
}

}  // namespace delta_arc::cli
