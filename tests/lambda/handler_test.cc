// The handler in-process, on the emulator and s3rver: each event type, the
// answers' shapes, SQS partial failures, the deadline, failures through the
// error answer with an SNS notification, malformed events writing nothing,
// the token from Secrets Manager once per container, EMF on every invocation
// with the request id on every log line, and the resume contract the Step
// Functions loop relies on (a run stopped by its deadline, then the next).
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <fstream>
#include <functional>
#include <iterator>
#include <map>
#include <regex>
#include <set>

#include "lambda/container.h"
#include "tests/cli/pipeline_fixture.h"
#include "tests/lambda/emf_validator.h"
#include "tests/lambda/fake_aws_services.h"
#include "tests/support/fake_env.h"

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
    options.environment = EnvironmentMap(extra);
    options.environment["AWS_LAMBDA_FUNCTION_NAME"] = "atlan-lineage-test";
    options.environment["LOG_LEVEL"] = "info";
    options.json_logs = true;
    options.log_sink = [this](const std::string& line) { logs_.push_back(line); };
    options.handler.emit_metrics = [this](const std::string& line) { metrics_.push_back(line); };
    options.handler.deadline = deadline;
    options.handler.now_ms = [this] { return clock_ ? clock_() : kNowMs + clock_readings_++; };
    options.env = &env_;
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
    // The run starts at the machine's time (the emulator's, and the subprocess runs' before).
    env_.CatchUpTo(MachineEnv().NowMillis());
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
  // When set, the handler's clock instead.
  std::function<int64_t()> clock_;
};

