// Composition root; see runtime.h.
#include "app/runtime.h"

#include <filesystem>

#include "app/inventory_source.h"
#include "app/s3_cache_store.h"
#include "app/s3_object_source.h"
#include "aws/client_options.h"
#include "aws/secrets_manager_client.h"
#include "aws/ssm_client.h"
#include "http/ca_bundle.h"
#include "http/url.h"
#include "lineage/header_cache.h"
#include "lineage/owned_snapshot.h"

namespace delta_arc::app {

aws::Environment AwsEnvironment(const lineage::Config& config,
                                const std::map<std::string, std::string>& environment) {
  std::map<std::string, std::string, std::less<>> variables(environment.begin(), environment.end());
  const std::pair<const char*, const std::string*> overrides[] = {
      {"AWS_REGION", &config.aws_region},
      {"AWS_ACCESS_KEY_ID", &config.aws_access_key_id},
      {"AWS_SECRET_ACCESS_KEY", &config.aws_secret_access_key},
      {"AWS_SESSION_TOKEN", &config.aws_session_token},
      {"AWS_PROFILE", &config.aws_profile},
      {"AWS_ENDPOINT_URL", &config.aws_endpoint_url},
      {"AWS_ENDPOINT_URL_S3", &config.aws_endpoint_url_s3},
  };
  for (const auto& [name, value] : overrides) {
    if (!value->empty()) variables[name] = *value;
  }
  return aws::Environment::FromMap(std::move(variables));
}

namespace {

// A client for HTTPS, trusting the CA bundle the environment or the distribution names.
std::unique_ptr<http::HttpClient> HttpsClient(const aws::Environment& env) {
  return std::make_unique<http::HttpClient>(http::HttpClientOptions{
      .ca_bundle = http::FindCaBundle([&env](std::string_view name) { return env.Get(name); },
                                      [](const std::string& path) {
                                        std::error_code ec;
                                        return std::filesystem::is_regular_file(path, ec);
                                      })});
}

Result<aws::AwsClientOptions> Options(AwsServices& services, aws::Service service, Logger& log) {
  auto options = aws::ClientOptionsFromEnvironment(services.environment, service);
  if (!options) return std::unexpected(options.error());
  options->log = [&log](std::string_view line) { log.Debug(std::string(line)); };
  options->env = services.env;
  return options;
}

}  // namespace

Result<std::unique_ptr<AwsServices>> MakeAwsServices(
    const lineage::Config& config, const std::map<std::string, std::string>& environment,
    Logger& log, Env& env) {
  auto services = std::make_unique<AwsServices>();
  services->env = &env;
  services->environment = AwsEnvironment(config, environment);
  services->transport = HttpsClient(services->environment);
  services->credentials = std::make_unique<aws::DefaultCredentialsChain>(services->environment,
                                                                         *services->transport, env);
  auto options = Options(*services, aws::Service::kS3, log);
  if (!options) return std::unexpected(options.error());
  options->cutoff = services->cutoff;
  services->s3 =
      std::make_unique<aws::S3Client>(*services->transport, *services->credentials, *options);
  for (const std::string* secret : {&config.aws_secret_access_key, &config.aws_session_token}) {
    log.AddSecret(*secret);
  }
  return services;
}

Result<std::string> ResolveToken(const lineage::Config& config, AwsServices& aws, Logger& log) {
  if (!config.atlan_api_token.empty()) {
    log.AddSecret(config.atlan_api_token);
    return config.atlan_api_token;
  }
  std::string token;
  if (!config.atlan_token_secret_arn.empty()) {
    auto options = Options(aws, aws::Service::kSecretsManager, log);
    if (!options) return std::unexpected(options.error());
    aws::SecretsManagerClient client(*aws.transport, *aws.credentials, *options);
    auto secret = client.GetSecretValue(config.atlan_token_secret_arn);
    if (!secret) {
      return Fail(secret.error().kind, "ATLAN_API_TOKEN_SECRET_ARN: " + secret.error().message);
    }
    token = secret->value;
  } else if (!config.atlan_token_parameter.empty()) {
    auto options = Options(aws, aws::Service::kSsm, log);
    if (!options) return std::unexpected(options.error());
    aws::SsmClient client(*aws.transport, *aws.credentials, *options);
    auto parameter = client.GetParameter(config.atlan_token_parameter, true);
    if (!parameter) {
      return Fail(parameter.error().kind,
                  "ATLAN_API_TOKEN_PARAMETER: " + parameter.error().message);
    }
    token = parameter->value;
  }
  // A secret holding {"ATLAN_API_TOKEN": "..."} (the console's key/value form) works too.
  auto as_json = nlohmann::json::parse(token, nullptr, false);
  if (as_json.is_object()) {
    for (const char* key : {"ATLAN_API_TOKEN", "ATLAN_API_KEY", "token", "apiToken"}) {
      if (as_json.contains(key) && as_json[key].is_string())
        token = as_json[key].get<std::string>();
    }
  }
  while (!token.empty() && (token.back() == '\n' || token.back() == ' ')) token.pop_back();
  if (token.empty()) return Fail(ErrorKind::kInvalidArgument, "the Atlan API token is empty");
  log.AddSecret(token);
  return token;
}

std::unique_ptr<lineage::CacheStore> MakeCacheStore(const lineage::Config& config,
                                                    AwsServices* aws) {
  if (!config.cache_s3_bucket.empty() && aws != nullptr) {
    return std::make_unique<S3CacheStore>(*aws->s3, config.cache_s3_bucket, config.cache_s3_prefix);
  }
  // The CSV headers read (lineage/header_cache.h) and the snapshot of the scope's assets
  // (lineage/owned_snapshot.h) live beside the Postgres catalog.
  const auto beside_catalog = [&](const char* file) {
    return (std::filesystem::path(config.postgres_cache_file).parent_path() / file).string();
  };
  return std::make_unique<lineage::FileCacheStore>(std::map<std::string, std::string>{
      {"postgres", config.postgres_cache_file},
      {"snowflake", config.snowflake_cache_file},
      {lineage::HeaderCache::kEntry, beside_catalog("headers.json")},
      {lineage::OwnedSnapshot::kEntry, beside_catalog("owned.json")}});
}

namespace {

// True for a host that is this machine: 127.0.0.0/8, ::1 or localhost.
bool IsLoopbackHost(const std::string& host) {
  return host == "localhost" || host == "[::1]" || host.starts_with("127.");
}

Result<RouteRuntime> BuildRoute(lineage::Route route, Runtime& runtime, Logger& log) {
  RouteRuntime out;
  out.name = std::move(route.name);
  // Read before any network call: a bad mapping file is a configuration error.
  if (!route.config.mapping_file.empty()) {
    auto mapping = lineage::Mapping::FromFile(route.config.mapping_file);
    if (!mapping) return std::unexpected(mapping.error());
    out.mapping = std::move(*mapping);
  }
  out.bucket = std::make_unique<S3ObjectSource>(*runtime.aws->s3, route.config.s3_bucket_name);
  if (!route.config.s3_inventory.empty()) {
    auto location = ParseInventoryUrl(route.config.s3_inventory);
    if (!location) return std::unexpected(location.error());
    out.listing = std::make_unique<InventoryObjectSource>(
        *runtime.aws->s3, std::move(*location), route.config.s3_bucket_name, *out.bucket, log);
  }
  out.cache = MakeCacheStore(route.config, runtime.aws.get());
  out.config = std::move(route.config);
  return out;
}

}  // namespace

Result<Runtime> BuildRuntime(std::vector<lineage::Route> routes,
                             const std::map<std::string, std::string>& environment, Logger& log,
                             Env& env) {
  Runtime runtime;
  lineage::Config config = routes.front().config;
  if (auto url = http::ParseUrl(config.atlan_base_url);
      url && url->scheme == "http" && !IsLoopbackHost(url->host)) {
    log.Warn(
        "ATLAN_BASE_URL uses http:// to another machine: the API token travels "
        "unencrypted; use https://",
        {{"host", url->host}});
  }
  auto aws = MakeAwsServices(config, environment, log, env);
  if (!aws) return std::unexpected(aws.error());
  runtime.aws = std::move(*aws);
  for (auto& route : routes) {
    auto built = BuildRoute(std::move(route), runtime, log);
    if (!built) return std::unexpected(built.error());
    runtime.routes.push_back(std::move(*built));
  }
  auto token = ResolveToken(config, *runtime.aws, log);
  if (!token) return std::unexpected(token.error());
  // The token lives in the client alone: the routes' configs never hold a fetched one.
  atlan::AtlanClientOptions options;
  options.base_url = config.atlan_base_url;
  options.token = *token;
  options.timeout = std::chrono::duration_cast<std::chrono::milliseconds>(config.atlan_timeout);
  options.retry.max_attempts = config.atlan_max_attempts;
  options.log = [&log](const std::string& line) { log.Debug("atlan " + line); };
  options.limiter = std::make_shared<http::RateLimiter>(
      http::RateLimiterOptions{.max_per_minute =
                                   static_cast<double>(config.atlan_requests_per_minute)},
      env);
  options.cutoff = runtime.aws->cutoff;
  runtime.atlan =
      std::make_unique<atlan::AtlanClient>(options, HttpsClient(runtime.aws->environment), env);
  return runtime;
}

}  // namespace delta_arc::app
