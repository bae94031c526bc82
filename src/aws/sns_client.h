// SnsClient: SNS Publish over the query protocol (form-encoded POST, XML
// answer), for failure notifications.
#pragma once

#include <string>

#include "aws/aws_caller.h"

namespace delta_arc::aws {

struct PublishRequest {
  std::string topic_arn{};
  std::string message{};
  std::string subject{};  // optional, e-mail subscribers only
};

// The form body: Action=Publish&Message=...&Subject=...&TopicArn=...&Version=2010-03-31
std::string PublishFormBody(const PublishRequest& request);

class SnsClient {
 public:
  SnsClient(http::Transport& transport, CredentialsProvider& credentials, AwsClientOptions options);
  // The MessageId SNS assigned.
  Result<std::string> Publish(const PublishRequest& request);

 private:
  AwsCaller caller_;
};

}  // namespace delta_arc::aws