TEST_F(LambdaHandlerTest, ManualEventSyncsAndAnswersTheOriginalShape) {
  UploadSampleBucket();
  auto container = Init();
  ASSERT_TRUE(container);
  json result = Result(Invoke(*container, R"({"trigger":"manual","force_refresh":false})"));
  EXPECT_EQ(result["postgres_assets_count"], 49);
  EXPECT_EQ(result["s3_objects_count"], 8);
  EXPECT_EQ(result["atlan_created"], 67);
  EXPECT_EQ(result["complete"], true);
  EXPECT_EQ(result["trigger"], "manual");
  const json metrics = LastMetrics();
  EXPECT_EQ(metrics["FunctionName"], "atlan-lineage-test");
  EXPECT_EQ(metrics["S3ObjectsCreated"], 8);
  EXPECT_EQ(metrics["PostgreSQLAssetsProcessed"], 49);
  EXPECT_EQ(metrics["PipelineSucceeded"], 1);
  EXPECT_EQ(metrics["requestId"], "req-1");
  EXPECT_LE(metrics["AtlanRequests"].get<int>(), 13);  // a first sync of the sample (sync_test)
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
  EXPECT_EQ(scheduled["atlan_created"], 0);
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

// Messages that cannot be done fail alone, each with its reason, so that the queue's
// dead-letter queue ends up holding them: an object the function may not read (403), and
// a key that is not UTF-8 (which used to abort the process, and so the whole batch, with
// no answer at all). The others in the batch are done.
TEST_F(LambdaHandlerTest, SqsMessagesThatCannotBeDoneFailAloneWithTheirReason) {
  UploadSampleBucket();
  {
    auto allowed = Init();
    ASSERT_TRUE(allowed);
    Result(Invoke(*allowed, R"({"trigger":"manual"})"));
  }
  Remove("2025/shippers.csv");
  // S3 answers every request of this container 403 (an access key s3rver does not know).
  auto denied = Init({"AWS_ACCESS_KEY_ID=NOT-S3RVER"});
  ASSERT_TRUE(denied);
  const auto eventbridge = [](const std::string& type, const std::string& key) {
    return json{{"detail-type", type},
                {"source", "aws.s3"},
                {"detail", {{"bucket", {{"name", "landing"}}}, {"object", {{"key", key}}}}}}
        .dump();
  };
  const json not_utf8 = {
      {"Records",
       {{{"eventName", "ObjectCreated:Put"},
         {"s3",
          {{"bucket", {{"name", "landing"}}}, {"object", {{"key", "2025/bad%FF/x.csv"}}}}}}}}};
  const json batch = {
      {"Records",
       {{{"messageId", "m1"},
         {"eventSource", "aws:sqs"},
         {"body", eventbridge("Object Created", "2025/orders.csv")}},
        {{"messageId", "m2"}, {"eventSource", "aws:sqs"}, {"body", not_utf8.dump()}},
        {{"messageId", "m3"},
         {"eventSource", "aws:sqs"},
         {"body", eventbridge("Object Deleted", "2025/shippers.csv")}}}}};
  const lambda::Outcome outcome = Invoke(*denied, batch.dump());
  ASSERT_TRUE(outcome.ok()) << outcome.error.message;
  EXPECT_EQ(*outcome.answer, json::parse(R"({"batchItemFailures":[{"itemIdentifier":"m2"},)"
                                         R"({"itemIdentifier":"m1"}]})"));
  std::string failures;
  for (const auto& line : logs_) {
    if (line.find("SQS message failed") != std::string::npos) failures += line + "\n";
  }
  EXPECT_NE(failures.find("not UTF-8"), std::string::npos) << failures;
  EXPECT_NE(failures.find("403"), std::string::npos) << failures;
  // m3 was done: the removed object is archived.
  EXPECT_EQ(CountActive("S3Object", ""), 7);

  // Invoked with the event alone (EventBridge, or S3 directly), the invocation fails, so
  // that Lambda retries it and then hands it to the function's dead-letter queue.
  const lambda::Outcome alone = Invoke(*denied, eventbridge("Object Created", "2025/orders.csv"));
  ASSERT_FALSE(alone.ok());
  EXPECT_EQ(alone.error.error_type, "Unauthorized");
  EXPECT_NE(alone.error.message.find("2025/orders.csv"), std::string::npos) << alone.error.message;
  EXPECT_NE(alone.error.message.find("403"), std::string::npos) << alone.error.message;
}

// An SQS batch of object events runs as one incremental run: a burst of uploads costs
// the searches of one run, not of one run a message.
TEST_F(LambdaHandlerTest, SqsBatchOfObjectEventsRunsAsOneIncrementalRun) {
  UploadSampleBucket();
  const std::map<std::string, std::string> headers = {
      {"2025/shippers.csv", "shipperid,shippername,phone\n"},
      {"2025/orders.csv", "orderid,customerid,employeeid,orderdate,shipperid\n"},
      {"2025/categories.csv", "categoryid,categoryname,description\n"},
      {"2025/employees.csv", "employeeid,lastname,firstname,birthdate,notes\n"}};
  for (const auto& [key, header] : headers) Remove(key);
  auto container = Init();
  ASSERT_TRUE(container);
  const json first = Result(Invoke(*container, R"({"trigger":"manual"})"));
  const auto batch_of = [](const std::vector<std::string>& keys) {
    json records = json::array();
    for (const auto& key : keys) {
      const json event = {
          {"detail-type", "Object Created"},
          {"source", "aws.s3"},
          {"detail", {{"bucket", {{"name", "landing"}}}, {"object", {{"key", key}}}}}};
      records.push_back({{"messageId", key}, {"eventSource", "aws:sqs"}, {"body", event.dump()}});
    }
    return json{{"Records", records}}.dump();
  };
  const auto searches = [this] {
    return Requests().value("POST /api/meta/search/indexsearch", int64_t{0});
  };
  for (const auto& [key, header] : headers) Upload(key, header + "1,x,y\n");

  ResetRequests();
  lambda::Outcome one = Invoke(*container, batch_of({"2025/shippers.csv"}));
  ASSERT_TRUE(one.ok()) << one.error.message;
  EXPECT_EQ(*one.answer, json::parse(R"({"batchItemFailures":[]})"));
  const int64_t searches_of_one_run = searches();
  ASSERT_GT(searches_of_one_run, 0);

  ResetRequests();
  lambda::Outcome three = Invoke(
      *container, batch_of({"2025/orders.csv", "2025/categories.csv", "2025/employees.csv"}));
  ASSERT_TRUE(three.ok()) << three.error.message;
  EXPECT_EQ(*three.answer, json::parse(R"({"batchItemFailures":[]})"));
  EXPECT_EQ(searches(), searches_of_one_run) << Requests().dump();
  for (const auto& [key, header] : headers) {
    EXPECT_NE(Guid("S3Object", S3ObjectQn(first, key)), "") << key;
  }
}

TEST_F(LambdaHandlerTest, NearTheDeadlineNothingNewStartsAndThePartialResultIsReported) {
  UploadSampleBucket();
  // The whole budget is the margin: by the first write batch the time is up.
  auto container = Init({}, {.max_margin = std::chrono::seconds(10), .budget_fraction = 1.0});
  ASSERT_TRUE(container);
  ResetRequests();
  json partial = Result(Invoke(*container, R"({"trigger":"manual"})", kNowMs + 2000));
  EXPECT_EQ(partial["complete"], false);
  EXPECT_EQ(partial["atlan_created"], 0);
  EXPECT_EQ(WriteRequests(), 0) << Requests().dump();
  // The next run, with time to spare, completes it.
  json complete = Result(Invoke(*container, R"({"trigger":"manual"})", kNowMs + 600000));
  EXPECT_EQ(complete["complete"], true);
  EXPECT_EQ(complete["atlan_created"], 67);
}

// What `delta-arc export` writes of a connection's assets, one JSON document a line, sorted,
// with `replacements` made (the connection's name and qualifiedName, the bucket ARN) and the
// scope (a hash of the bucket ARN and prefix) blanked: two deployments' exports are then equal
// when the same assets, attributes and relations hang under each.
std::set<std::string> ExportedAs(
    const std::string& file, const std::vector<std::pair<std::string, std::string>>& replacements) {
  static const std::regex kScope("/delta-arc/[^/\"]+/");
  std::set<std::string> lines;
  std::ifstream in(file);
  for (std::string line; std::getline(in, line);) {
    for (const auto& [from, to] : replacements) {
      for (size_t at = line.find(from); at != std::string::npos; at = line.find(from, at)) {
        line.replace(at, from.size(), to);
        at += to.size();
      }
    }
    lines.insert(json::parse(std::regex_replace(line, kScope, "/delta-arc/<scope>/")).dump());
  }
  return lines;
}

// The cutoff reaches every phase, not only the gaps between write batches: here each
// Atlan request takes a second, and the invocation's time is up while the run still reads
// the catalogs. It answers complete=false having sent no request past its cutoff (a
// request's timeout is cut to what is left of it: client_layer_test.cc).
TEST_F(LambdaHandlerTest, AnInvocationWhoseTimeRunsOutWhileReadingStopsThere) {
  UploadSampleBucket();
  auto container = Init({}, {.max_margin = std::chrono::seconds(1), .budget_fraction = 1.0});
  ASSERT_TRUE(container);
  ResetRequests();
  clock_ = [this] { return kNowMs + 1000 * TotalRequests(); };
  // The cutoff: the deadline less its 1 s margin, 2.5 s after the start.
  json result = Result(Invoke(*container, R"({"trigger":"scheduled"})", kNowMs + 3500));
  clock_ = nullptr;
  EXPECT_EQ(result["complete"], false) << result.dump();
  EXPECT_EQ(result["atlan_created"], 0);
  EXPECT_EQ(WriteRequests(), 0);
  // The connections' search at 0 s; at 1 s the reads that go together (the admin role,
  // the S3 connection by qualifiedName, the two catalogs, the bucket by ARN), each started
  // before the cutoff, some received later; past 2.5 s nothing starts (the writes would
  // follow).
  EXPECT_GE(TotalRequests(), 3) << Requests().dump();
  EXPECT_LE(TotalRequests(), 6) << Requests().dump();
}

// The contract the Step Functions loop (terraform/modules/delta-arc/state_machine.tf) relies
// on: a run stopped by its deadline answers complete=false having written part of the sync;
// the next run, given time, writes only what is left and answers complete=true; and the two
// leave Atlan as one uninterrupted run does (compared with one on another S3 connection).
TEST_F(LambdaHandlerTest, AStoppedRunResumesWritingOnlyWhatIsLeftAndEndsAsOneRunWould) {
  UploadSampleBucket();
  // Time passes as Atlan is written: each bulk write takes a second.
  clock_ = [this] { return kNowMs + 1000 * WriteRequests(); };
  auto interrupted = Init({"ATLAN_BATCH_SIZE=10"},
                          {.max_margin = std::chrono::seconds(1), .budget_fraction = 1.0});
  ASSERT_TRUE(interrupted);
  ResetRequests();

  // Run 1: a budget of a few writes. It stops between batches, with part of the sync written.
  json first = Result(Invoke(*interrupted, R"({"trigger":"scheduled"})", kNowMs + 4500));
  EXPECT_EQ(first["complete"], false);
  const int64_t first_created = first["atlan_created"].get<int64_t>();
  EXPECT_GT(first_created, 0) << first.dump();
  EXPECT_LT(first_created, 67) << first.dump();
  const int64_t first_writes = WriteRequests();
  EXPECT_GE(first_writes, 2);
  // What run 1 left in Atlan. A batch sent just before the cutoff may be written although
  // its answer came after it (the request's timeout is what was left): Atlan then holds
  // more than run 1 counted, never less.
  const std::string connection = first["s3_connection_qualified_name"];
  int64_t held = CountActive("Connection", connection);
  for (const char* type : {"S3Bucket", "S3Object", "Process", "ColumnProcess"}) {
    held += CountActive(type, connection + "/");
  }
  EXPECT_GE(held, first_created);

  // Run 2, as the state machine sends it: the same trigger, force_refresh false, time to spare.
  json second = Result(
      Invoke(*interrupted, R"({"trigger":"scheduled","force_refresh":false})", kNowMs + 600000));
  EXPECT_EQ(second["complete"], true);
  const int64_t left = 67 - held;
  EXPECT_EQ(second["atlan_created"].get<int64_t>(), left) << second.dump();
  EXPECT_EQ(second["atlan_updated"], 0) << "run 2 rewrote what run 1 wrote: " << second.dump();
  EXPECT_EQ(second["atlan_archived"], 0);
  EXPECT_EQ(WriteRequests() - first_writes, (left + 9) / 10) << Requests().dump();

  // A third run finds nothing to write.
  json third = Result(Invoke(*interrupted, R"({"trigger":"scheduled"})", kNowMs + 600000));
  EXPECT_EQ(third["complete"], true);
  EXPECT_EQ(third["atlan_created"], 0);
  EXPECT_EQ(third["atlan_updated"], 0);
  EXPECT_EQ(third["atlan_archived"], 0);

  // One uninterrupted run on another S3 connection, the same bucket registered again under a
  // suffixed ARN (a bucket ARN is unique in a tenant), then both exported.
  const std::string whole_name = "landing-s3-whole";
  const std::string whole_arn = "arn:aws:s3:::landing/whole";
  const std::vector<std::string> whole_env = {"S3_CONNECTION_NAME=" + whole_name,
                                              "S3_BUCKET_ARN=" + whole_arn};
  auto uninterrupted = Init({"ATLAN_BATCH_SIZE=10", whole_env[0], whole_env[1]});
  ASSERT_TRUE(uninterrupted);
  json whole = Result(Invoke(*uninterrupted, R"({"trigger":"scheduled"})"));
  EXPECT_EQ(whole["complete"], true);
  EXPECT_EQ(whole["atlan_created"], 67);
  const std::string resumed_file = work_dir_ + "/resumed.jsonl";
  const std::string whole_file = work_dir_ + "/whole.jsonl";
  auto exported = Run({"export", "--output", resumed_file});
  ASSERT_EQ(exported.exit_code, 0) << exported.output;
  exported = Run({"export", "--output", whole_file}, whole_env);
  ASSERT_EQ(exported.exit_code, 0) << exported.output;
  const auto resumed = ExportedAs(
      resumed_file, {{first["s3_connection_qualified_name"].get<std::string>(), "<connection>"},
                     {"landing-s3", "<name>"}});
  const auto in_one_run = ExportedAs(
      whole_file, {{whole["s3_connection_qualified_name"].get<std::string>(), "<connection>"},
                   {whole_name, "<name>"},
                   {whole_arn, "arn:aws:s3:::landing"}});
  EXPECT_EQ(resumed.size(), 67u);
  std::vector<std::string> only_resumed;
  std::vector<std::string> only_in_one_run;
  std::ranges::set_difference(resumed, in_one_run, std::back_inserter(only_resumed));
  std::ranges::set_difference(in_one_run, resumed, std::back_inserter(only_in_one_run));
  EXPECT_EQ(only_resumed, std::vector<std::string>{});
  EXPECT_EQ(only_in_one_run, std::vector<std::string>{});
  EXPECT_EQ(resumed.size(), in_one_run.size());
}

TEST_F(LambdaHandlerTest, FailureIsAnErrorAnswerAndAnSnsNotificationWithoutSecrets) {
  UploadSampleBucket();
  FakeSns sns;
  const std::string topic = "arn:aws:sns:us-east-1:123456789012:lineage-failures";
  const std::string token = "wrong-token-0123456789abcdef";
  auto container = Init(
      {"SNS_TOPIC_ARN=" + topic, "ATLAN_API_TOKEN=" + token, "AWS_ENDPOINT_URL_SNS=" + sns.url()});
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
  // An empty value counts as not set: the token must come from the secret.
  auto container = Init({"ATLAN_API_TOKEN=", "ATLAN_API_TOKEN_SECRET_ARN=" + arn,
                         "AWS_ENDPOINT_URL_SECRETS_MANAGER=" + secrets.url()});
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
