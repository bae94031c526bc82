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

// What aggregations read of the store: every entity a filter matches, or, cheaper, how
// many it matches with the first `size` of them in a DSL sort order (a count, and a min or
// max of a time field, need no more).
struct AggregationReads {
  std::function<Result<std::vector<Entity>>(const SqlFilter&)> all;
  std::function<Result<SearchPage>(const SqlFilter&, const nlohmann::json& sort, int64_t size)>
      first;
};

// `aggregations` is the DSL's "aggregations" (or "aggs") object; `matched` the query's
// filter. An aggregation the emulator does not know is an error naming it.
Result<nlohmann::json> Aggregate(const nlohmann::json& aggregations, const SqlFilter& matched,
                                 const AggregationReads& reads, bool normalize_keywords);

}  // namespace delta_arc::emulator
