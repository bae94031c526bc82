// POST /api/meta/search/indexsearch: Atlan's Elasticsearch-backed search.
#pragma once

#include <nlohmann/json.hpp>

#include "emulator/api_response.h"
#include "emulator/entity_store.h"

namespace delta_arc::emulator {

// Atlan's result window: from + size beyond it is refused, and clients page past it
// by sorting on __timestamp/__guid with a range filter instead. The SDKs switch to
// that paging at 100,000 - page size, so this is the window Atlan allows.
inline constexpr int64_t kDefaultMaxResultWindow = 100000;

// Matches against the index as of its last refresh (EntityStore::RefreshSearchIndex);
// each hit is shown as it is now.
ApiResponse IndexSearch(EntityStore& store, const nlohmann::json& request,
                        int64_t max_result_window = kDefaultMaxResultWindow,
                        bool normalize_keywords = true);

}  // namespace delta_arc::emulator
