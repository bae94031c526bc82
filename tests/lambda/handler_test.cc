// The handler in-process, on the emulator and s3rver: each event type, the
// answers' shapes, SQS partial failures, the deadline, failures through the
// error answer with an SNS notification, malformed events writing nothing,
// the token from Secrets Manager once per container, and EMF on every
// invocation with the request id on every log line.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>

#include "lambda/container.h"
#include "tests/cli/pipeline_fixture.h"
#include "tests/lambda/emf_validator.h"
#include "tests/lambda/fake_aws_services.h"

namespace delta_arc::testing {
namespace {

using nlohmann::json;

// The handler's clock starts here, and each reading of it is a millisecond after the
// one before: time passes as the handler looks, never as the machine runs.
constexpr int64_t kNowMs = 1'795'000'000'000;  // 2026-11-18

class LambdaHandlerTest : public PipelineTest {
 protected:
  // A container on the fixture's configuration, with `extra` ("NAME=value") laid over it.
  std::unique_ptr<lambda::Container> Init(const std::vector<std::string>& extra = {},
                                          lambda::DeadlineOptions deadline = {}) {
    lambda::ContainerOptions options;
    auto env = Environment();
    env.insert(env.end(), extra.begin(), extra.end());
    env.push_back("AWS_LAMBDA_FUNCTION_NAME=atlan-lineage-test");
    for (const auto& entry : env) {
      const auto eq = entry.find('=');
      options.environment[entry.substr(0, eq)] = entry.substr(eq + 1);
    }
    options.environment["LOG_LEVEL"] = "info";
    options.json_logs = true;
    options.log_sink = [this](const std::string& line) { logs_.push_back(line); };
    options.handler.emit_metrics = [this](const std::string& line) { metrics_.push_back(line); };
    options.handler.deadline = deadline;
    options.handler.now_ms = [this] { return kNowMs + clock_readings_++; };
    auto container = lambda::Container::Init(std::move(options));
    EXPECT_TRUE(container) << container.error().message;
    return container ? std::move(*container) : nullptr;
  }

  lambda::Outcome Invoke(lambda::Container& container, const std::string& payload,
                         int64_t deadline_ms = 0) {
    lambda::InvocationRequest invocation;
    invocation.request_id = "req-" + std::to_string(++invocations_);
    invocation.deadline_ms = deadline_ms;
    invocation.payload = payload;
    return container.handler().Handle(invocation);
  }

  static json Result(const lambda::Outcome& outcome) {
    EXPECT_TRUE(outcome.ok()) << outcome.error.error_type << ": " << outcome.error.message;
    if (!outcome.ok()) return json::object();
    EXPECT_EQ((*outcome.answer)["statusCode"], 200);
    const json body = json::parse((*outcome.answer)["body"].get<std::string>());
    EXPECT_EQ(body["message"], "Pipeline executed successfully");
    return body["result"];
  }

  // The last EMF line, checked against the specification.
  json LastMetrics() {
    EXPECT_FALSE(metrics_.empty());
    if (metrics_.empty()) return json();
    EXPECT_EQ(EmfProblem(metrics_.back()), "") << metrics_.back();
    return json::parse(metrics_.back());
  }

  static std::string S3ObjectQn(const json& result, const std::string& key) {
    return result["s3_connection_qualified_name"].get<std::string>() + "/arn:aws:s3:::landing/" +
           key;
  }

