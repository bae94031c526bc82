// Container init; see container.h.
#include "lambda/container.h"

#include <filesystem>

#include "app/system_env.h"
#include "aws/client_options.h"

namespace delta_arc::lambda {

namespace {

void PutUnderTmp(std::string& path) {
  if (!path.empty() && std::filesystem::path(path).is_relative()) path = "/tmp/" + path;
}

Result<std::unique_ptr<FailureNotifier>> MakeNotifier(const lineage::Config& config,
                                                      app::AwsServices& aws, Logger& log) {
  if (config.sns_topic_arn.empty()) return nullptr;
  auto options = aws::ClientOptionsFromEnvironment(aws.environment, aws::Service::kSns);
  if (!options) return Fail(options.error().kind, "SNS_TOPIC_ARN: " + options.error().message);
  options->log = [&log](std::string_view line) { log.Debug(std::string(line)); };
  options->env = aws.env;
  auto sns = std::make_unique<aws::SnsClient>(*aws.transport, *aws.credentials, *options);
  return std::make_unique<FailureNotifier>(std::move(sns), config.sns_topic_arn, log);
}

}  // namespace

Result<std::unique_ptr<Container>> Container::Init(ContainerOptions options) {
  lineage::ConfigSources sources;
  sources.environment = options.environment;
  sources.dotenv_path = options.dotenv_path;
  sources.dotenv_required = options.dotenv_required;
  auto routes = lineage::LoadRoutes(sources, lineage::ConfigPurpose::kSync);
  if (!routes) return std::unexpected(routes.error());
  if (options.in_lambda) {
    for (auto& route : *routes) {
      PutUnderTmp(route.config.postgres_cache_file);
      PutUnderTmp(route.config.snowflake_cache_file);
    }
  }
  const lineage::Config& config = routes->front().config;

  std::unique_ptr<Container> container(new Container());
  Env& env = options.env != nullptr ? *options.env : app::SystemEnv();
  container->log_ = std::make_unique<Logger>(
      config.log_level, options.json_logs || config.log_format == lineage::LogFormat::kJson,
      std::move(options.log_sink), [&env] { return env.NowMillis(); });
  Logger& log = *container->log_;
  auto runtime = app::BuildRuntime(std::move(*routes), options.environment, log, env);
  if (!runtime) {
    return Fail(runtime.error().kind, log.Redact(runtime.error().message));
  }
  container->runtime_ = std::move(*runtime);
  auto notifier = MakeNotifier(container->runtime_.config(), *container->runtime_.aws, log);
  if (!notifier) return std::unexpected(notifier.error());
  container->notifier_ = std::move(*notifier);

  HandlerOptions handler_options = std::move(options.handler);
  if (handler_options.function_name.empty() || handler_options.function_name == "delta-arc") {
    const auto name = options.environment.find("AWS_LAMBDA_FUNCTION_NAME");
    if (name != options.environment.end() && !name->second.empty()) {
      handler_options.function_name = name->second;
    }
  }
  const std::string function_name = handler_options.function_name;
  const app::Runtime& rt = container->runtime_;
  std::vector<RouteDeps> route_deps;
  for (const auto& route : rt.routes) {
    route_deps.push_back({route.name, route.config, route.mapping, *route.bucket, *route.cache,
                          route.listing.get()});
  }
  container->handler_ = std::make_unique<Handler>(
      HandlerDeps{std::move(route_deps), *rt.atlan, log, env, container->notifier_.get()},
      std::move(handler_options));
  log.Info("container initialised",
           {{"function_name", function_name},
            {"sns_notifications", container->notifier_ != nullptr},
            {"routes", static_cast<int64_t>(rt.routes.size())},
            {"cache", rt.config().cache_s3_bucket.empty() ? "file" : "s3"}});
  return container;
}

}  // namespace delta_arc::lambda
