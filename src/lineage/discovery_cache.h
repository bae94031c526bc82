// The discovery cache: each connection's catalog, timestamped, valid for
// CACHE_EXPIRY_HOURS. A corrupt or mismatched entry is a miss, never a crash.
#pragma once

#include <chrono>
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

// `entry` is "postgres" or "snowflake"; the entry must be for `connection_name`.
CacheLookup LoadCachedCatalog(CacheStore& store, const std::string& entry,
                              const std::string& connection_name, double expiry_hours,
                              int64_t now_ms);

Status SaveCachedCatalog(CacheStore& store, const std::string& entry,
                         const ConnectionCatalog& catalog, int64_t now_ms);

struct CacheEntryStatus {
  std::string entry;
  std::string location;
  bool present = false;
  bool valid = false;
  std::string connection_name;
  int64_t written_at = 0;
  int64_t tables = 0;
  int64_t columns = 0;
  std::string problem;
};

CacheEntryStatus DescribeCacheEntry(CacheStore& store, const std::string& entry);

}  // namespace delta_arc::lineage
