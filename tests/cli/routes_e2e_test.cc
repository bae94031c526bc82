// Several routes in one deployment (ROUTES_FILE), end to end on the emulator and s3rver:
// the sample's Postgres → landing → Snowflake beside MySQL → landing-other → Redshift, run
// by one command over one Atlan client; each route's lineage as its own deployment would
// write it, the requests of one deployment beside two, a route removed, and one Lambda
// invocation taking an SQS batch of both buckets' events.
#include <fstream>
#include <iostream>
#include <map>
#include <string>

#include "tests/cli/pipeline_fixture.h"

namespace delta_arc::testing {
namespace {

using nlohmann::json;

class Routes : public PipelineTest {
 protected:
  Routes() : PipelineTest(kWithoutDynamics, {"landing", "landing-other"}) {
    SeedMySqlAndRedshift();
    UploadSampleBucket("landing");
    UploadSampleBucket("landing-other");
  }

  // The sample's route on the fixture's settings, and the other connectors' on the other
  // bucket.
  static constexpr const char* kSampleRoute = R"(  - name: sample
    S3_BUCKET_NAME: landing
)";
  static constexpr const char* kOtherRoute = R"(  - name: other
    SOURCE_CONNECTION_NAME: mysql-dac
    TARGET_CONNECTION_NAME: redshift-dac
    S3_BUCKET_NAME: landing-other
)";

  std::vector<std::string> RoutesFile(const std::string& routes,
                                      const std::string& file = "routes.yaml") {
    const std::string path = work_dir_ + "/" + file;
    std::ofstream(path) << "routes:\n" << routes;
    return {"ROUTES_FILE=" + path};
  }

  // The other route's settings as a deployment of its own.
  const std::vector<std::string> other_alone_ = {
      "POSTGRES_CONNECTION_NAME=",
      "SNOWFLAKE_CONNECTION_NAME=",
      "SOURCE_CONNECTION_NAME=mysql-dac",
      "TARGET_CONNECTION_NAME=redshift-dac",
      "S3_BUCKET_NAME=landing-other",
      "POSTGRES_CACHE_FILE=" + work_dir_ + "/other/pg.json",
      "SNOWFLAKE_CACHE_FILE=" + work_dir_ + "/other/sf.json"};

  bool Reaches(const std::string& from_type, const std::string& from_qn, const std::string& to) {
    const auto downstream = Downstream(Guid(from_type, from_qn));
    return std::find(downstream.begin(), downstream.end(), to) != downstream.end();
  }
};

// What a route's report says it created in its scope, by type (the S3 connection they
// share is created by the first).
std::map<std::string, int64_t> Created(const json& report) {
  std::map<std::string, int64_t> out;
  for (const auto& change : report["changes"]["create"]) {
    if (change["typeName"] != "Connection") ++out[change["typeName"]];
  }
  return out;
}

