// delta-arc: registers an S3 bucket in Atlan and writes Postgres → S3 →
// Snowflake lineage. The composition root of the binary: the process's arguments,
// environment, streams and the system's Env handed to the command line
// (cli/command_line.h).
#include <unistd.h>

#include <iostream>
#include <string>
#include <vector>

#include "app/system_env.h"
#include "cli/command_line.h"
#include "cli/invoke_command.h"

int main(int argc, char** argv) {
  delta_arc::cli::CommandContext context{.environment = delta_arc::app::ProcessEnvironment(),
                                         .in = std::cin,
                                         .out = std::cout,
                                         .err = std::cerr,
                                         .env = delta_arc::app::SystemEnv(),
                                         .err_is_terminal = isatty(STDERR_FILENO) == 1};
  // Lambda's bootstrap starts the binary without arguments.
  if (argc == 1 && context.environment.contains("AWS_LAMBDA_RUNTIME_API")) {
    return delta_arc::cli::RunLambdaRuntime(context);
  }
  return delta_arc::cli::RunCommandLine(std::vector<std::string>(argv + 1, argv + argc), context);
}
