// Discovery cache; see discovery_cache.h.
#include "lineage/discovery_cache.h"

#include <nlohmann/json.hpp>

#include "common/json_text.h"

namespace delta_arc::lineage {

using nlohmann::json;

namespace {

// JSON lines — a header line, then one line per table — so a catalog of hundreds of
// thousands of columns is read and written a table at a time. Version 6 holds a side's
// connections (several a route may read as one side), version 5 the columns' types, version 4 the
// tags of tables and columns (an earlier file, without them, is read again from Atlan rather than
// taken for a catalog without them); version 3 is sealed (cache_store.h), 2 was not.
constexpr int kDiscoveryCacheVersion = 6;

struct Parsed {
  std::optional<ConnectionCatalog> catalog;
  int64_t written_at = 0;
  std::string problem;
};

Parsed ParseEntry(const std::string& entry) {
  std::string problem;
  const auto sealed = Unsealed(entry, problem);
  if (!sealed) return {std::nullopt, 0, problem};
  const std::string_view content = *sealed;
  size_t end = content.find('\n');
  json header = json::parse(content.substr(0, end), nullptr, false);
  if (header.is_discarded() || !header.is_object()) return {std::nullopt, 0, "not valid JSON"};
  if (header.value("version", 0) != kDiscoveryCacheVersion) {
    return {std::nullopt, 0, "unknown format version"};
  }
  try {
    ConnectionCatalog catalog;
    catalog.connections = header.at("connections").get<std::vector<ConnectionRef>>();
    catalog.asset_count = header.at("assetCount").get<int64_t>();
    catalog.latest_modification = header.at("latestModification").get<int64_t>();
    catalog.discovered_at = header.at("discoveredAt").get<int64_t>();
    catalog.tag_display_names = TagDisplayNamesOf(header.value("tagDisplayNames", json::object()));
    catalog.tags_read = header.value("tagsRead", false);
    const size_t tables = header.at("tables").get<size_t>();
    while (end != std::string::npos && end + 1 < content.size()) {
      const size_t start = end + 1;
      end = content.find('\n', start);
      json line = json::parse(content.substr(start, end == std::string::npos ? end : end - start),
                              nullptr, false);
      if (line.is_discarded()) return {std::nullopt, 0, "a table line is not valid JSON"};
      catalog.tables.push_back(line.get<TableInfo>());
    }
    // A file cut short (a crash mid-write, a partial upload) is not a smaller catalog.
    if (catalog.tables.size() != tables) return {std::nullopt, 0, "truncated"};
    return {std::move(catalog), header.at("writtenAt").get<int64_t>(), ""};
  } catch (const json::exception& e) {
    return {std::nullopt, 0, std::string("malformed: ") + e.what()};
  }
}

}  // namespace

CacheLookup LoadCachedCatalog(CacheStore& store, const std::string& entry,
                              const std::vector<std::string>& connection_names, double expiry_hours,
                              int64_t now_ms) {
  auto content = store.Read(entry);
  if (!content) return {std::nullopt, "unreadable: " + content.error().message};
  if (!*content) return {std::nullopt, "no cache yet"};
  Parsed parsed = ParseEntry(**content);
  if (!parsed.catalog) return {std::nullopt, "corrupt cache (" + parsed.problem + ")"};
  std::vector<std::string> cached_names;
  for (const auto& c : parsed.catalog->connections) cached_names.push_back(c.name);
  if (cached_names != connection_names) {
    return {std::nullopt, "cached for another connection"};
  }
  const double age_hours = static_cast<double>(now_ms - parsed.written_at) / 3.6e6;
  if (age_hours < 0 || age_hours >= expiry_hours) return {std::nullopt, "expired"};
  return {std::move(parsed.catalog), ""};
}

Status SaveCachedCatalog(CacheStore& store, const std::string& entry,
                         const ConnectionCatalog& catalog, int64_t now_ms) {
  json header = {{"version", kDiscoveryCacheVersion},
                 {"writtenAt", now_ms},
                 {"connections", catalog.connections},
                 {"assetCount", catalog.asset_count},
                 {"latestModification", catalog.latest_modification},
                 {"discoveredAt", catalog.discovered_at},
                 {"tagDisplayNames", catalog.tag_display_names},
                 {"tagsRead", catalog.tags_read},
                 {"tables", catalog.tables.size()}};
  std::string content = JsonText(header) + "\n";
  for (const auto& table : catalog.tables) content += JsonText(json(table)) + "\n";
  return store.Write(entry, Sealed(std::move(content)));
}

CacheEntryStatus DescribeCacheEntry(CacheStore& store, const std::string& entry) {
  CacheEntryStatus status;
  status.entry = entry;
  status.location = store.Describe(entry);
  auto content = store.Read(entry);
  if (!content) {
    status.problem = content.error().message;
    return status;
  }
  if (!*content) return status;
  status.present = true;
  Parsed parsed = ParseEntry(**content);
  if (!parsed.catalog) {
    status.problem = "corrupt (" + parsed.problem + ")";
    return status;
  }
  status.valid = true;
  for (const auto& c : parsed.catalog->connections) {
    status.connection_name += (status.connection_name.empty() ? "" : ", ") + c.name;
  }
  status.written_at = parsed.written_at;
  status.tables = static_cast<int64_t>(parsed.catalog->tables.size());
  status.columns = static_cast<int64_t>(parsed.catalog->column_count());
  return status;
}

Status EditCachedCatalog(CacheStore& store, const std::string& entry,
                         const std::function<void(ConnectionCatalog&)>& edit) {
  auto content = store.Read(entry);
  if (!content) return std::unexpected(content.error());
  if (!*content) return Ok();
  Parsed parsed = ParseEntry(**content);
  if (!parsed.catalog) return Ok();
  edit(*parsed.catalog);
  return SaveCachedCatalog(store, entry, *parsed.catalog, parsed.written_at);
}

}  // namespace delta_arc::lineage
