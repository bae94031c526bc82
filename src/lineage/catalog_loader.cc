// Cache-or-discover; see catalog_loader.h.
#include "lineage/catalog_loader.h"

#include <algorithm>

#include "lineage/discovery_cache.h"

namespace delta_arc::lineage {

namespace {

// Whether a cached side is of the connections found now (a connection made again under
// its name has another qualifiedName).
bool SameConnections(const std::vector<ConnectionRef>& cached,
                     const std::vector<ConnectionRef>& found) {
  return std::ranges::equal(cached, found, {}, &ConnectionRef::qualified_name,
                            &ConnectionRef::qualified_name);
}

// The cached catalogs when both entries are valid, for these connections, and
// Atlan's tables and columns have not changed since (one request).
Result<std::optional<Catalogs>> FromCache(const Config& config, atlan::AtlanClient& atlan,
                                          CacheStore& cache, Logger& log,
                                          const FoundConnections& found, int64_t now) {
  auto pg = LoadCachedCatalog(cache, "postgres", config.source_connection_names,
                              config.cache_expiry_hours, now);
  auto sf = LoadCachedCatalog(cache, "snowflake", config.target_connection_names,
                              config.cache_expiry_hours, now);
  // A catalog read with tags or without them, as S3_TAGS said then, is not one read the
  // other way.
  for (CacheLookup* lookup : {&pg, &sf}) {
    if (lookup->catalog && lookup->catalog->tags_read != config.s3_tags) {
      lookup->catalog.reset();
      lookup->miss_reason = config.s3_tags ? "read without tags" : "read with tags";
    }
  }
  if (!pg.catalog || !sf.catalog || !SameConnections(pg.catalog->connections, found.source) ||
      !SameConnections(sf.catalog->connections, found.target)) {
    log.Info("cache miss", {{"postgres", pg.catalog ? "hit" : pg.miss_reason},
                            {"snowflake", sf.catalog ? "hit" : sf.miss_reason}});
    return std::optional<Catalogs>();
  }
  auto fresh = CheckFreshness(atlan, found);
  if (!fresh) return std::unexpected(fresh.error());
  const Freshness cached{pg.catalog->asset_count + sf.catalog->asset_count,
                         std::max(pg.catalog->latest_modification, sf.catalog->latest_modification),
                         ""};
  if (*fresh != cached) {
    log.Info("cache is stale: Atlan's tables or columns changed since it was written");
    return std::optional<Catalogs>();
  }
  log.Info("using the cached catalogs of both connections");
  // Each side as found now (a cached side matched them by qualifiedName above).
  pg.catalog->connections = found.source;
  sf.catalog->connections = found.target;
  return std::optional(Catalogs{std::move(*pg.catalog), std::move(*sf.catalog)});
}

}  // namespace

Result<LoadedCatalogs> LoadCatalogs(const Config& config, atlan::AtlanClient& atlan,
                                    CacheStore& cache, Logger& log, const FoundConnections& found,
                                    CacheWrites writes, int64_t now) {
  if (!config.force_refresh) {
    auto cached = FromCache(config, atlan, cache, log, found, now);
    if (!cached) return std::unexpected(cached.error());
    if (*cached) return LoadedCatalogs{std::move(**cached), true};
  }
  auto catalogs = DiscoverCatalogs(atlan, found, config.atlan_page_size, now, config.s3_tags);
  if (!catalogs) return std::unexpected(catalogs.error());
  if (writes == CacheWrites::kNone) return LoadedCatalogs{std::move(*catalogs), false};
  for (const auto& [entry, catalog] :
       {std::pair{"postgres", &catalogs->source}, std::pair{"snowflake", &catalogs->target}}) {
    if (auto s = SaveCachedCatalog(cache, entry, *catalog, now); !s) {
      // A cache that cannot be written costs the next run a discovery, nothing more.
      log.Warn("could not write the cache", {{"entry", entry}, {"error", s.error().message}});
    }
  }
  return LoadedCatalogs{std::move(*catalogs), false};
}

bool WritesTouchedCatalogs(const FoundConnections& found,
                           const std::vector<std::string>& also_updated) {
  const auto under_sources = [&](const std::string& qn) {
    for (const auto* side : {&found.source, &found.target}) {
      for (const auto& connection : *side) {
        if (qn.starts_with(connection.qualified_name + "/")) return true;
      }
    }
    return false;
  };
  return std::ranges::any_of(also_updated, under_sources);
}

void KeepCacheFreshAfterOwnWrites(CacheStore& cache, Logger& log, Catalogs catalogs,
                                  const std::vector<std::string>& also_updated,
                                  const Freshness& fresh) {
  const bool ours =
      fresh.asset_count == catalogs.source.asset_count + catalogs.target.asset_count &&
      std::ranges::find(also_updated, fresh.newest_qualified_name) != also_updated.end();
  if (!ours) {
    log.Debug("the catalogs changed beside this run's writes: the next run reads them again");
    return;
  }
  for (auto* catalog : {&catalogs.source, &catalogs.target}) {
    catalog->latest_modification = fresh.latest_modification;
  }
  for (const auto& [entry, catalog] :
       {std::pair{"postgres", &catalogs.source}, std::pair{"snowflake", &catalogs.target}}) {
    const CacheEntryStatus held = DescribeCacheEntry(cache, entry);
    if (!held.valid) continue;  // nothing cached to keep (a cache that cannot be written)
    if (auto s = SaveCachedCatalog(cache, entry, *catalog, held.written_at); !s) {
      log.Warn("could not write the cache", {{"entry", entry}, {"error", s.error().message}});
    }
  }
  log.Debug(
      "the catalogs' newest changes were Atlan's updates for this run's writes: the cache "
      "stays fresh");
}

}  // namespace delta_arc::lineage
