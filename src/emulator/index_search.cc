// Index search; see index_search.h.
#include "emulator/index_search.h"

#include <utility>

#include "emulator/entity_json.h"
#include "emulator/search_aggregations.h"
#include "emulator/search_query.h"

namespace delta_arc::emulator {
namespace {

using nlohmann::json;

std::vector<std::string> StringList(const json& request, const char* key) {
  std::vector<std::string> out;
  auto it = request.find(key);
  if (it == request.end() || !it->is_array()) return out;
  for (const auto& v : *it) {
    if (v.is_string()) out.push_back(v.get<std::string>());
  }
  return out;
}

}  // namespace

ApiResponse IndexSearch(EntityStore& store, const json& request, int64_t max_result_window,
                        bool normalize_keywords) {
  if (!request.is_object() || !request.contains("dsl") || !request["dsl"].is_object()) {
    return BadRequest("Invalid search request: 'dsl' is required");
  }
  const json& dsl = request["dsl"];
  const int64_t from = dsl.value("from", int64_t{0});
  const int64_t size = dsl.value("size", int64_t{10});
  if (from < 0 || size < 0) return BadRequest("Invalid search request: negative from or size");
  if (from + size > max_result_window) {
    return BadRequest("Result window is too large, from + size must be less than or equal to: [" +
                      std::to_string(max_result_window) + "] but was [" +
                      std::to_string(from + size) +
                      "]. See the scroll api for a more efficient way to request large data "
                      "sets.");
  }
  auto filter = TranslateQuery(dsl.contains("query") ? dsl["query"] : json(), normalize_keywords);
  if (!filter) return BadRequest("Invalid search query: " + filter.error().message);
  // post_filter narrows the hits (and their total) after the query, in the same query
  // language; Elasticsearch computes aggregations before it, on the query alone.
  // pyatlan model/search.py DSL.post_filter; its test_index_search.py sends
  // query=__state and post_filter=__typeName for every asset type.
  auto post_filter =
      TranslateQuery(dsl.contains("post_filter") ? dsl["post_filter"] : json(), normalize_keywords);
  if (!post_filter) return BadRequest("Invalid search post_filter: " + post_filter.error().message);
  const SqlFilter hits = BothOf(*filter, *post_filter);
  auto order = TranslateSort(dsl.contains("sort") ? dsl["sort"] : json());
  if (!order) return BadRequest("Invalid search sort: " + order.error().message);
  // Counting every match costs a scan; like Elasticsearch, skip it when the client
  // says track_total_hits false (approximateCount is then a lower bound).
  const bool count = !dsl.contains("track_total_hits") || dsl["track_total_hits"] != false;
  auto page = store.Search(hits, *order, from, size, count);
  if (!page) return InternalError(page.error().message);

  // Aggregations run over every match of the query, before post_filter (Elasticsearch).
  json aggregations;
  const json requested =
      dsl.contains("aggregations") ? dsl["aggregations"] : dsl.value("aggs", json::object());
  if (!requested.empty()) {
    auto everything = TranslateSort(json());
    if (!everything) return InternalError(everything.error().message);
    const AggregationReads reads{
        .all = [&](const SqlFilter& matched) -> Result<std::vector<Entity>> {
          constexpr int64_t kAll = int64_t{1} << 40;
          auto all = store.Search(matched, *everything, 0, kAll, false);
          if (!all) return std::unexpected(all.error());
          return std::move(all->entities);
        },
        .first = [&](const SqlFilter& matched, const json& sort,
                     int64_t first) -> Result<SearchPage> {
          auto by = TranslateSort(sort);
          if (!by) return std::unexpected(by.error());
          return store.Search(matched, *by, 0, first, true);
        }};
    auto computed = Aggregate(requested, *filter, reads, normalize_keywords);
    if (!computed) return BadRequest("Invalid search aggregations: " + computed.error().message);
    aggregations = std::move(*computed);
  }

  const auto attributes = StringList(request, "attributes");
  const auto relation_attributes = StringList(request, "relationAttributes");
  const auto flag = [&](const char* name) {
    return request.contains(name) && request[name].is_boolean() && request[name].get<bool>();
  };
  const HeaderTags tags = !flag("excludeClassifications")      ? HeaderTags::kAttachments
                          : flag("includeClassificationNames") ? HeaderTags::kNames
                                                               : HeaderTags::kNone;
  json entities = json::array();
  // Each hit as it is now (EntityStore::Search reads them from the graph's table).
  for (const auto& entity : page->entities) {
    auto header = EntityHeaderJson(store, entity, attributes, relation_attributes, tags);
    if (!header) return InternalError(header.error().message);
    entities.push_back(std::move(*header));
  }
  json response = {{"queryType", "INDEX"},
                   {"searchParameters",
                    {{"dsl", dsl},
                     {"attributes", attributes},
                     {"relationAttributes", relation_attributes},
                     {"showSearchScore", request.value("showSearchScore", false)},
                     {"suppressLogs", request.value("suppressLogs", false)}}},
                   {"approximateCount", page->total}};
  if (!aggregations.is_null()) response["aggregations"] = std::move(aggregations);
  // Atlas leaves the list out when nothing matched.
  if (!entities.empty()) response["entities"] = std::move(entities);
  return {200, std::move(response), {}};
}

}  // namespace delta_arc::emulator
