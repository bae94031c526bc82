// AwsCaller: sends one AWS API call the way the SDKs do. Each attempt gets
// fresh credentials and a fresh signature; throttling, 5xx, timeouts and
// connection errors are retried with backoff; a clock-skew answer corrects
// the signing clock from the server's Date header before the retry. Errors
// come back as the AWS code, message and request id, with secrets redacted.
// Not thread-safe: one caller (one client) per thread.
#pragma once

#include <string>

#include "aws/aws_error.h"
#include "aws/client_options.h"
#include "aws/credentials.h"
#include "aws/signing_clock.h"
#include "common/error.h"
#include "http/retry.h"
#include "http/transport.h"

namespace delta_arc::aws {

enum class ErrorFormat { kXml, kJson };

struct AwsCall {
  std::string operation{};  // for messages: "S3 GetObject s3://bucket/key"
  http::Request request{};  // unsigned; signed anew for every attempt
  bool unsigned_payload = false;
  ErrorFormat error_format = ErrorFormat::kXml;
};

class AwsCaller {
 public:
  // `transport` and `credentials` must outlive the caller.
  AwsCaller(http::Transport& transport, CredentialsProvider& credentials, AwsClientOptions options,
            Service service);

  // The 2xx answer, or an Error built from the AWS error answer.
  Result<http::Response> Call(const AwsCall& call);
  // Any HTTP answer (after retries), for operations that read error statuses
  // themselves (HEAD's 404); transport failures are still Errors.
  Result<http::Response> CallRaw(const AwsCall& call);

  AwsErrorDetails ParseError(const http::Response& response, ErrorFormat format) const;
  const AwsClientOptions& options() const { return options_; }
  const SigningClock& clock() const { return clock_; }

 private:
  bool ShouldRetry(const Result<http::Response>& outcome, ErrorFormat format);
  void Log(const std::string& line, const Credentials& credentials) const;

  http::Transport& transport_;
  CredentialsProvider& credentials_;
  const AwsClientOptions options_;
  const Service service_;
  SigningClock clock_;
  http::Retrier retrier_;
};

}  // namespace delta_arc::aws
