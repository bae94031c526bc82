// The Lambda Runtime API (version 2018-06-01) mapped one to one onto a few plain
// types, as aws-lambda-cpp does: wait for the next invocation, answer it with a
// response or an error, or report that the container could not initialise.
// https://docs.aws.amazon.com/lambda/latest/dg/runtimes-api.html
#pragma once

#include <cstdint>
#include <string>

#include "common/error.h"
#include "http/transport.h"

namespace delta_arc::lambda {

// One invocation, as `GET /runtime/invocation/next` hands it out.
struct InvocationRequest {
  std::string request_id;    // Lambda-Runtime-Aws-Request-Id
  int64_t deadline_ms = 0;   // Lambda-Runtime-Deadline-Ms: Unix epoch milliseconds
  std::string trace_id;      // Lambda-Runtime-Trace-Id (X-Ray), may be empty
  std::string function_arn;  // Lambda-Runtime-Invoked-Function-Arn
  std::string payload;       // the event, JSON
};

// What the runtime reports for a failed invocation or initialisation; Lambda's
// standard error document {"errorMessage", "errorType", "stackTrace"}.
struct ErrorAnswer {
  std::string error_type;  // e.g. "InvalidEvent"
  std::string message;

  std::string ToJson() const;
};

class RuntimeApiClient {
 public:
  // `endpoint` is AWS_LAMBDA_RUNTIME_API: host:port, no scheme.
  RuntimeApiClient(std::string endpoint, http::Transport& transport);

  // Blocks until Lambda hands out an invocation (no timeout: the container is
  // frozen between invocations and this call is what it waits in).
  // kRemote when the API answered with an HTTP error or with something that is not an
  // invocation; another kind when no answer came (the API cannot be reached).
  Result<InvocationRequest> Next();
  Status PostResponse(const std::string& request_id, const std::string& body);
  Status PostError(const std::string& request_id, const ErrorAnswer& error);
  // Lambda then stops the container and reports the error to the caller.
  Status PostInitError(const ErrorAnswer& error);

 private:
  Status Post(const std::string& path, const std::string& body, const std::string& content_type,
              const std::string& error_type);

  std::string base_url_;
  http::Transport& transport_;
};

}  // namespace delta_arc::lambda