  std::vector<std::string> logs_;
  std::vector<std::string> metrics_;
  int invocations_ = 0;
  std::atomic<int64_t> clock_readings_ = 0;
};

TEST_F(LambdaHandlerTest, ManualEventSyncsAndAnswersTheOriginalShape) {
  UploadSampleBucket();
  auto container = Init();
  ASSERT_TRUE(container);
  json result = Result(Invoke(*container, R"({"trigger":"manual","force_refresh":false})"));
  EXPECT_EQ(result["postgres_assets_count"], 49);
  EXPECT_EQ(result["s3_objects_count"], 8);
  EXPECT_EQ(result["created"], 67);
  EXPECT_EQ(result["complete"], true);
  EXPECT_EQ(result["trigger"], "manual");
  const json metrics = LastMetrics();
  EXPECT_EQ(metrics["FunctionName"], "atlan-lineage-test");
  EXPECT_EQ(metrics["S3ObjectsCreated"], 8);
  EXPECT_EQ(metrics["PostgreSQLAssetsProcessed"], 49);
  EXPECT_EQ(metrics["PipelineSucceeded"], 1);
  EXPECT_EQ(metrics["requestId"], "req-1");
  EXPECT_LE(metrics["AtlanRequests"].get<int>(), 10);
  // JSON log lines, each carrying the invocation's request id while it runs.
  int with_id = 0;
  for (const auto& line : logs_) {
    const json entry = json::parse(line, nullptr, false);
    ASSERT_TRUE(entry.is_object()) << line;
    if (entry.contains("request_id")) {
      EXPECT_EQ(entry["request_id"], "req-1");
      ++with_id;
    }
  }
  EXPECT_GE(with_id, 2);
  // Init happens before any invocation: its lines carry no request id.
  const auto init = std::find_if(logs_.begin(), logs_.end(), [](const std::string& line) {
    return json::parse(line)["message"] == "container initialised";
  });
  ASSERT_NE(init, logs_.end());
  EXPECT_FALSE(json::parse(*init).contains("request_id"));
}

TEST_F(LambdaHandlerTest, ScheduledEventUsesTheCacheAndForceRefreshBypassesIt) {
  UploadSampleBucket();
  auto container = Init();
  ASSERT_TRUE(container);
  Result(Invoke(*container, R"({"trigger":"scheduled"})"));
  json scheduled = Result(Invoke(*container, R"({"version":"0","id":"e1",
    "detail-type":"Scheduled Event","source":"aws.events","detail":{}})"));
  EXPECT_EQ(scheduled["trigger"], "scheduled");
  EXPECT_EQ(scheduled["cache_hit"], true);
  EXPECT_EQ(scheduled["created"], 0);
  json forced = Result(Invoke(*container, R"({"trigger":"manual","force_refresh":true})"));
  EXPECT_EQ(forced["cache_hit"], false);
  EXPECT_EQ(forced["force_refresh"], true);
}

TEST_F(LambdaHandlerTest, ObjectCreatedAndDeletedEventsSyncOnlyThatObject) {
  UploadSampleBucket();
  Remove("2025/shippers.csv");
  auto container = Init();
  ASSERT_TRUE(container);
  json first = Result(Invoke(*container, R"({"trigger":"manual"})"));
  ASSERT_EQ(first["s3_objects_count"], 7);
  const std::string shippers = S3ObjectQn(first, "2025/shippers.csv");
  EXPECT_EQ(Guid("S3Object", shippers), "");

  Upload("2025/shippers.csv", "ShipperID,CompanyName,Phone\n1,Speedy Express,555\n");
  json created = Result(Invoke(*container, R"({"version":"0","detail-type":"Object Created",
    "source":"aws.s3","detail":{"bucket":{"name":"landing"},"object":{"key":"2025/shippers.csv"}}})"));
  EXPECT_EQ(created["trigger"], "object events");
  EXPECT_NE(Guid("S3Object", shippers), "");
  EXPECT_EQ(LastMetrics()["PipelineSucceeded"], 1);

  // S3 notification Records: keys arrive URL-encoded.
  Remove("2025/shippers.csv");
  json removed = Result(Invoke(*container, R"({"Records":[{"eventVersion":"2.1",
    "eventSource":"aws:s3","eventName":"ObjectRemoved:Delete","s3":{"bucket":{"name":"landing"},
    "object":{"key":"2025/shippers.csv"}}}]})"));
  auto archived = emulator_.Get("/api/meta/entity/guid/" + Guid("S3Object", shippers));
  EXPECT_EQ(archived.body["entity"]["status"], "DELETED") << removed.dump();
}

TEST_F(LambdaHandlerTest, SqsBatchAnswersBatchItemFailuresForTheBadMessages) {
  UploadSampleBucket();
  auto container = Init();
  ASSERT_TRUE(container);
  Result(Invoke(*container, R"({"trigger":"manual"})"));
  const json object_event = {
      {"detail-type", "Object Created"},
      {"source", "aws.s3"},
      {"detail", {{"bucket", {{"name", "landing"}}}, {"object", {{"key", "2025/orders.csv"}}}}}};
  const json batch = {
      {"Records",
       {{{"messageId", "m1"}, {"eventSource", "aws:sqs"}, {"body", object_event.dump()}},
        {{"messageId", "m2"}, {"eventSource", "aws:sqs"}, {"body", "{not json"}},
        {{"messageId", "m3"},
         {"eventSource", "aws:sqs"},
         {"body", R"({"Service":"Amazon S3","Event":"s3:TestEvent","Bucket":"landing"})"}}}}};
  const lambda::Outcome outcome = Invoke(*container, batch.dump());
  ASSERT_TRUE(outcome.ok()) << outcome.error.message;
  EXPECT_EQ(*outcome.answer, json::parse(R"({"batchItemFailures":[{"itemIdentifier":"m2"}]})"));
  EXPECT_EQ(LastMetrics()["PipelineSucceeded"], 0);
}

