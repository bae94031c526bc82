// JSON form of the catalog, which is also the cache file format; see catalog.h.
#include "lineage/catalog.h"

#include <algorithm>

#include "common/keyword_case.h"

namespace delta_arc::lineage {

using nlohmann::json;

std::string ColumnQualifiedName(const TableInfo& table, const ColumnInfo& column) {
  return column.qualified_name.empty() ? table.qualified_name + "/" + column.name
                                       : column.qualified_name;
}

int ColumnOrderOf(const json& value) {
  if (!value.is_number_integer()) return 0;
  const auto order = value.get<int64_t>();
  return order >= INT32_MIN && order <= INT32_MAX ? static_cast<int>(order) : 0;
}

size_t ConnectionCatalog::column_count() const {
  size_t n = 0;
  for (const auto& t : tables) n += t.columns.size();
  return n;
}

std::vector<std::string> TagNamesOf(const json& value) {
  std::vector<std::string> names;
  if (!value.is_array()) return names;
  for (const auto& name : value) {
    if (name.is_string() && !name.get_ref<const std::string&>().empty()) {
      names.push_back(name.get<std::string>());
    }
  }
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  return names;
}

// Tags are written only when there are some: most columns have none.
void to_json(json& j, const ColumnInfo& c) {
  j = {{"name", c.name}, {"order", c.order}};
  if (!c.qualified_name.empty()) j["qualifiedName"] = c.qualified_name;
  if (!c.tags.empty()) j["tags"] = c.tags;
  if (c.updated != 0) j["updated"] = c.updated;
  if (c.awaited_since != 0) j["awaitedSince"] = c.awaited_since;
  if (!c.data_type.empty()) j["dataType"] = c.data_type;
}
void from_json(const json& j, ColumnInfo& c) {
  c.name = j.at("name").get<std::string>();
  c.qualified_name = j.value("qualifiedName", "");
  c.order = j.contains("order") ? ColumnOrderOf(j["order"]) : 0;
  c.tags = j.contains("tags") ? TagNamesOf(j["tags"]) : std::vector<std::string>{};
  const auto time = [&j](const char* key) {
    return j.contains(key) && j[key].is_number_integer() ? j[key].get<int64_t>() : int64_t{0};
  };
  c.updated = time("updated");
  c.awaited_since = time("awaitedSince");
  c.data_type = j.contains("dataType") && j["dataType"].is_string()
                    ? j["dataType"].get<std::string>()
                    : std::string();
}
void to_json(json& j, const TableInfo& t) {
  j = {{"typeName", t.type_name},
       {"name", t.name},
       {"qualifiedName", t.qualified_name},
       {"columns", t.columns}};
  if (!t.tags.empty()) j["tags"] = t.tags;
}
void from_json(const json& j, TableInfo& t) {
  t.type_name = j.at("typeName").get<std::string>();
  t.name = j.at("name").get<std::string>();
  t.qualified_name = j.at("qualifiedName").get<std::string>();
  t.columns = j.at("columns").get<std::vector<ColumnInfo>>();
  t.tags = j.contains("tags") ? TagNamesOf(j["tags"]) : std::vector<std::string>{};
}
void to_json(json& j, const ConnectionRef& c) {
  j = {{"name", c.name},
       {"qualifiedName", c.qualified_name},
       {"connectorName", c.connector_name},
       {"guid", c.guid}};
}
void from_json(const json& j, ConnectionRef& c) {
  c.name = j.at("name").get<std::string>();
  c.qualified_name = j.value("qualifiedName", "");
  c.connector_name = j.value("connectorName", "");
  c.guid = j.value("guid", "");
}
void to_json(json& j, const ConnectionCatalog& c) {
  j = {{"connections", c.connections},    {"tables", c.tables},
       {"assetCount", c.asset_count},     {"latestModification", c.latest_modification},
       {"discoveredAt", c.discovered_at}, {"tagDisplayNames", c.tag_display_names}};
}
void from_json(const json& j, ConnectionCatalog& c) {
  c.connections = j.at("connections").get<std::vector<ConnectionRef>>();
  c.tables = j.at("tables").get<std::vector<TableInfo>>();
  c.asset_count = j.at("assetCount").get<int64_t>();
  c.latest_modification = j.at("latestModification").get<int64_t>();
  c.discovered_at = j.at("discoveredAt").get<int64_t>();
  c.tag_display_names = TagDisplayNamesOf(j.value("tagDisplayNames", json::object()));
  c.tags_read = j.value("tagsRead", false);
}

std::map<std::string, std::string> TagDisplayNamesOf(const json& value) {
  std::map<std::string, std::string> names;
  if (!value.is_object()) return names;
  for (const auto& [internal, display] : value.items()) {
    if (display.is_string()) names[internal] = display.get<std::string>();
  }
  return names;
}

std::string ConnectionCatalog::connectors() const {
  std::vector<std::string> seen;
  std::string out;
  for (const auto& connection : connections) {
    if (std::ranges::find(seen, connection.connector_name) != seen.end()) continue;
    seen.push_back(connection.connector_name);
    out += (out.empty() ? "" : ", ") + connection.connector_name;
  }
  return out;
}

const ConnectionRef* ConnectionCatalog::Named(const std::string& name) const {
  for (const auto& connection : connections) {
    if (EqualsIgnoringCase(connection.name, name)) return &connection;
  }
  return nullptr;
}

std::string TagDisplayName(const ConnectionCatalog& catalog, const std::string& internal_name) {
  const auto it = catalog.tag_display_names.find(internal_name);
  return it == catalog.tag_display_names.end() ? internal_name : it->second;
}

}  // namespace delta_arc::lineage
