// EMF documents: valid by the specification (checked by an independent
// validator, itself tested on broken documents), with the metric names the
// Terraform alarms and dashboard use; and the answers' shapes.
#include "lambda/metrics.h"

#include <gtest/gtest.h>

#include "lambda/answer.h"
#include "tests/lambda/emf_validator.h"

namespace delta_arc::lambda {
namespace {

using nlohmann::json;
using testing::EmfProblem;

lineage::RunReport SampleReport() {
  lineage::RunReport report;
  report.source_assets = 49;
  report.target_assets = 49;
  report.s3_objects = 8;
  report.archived = 2;
  report.atlan.requests = 7;
  report.duration_ms = 1234;
  report.by_type[lineage::AssetType::kObject].create = 1;
  report.by_type[lineage::AssetType::kProcess].create = 1;
  report.by_type[lineage::AssetType::kColumnProcess].create = 1;
  report.tag_trace = {{.tag = "PII", .status = lineage::TraceStatus::kGap},
                      {.tag = "PII", .status = lineage::TraceStatus::kHeld}};
  return report;
}

TEST(LambdaMetrics, RunMetricsAreValidEmfWithTheDashboardsNames) {
  const json doc = EmfDocument("atlan-lineage", RunMetrics(SampleReport()), 1735689600123,
                               {{"requestId", "r-1"}});
  EXPECT_EQ(EmfProblem(doc.dump()), "") << doc.dump();
  EXPECT_EQ(doc["_aws"]["CloudWatchMetrics"][0]["Namespace"], "Atlan/LineagePipeline");
  EXPECT_EQ(doc["_aws"]["CloudWatchMetrics"][0]["Dimensions"],
            json::parse(R"([["FunctionName"]])"));
  EXPECT_EQ(doc["FunctionName"], "atlan-lineage");
  EXPECT_EQ(doc["requestId"], "r-1");
  for (const char* name :
       {"PostgreSQLAssetsProcessed", "SnowflakeAssetsProcessed", "S3ObjectsCreated",
        "S3ObjectsUpdated", "ProcessesCreated", "ProcessesUpdated", "AssetsArchived", "TagGaps",
        "AtlanRequests", "Retries", "AtlanThrottles", "AtlanLimiterWaitMs", "AtlanConnectWaitMs",
        "DurationMs", "PipelineSucceeded"}) {
    EXPECT_TRUE(doc.contains(name)) << name;
  }
  EXPECT_EQ(doc["S3ObjectsCreated"], 1);
  EXPECT_EQ(doc["ProcessesCreated"], 2);
  EXPECT_EQ(doc["PipelineSucceeded"], 1);
  EXPECT_EQ(doc["TagGaps"], 1);
  EXPECT_EQ(doc["DurationMs"], 1234);
}

TEST(LambdaMetrics, FailureMetricsSayThePipelineDidNotSucceed) {
  const json doc = EmfDocument("f",
                               FailureMetrics(10, {.requests = 3,
                                                   .retries = 1,
                                                   .throttles = 1,
                                                   .limiter_wait_ms = 60,
                                                   .connections = 2,
                                                   .connect_wait_ms = 45}),
                               1735689600123);
  EXPECT_EQ(EmfProblem(doc.dump()), "");
  EXPECT_EQ(doc["PipelineSucceeded"], 0);
  EXPECT_EQ(doc["AtlanThrottles"], 1);
  EXPECT_EQ(doc["AtlanLimiterWaitMs"], 60);
  EXPECT_EQ(doc["AtlanConnectWaitMs"], 45);
}

TEST(LambdaMetrics, ValidatorRejectsBrokenDocuments) {
  const json good = EmfDocument("f", RunMetrics(SampleReport()), 1735689600123);
  ASSERT_EQ(EmfProblem(good.dump()), "");
  auto broken = [&](auto&& change) {
    json doc = good;
    change(doc);
    return EmfProblem(doc.dump());
  };
  EXPECT_NE(broken([](json& d) { d.erase("_aws"); }), "");
  EXPECT_NE(broken([](json& d) { d["_aws"]["Timestamp"] = 1735689600; }), "");  // seconds
  EXPECT_NE(broken([](json& d) { d.erase("FunctionName"); }), "");
  EXPECT_NE(broken([](json& d) { d.erase("DurationMs"); }), "");
  EXPECT_NE(broken([](json& d) { d["Retries"] = "3"; }), "");
  EXPECT_NE(
      broken([](json& d) { d["_aws"]["CloudWatchMetrics"][0]["Metrics"][0]["Unit"] = "Things"; }),
      "");
  EXPECT_NE(broken([](json& d) {
              auto& metrics = d["_aws"]["CloudWatchMetrics"][0]["Metrics"];
              for (int i = 0; i < 100; ++i) {
                metrics.push_back({{"Name", "M" + std::to_string(i)}});
                d["M" + std::to_string(i)] = i;
              }
            }),
            "");
  EXPECT_NE(EmfProblem("not json"), "");
}

TEST(LambdaAnswer, SuccessAnswerHasTheOriginalShape) {
  const json answer = SuccessAnswer(ResultJson(SampleReport()));
  EXPECT_EQ(answer["statusCode"], 200);
  ASSERT_TRUE(answer["body"].is_string());
  const json body = json::parse(answer["body"].get<std::string>());
  EXPECT_EQ(body["message"], "Pipeline executed successfully");
  EXPECT_EQ(body["result"]["postgres_assets_count"], 49);
  EXPECT_EQ(body["result"]["snowflake_assets_count"], 49);
  EXPECT_EQ(body["result"]["s3_objects_count"], 8);
  EXPECT_EQ(body["result"]["atlan_archived"], 2);
  EXPECT_TRUE(body["result"].contains("atlan_created"));
  EXPECT_TRUE(body["result"].contains("atlan_updated"));
  EXPECT_FALSE(body["result"].contains("changes"));  // per-asset lists stay in the logs
}

TEST(LambdaAnswer, BatchAnswerListsFailedMessages) {
  EXPECT_EQ(BatchAnswer({"m2"}), json::parse(R"({"batchItemFailures":[{"itemIdentifier":"m2"}]})"));
  EXPECT_EQ(BatchAnswer({}), json::parse(R"({"batchItemFailures":[]})"));
}

}  // namespace
}  // namespace delta_arc::lambda