TEST_F(Routes, OneDeploymentWritesEachRoutesLineageWithOneClient) {
  const auto routes = RoutesFile(std::string(kSampleRoute) + kOtherRoute);
  auto sync = Run({"sync", "--json"}, routes);
  ASSERT_EQ(sync.exit_code, 0) << sync.output;
  ASSERT_EQ(sync.json["routes"].size(), 2u) << sync.output;
  const json& sample = sync.json["routes"][0];
  const json& other = sync.json["routes"][1];
  EXPECT_EQ(sample["route"], "sample");
  EXPECT_EQ(sample["report"]["source_connector"], "postgres");
  EXPECT_EQ(other["route"], "other");
  EXPECT_EQ(other["report"]["source_connector"], "mysql");
  EXPECT_EQ(other["report"]["target_connector"], "redshift");
  // The same files on both sides of each route: the same assets, each in its own scope.
  EXPECT_EQ(Created(sample["report"]), Created(other["report"]));
  EXPECT_GT(Created(sample["report"])["ColumnProcess"], 0);
  EXPECT_TRUE(Reaches("Table", kPostgresQn + kSchema + "ORDERS",
                      "Table " + kSnowflakeQn + kSchema + "ORDERS"));
  EXPECT_TRUE(Reaches("Table", kMySqlQn + kSchema + "ORDERS",
                      "MaterialisedView " + kRedshiftQn + kSchema + "ORDERS"));
  EXPECT_FALSE(Reaches("Table", kMySqlQn + kSchema + "ORDERS",
                       "Table " + kSnowflakeQn + kSchema + "ORDERS"));
  // Each route's caches apart: a second run reads both from them and writes nothing.
  ResetRequests();
  auto again = Run({"sync"}, routes);
  ASSERT_EQ(again.exit_code, 0) << again.output;
  EXPECT_NE(again.output.find("Route sample:"), std::string::npos) << again.output;
  EXPECT_NE(again.output.find("Route other:"), std::string::npos) << again.output;
  EXPECT_NE(again.output.find("MySQL assets:"), std::string::npos) << again.output;
  EXPECT_EQ(WriteRequests(), 0) << Requests().dump();

  // The function's scheduled run: every route, each one's result under "routes".
  const std::string event = work_dir_ + "/scheduled.json";
  std::ofstream(event) << R"({"trigger": "scheduled"})";
  auto invoked = Run({"invoke", "--event", event}, routes);
  ASSERT_EQ(invoked.exit_code, 0) << invoked.output;
  const size_t answer_at = invoked.output.find("\n{\n");  // after the metrics line
  ASSERT_NE(answer_at, std::string::npos) << invoked.output;
  const json answer = json::parse(invoked.output.substr(answer_at), nullptr, false);
  const json result = json::parse(answer.value("body", "{}"))["result"];
  ASSERT_EQ(result["routes"].size(), 2u) << invoked.output;
  EXPECT_EQ(result["routes"][0]["route"], "sample");
  EXPECT_EQ(result["routes"][1]["route"], "other");
  EXPECT_EQ(result["routes"][1]["source_connector"], "mysql");

  // A route's backup is its scope's assets alone.
  auto exported = Run({"export", "--scope", "configured", "--route", "other"}, routes);
  ASSERT_EQ(exported.exit_code, 0) << exported.output;
  EXPECT_NE(exported.output.find("arn:aws:s3:::landing-other"), std::string::npos);
  EXPECT_EQ(exported.output.find("arn:aws:s3:::landing/"), std::string::npos);
}

// The same work as one deployment of two routes and as two deployments, each into scopes
// of its own (a bucket ARN suffix) once the S3 connection exists, every cache ignored: the
// requests are the same, and the one deployment spends them from one rate budget.
TEST_F(Routes, OneDeploymentSendsWhatTwoDeploymentsSend) {
  ASSERT_EQ(Run({"sync"}).exit_code, 0);
  const auto scoped = [](const std::string& suffix) {
    return "    S3_BUCKET_ARN: arn:aws:s3:::landing" + suffix + "\n";
  };
  ResetRequests();
  const auto routes = RoutesFile(std::string(kSampleRoute) + scoped("/one") + kOtherRoute +
                                 "    S3_BUCKET_ARN: arn:aws:s3:::landing-other/one\n");
  auto one = Run({"sync", "--json", "--force-refresh"}, routes);
  ASSERT_EQ(one.exit_code, 0) << one.output;
  const int64_t one_deployment = TotalRequests();

  ResetRequests();
  auto sample =
      Run({"sync", "--json", "--force-refresh"}, {"S3_BUCKET_ARN=arn:aws:s3:::landing/two"});
  ASSERT_EQ(sample.exit_code, 0) << sample.output;
  std::vector<std::string> other_env = other_alone_;
  other_env.push_back("S3_BUCKET_ARN=arn:aws:s3:::landing-other/two");
  auto other = Run({"sync", "--json", "--force-refresh"}, other_env);
  ASSERT_EQ(other.exit_code, 0) << other.output;
  const int64_t two_deployments = TotalRequests();
  std::cout << "Atlan requests: one deployment of two routes " << one_deployment
            << ", two deployments of one route " << two_deployments << "\n";
  EXPECT_EQ(Created(one.json["routes"][0]["report"]), Created(sample.json));
  EXPECT_EQ(Created(one.json["routes"][1]["report"]), Created(other.json));
  EXPECT_EQ(one_deployment, two_deployments);
}

// The scope of `bucket_arn` in `scopes --json`, or null.
json ScopeOf(const json& scopes, const std::string& bucket_arn) {
  for (const auto& scope : scopes) {
    if (scope["bucketArn"] == bucket_arn) return scope;
  }
  return nullptr;
}

