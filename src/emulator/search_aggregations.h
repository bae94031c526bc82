// The `aggregations` of an index search: bucket (terms, filter with its
// sub-aggregations) and metric (avg, min, max, sum, cardinality, value_count)
// aggregations over the query's matches, in Elasticsearch's answer shape.
#pragma once

#include <functional>
#include <nlohmann/json.hpp>
#include <vector>

#include "common/error.h"
#include "emulator/entity_store.h"
#include "emulator/search_query.h"

namespace delta_arc::emulator {

// The entities a filter matches.
using SearchMatches = std::function<Result<std::vector<Entity>>(const SqlFilter&)>;

// `aggregations` is the DSL's "aggregations" (or "aggs") object; `matched` the query's
// filter, whose entities `search` reads (once, and only when an aggregation needs them).
// An aggregation the emulator does not know is an error naming it.
Result<nlohmann::json> Aggregate(const nlohmann::json& aggregations, const SqlFilter& matched,
                                 const SearchMatches& search, bool normalize_keywords);

}  // namespace delta_arc::emulator
