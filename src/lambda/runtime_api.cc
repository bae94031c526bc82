// The Runtime API client; see runtime_api.h.
#include "lambda/runtime_api.h"

#include <charconv>
#include <chrono>
#include <nlohmann/json.hpp>

#include "common/json_text.h"

namespace delta_arc::lambda {

namespace {

constexpr const char* kApiVersion = "/2018-06-01";
// Answers and error reports are small and the API is local: a stuck post is a
// broken container, better noticed than waited on.
constexpr std::chrono::milliseconds kPostTimeout{10000};

std::string Header(const http::Response& response, std::string_view name) {
  return response.headers.Get(name).value_or("");
}

Error ApiError(const std::string& what, const http::Response& response) {
  return Error(ErrorKind::kRemote, "Runtime API " + what + " answered " +
                                       std::to_string(response.status) + ": " +
                                       response.body.substr(0, 200));
}

}  // namespace

std::string ErrorAnswer::ToJson() const {
  return JsonText(nlohmann::json{{"errorMessage", message},
                                 {"errorType", error_type},
                                 {"stackTrace", nlohmann::json::array()}});
}

RuntimeApiClient::RuntimeApiClient(std::string endpoint, http::Transport& transport)
    : base_url_("http://" + std::move(endpoint) + kApiVersion), transport_(transport) {}

Result<InvocationRequest> RuntimeApiClient::Next() {
  http::Request request;
  request.url = base_url_ + "/runtime/invocation/next";
  request.timeout = std::chrono::milliseconds(0);  // curl: no limit
  auto response = transport_.Send(request);
  if (!response) return std::unexpected(response.error());
  if (!response->ok()) return std::unexpected(ApiError("next", *response));
  InvocationRequest invocation;
  invocation.request_id = Header(*response, "Lambda-Runtime-Aws-Request-Id");
  if (invocation.request_id.empty()) {
    return Fail(ErrorKind::kRemote, "Runtime API next: no Lambda-Runtime-Aws-Request-Id header");
  }
  const std::string deadline = Header(*response, "Lambda-Runtime-Deadline-Ms");
  const auto parsed =
      std::from_chars(deadline.data(), deadline.data() + deadline.size(), invocation.deadline_ms);
  if (parsed.ec != std::errc() || parsed.ptr != deadline.data() + deadline.size()) {
    return Fail(ErrorKind::kRemote,
                "Runtime API next: bad Lambda-Runtime-Deadline-Ms '" + deadline + "'");
  }
  invocation.trace_id = Header(*response, "Lambda-Runtime-Trace-Id");
  invocation.function_arn = Header(*response, "Lambda-Runtime-Invoked-Function-Arn");
  invocation.payload = std::move(response->body);
  return invocation;
}

Status RuntimeApiClient::PostResponse(const std::string& request_id, const std::string& body) {
  return Post("/runtime/invocation/" + request_id + "/response", body, "application/json", "");
}

Status RuntimeApiClient::PostError(const std::string& request_id, const ErrorAnswer& error) {
  return Post("/runtime/invocation/" + request_id + "/error", error.ToJson(),
              "application/vnd.aws.lambda.error+json", "Unhandled");
}

Status RuntimeApiClient::PostInitError(const ErrorAnswer& error) {
  return Post("/runtime/init/error", error.ToJson(), "application/vnd.aws.lambda.error+json",
              "Runtime." + error.error_type);
}

Status RuntimeApiClient::Post(const std::string& path, const std::string& body,
                              const std::string& content_type, const std::string& error_type) {
  http::Request request;
  request.method = "POST";
  request.url = base_url_ + path;
  request.body = body;
  request.timeout = kPostTimeout;
  request.headers.Set("Content-Type", content_type);
  if (!error_type.empty()) request.headers.Set("Lambda-Runtime-Function-Error-Type", error_type);
  auto response = transport_.Send(request);
  if (!response) return std::unexpected(response.error());
  if (!response->ok()) return std::unexpected(ApiError("POST " + path, *response));
  return Ok();
}

}  // namespace delta_arc::lambda
