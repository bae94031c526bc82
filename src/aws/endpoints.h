// Regions and service endpoints as the AWS SDKs resolve them: region from
// AWS_REGION, AWS_DEFAULT_REGION or the profile; endpoint from
// AWS_ENDPOINT_URL_<SERVICE>, AWS_ENDPOINT_URL, else the public
// https://<service>.<region>.amazonaws.com (.com.cn in China).
#pragma once

#include <string>
#include <string_view>

#include "aws/environment.h"
#include "common/error.h"

namespace delta_arc::aws {

enum class Service { kS3, kSns, kSecretsManager, kSsm };

struct ServiceNames {
  std::string_view signing_name;     // SigV4 scope: "s3", "sns", ...
  std::string_view endpoint_prefix;  // host label
  std::string_view env_suffix;       // AWS_ENDPOINT_URL_<this>
};
ServiceNames NamesOf(Service service);

Result<std::string> ResolveRegion(const Environment& env);

struct Endpoint {
  std::string url{};    // scheme://host[:port], no trailing slash
  bool custom = false;  // configured by the user: S3 then uses path-style addressing
};

Endpoint ResolveEndpoint(const Environment& env, Service service, const std::string& region);
Endpoint DefaultEndpoint(Service service, const std::string& region);

// Whether `bucket` can be a host label (no dots, DNS-safe), as botocore decides.
bool IsVirtualHostable(std::string_view bucket);

}  // namespace delta_arc::aws