// A route added writes its own scope and leaves the others alone; a route changed (another
// bucket ARN) starts a new scope beside the old, which `scopes` says no route holds; a route
// removed leaves its scope for `retire`, as a changed S3_PREFIX does.
TEST_F(Routes, ARouteAddedChangedAndRemoved) {
  const auto sample_only = RoutesFile(kSampleRoute, "sample-only.yaml");
  ASSERT_EQ(Run({"sync"}, sample_only).exit_code, 0);
  const auto both = RoutesFile(std::string(kSampleRoute) + kOtherRoute);
  auto added = Run({"sync", "--json"}, both);
  ASSERT_EQ(added.exit_code, 0) << added.output;
  EXPECT_EQ(added.json["routes"][0]["report"]["atlan_created"], 0);
  EXPECT_GT(added.json["routes"][1]["report"]["atlan_created"], 0);

  const auto changed = RoutesFile(std::string(kSampleRoute) + kOtherRoute +
                                      "    S3_BUCKET_ARN: arn:aws:s3:::landing-other/v2\n",
                                  "changed.yaml");
  ASSERT_EQ(Run({"sync"}, changed).exit_code, 0);
  auto scopes = Run({"scopes", "--json"}, changed);
  ASSERT_EQ(scopes.exit_code, 0) << scopes.output;
  EXPECT_EQ(ScopeOf(scopes.json, "arn:aws:s3:::landing")["route"], "sample") << scopes.output;
  EXPECT_EQ(ScopeOf(scopes.json, "arn:aws:s3:::landing-other/v2")["route"], "other");
  const json left = ScopeOf(scopes.json, "arn:aws:s3:::landing-other");
  ASSERT_TRUE(left.is_object()) << scopes.output;
  EXPECT_TRUE(left["route"].is_null());
  auto text = Run({"scopes"}, changed);
  EXPECT_NE(text.output.find("route:        none of ROUTES_FILE"), std::string::npos)
      << text.output;
  ASSERT_EQ(Run({"retire", "--scope", left["scope"], "--apply"}, changed).exit_code, 0);
  // The changed route's lineage stands in its new scope.
  EXPECT_TRUE(Reaches("Table", kMySqlQn + kSchema + "ORDERS",
                      "MaterialisedView " + kRedshiftQn + kSchema + "ORDERS"));

  ResetRequests();
  auto removed = Run({"sync", "--json"}, sample_only);
  ASSERT_EQ(removed.exit_code, 0) << removed.output;
  ASSERT_EQ(removed.json["routes"].size(), 1u);
  EXPECT_EQ(WriteRequests(), 0);
  auto after = Run({"scopes", "--json"}, sample_only);
  const json other = ScopeOf(after.json, "arn:aws:s3:::landing-other/v2");
  ASSERT_TRUE(other.is_object()) << after.output;
  EXPECT_TRUE(other["route"].is_null());
  ASSERT_EQ(Run({"retire", "--scope", other["scope"], "--apply"}, sample_only).exit_code, 0);
  EXPECT_FALSE(Reaches("Table", kMySqlQn + kSchema + "ORDERS",
                       "MaterialisedView " + kRedshiftQn + kSchema + "ORDERS"));
  EXPECT_TRUE(Reaches("Table", kPostgresQn + kSchema + "ORDERS",
                      "Table " + kSnowflakeQn + kSchema + "ORDERS"));

  // --route runs one route of several; a name no route has is a usage error.
  ResetRequests();
  auto one = Run({"plan", "--json", "--route", "other"}, both);
  ASSERT_EQ(one.exit_code, 0) << one.output;
  ASSERT_EQ(one.json["routes"].size(), 1u);
  EXPECT_EQ(one.json["routes"][0]["route"], "other");
  auto unknown = Run({"plan", "--route", "hr"}, both);
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_NE(unknown.output.find("--route hr: no route of that name; the routes are sample, other"),
            std::string::npos)
      << unknown.output;
  auto export_both = Run({"export"}, both);
  EXPECT_EQ(export_both.exit_code, 2);
  EXPECT_NE(export_both.output.find("this command works on one route; name one of sample, other"),
            std::string::npos)
      << export_both.output;
}

// One budget for every route: with ATLAN_REQUESTS_PER_MINUTE at B, any minute of the whole
// run (both routes) holds at most B requests, so N requests take at least (ceil(N / B) - 1)
// minutes of the run's clock. A budget per route would let each route start on a fresh one:
// with B = 7, the sample's routes (13 and 11 requests) would then take 2 minutes, not 3.
TEST_F(Routes, EveryRouteSpendsOneRateBudget) {
  constexpr int64_t kBudget = 7;
  std::vector<std::string> env = RoutesFile(std::string(kSampleRoute) + kOtherRoute);
  env.push_back("ATLAN_REQUESTS_PER_MINUTE=" + std::to_string(kBudget));
  ResetRequests();
  const int64_t start = env_.NowMillis();
  auto sync = Run({"sync"}, env);
  ASSERT_EQ(sync.exit_code, 0) << sync.output;
  const int64_t elapsed = env_.NowMillis() - start;
  const int64_t requests = TotalRequests();
  ASSERT_GT(requests, 2 * kBudget);
  EXPECT_GE(elapsed, ((requests + kBudget - 1) / kBudget - 1) * 60000)
      << requests << " requests in " << elapsed << " ms";
}

