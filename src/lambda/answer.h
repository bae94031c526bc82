// What a successful invocation answers. The original design's shape, so that
// callers of the Python function keep working:
//   {"statusCode":200,"body":"{\"message\":\"Pipeline executed successfully\",\"result\":{…}}"}
// and, for SQS batches, the partial-batch answer Lambda's event source mapping
// reads: {"batchItemFailures":[{"itemIdentifier":"<messageId>"}]}.
// Failures are not answers: they go to the Runtime API's error endpoint.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "lineage/pipeline.h"

namespace delta_arc::lambda {

// The counts of a run, without the per-asset lists (an answer stays small):
// source_connector, target_connector, postgres_assets_count (the source's), snowflake_assets_count
// (the target's), s3_objects_count, created,
// updated, archived, unchanged, complete, by_type, atlan_requests, …
nlohmann::json ResultJson(const lineage::RunReport& report);

nlohmann::json SuccessAnswer(const nlohmann::json& result,
                             const std::string& message = "Pipeline executed successfully");

nlohmann::json BatchAnswer(const std::vector<std::string>& failed_message_ids);

}  // namespace delta_arc::lambda
