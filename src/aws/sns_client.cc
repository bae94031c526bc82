// SNS Publish; see sns_client.h.
#include "aws/sns_client.h"

#include <map>
#include <pugixml.hpp>

#include "http/url.h"

namespace delta_arc::aws {

std::string PublishFormBody(const PublishRequest& request) {
  std::map<std::string, std::string> params{{"Action", "Publish"},
                                            {"Version", "2010-03-31"},
                                            {"TopicArn", request.topic_arn},
                                            {"Message", request.message}};
  if (!request.subject.empty()) params["Subject"] = request.subject;
  std::string body;
  for (const auto& [key, value] : params) {
    body += (body.empty() ? "" : "&") + key + "=" + http::PercentEncode(value);
  }
  return body;
}

SnsClient::SnsClient(http::Transport& transport, CredentialsProvider& credentials,
                     AwsClientOptions options)
    : caller_(transport, credentials, std::move(options), Service::kSns) {}

Result<std::string> SnsClient::Publish(const PublishRequest& request) {
  http::Request http_request{.method = "POST",
                             .url = caller_.options().endpoint.url + "/",
                             .body = PublishFormBody(request)};
  http_request.headers.Set("Content-Type", "application/x-www-form-urlencoded; charset=utf-8");
  const std::string operation = "SNS Publish " + request.topic_arn;
  auto response = caller_.Call({.operation = operation, .request = std::move(http_request)});
  if (!response) return std::unexpected(response.error());
  pugi::xml_document doc;
  if (!doc.load_buffer(response->body.data(), response->body.size())) {
    return Fail(ErrorKind::kRemote, operation + ": answer is not XML");
  }
  const std::string id =
      doc.child("PublishResponse").child("PublishResult").child_value("MessageId");
  if (id.empty()) return Fail(ErrorKind::kRemote, operation + ": answer has no MessageId");
  return id;
}

}  // namespace delta_arc::aws
