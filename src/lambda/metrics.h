// The pipeline's CloudWatch metrics as Embedded Metric Format documents: one
// JSON log line that CloudWatch Logs turns into metrics in namespace
// Atlan/LineagePipeline, dimension FunctionName. The names are the ones the
// Terraform alarms and dashboard use.
// https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "atlan/atlan_client.h"
#include "lineage/pipeline.h"

namespace delta_arc::lambda {

inline constexpr const char* kMetricsNamespace = "Atlan/LineagePipeline";

struct Metric {
  std::string name;
  std::string unit;  // "Count", "Milliseconds", …
  double value = 0;
};

// Counts of a finished run (succeeded: PipelineSucceeded 1).
std::vector<Metric> RunMetrics(const lineage::RunReport& report);
// A failed invocation: PipelineSucceeded 0, its duration and what it sent.
std::vector<Metric> FailureMetrics(int64_t duration_ms, const atlan::AtlanCallStats& calls);

// The EMF document; `properties` (e.g. requestId) are added at the top level,
// searchable in Logs Insights but not metrics.
nlohmann::json EmfDocument(const std::string& function_name, const std::vector<Metric>& metrics,
                           int64_t timestamp_ms, const nlohmann::json& properties = {});

}  // namespace delta_arc::lambda
