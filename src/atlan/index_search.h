// Atlan index search: building the Elasticsearch DSL the SDKs send, and paging
// through every result with the fewest requests — sorted by __guid and resumed
// after the last guid seen, so no result window limits it and nothing repeats.
#pragma once

#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "atlan/atlan_client.h"

namespace delta_arc::atlan {

// The most values Elasticsearch takes in one `terms` query (index.max_terms_count,
// 65,536 by default; more is a 400 for the whole search).
inline constexpr size_t kMaxTermsPerQuery = 65536;

// Query clauses as pyatlan emits them.
nlohmann::json Term(const std::string& field, const nlohmann::json& value);
// A `terms` query; past kMaxTermsPerQuery values, a `bool` that any of several matches,
// each within the limit, so that lists that grow with the input (the names an event run
// or a report looks for) never exceed it.
nlohmann::json Terms(const std::string& field, const std::vector<std::string>& values);
nlohmann::json Prefix(const std::string& field, const std::string& value);
nlohmann::json ActiveOnly();
nlohmann::json Filter(nlohmann::json clauses);  // {"bool":{"filter":[…]}}
nlohmann::json AnyOf(nlohmann::json clauses);   // {"bool":{"should":[…]}}, at least one

// What each hit says of its tags (Atlas' excludeClassifications and
// includeClassificationNames): nothing; `classificationNames`, the internal names of those
// attached to it and propagated to it; or also `classifications`, each attachment (its
// typeName, the entityGuid it was attached to, its flags).
enum class SearchTags : uint8_t { kNone, kNames, kAttachments };

struct SearchSpec {
  nlohmann::json filters = nlohmann::json::array();  // ANDed clauses
  std::vector<std::string> attributes;
  std::vector<std::string> relation_attributes;
  int page_size = 1000;
  SearchTags tags = SearchTags::kNone;
  // Narrow the hits after the query (ANDed clauses; none when empty); `aggregations` run
  // over the query's matches before them, as Elasticsearch computes them.
  nlohmann::json post_filters = nlohmann::json::array();
  nlohmann::json aggregations = nlohmann::json::object();
  // SearchAll reads from both ends of the guid order at once, ascending and descending,
  // each side stopping where the other has read: about half the wait of a long search,
  // for a request or two more. `on_page` then sees the pages out of guid order, one at a
  // time, on either of two threads. Default: one way, in guid order, on the calling thread.
  bool from_both_ends = false;
};

// One page of results as Atlan returns it. Every entity has a string guid and passes
// EntityProblem (entity_attributes.h); a page that does not is a kRemote error.
struct SearchPage {
  std::vector<nlohmann::json> entities;
  int64_t approximate_count = 0;
  nlohmann::json aggregations;  // as Atlan answered them, when asked
};

// Calls `on_page` for every page of matches, each match once. The first page asks for
// the total, so the last page is known without an extra empty request.
Status SearchAll(AtlanClient& client, const SearchSpec& spec,
                 const std::function<Status(const SearchPage&)>& on_page);

// The first `size` matches, sorted as given (e.g. {"__modificationTimestamp":"desc"}).
Result<SearchPage> SearchFirst(AtlanClient& client, const SearchSpec& spec, int size,
                               const nlohmann::json& sort);

}  // namespace delta_arc::atlan