TEST_F(LambdaHandlerTest, NearTheDeadlineNothingNewStartsAndThePartialResultIsReported) {
  UploadSampleBucket();
  // The whole budget is the margin: by the first write batch the time is up.
  auto container = Init({}, {.max_margin = std::chrono::seconds(10), .budget_fraction = 1.0});
  ASSERT_TRUE(container);
  ResetRequests();
  json partial = Result(Invoke(*container, R"({"trigger":"manual"})", kNowMs + 2000));
  EXPECT_EQ(partial["complete"], false);
  EXPECT_EQ(partial["created"], 0);
  EXPECT_EQ(WriteRequests(), 0) << Requests().dump();
  // The next run, with time to spare, completes it.
  json complete = Result(Invoke(*container, R"({"trigger":"manual"})", kNowMs + 600000));
  EXPECT_EQ(complete["complete"], true);
  EXPECT_EQ(complete["created"], 67);
}

TEST_F(LambdaHandlerTest, FailureIsAnErrorAnswerAndAnSnsNotificationWithoutSecrets) {
  UploadSampleBucket();
  FakeSns sns;
  ScopedEnv endpoint("AWS_ENDPOINT_URL_SNS", sns.url());
  const std::string topic = "arn:aws:sns:us-east-1:123456789012:lineage-failures";
  const std::string token = "wrong-token-0123456789abcdef";
  auto container = Init({"SNS_TOPIC_ARN=" + topic, "ATLAN_API_TOKEN=" + token});
  ASSERT_TRUE(container);
  const lambda::Outcome outcome = Invoke(*container, R"({"trigger":"manual"})");
  ASSERT_FALSE(outcome.ok());
  EXPECT_EQ(outcome.error.error_type, "Unauthorized") << outcome.error.message;
  EXPECT_EQ(outcome.error.message.find(token), std::string::npos);
  EXPECT_EQ(LastMetrics()["PipelineSucceeded"], 0);
  const auto published = sns.published();
  ASSERT_EQ(published.size(), 1u);
  EXPECT_EQ(published[0].topic_arn, topic);
  EXPECT_EQ(published[0].subject, "Atlan Data Lineage Pipeline Failure");
  EXPECT_NE(published[0].message.find("req-1"), std::string::npos) << published[0].message;
  EXPECT_NE(published[0].message.find("atlan-lineage-test"), std::string::npos);
  EXPECT_NE(published[0].message.find("Unauthorized"), std::string::npos);
  EXPECT_EQ(published[0].message.find(token), std::string::npos);
  for (const auto& line : logs_) EXPECT_EQ(line.find(token), std::string::npos) << line;
}

TEST_F(LambdaHandlerTest, MalformedEventIsAnErrorThatWritesNothing) {
  UploadSampleBucket();
  auto container = Init();
  ASSERT_TRUE(container);
  ResetRequests();
  const lambda::Outcome outcome = Invoke(*container, R"({"hello":"world"})");
  ASSERT_FALSE(outcome.ok());
  EXPECT_EQ(outcome.error.error_type, "InvalidEvent");
  EXPECT_NE(outcome.error.message.find("keys: hello"), std::string::npos) << outcome.error.message;
  EXPECT_EQ(TotalRequests(), 0) << Requests().dump();
  EXPECT_EQ(LastMetrics()["PipelineSucceeded"], 0);
}

TEST_F(LambdaHandlerTest, TokenComesFromSecretsManagerOncePerContainer) {
  UploadSampleBucket();
  const std::string arn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:atlan-token";
  FakeSecretsManager secrets(arn, emulator_.token());
  ScopedEnv endpoint("AWS_ENDPOINT_URL_SECRETS_MANAGER", secrets.url());
  // An empty value counts as not set: the token must come from the secret.
  auto container = Init({"ATLAN_API_TOKEN=", "ATLAN_API_TOKEN_SECRET_ARN=" + arn});
  ASSERT_TRUE(container);
  EXPECT_EQ(secrets.calls(), 1);
  Result(Invoke(*container, R"({"trigger":"manual"})"));
  Result(Invoke(*container, R"({"trigger":"scheduled"})"));
  EXPECT_EQ(secrets.calls(), 1);
}

TEST_F(LambdaHandlerTest, BadConfigurationFailsInitNamingTheVariable) {
  lambda::ContainerOptions options;
  options.environment = {{"ATLAN_BASE_URL", "not a url"}};
  auto container = lambda::Container::Init(std::move(options));
  ASSERT_FALSE(container);
  EXPECT_EQ(container.error().kind, ErrorKind::kInvalidArgument);
  EXPECT_NE(container.error().message.find("ATLAN_BASE_URL"), std::string::npos);
}

}  // namespace
}  // namespace delta_arc::testing
