// SecretsManagerClient: GetSecretValue over the JSON 1.1 protocol, to fetch
// the Atlan API token. The value is a secret: never log it.
#pragma once

#include <string>

#include "aws/aws_caller.h"

namespace delta_arc::aws {

struct SecretValue {
  std::string arn{};
  std::string name{};
  std::string version_id{};
  std::string value{};  // SecretString, or SecretBinary decoded
  bool binary = false;
};

class SecretsManagerClient {
 public:
  SecretsManagerClient(http::Transport& transport, CredentialsProvider& credentials,
                       AwsClientOptions options);
  // `secret_id` is a name or ARN; `version_stage` "" means AWSCURRENT.
  Result<SecretValue> GetSecretValue(const std::string& secret_id,
                                     const std::string& version_stage = "");

 private:
  AwsCaller caller_;
};

}  // namespace delta_arc::aws
