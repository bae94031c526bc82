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

// Whether a sync's writes made Atlan update assets under the source or target
// connections (`also_updated`: Atlas marks the far ends of new relationships modified, a
// Process's tables among them), which moves the catalogs' newest modification.
bool WritesTouchedCatalogs(const FoundConnections& found,
                           const std::vector<std::string>& also_updated);

// After such writes, the catalogs' newest modification is the run's own doing: the cache
// keeps `catalogs` with it (`fresh`, CheckFreshness once search shows the writes), so the
// next run does not read them again. Only when the newest modified asset is one of
// `also_updated` and the count is the catalogs': a change made after the writes (a
// crawler's) leaves the cache stale, as it should. Each entry keeps the time it was written
// (CACHE_EXPIRY_HOURS still counts from discovery).
void KeepCacheFreshAfterOwnWrites(CacheStore& cache, Logger& log, Catalogs catalogs,
                                  const std::vector<std::string>& also_updated,
                                  const Freshness& fresh);

}  // namespace delta_arc::lineage
