// The composition root shared by the CLI and the Lambda handler: from a
// validated Config, the real clients the pipeline runs on — Atlan over HTTPS,
// the bucket over S3, the cache in files or S3 — and the API token, fetched
// from Secrets Manager or SSM when configured so.
#pragma once

#include <memory>

#include "atlan/atlan_client.h"
#include "aws/credential_chain.h"
#include "aws/environment.h"
#include "aws/s3_client.h"
#include "common/error.h"
#include "common/log.h"
#include "http/http_client.h"
#include "lineage/cache_store.h"
#include "lineage/config.h"
#include "lineage/mapping.h"
#include "lineage/object_source.h"
#include "lineage/routes.h"

namespace delta_arc::app {

// The AWS side: one transport, the credentials chain, and the S3 client over them.
struct AwsServices {
  Env* env = nullptr;  // the run's clock and sleep (the composition root's)
  aws::Environment environment;
  // The run's cutoff, shared by the S3 client and the Atlan client (BuildRuntime): a
  // Lambda invocation sets it through the Atlan client (AtlanClient::SetCutoff). SNS and
  // the token's lookup are not under it: an alert still goes out after it.
  std::shared_ptr<SharedCutoff> cutoff = std::make_shared<SharedCutoff>();
  std::unique_ptr<http::HttpClient> transport;
  std::unique_ptr<aws::DefaultCredentialsChain> credentials;
  std::unique_ptr<aws::S3Client> s3;
};

// `environment` (the process's, as the configuration was loaded from it) with the AWS
// settings the config carries (from .env or flags) laid over it, as the AWS SDKs would
// read them.
aws::Environment AwsEnvironment(const lineage::Config& config,
                                const std::map<std::string, std::string>& environment);
Result<std::unique_ptr<AwsServices>> MakeAwsServices(
    const lineage::Config& config, const std::map<std::string, std::string>& environment,
    Logger& log, Env& env);

// The token from ATLAN_API_TOKEN, or fetched from ATLAN_API_TOKEN_SECRET_ARN /
// ATLAN_API_TOKEN_PARAMETER. Registered with the logger for redaction.
Result<std::string> ResolveToken(const lineage::Config& config, AwsServices& aws, Logger& log);

// What one route (lineage/routes.h) runs on beside the shared clients.
struct RouteRuntime {
  std::string name;  // "" for the one route of a configuration without ROUTES_FILE
  lineage::Config config;
  lineage::Mapping mapping = lineage::Mapping::Default();
  std::unique_ptr<lineage::ObjectSource> bucket;
  // With S3_INVENTORY: the report full runs list (PipelineDeps::listing); else null.
  std::unique_ptr<lineage::ObjectSource> listing;
  std::unique_ptr<lineage::CacheStore> cache;
};

// One Atlan client (one token, one rate budget) and one AWS side serve every route.
struct Runtime {
  std::unique_ptr<AwsServices> aws;  // declared first: the clients below use it
  std::unique_ptr<atlan::AtlanClient> atlan;
  std::vector<RouteRuntime> routes;  // at least one
  // The deployment's settings (Atlan, AWS, logging), which every route shares.
  const lineage::Config& config() const { return routes.front().config; }
};

std::unique_ptr<lineage::CacheStore> MakeCacheStore(const lineage::Config& config,
                                                    AwsServices* aws);

// Everything `sync` and `plan` need, for each route: resolves the token, loads the
// mapping files. `environment`: as for AwsEnvironment.
// `env`: the clock and sleep every client waits on; it outlives the runtime.
Result<Runtime> BuildRuntime(std::vector<lineage::Route> routes,
                             const std::map<std::string, std::string>& environment, Logger& log,
                             Env& env);

}  // namespace delta_arc::app
