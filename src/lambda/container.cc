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
  auto config = lineage::LoadConfig(sources, lineage::ConfigPurpose::kSync);
  if (!config) return std::unexpected(config.error());
  if (options.in_lambda) {
    PutUnderTmp(config->postgres_cache_file);
    PutUnderTmp(config->snowflake_cache_file);
  }

  std::unique_ptr<Container> container(new Container());
  Env& env = options.env != nullptr ? *options.env : app::SystemEnv();
  container->log_ = std::make_unique<Logger>(
      config->log_level, options.json_logs || config->log_format == lineage::LogFormat::kJson,
      std::move(options.log_sink), [&env] { return env.NowMillis(); });
  Logger& log = *container->log_;
  auto runtime = app::BuildRuntime(*config, options.environment, log, env);
  if (!runtime) {
    return Fail(runtime.error().kind, log.Redact(runtime.error().message));
  }
  container->runtime_ = std::move(*runtime);
  auto notifier = MakeNotifier(container->runtime_.config, *container->runtime_.aws, log);
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
  container->handler_ =
      std::make_unique<Handler>(HandlerDeps{rt.config, rt.mapping, *rt.atlan, *rt.bucket, *rt.cache,
                                            log, env, container->notifier_.get(), rt.listing.get()},
                                std::move(handler_options));
  log.Info("container initialised", {{"function_name", function_name},
                                     {"sns_notifications", container->notifier_ != nullptr},
                                     {"cache", rt.config.cache_s3_bucket.empty() ? "file" : "s3"}});
  return container;
}

}  // namespace delta_arc::lambda
