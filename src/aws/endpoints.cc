// Region and endpoint resolution; see endpoints.h.
#include "aws/endpoints.h"

#include <cctype>

#include "aws/shared_config.h"

namespace delta_arc::aws {

ServiceNames NamesOf(Service service) {
  switch (service) {
    case Service::kS3:
      return {"s3", "s3", "S3"};
    case Service::kSns:
      return {"sns", "sns", "SNS"};
    case Service::kSecretsManager:
      return {"secretsmanager", "secretsmanager", "SECRETS_MANAGER"};
    case Service::kSsm:
      return {"ssm", "ssm", "SSM"};
  }
  return {};
}

Result<std::string> ResolveRegion(const Environment& env) {
  for (const char* name : {"AWS_REGION", "AWS_DEFAULT_REGION"}) {
    if (auto region = env.Get(name)) return *region;
  }
  if (auto profile = LoadProfile(env, ProfileName(env))) {
    if (auto it = profile->find("region"); it != profile->end() && !it->second.empty()) {
      return it->second;
    }
  }
  return Fail(ErrorKind::kInvalidArgument,
              "no AWS region: set AWS_REGION (or AWS_DEFAULT_REGION, or region in the profile)");
}

Endpoint DefaultEndpoint(Service service, const std::string& region) {
  const std::string suffix = region.starts_with("cn-") ? "amazonaws.com.cn" : "amazonaws.com";
  return {.url = "https://" + std::string(NamesOf(service).endpoint_prefix) + "." + region + "." +
                 suffix};
}

Endpoint ResolveEndpoint(const Environment& env, Service service, const std::string& region) {
  const std::string specific = "AWS_ENDPOINT_URL_" + std::string(NamesOf(service).env_suffix);
  for (const std::string& name : {specific, std::string("AWS_ENDPOINT_URL")}) {
    if (auto url = env.Get(name)) {
      std::string trimmed = *url;
      while (trimmed.ends_with('/')) trimmed.pop_back();
      return {.url = trimmed, .custom = true};
    }
  }
  return DefaultEndpoint(service, region);
}

bool IsVirtualHostable(std::string_view bucket) {
  if (bucket.size() < 3 || bucket.size() > 63) return false;
  if (!std::isalnum(static_cast<unsigned char>(bucket.front())) ||
      !std::isalnum(static_cast<unsigned char>(bucket.back()))) {
    return false;
  }
  for (const char c : bucket) {
    const auto u = static_cast<unsigned char>(c);
    if (!(std::islower(u) || std::isdigit(u) || c == '-')) return false;
  }
  return true;
}

}  // namespace delta_arc::aws
