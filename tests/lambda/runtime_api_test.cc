// The Runtime API client against a local Runtime API: the invocation's headers,
// and the paths, content types and error-type headers of what it posts.
#include "lambda/runtime_api.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "http/http_client.h"
#include "lambda/runtime_loop.h"
#include "tests/lambda/fake_runtime_api.h"
#include "tests/support/fake_env.h"

namespace delta_arc::lambda {
namespace {

using nlohmann::json;

TEST(LambdaRuntimeApi, NextReadsTheInvocationAndItsHeaders) {
  testing::FakeRuntimeApi fake;
  const std::string id = fake.Queue(R"({"trigger":"manual"})");
  http::HttpClient transport;
  RuntimeApiClient api(fake.endpoint(), transport);
  auto invocation = api.Next();
  ASSERT_TRUE(invocation) << invocation.error().message;
  EXPECT_EQ(invocation->request_id, id);
  EXPECT_EQ(invocation->payload, R"({"trigger":"manual"})");
  EXPECT_GT(invocation->deadline_ms, 1'700'000'000'000);
  EXPECT_EQ(invocation->trace_id.rfind("Root=1-", 0), 0u);
  EXPECT_EQ(invocation->function_arn,
            "arn:aws:lambda:us-east-1:123456789012:function:atlan-lineage");
}

TEST(LambdaRuntimeApi, PostsResponsesErrorsAndInitErrors) {
  testing::FakeRuntimeApi fake;
  http::HttpClient transport;
  RuntimeApiClient api(fake.endpoint(), transport);
  ASSERT_TRUE(api.PostResponse("r1", R"({"statusCode":200})"));
  ASSERT_TRUE(api.PostError("r2", {"InvalidEvent", "invalid event: not JSON"}));
  ASSERT_TRUE(api.PostInitError({"ConfigurationError", "ATLAN_BASE_URL: required"}));
  const auto posted = fake.WaitForOutcomes(3, std::chrono::seconds(5));
  ASSERT_EQ(posted.size(), 3u);
  EXPECT_EQ(posted[0].kind, "response");
  EXPECT_EQ(posted[0].request_id, "r1");
  EXPECT_EQ(posted[0].body, R"({"statusCode":200})");
  EXPECT_EQ(posted[1].kind, "error");
  EXPECT_EQ(posted[1].request_id, "r2");
  EXPECT_EQ(posted[1].content_type, "application/vnd.aws.lambda.error+json");
  EXPECT_EQ(posted[1].error_type_header, "Unhandled");
  const json error = json::parse(posted[1].body);
  EXPECT_EQ(error["errorType"], "InvalidEvent");
  EXPECT_EQ(error["errorMessage"], "invalid event: not JSON");
  EXPECT_TRUE(error["stackTrace"].is_array());
  EXPECT_EQ(posted[2].kind, "init-error");
  EXPECT_EQ(posted[2].error_type_header, "Runtime.ConfigurationError");
}

TEST(LambdaRuntimeApi, UnreachableApiIsAnError) {
  http::HttpClient transport;
  RuntimeApiClient api("127.0.0.1:1", transport);
  auto invocation = api.Next();
  ASSERT_FALSE(invocation);
  EXPECT_EQ(invocation.error().kind, ErrorKind::kUnavailable);
}

TEST(LambdaRuntimeApi, AnErrorAnswerIsKRemoteAndACutAnswerIsUnavailable) {
  testing::FakeRuntimeApi fake;
  fake.QueueErrorAnswer(500);
  fake.QueueShutdown();
  http::HttpClient transport;
  RuntimeApiClient api(fake.endpoint(), transport);
  auto answered = api.Next();
  ASSERT_FALSE(answered);
  EXPECT_EQ(answered.error().kind, ErrorKind::kRemote) << answered.error().message;
  auto cut = api.Next();
  ASSERT_FALSE(cut);
  EXPECT_EQ(cut.error().kind, ErrorKind::kUnavailable) << cut.error().message;
}

// As aws-lambda-cpp's run_handler: an error answer to `next` is asked again (here after
// waits that double), and the loop ends only when no request can be made. It used to
// exit at the first error answer, so Lambda started a new container.
TEST(LambdaRuntimeLoop, AsksNextAgainAfterAnErrorAnswerAndEndsWhenNoRequestCanBeMade) {
  testing::FakeRuntimeApi fake;
  fake.QueueErrorAnswer(500);
  fake.QueueErrorAnswer(502);
  fake.QueueErrorAnswer(500);
  fake.Queue("this is not an event");
  fake.QueueShutdown();
  std::vector<std::chrono::milliseconds> waits;
  LoopOptions options;
  options.environment = {{"AWS_LAMBDA_RUNTIME_API", fake.endpoint()},
                         {"ATLAN_BASE_URL", "http://127.0.0.1:1"},
                         {"ATLAN_API_TOKEN", "token-for-the-loop-test"},
                         {"POSTGRES_CONNECTION_NAME", "postgres-prod"},
                         {"SNOWFLAKE_CONNECTION_NAME", "snowflake-prod"},
                         {"S3_BUCKET_NAME", "landing"},
                         {"S3_CONNECTION_NAME", "landing-s3"},
                         {"AWS_REGION", "us-east-1"},
                         {"AWS_ACCESS_KEY_ID", "AKID"},
                         {"AWS_SECRET_ACCESS_KEY", "secret"},
                         {"LOG_LEVEL", "error"}};
  delta_arc::testing::FunctionEnv env(
      [] {
        return std::chrono::duration_cast<std::chrono::milliseconds>(
                   std::chrono::system_clock::now().time_since_epoch())
            .count();
      },
      [&](std::chrono::milliseconds wait) { waits.push_back(wait); });
  options.env = &env;
  EXPECT_EQ(RunRuntimeLoop(options), 1);
  EXPECT_EQ(waits, (std::vector<std::chrono::milliseconds>{kFirstRetryWait, kFirstRetryWait * 2,
                                                           kFirstRetryWait * 4}));
  const auto posted = fake.WaitForOutcomes(1, std::chrono::seconds(5));
  ASSERT_EQ(posted.size(), 1u);
  EXPECT_EQ(posted[0].kind, "error");
  EXPECT_EQ(json::parse(posted[0].body)["errorType"], "InvalidEvent");
  EXPECT_EQ(fake.next_calls().size(), 5u);
}

}  // namespace
}  // namespace delta_arc::lambda
