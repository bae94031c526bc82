// What delta-arc knows of a crawled connection: its tables and views with
// their columns, as discovered in Atlan (or read back from the cache). Kept
// compact: a tenant of 10,000 tables × 20 columns must fit a small Lambda.
#pragma once

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace delta_arc::lineage {

struct ColumnInfo {
  std::string name;
  // Empty when it is the usual "<table qualifiedName>/<name>" (see ColumnQualifiedName),
  // which saves a long string per column on large tenants.
  std::string qualified_name;
  int order = 0;
  // The internal names of the tags Atlan shows on it, attached or propagated, sorted.
  std::vector<std::string> tags = {};
  // When Atlan last changed it (epoch ms), kept for tagged columns only: a tag attached
  // since its lineage was written has yet to propagate (tag_trace.h).
  int64_t updated = 0;
  // A Snowflake column a tag has yet to reach: since when it has been on its way (the
  // lineage written, or the source column tagged), as a run found it (tag_trace.h).
  int64_t awaited_since = 0;
  // Its type as the catalog names it (Atlan's dataType: "integer", "VARCHAR"); "" if none.
  std::string data_type = {};
};

struct TableInfo {
  std::string type_name;  // Table, View or MaterialisedView
  std::string name;
  std::string qualified_name;
  std::vector<ColumnInfo> columns;     // by order
  std::vector<std::string> tags = {};  // as ColumnInfo::tags
};

std::string ColumnQualifiedName(const TableInfo& table, const ColumnInfo& column);

struct ConnectionRef {
  std::string name;
  std::string qualified_name;
  std::string connector_name;
  std::string guid;
  // Epoch ms, as search reports it; only the S3 connection's is used (a new one may not
  // be usable yet), so it is not cached.
  int64_t create_time = 0;
};

// One side's catalog: the tables of its connection, or of the several connections a route
// reads as one side (SOURCE_CONNECTION_NAME=a,b), together.
struct ConnectionCatalog {
  std::vector<ConnectionRef> connections;  // at least one
  std::vector<TableInfo> tables;           // by name
  // What the freshness check compares: how many ACTIVE tables, views and columns
  // Atlan held, and the newest modification among them, when this was discovered.
  int64_t asset_count = 0;
  int64_t latest_modification = 0;
  int64_t discovered_at = 0;  // epoch ms
  // Atlan names a tag by a hashed internal name and shows its display name: the display
  // names of the tags on its tables and columns, by internal name, as they were when it
  // was discovered (a tag renamed later shows its old name until the catalog is read again).
  std::map<std::string, std::string> tag_display_names;
  // Whether the tags were read (S3_TAGS): a catalog read without them is not one whose
  // assets have none.
  bool tags_read = false;

  size_t column_count() const;
  // The side's connectors as Atlan names them, each once, in the connections' order, joined by
  // ", " ("postgres"; "mysql, postgres"): what reports and messages call the side.
  std::string connectors() const;
  // The connection called `name` (any case), or null.
  const ConnectionRef* Named(const std::string& name) const;
};

void to_json(nlohmann::json& j, const ColumnInfo& c);
// A column's order as Atlan or the cache gives it: an int, or 0 for anything else (a
// float or a number past int's range would convert with undefined behaviour).
int ColumnOrderOf(const nlohmann::json& value);

// Tag names as Atlan or the cache gives them: the strings of an array, sorted and
// distinct; anything else is no tags.
std::vector<std::string> TagNamesOf(const nlohmann::json& value);
// Display names by internal name from a JSON object; entries that are not strings are left out.
std::map<std::string, std::string> TagDisplayNamesOf(const nlohmann::json& value);
// The tag's display name in the catalog, or its internal name when it has none.
std::string TagDisplayName(const ConnectionCatalog& catalog, const std::string& internal_name);

void from_json(const nlohmann::json& j, ColumnInfo& c);
void to_json(nlohmann::json& j, const TableInfo& t);
void from_json(const nlohmann::json& j, TableInfo& t);
void to_json(nlohmann::json& j, const ConnectionRef& c);
void from_json(const nlohmann::json& j, ConnectionRef& c);
void to_json(nlohmann::json& j, const ConnectionCatalog& c);
void from_json(const nlohmann::json& j, ConnectionCatalog& c);

}  // namespace delta_arc::lineage
