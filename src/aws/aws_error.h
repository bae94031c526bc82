// AWS error answers: parsed from S3/query XML or JSON 1.1 bodies into code,
// message and request id, classified for retries, and turned into the
// project's Error. Only these fields are kept: never the request, whose
// headers carry credentials.
#pragma once

#include <string>
#include <string_view>

#include "common/error.h"
#include "http/response.h"

namespace delta_arc::aws {

struct AwsErrorDetails {
  int http_status = 0;
  std::string code{};
  std::string message{};
  std::string request_id{};
};

// S3 (<Error>) and query protocol (<ErrorResponse><Error>) bodies; bodiless
// answers (HEAD) get a code from the status.
AwsErrorDetails ParseXmlError(const http::Response& response);
// JSON 1.1 bodies: {"__type": "...#Code", "message": "..."}.
AwsErrorDetails ParseJsonError(const http::Response& response);

bool IsThrottlingError(const AwsErrorDetails& error);
// Worth a retry as it is: 5xx, throttling, timeouts.
bool IsTransientError(const AwsErrorDetails& error);
// The request's timestamp was too far from the server's clock.
bool IsClockSkewError(const AwsErrorDetails& error);

ErrorKind KindOf(const AwsErrorDetails& error);
// "<operation>: <Code>: <Message> (HTTP 404, request id ...)".
Error ToError(std::string_view operation, const AwsErrorDetails& error);

}  // namespace delta_arc::aws