// A route that fails (its connection is not in Atlan) loses none of the others' lineage:
// they run, its error names it, and the run exits 1; the Lambda fails the invocation (so
// that the schedule's alarm and alert go out) after the other route ran.
TEST_F(Routes, ARouteThatFailsStopsNoOther) {
  const auto routes = RoutesFile(R"(  - name: other
    SOURCE_CONNECTION_NAME: mysql-dac
    TARGET_CONNECTION_NAME: no-such-warehouse
    S3_BUCKET_NAME: landing-other
)" + std::string(kSampleRoute));
  auto sync = Run({"sync", "--json"}, routes);
  EXPECT_EQ(sync.exit_code, 1) << sync.output;
  EXPECT_NE(sync.output.find("delta-arc: route other: "), std::string::npos) << sync.output;
  EXPECT_NE(sync.output.find("no-such-warehouse"), std::string::npos) << sync.output;
  EXPECT_TRUE(Reaches("Table", kPostgresQn + kSchema + "ORDERS",
                      "Table " + kSnowflakeQn + kSchema + "ORDERS"));

  const std::string event = work_dir_ + "/scheduled.json";
  std::ofstream(event) << R"({"trigger": "scheduled"})";
  auto invoked = Run({"invoke", "--event", event}, routes);
  EXPECT_NE(invoked.exit_code, 0) << invoked.output;
  EXPECT_NE(invoked.output.find("route other: "), std::string::npos) << invoked.output;
  EXPECT_EQ(invoked.output.find("route sample: "), std::string::npos) << invoked.output;
}

// An S3 notification of one object, as SQS delivers it: one message.
json SqsMessage(const std::string& id, const std::string& bucket, const std::string& key) {
  const json notification = {
      {"Records",
       {{{"eventSource", "aws:s3"},
         {"eventName", "ObjectCreated:Put"},
         {"s3", {{"bucket", {{"name", bucket}}}, {"object", {{"key", key}, {"size", 20}}}}}}}}};
  return {{"messageId", id}, {"eventSource", "aws:sqs"}, {"body", notification.dump()}};
}

TEST_F(Routes, OneFunctionTakesAnSqsBatchOfEveryRoutesBucket) {
  const auto routes = RoutesFile(std::string(kSampleRoute) + kOtherRoute);
  auto sync = Run({"sync", "--json"}, routes);
  ASSERT_EQ(sync.exit_code, 0) << sync.output;
  ASSERT_TRUE(sync.json.is_object()) << sync.output;
  const std::string connection = sync.json["routes"][0]["report"]["s3_connection_qualified_name"];
  UploadTo("landing", "2025/returns.csv", "orderid,reason\n1,late\n");
  UploadTo("landing-other", "2025/returns.csv", "orderid,reason\n1,late\n");
  const json batch = {{"Records",
                       {SqsMessage("m-landing", "landing", "2025/returns.csv"),
                        SqsMessage("m-other", "landing-other", "2025/returns.csv"),
                        SqsMessage("m-nobody", "elsewhere", "2025/returns.csv")}}};
  const std::string event = work_dir_ + "/batch.json";
  std::ofstream(event) << batch.dump();
  ResetRequests();
  auto invoked = Run({"invoke", "--event", event}, routes);
  ASSERT_EQ(invoked.exit_code, 0) << invoked.output;
  // The metrics line (EMF) first, then the answer.
  const size_t answer_at = invoked.output.find("\n{\n");
  ASSERT_NE(answer_at, std::string::npos) << invoked.output;
  const json answer = json::parse(invoked.output.substr(answer_at), nullptr, false);
  EXPECT_EQ(answer["batchItemFailures"], json::array()) << invoked.output;
  // Each bucket's object registered by its own route, in its own bucket.
  for (const std::string bucket : {"landing", "landing-other"}) {
    EXPECT_NE(Guid("S3Object", connection + "/arn:aws:s3:::" + bucket + "/2025/returns.csv"), "")
        << bucket;
  }
  EXPECT_GT(WriteRequests(), 0);
}

}  // namespace
}  // namespace delta_arc::testing
