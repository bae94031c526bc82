// SsmClient: SSM GetParameter (WithDecryption) over the JSON 1.1 protocol,
// to fetch the Atlan API token from Parameter Store. The value of a
// SecureString is a secret: never log it.
#pragma once

#include <cstdint>
#include <string>

#include "aws/aws_caller.h"

namespace delta_arc::aws {

struct Parameter {
  std::string name{};
  std::string type{};  // String, StringList, SecureString
  std::string value{};
  std::int64_t version = 0;
  std::string arn{};
};

class SsmClient {
 public:
  SsmClient(http::Transport& transport, CredentialsProvider& credentials, AwsClientOptions options);
  Result<Parameter> GetParameter(const std::string& name, bool with_decryption = true);

 private:
  AwsCaller caller_;
};

}  // namespace delta_arc::aws
