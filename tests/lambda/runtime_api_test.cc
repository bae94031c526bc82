// The Runtime API client against a local Runtime API: the invocation's headers,
// and the paths, content types and error-type headers of what it posts.
#include "lambda/runtime_api.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "http/http_client.h"
#include "tests/lambda/fake_runtime_api.h"

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

}  // namespace
}  // namespace delta_arc::lambda
