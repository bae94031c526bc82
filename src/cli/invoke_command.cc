// `delta-arc invoke` and `delta-arc lambda`; see invoke_command.h.
#include "cli/invoke_command.h"

#include <fstream>
#include <sstream>

#include "common/json_text.h"
#include "lambda/container.h"
#include "lambda/runtime_loop.h"

namespace delta_arc::cli {

namespace {

bool ReadEvent(const std::string& path, std::istream& in, std::string& out) {
  std::ostringstream text;
  if (path == "-") {
    text << in.rdbuf();
  } else {
    std::ifstream file(path, std::ios::binary);
    if (!file) return false;
    text << file.rdbuf();
  }
  out = text.str();
  return true;
}

}  // namespace

int RunInvokeCommand(const std::string& event_file, const std::string& env_file,
                     CommandContext& context) {
  lambda::InvocationRequest invocation;
  if (!ReadEvent(event_file, context.in, invocation.payload)) {
    context.err << "delta-arc: cannot read the event file " << event_file << "\n";
    return kExitUsage;
  }
  lambda::ContainerOptions options;
  options.environment = context.environment;
  options.env = &context.env;
  options.log_sink = [&context](const std::string& line) { context.err << line << std::endl; };
  options.dotenv_path = env_file.empty() ? ".env" : env_file;
  options.dotenv_required = !env_file.empty();
  options.handler.emit_metrics = [&context](const std::string& line) {
    context.err << line << std::endl;
  };
  auto container = lambda::Container::Init(std::move(options));
  if (!container) {
    context.err << "delta-arc: "
                << (container.error().kind == ErrorKind::kInvalidArgument ? "configuration error:\n"
                                                                          : "")
                << container.error().message << "\n";
    return container.error().kind == ErrorKind::kInvalidArgument ? kExitUsage : kExitFailure;
  }
  invocation.request_id = "local-" + std::to_string(context.env.NowMillis());
  const lambda::Outcome outcome = (*container)->handler().Handle(invocation);
  if (outcome.ok()) {
    context.out << JsonText(*outcome.answer, 2) << "\n";
    return 0;
  }
  context.out << JsonText(nlohmann::json::parse(outcome.error.ToJson()), 2) << "\n";
  return kExitFailure;
}

int RunLambdaRuntime(CommandContext& context) {
  return lambda::RunRuntimeLoop({.environment = context.environment, .env = &context.env});
}

}  // namespace delta_arc::cli
