// The discovery cache: each connection's catalog, timestamped, valid for
// CACHE_EXPIRY_HOURS. A corrupt or mismatched entry is a miss, never a crash.
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>

#include "common/error.h"
#include "lineage/cache_store.h"
#include "lineage/catalog.h"

namespace delta_arc::lineage {

struct CacheLookup {
  std::optional<ConnectionCatalog> catalog;  // set on a hit
  std::string miss_reason;                   // why not, on a miss
};

// `entry` is "postgres" or "snowflake"; the entry must be for the side's connections,
// `connection_names`, in that order.
CacheLookup LoadCachedCatalog(CacheStore& store, const std::string& entry,
                              const std::vector<std::string>& connection_names, double expiry_hours,
                              int64_t now_ms);

Status SaveCachedCatalog(CacheStore& store, const std::string& entry,
                         const ConnectionCatalog& catalog, int64_t now_ms);

struct CacheEntryStatus {
  std::string entry;
  std::string location;
  bool present = false;
  bool valid = false;
  std::string connection_name;  // the side's connections', joined by ", "
  int64_t written_at = 0;
  int64_t tables = 0;
  int64_t columns = 0;
  std::string problem;
};

CacheEntryStatus DescribeCacheEntry(CacheStore& store, const std::string& entry);

// Changes what a valid entry holds and writes it back as written then (its freshness
// untouched): what a run learned of its columns after the catalog was read. Nothing when
// there is no valid entry.
Status EditCachedCatalog(CacheStore& store, const std::string& entry,
                         const std::function<void(ConnectionCatalog&)>& edit);

}  // namespace delta_arc::lineage
