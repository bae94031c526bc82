// Secrets Manager GetSecretValue; see secrets_manager_client.h.
#include "aws/secrets_manager_client.h"

#include "aws/crypto.h"
#include "aws/json_protocol.h"

namespace delta_arc::aws {

SecretsManagerClient::SecretsManagerClient(http::Transport& transport,
                                           CredentialsProvider& credentials,
                                           AwsClientOptions options)
    : caller_(transport, credentials, std::move(options), Service::kSecretsManager) {}

Result<SecretValue> SecretsManagerClient::GetSecretValue(const std::string& secret_id,
                                                         const std::string& version_stage) {
  nlohmann::json body{{"SecretId", secret_id}};
  if (!version_stage.empty()) body["VersionStage"] = version_stage;
  const std::string operation = "Secrets Manager GetSecretValue " + secret_id;
  auto json = CallJson(caller_, operation, "secretsmanager.GetSecretValue", body);
  if (!json) return std::unexpected(json.error());
  SecretValue out{.arn = json->value("ARN", ""),
                  .name = json->value("Name", ""),
                  .version_id = json->value("VersionId", "")};
  if (json->contains("SecretString") && (*json)["SecretString"].is_string()) {
    out.value = (*json)["SecretString"].get<std::string>();
  } else if (json->contains("SecretBinary") && (*json)["SecretBinary"].is_string()) {
    auto decoded = Base64Decode((*json)["SecretBinary"].get<std::string>());
    if (!decoded) return Fail(ErrorKind::kRemote, operation + ": SecretBinary is not base64");
    out.value = std::move(*decoded);
    out.binary = true;
  } else {
    return Fail(ErrorKind::kRemote,
                operation + ": answer has neither SecretString nor SecretBinary");
  }
  return out;
}

}  // namespace delta_arc::aws
