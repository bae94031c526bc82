// EMF documents; see metrics.h.
#include "lambda/metrics.h"

#include <algorithm>
#include <iterator>

namespace delta_arc::lambda {

using nlohmann::json;

namespace {

double Num(int64_t value) {
  return static_cast<double>(value);
}

// What a run's Atlan calls cost, succeeded or failed.
std::vector<Metric> CallMetrics(const atlan::AtlanCallStats& calls) {
  return {
      {"AtlanRequests", "Count", Num(calls.requests)},
      {"Retries", "Count", Num(calls.retries)},
      {"AtlanThrottles", "Count", Num(calls.throttles)},
      {"AtlanLimiterWaitMs", "Milliseconds", Num(calls.limiter_wait_ms)},
      {"AtlanConnectWaitMs", "Milliseconds", Num(calls.connect_wait_ms)},
  };
}

}  // namespace

std::vector<Metric> RunMetrics(const lineage::RunReport& report) {
  // Per-type counts are what the plan sent; a run stopped by the deadline sent
  // less, and says so in its answer (complete: false).
  std::vector<Metric> metrics = {
      {"PostgreSQLAssetsProcessed", "Count", Num(report.source_assets)},
      {"SnowflakeAssetsProcessed", "Count", Num(report.target_assets)},
      {"S3ObjectsCreated", "Count", Num(report.PlannedCreates(lineage::AssetType::kObject))},
      {"S3ObjectsUpdated", "Count", Num(report.PlannedUpdates(lineage::AssetType::kObject))},
      {"ProcessesCreated", "Count",
       Num(report.PlannedCreates(lineage::AssetType::kProcess) +
           report.PlannedCreates(lineage::AssetType::kColumnProcess))},
      {"ProcessesUpdated", "Count",
       Num(report.PlannedUpdates(lineage::AssetType::kProcess) +
           report.PlannedUpdates(lineage::AssetType::kColumnProcess))},
      {"AssetsArchived", "Count", Num(report.archived)},
      {"TagGaps", "Count", Num(report.TagGaps())},
  };
  std::ranges::move(CallMetrics(report.atlan), std::back_inserter(metrics));
  metrics.push_back({"DurationMs", "Milliseconds", Num(report.duration_ms)});
  metrics.push_back({"PipelineSucceeded", "Count", 1});
  return metrics;
}

std::vector<Metric> FailureMetrics(int64_t duration_ms, const atlan::AtlanCallStats& calls) {
  std::vector<Metric> metrics = CallMetrics(calls);
  metrics.push_back({"DurationMs", "Milliseconds", Num(duration_ms)});
  metrics.push_back({"PipelineSucceeded", "Count", 0});
  return metrics;
}

json EmfDocument(const std::string& function_name, const std::vector<Metric>& metrics,
                 int64_t timestamp_ms, const json& properties) {
  json document = properties.is_object() ? properties : json::object();
  json definitions = json::array();
  for (const Metric& metric : metrics) {
    definitions.push_back({{"Name", metric.name}, {"Unit", metric.unit}});
    document[metric.name] = metric.value;
  }
  document["FunctionName"] = function_name;
  document["_aws"] = {{"Timestamp", timestamp_ms},
                      {"CloudWatchMetrics",
                       {{{"Namespace", kMetricsNamespace},
                         {"Dimensions", {{"FunctionName"}}},
                         {"Metrics", definitions}}}}};
  return document;
}

}  // namespace delta_arc::lambda
