// Landing zones as tools write them: files named by the tool's own scheme, not by their
// table, in a folder named after the table (under partition folders, and for AWS DMS under
// its schema's folder). The default mapping rule (no `objects:` templates) recognises them.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace delta_arc::lineage {

// A file a tool named by its own scheme, and the table its folders say it holds.
struct ToolFile {
  std::string table;         // "customers"; "sales.customers" under DMS's <schema>/<table>/
  std::string table_folder;  // the key's folder named after the table, without its '/'
};

// `key`'s table when its file name is one a tool gives the parts of a table it writes:
//   AWS DMS full load  <schema>/<table>/LOAD00000001.csv (LOAD_1_00000001 in parallel loads),
//   AWS DMS changes    <schema>/<table>/20141029-1134010000.csv,
//   Spark, Glue, Hive  <table>/<key=value>/…/part-00000-<uuid>.c000.snappy.parquet,
//   Snowflake unload   <table>/data_0_0_0.csv.gz (COPY INTO @stage's default prefix);
// the table is the nearest folder above it that is not a partition (`key=value`, or digits
// and '-' as date partitions are: 2026/12/01, 20261201). nullopt for any other name, or a
// tool's file with no such folder above it.
std::optional<ToolFile> ToolFileTable(std::string_view key);

// A file a tool writes beside its data, not data: a name starting with '_' or '.' (Hadoop's
// hidden files, which Spark, Hive and Glue skip: _SUCCESS, _committed_…, .part-00000.crc).
bool IsToolMarker(std::string_view file_name);

}  // namespace delta_arc::lineage
