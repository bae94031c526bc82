// JSON 1.1 protocol calls; see json_protocol.h.
#include "aws/json_protocol.h"

#include "common/json_text.h"

namespace delta_arc::aws {

http::Request MakeJsonRequest(const Endpoint& endpoint, const std::string& target,
                              const nlohmann::json& body) {
  http::Request request{.method = "POST", .url = endpoint.url + "/", .body = JsonText(body)};
  request.headers.Set("Content-Type", "application/x-amz-json-1.1");
  request.headers.Set("X-Amz-Target", target);
  return request;
}

Result<nlohmann::json> CallJson(AwsCaller& caller, const std::string& operation,
                                const std::string& target, const nlohmann::json& body) {
  const AwsCall call{.operation = operation,
                     .request = MakeJsonRequest(caller.options().endpoint, target, body),
                     .error_format = ErrorFormat::kJson};
  auto response = caller.Call(call);
  if (!response) return std::unexpected(response.error());
  auto json = nlohmann::json::parse(response->body, nullptr, /*allow_exceptions=*/false);
  if (!json.is_object())
    return Fail(ErrorKind::kRemote, operation + ": answer is not a JSON object");
  return json;
}

}  // namespace delta_arc::aws
