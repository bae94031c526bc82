// SSM GetParameter; see ssm_client.h.
#include "aws/ssm_client.h"

#include "aws/json_protocol.h"

namespace delta_arc::aws {

SsmClient::SsmClient(http::Transport& transport, CredentialsProvider& credentials,
                     AwsClientOptions options)
    : caller_(transport, credentials, std::move(options), Service::kSsm) {}

Result<Parameter> SsmClient::GetParameter(const std::string& name, bool with_decryption) {
  const nlohmann::json body{{"Name", name}, {"WithDecryption", with_decryption}};
  const std::string operation = "SSM GetParameter " + name;
  auto json = CallJson(caller_, operation, "AmazonSSM.GetParameter", body);
  if (!json) return std::unexpected(json.error());
  const auto it = json->find("Parameter");
  if (it == json->end() || !it->is_object() || !it->contains("Value")) {
    return Fail(ErrorKind::kRemote, operation + ": answer has no Parameter.Value");
  }
  return Parameter{.name = it->value("Name", ""),
                   .type = it->value("Type", ""),
                   .value = it->value("Value", ""),
                   .version = it->value("Version", std::int64_t{0}),
                   .arn = it->value("ARN", "")};
}

}  // namespace delta_arc::aws
