// AWS error parsing (S3 XML, query XML, JSON 1.1), classification, and redaction.
#include "aws/aws_error.h"

#include <gtest/gtest.h>

#include "aws/redact.h"

namespace delta_arc::aws {
namespace {

http::Response Answer(int status, std::string body, http::Headers headers = {}) {
  return {.status = status, .headers = std::move(headers), .body = std::move(body)};
}

TEST(AwsErrorTest, ParsesS3Xml) {
  const auto error = ParseXmlError(
      Answer(404, R"(<?xml version="1.0" encoding="UTF-8"?><Error><Code>NoSuchKey</Code>)"
                  R"(<Message>The specified key does not exist.</Message><Key>a/b.csv</Key>)"
                  R"(<RequestId>4442587FB7D0A2F9</RequestId><HostId>abc</HostId></Error>)"));
  EXPECT_EQ(error.code, "NoSuchKey");
  EXPECT_EQ(error.message, "The specified key does not exist.");
  EXPECT_EQ(error.request_id, "4442587FB7D0A2F9");
  EXPECT_EQ(KindOf(error), ErrorKind::kNotFound);
  const Error e = ToError("S3 GetObject s3://b/a/b.csv", error);
  EXPECT_EQ(e.message,
            "S3 GetObject s3://b/a/b.csv: NoSuchKey: The specified key does not exist. "
            "(HTTP 404, request id 4442587FB7D0A2F9)");
}

TEST(AwsErrorTest, ParsesQueryProtocolXml) {
  const auto error = ParseXmlError(
      Answer(400,
             "<ErrorResponse xmlns=\"http://sns.amazonaws.com/doc/2010-03-31/\"><Error>"
             "<Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message></Error>"
             "<RequestId>9b3d-11</RequestId></ErrorResponse>"));
  EXPECT_EQ(error.code, "Throttling");
  EXPECT_EQ(error.request_id, "9b3d-11");
  EXPECT_TRUE(IsThrottlingError(error));
  EXPECT_TRUE(IsTransientError(error));
  EXPECT_EQ(KindOf(error), ErrorKind::kThrottled);
}

TEST(AwsErrorTest, BodilessHeadAnswerUsesStatusAndHeader) {
  const auto error = ParseXmlError(Answer(404, "", {{"x-amz-request-id", "RID1"}}));
  EXPECT_EQ(error.code, "NotFound");
  EXPECT_EQ(error.request_id, "RID1");
}

TEST(AwsErrorTest, ParsesJson11) {
  const auto error =
      ParseJsonError(Answer(400,
                            R"({"__type":"com.amazonaws.secretsmanager#ResourceNotFoundException",)"
                            R"("Message":"Secrets Manager can't find the specified secret."})",
                            {{"x-amzn-RequestId", "req-7"}}));
  EXPECT_EQ(error.code, "ResourceNotFoundException");
  EXPECT_EQ(error.message, "Secrets Manager can't find the specified secret.");
  EXPECT_EQ(error.request_id, "req-7");
  EXPECT_EQ(KindOf(error), ErrorKind::kNotFound);
  const auto ssm = ParseJsonError(Answer(400, R"({"__type":"ParameterNotFound"})"));
  EXPECT_EQ(ssm.code, "ParameterNotFound");
}

TEST(AwsErrorTest, Classification) {
  EXPECT_TRUE(IsTransientError({.http_status = 503, .code = "SlowDown"}));
  EXPECT_TRUE(IsTransientError({.http_status = 500, .code = "InternalError"}));
  EXPECT_TRUE(IsTransientError({.http_status = 400, .code = "RequestTimeout"}));
  EXPECT_FALSE(IsTransientError({.http_status = 403, .code = "AccessDenied"}));
  EXPECT_TRUE(IsClockSkewError({.http_status = 403, .code = "RequestTimeTooSkewed"}));
  EXPECT_EQ(KindOf({.http_status = 412, .code = "PreconditionFailed"}), ErrorKind::kConflict);
  EXPECT_EQ(KindOf({.http_status = 403, .code = "AccessDenied"}), ErrorKind::kUnauthorized);
}

TEST(RedactTest, ReplacesEverySecretOccurrence) {
  const Credentials credentials{
      .access_key_id = "AKIA1", .secret_access_key = "s3cr3t/KEY+", .session_token = "tok==tok=="};
  EXPECT_EQ(Redact("a s3cr3t/KEY+ b tok==tok== c s3cr3t/KEY+ AKIA1", credentials),
            "a [REDACTED] b [REDACTED] c [REDACTED] AKIA1");
  EXPECT_EQ(Redact("value hunter22 short", std::vector<std::string_view>{"hunter22", "", "short"}),
            "value [REDACTED] short");
}

}  // namespace
}  // namespace delta_arc::aws
