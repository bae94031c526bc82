// AWS error parsing and classification; see aws_error.h.
#include "aws/aws_error.h"

#include <algorithm>
#include <array>
#include <nlohmann/json.hpp>
#include <pugixml.hpp>

namespace delta_arc::aws {

namespace {

std::string CodeFromStatus(int status) {
  switch (status) {
    case 301:
      return "PermanentRedirect";
    case 304:
      return "NotModified";
    case 400:
      return "BadRequest";
    case 403:
      return "Forbidden";
    case 404:
      return "NotFound";
    case 409:
      return "Conflict";
    case 412:
      return "PreconditionFailed";
    case 429:
      return "TooManyRequests";
    case 503:
      return "ServiceUnavailable";
    default:
      return "HTTP" + std::to_string(status);
  }
}

std::string RequestIdFromHeaders(const http::Response& response) {
  for (const char* name : {"x-amz-request-id", "x-amzn-RequestId", "x-amzn-request-id"}) {
    if (auto id = response.headers.Get(name)) return *id;
  }
  return "";
}

void FillGaps(AwsErrorDetails& error, const http::Response& response) {
  error.http_status = response.status;
  if (error.code.empty()) error.code = CodeFromStatus(response.status);
  if (error.request_id.empty()) error.request_id = RequestIdFromHeaders(response);
}

// "com.amazonaws.ssm#ParameterNotFound:http://..." -> "ParameterNotFound"
std::string BareCode(std::string code) {
  if (const auto hash = code.rfind('#'); hash != std::string::npos) code.erase(0, hash + 1);
  if (const auto colon = code.find(':'); colon != std::string::npos) code.erase(colon);
  return code;
}

template <std::size_t N>
bool Contains(const std::array<std::string_view, N>& list, std::string_view code) {
  return std::find(list.begin(), list.end(), code) != list.end();
}

}  // namespace

AwsErrorDetails ParseXmlError(const http::Response& response) {
  AwsErrorDetails error;
  pugi::xml_document doc;
  if (!response.body.empty() && doc.load_buffer(response.body.data(), response.body.size())) {
    pugi::xml_node node = doc.child("Error");
    pugi::xml_node outer = doc.child("ErrorResponse");
    if (!node) node = outer.child("Error");
    error.code = node.child_value("Code");
    error.message = node.child_value("Message");
    error.request_id = node.child_value("RequestId");
    if (error.request_id.empty()) error.request_id = outer.child_value("RequestId");
  }
  FillGaps(error, response);
  return error;
}

AwsErrorDetails ParseJsonError(const http::Response& response) {
  AwsErrorDetails error;
  const auto json = nlohmann::json::parse(response.body, nullptr, /*allow_exceptions=*/false);
  if (json.is_object()) {
    for (const char* key : {"__type", "code", "Code"}) {
      if (json.contains(key) && json[key].is_string()) {
        error.code = BareCode(json[key].get<std::string>());
        break;
      }
    }
    for (const char* key : {"message", "Message", "errorMessage"}) {
      if (json.contains(key) && json[key].is_string()) {
        error.message = json[key].get<std::string>();
        break;
      }
    }
  }
  if (error.code.empty()) {
    if (auto header = response.headers.Get("x-amzn-ErrorType")) error.code = BareCode(*header);
  }
  FillGaps(error, response);
  return error;
}

bool IsThrottlingError(const AwsErrorDetails& error) {
  static constexpr std::array<std::string_view, 14> kThrottling = {
      "Throttling",
      "ThrottlingException",
      "ThrottledException",
      "RequestThrottledException",
      "TooManyRequestsException",
      "ProvisionedThroughputExceededException",
      "TransactionInProgressException",
      "RequestLimitExceeded",
      "BandwidthLimitExceeded",
      "LimitExceededException",
      "RequestThrottled",
      "SlowDown",
      "PriorRequestNotComplete",
      "EC2ThrottledException"};
  return error.http_status == 429 || Contains(kThrottling, error.code);
}

bool IsTransientError(const AwsErrorDetails& error) {
  static constexpr std::array<std::string_view, 3> kTransient = {
      "RequestTimeout", "RequestTimeoutException", "PriorRequestNotComplete"};
  const int s = error.http_status;
  return s == 500 || s == 502 || s == 503 || s == 504 || Contains(kTransient, error.code) ||
         IsThrottlingError(error);
}

bool IsClockSkewError(const AwsErrorDetails& error) {
  static constexpr std::array<std::string_view, 6> kSkew = {
      "RequestTimeTooSkewed",      "RequestExpired",        "RequestInTheFuture",
      "InvalidSignatureException", "SignatureDoesNotMatch", "AuthFailure"};
  return Contains(kSkew, error.code);
}

ErrorKind KindOf(const AwsErrorDetails& error) {
  static constexpr std::array<std::string_view, 9> kNotFound = {"NoSuchKey",
                                                                "NoSuchBucket",
                                                                "NotFound",
                                                                "ResourceNotFoundException",
                                                                "ParameterNotFound",
                                                                "NotFoundException",
                                                                "ParameterVersionNotFound",
                                                                "NoSuchUpload",
                                                                "NoSuchVersion"};
  static constexpr std::array<std::string_view, 9> kDenied = {"AccessDenied",
                                                              "AccessDeniedException",
                                                              "Forbidden",
                                                              "InvalidAccessKeyId",
                                                              "SignatureDoesNotMatch",
                                                              "ExpiredToken",
                                                              "UnrecognizedClientException",
                                                              "InvalidClientTokenId",
                                                              "AuthorizationError"};
  if (Contains(kNotFound, error.code) || error.http_status == 404) return ErrorKind::kNotFound;
  if (IsThrottlingError(error)) return ErrorKind::kThrottled;
  if (Contains(kDenied, error.code) || error.http_status == 401 || error.http_status == 403) {
    return ErrorKind::kUnauthorized;
  }
  if (error.http_status == 409 || error.http_status == 412) return ErrorKind::kConflict;
  if (IsTransientError(error)) return ErrorKind::kUnavailable;
  if (error.http_status == 400) return ErrorKind::kInvalidArgument;
  return ErrorKind::kRemote;
}

Error ToError(std::string_view operation, const AwsErrorDetails& error) {
  std::string message = std::string(operation) + ": " + error.code;
  if (!error.message.empty()) message += ": " + error.message;
  message += " (HTTP " + std::to_string(error.http_status);
  if (!error.request_id.empty()) message += ", request id " + error.request_id;
  message += ")";
  return Error(KindOf(error), std::move(message));
}

}  // namespace delta_arc::aws
