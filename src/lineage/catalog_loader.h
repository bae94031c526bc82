// The Postgres and Snowflake catalogs for a run: from the cache when it is
// younger than CACHE_EXPIRY_HOURS and one cheap freshness check agrees that
// Atlan has not changed since, otherwise discovered again (and cached).
#pragma once

#include "atlan/atlan_client.h"
#include "common/log.h"
#include "lineage/cache_store.h"
#include "lineage/config.h"
#include "lineage/discover.h"

namespace delta_arc::lineage {

struct LoadedCatalogs {
  Catalogs catalogs;
  bool cache_hit = false;
};

// Whether a run may write the cache: `delta-arc plan` is read-only, the cache included.
enum class CacheWrites { kAllowed, kNone };

Result<LoadedCatalogs> LoadCatalogs(const Config& config, atlan::AtlanClient& atlan,
                                    CacheStore& cache, Logger& log, const FoundConnections& found,
                                    CacheWrites writes, int64_t now_ms);

}  // namespace delta_arc::lineage
