// JSON form of the catalog, which is also the cache file format; see catalog.h.
#include "lineage/catalog.h"

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

void to_json(json& j, const ColumnInfo& c) {
  j = {{"name", c.name}, {"order", c.order}};
  if (!c.qualified_name.empty()) j["qualifiedName"] = c.qualified_name;
}
void from_json(const json& j, ColumnInfo& c) {
  c.name = j.at("name").get<std::string>();
  c.qualified_name = j.value("qualifiedName", "");
  c.order = j.contains("order") ? ColumnOrderOf(j["order"]) : 0;
}
void to_json(json& j, const TableInfo& t) {
  j = {{"typeName", t.type_name},
       {"name", t.name},
       {"qualifiedName", t.qualified_name},
       {"columns", t.columns}};
}
void from_json(const json& j, TableInfo& t) {
  t.type_name = j.at("typeName").get<std::string>();
  t.name = j.at("name").get<std::string>();
  t.qualified_name = j.at("qualifiedName").get<std::string>();
  t.columns = j.at("columns").get<std::vector<ColumnInfo>>();
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
  j = {{"connection", c.connection},
       {"tables", c.tables},
       {"assetCount", c.asset_count},
       {"latestModification", c.latest_modification},
       {"discoveredAt", c.discovered_at}};
}
void from_json(const json& j, ConnectionCatalog& c) {
  c.connection = j.at("connection").get<ConnectionRef>();
  c.tables = j.at("tables").get<std::vector<TableInfo>>();
  c.asset_count = j.at("assetCount").get<int64_t>();
  c.latest_modification = j.at("latestModification").get<int64_t>();
  c.discovered_at = j.at("discoveredAt").get<int64_t>();
}

}  // namespace delta_arc::lineage
