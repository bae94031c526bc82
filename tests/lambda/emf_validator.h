// Test support: checks a log line against CloudWatch's Embedded Metric Format
// specification, independently of the code that writes it, so a misreading
// of the spec cannot hide in both. Returns what is wrong, "" when valid.
// https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html
#pragma once

#include <nlohmann/json.hpp>
#include <set>
#include <string>

namespace delta_arc::testing {

inline std::string EmfProblem(const std::string& line) {
  using nlohmann::json;
  const json doc = json::parse(line, nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) return "not a JSON object";
  if (!doc.contains("_aws") || !doc["_aws"].is_object()) return "_aws: missing or not an object";
  const json& aws = doc["_aws"];
  // Timestamp: a number of milliseconds since the epoch (after 2001-09-09, so not seconds).
  if (!aws.contains("Timestamp") || !aws["Timestamp"].is_number_integer()) {
    return "_aws.Timestamp: missing or not an integer";
  }
  if (aws["Timestamp"].get<int64_t>() < 1'000'000'000'000)
    return "_aws.Timestamp: not milliseconds";
  if (!aws.contains("CloudWatchMetrics") || !aws["CloudWatchMetrics"].is_array() ||
      aws["CloudWatchMetrics"].empty()) {
    return "_aws.CloudWatchMetrics: missing, not an array or empty";
  }
  for (const json& directive : aws["CloudWatchMetrics"]) {
    if (!directive.is_object()) return "a MetricDirective is not an object";
    if (!directive.contains("Namespace") || !directive["Namespace"].is_string() ||
        directive["Namespace"].get<std::string>().empty() ||
        directive["Namespace"].get<std::string>().size() > 255) {
      return "MetricDirective.Namespace: missing or not a 1..255 character string";
    }
    if (!directive.contains("Dimensions") || !directive["Dimensions"].is_array()) {
      return "MetricDirective.Dimensions: missing or not an array";
    }
    for (const json& set : directive["Dimensions"]) {
      if (!set.is_array() || set.size() > 30) return "a DimensionSet is not an array of <= 30";
      for (const json& name : set) {
        if (!name.is_string()) return "a dimension name is not a string";
        const std::string key = name;
        if (!doc.contains(key) || !doc[key].is_string()) {
          return "dimension " + key + ": no string member at the top level";
        }
      }
    }
    if (!directive.contains("Metrics") || !directive["Metrics"].is_array()) {
      return "MetricDirective.Metrics: missing or not an array";
    }
    if (directive["Metrics"].size() > 100) return "more than 100 metrics in one directive";
    std::set<std::string> names;
    for (const json& metric : directive["Metrics"]) {
      if (!metric.is_object() || !metric.contains("Name") || !metric["Name"].is_string() ||
          metric["Name"].get<std::string>().empty() ||
          metric["Name"].get<std::string>().size() > 255) {
        return "a MetricDefinition has no 1..255 character Name";
      }
      const std::string name = metric["Name"];
      if (!names.insert(name).second) return "metric " + name + " defined twice";
      if (metric.contains("Unit") && !metric["Unit"].is_string()) {
        return "metric " + name + ": Unit is not a string";
      }
      static const std::set<std::string> kUnits = {"Seconds",
                                                   "Microseconds",
                                                   "Milliseconds",
                                                   "Bytes",
                                                   "Kilobytes",
                                                   "Megabytes",
                                                   "Gigabytes",
                                                   "Terabytes",
                                                   "Bits",
                                                   "Kilobits",
                                                   "Megabits",
                                                   "Gigabits",
                                                   "Terabits",
                                                   "Percent",
                                                   "Count",
                                                   "Bytes/Second",
                                                   "Kilobytes/Second",
                                                   "Megabytes/Second",
                                                   "Gigabytes/Second",
                                                   "Terabytes/Second",
                                                   "Bits/Second",
                                                   "Kilobits/Second",
                                                   "Megabits/Second",
                                                   "Gigabits/Second",
                                                   "Terabits/Second",
                                                   "Count/Second",
                                                   "None"};
      if (metric.contains("Unit") && !kUnits.contains(metric["Unit"].get<std::string>())) {
        return "metric " + name + ": unknown Unit " + metric["Unit"].dump();
      }
      if (!doc.contains(name)) return "metric " + name + ": no value at the top level";
      const json& value = doc[name];
      bool numeric = value.is_number();
      if (value.is_array()) {
        numeric = !value.empty() && value.size() <= 100;
        for (const json& v : value) numeric = numeric && v.is_number();
      }
      if (!numeric) return "metric " + name + ": value is not a number (or array of numbers)";
    }
  }
  return "";
}

}  // namespace delta_arc::testing
