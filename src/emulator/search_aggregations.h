// The `aggregations` of an index search: bucket (terms) and metric (avg, min, max,
// sum, cardinality, value_count) aggregations over the query's matches, in
// Elasticsearch's answer shape.
#pragma once

#include <nlohmann/json.hpp>
#include <vector>

#include "common/error.h"
#include "emulator/entity_store.h"

namespace delta_arc::emulator {

// `aggregations` is the DSL's "aggregations" (or "aggs") object; `matches` the entities
// the query matched. An aggregation the emulator does not know is an error naming it.
Result<nlohmann::json> Aggregate(const nlohmann::json& aggregations,
                                 const std::vector<Entity>& matches, bool normalize_keywords);

}  // namespace delta_arc::emulator
