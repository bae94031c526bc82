// Client options from the environment; see client_options.h.
#include "aws/client_options.h"

namespace delta_arc::aws {

Result<AwsClientOptions> ClientOptionsFromEnvironment(const Environment& env, Service service) {
  auto region = ResolveRegion(env);
  if (!region) return std::unexpected(region.error());
  AwsClientOptions options;
  options.region = *region;
  options.endpoint = ResolveEndpoint(env, service, *region);
  return options;
}

}  // namespace delta_arc::aws
