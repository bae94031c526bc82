// Discovery cache; see discovery_cache.h.
#include "lineage/discovery_cache.h"

#include <nlohmann/json.hpp>

namespace delta_arc::lineage {

using nlohmann::json;

namespace {

constexpr int kFormatVersion = 1;

struct Parsed {
  std::optional<ConnectionCatalog> catalog;
  int64_t written_at = 0;
  std::string problem;
};

Parsed ParseEntry(const std::string& content) {
  json doc = json::parse(content, nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) return {std::nullopt, 0, "not valid JSON"};
  if (doc.value("version", 0) != kFormatVersion) return {std::nullopt, 0, "unknown format version"};
  try {
    return {doc.at("catalog").get<ConnectionCatalog>(), doc.at("writtenAt").get<int64_t>(), ""};
  } catch (const json::exception& e) {
    return {std::nullopt, 0, std::string("malformed: ") + e.what()};
  }
}

}  // namespace

CacheLookup LoadCachedCatalog(CacheStore& store, const std::string& entry,
                              const std::string& connection_name, double expiry_hours,
                              int64_t now_ms) {
  auto content = store.Read(entry);
  if (!content) return {std::nullopt, "unreadable: " + content.error().message};
  if (!*content) return {std::nullopt, "no cache yet"};
  Parsed parsed = ParseEntry(**content);
  if (!parsed.catalog) return {std::nullopt, "corrupt cache (" + parsed.problem + ")"};
  if (parsed.catalog->connection.name != connection_name) {
    return {std::nullopt, "cached for another connection"};
  }
  const double age_hours = static_cast<double>(now_ms - parsed.written_at) / 3.6e6;
  if (age_hours < 0 || age_hours >= expiry_hours) return {std::nullopt, "expired"};
  return {std::move(parsed.catalog), ""};
}

Status SaveCachedCatalog(CacheStore& store, const std::string& entry,
                         const ConnectionCatalog& catalog, int64_t now_ms) {
  json doc = {{"version", kFormatVersion}, {"writtenAt", now_ms}, {"catalog", catalog}};
  return store.Write(entry, doc.dump());
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
  status.connection_name = parsed.catalog->connection.name;
  status.written_at = parsed.written_at;
  status.tables = static_cast<int64_t>(parsed.catalog->tables.size());
  status.columns = static_cast<int64_t>(parsed.catalog->column_count());
  return status;
}

}  // namespace delta_arc::lineage
