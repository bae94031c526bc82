// AWS calls with signing, retries and clock-skew correction; see aws_caller.h.
#include "aws/aws_caller.h"

#include "aws/redact.h"
#include "aws/sigv4.h"
#include "http/http_date.h"

namespace delta_arc::aws {

namespace {

constexpr auto kSkewWorthCorrecting = std::chrono::minutes(4);

std::string Describe(const Result<http::Response>& outcome, const AwsErrorDetails& details) {
  if (!outcome) return outcome.error().message;
  return "HTTP " + std::to_string(outcome->status) + " " + details.code;
}

}  // namespace

AwsCaller::AwsCaller(http::Transport& transport, CredentialsProvider& credentials,
                     AwsClientOptions options, Service service)
    : transport_(transport),
      credentials_(credentials),
      options_(std::move(options)),
      service_(service),
      clock_([env = options_.env] { return WallTime(*env); }),
      retrier_(options_.retry, *options_.env) {}

AwsErrorDetails AwsCaller::ParseError(const http::Response& response, ErrorFormat format) const {
  return format == ErrorFormat::kJson ? ParseJsonError(response) : ParseXmlError(response);
}

void AwsCaller::Log(const std::string& line, const Credentials& credentials) const {
  if (options_.log) options_.log(Redact(line, credentials));
}

bool AwsCaller::ShouldRetry(const Result<http::Response>& outcome, ErrorFormat format) {
  if (!outcome) return IsTransient(outcome.error().kind);
  if (outcome->ok()) return false;
  const AwsErrorDetails details = ParseError(*outcome, format);
  if (IsClockSkewError(details)) {
    const auto date = outcome->headers.Get("Date");
    const auto server_time = date ? http::ParseHttpDate(*date) : std::nullopt;
    if (!server_time) return false;
    const auto skew = *server_time - clock_.Now();
    if (skew < kSkewWorthCorrecting && skew > -kSkewWorthCorrecting) return false;
    clock_.CorrectTo(*server_time);
    return true;
  }
  return IsTransientError(details);
}

Result<http::Response> AwsCaller::CallRaw(const AwsCall& call) {
  const ServiceNames names = NamesOf(service_);
  const SigningOptions signing{.region = options_.region,
                               .service = std::string(names.signing_name),
                               .s3_rules = service_ == Service::kS3,
                               .unsigned_payload = call.unsigned_payload};
  Credentials last_credentials;
  const Cutoff cutoff = options_.cutoff ? options_.cutoff->Get() : Cutoff();
  auto make_request = [&](int) -> Result<http::Request> {
    auto timeout = cutoff.TimeoutFor(options_.timeout, call.operation);
    if (!timeout) return std::unexpected(timeout.error());
    auto credentials = credentials_.GetCredentials();
    if (!credentials) return std::unexpected(credentials.error());
    last_credentials = *credentials;
    http::Request request = call.request;
    request.timeout = *timeout;
    auto signed_parts = SignRequest(request, *credentials, signing, clock_.Now());
    if (!signed_parts) return std::unexpected(signed_parts.error());
    return request;
  };
  auto classify = [&](const Result<http::Response>& outcome) {
    return ShouldRetry(outcome, call.error_format);
  };
  auto observe = [&](int attempt, std::chrono::milliseconds delay,
                     const Result<http::Response>& outcome) {
    const AwsErrorDetails details =
        outcome ? ParseError(*outcome, call.error_format) : AwsErrorDetails{};
    Log(call.operation + ": attempt " + std::to_string(attempt) + " failed (" +
            Describe(outcome, details) + "), retrying in " + std::to_string(delay.count()) + " ms",
        last_credentials);
  };
  auto outcome = retrier_.Run(transport_, make_request, classify, observe, cutoff);
  if (!outcome && outcome.error().kind == ErrorKind::kStopped) return outcome;
  if (!outcome) {
    return Fail(outcome.error().kind,
                Redact(call.operation + ": " + outcome.error().message, last_credentials));
  }
  return outcome;
}

Result<http::Response> AwsCaller::Call(const AwsCall& call) {
  auto response = CallRaw(call);
  if (!response || response->ok()) return response;
  const AwsErrorDetails details = ParseError(*response, call.error_format);
  Error error = ToError(call.operation, details);
  auto credentials = credentials_.GetCredentials();
  if (credentials) {
    error.message = Redact(error.message, *credentials);
    if (credentials->anonymous() && error.kind == ErrorKind::kUnauthorized) {
      error.message += " [sent unsigned: no AWS credentials were found]";
    }
  }
  return std::unexpected(std::move(error));
}

}  // namespace delta_arc::aws
