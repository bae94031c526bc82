// Tools' landing-zone layouts; see tool_layouts.h. The names are as the tools document them:
// AWS DMS, "Using Amazon S3 as a target" (full load LOAD00000001.csv under
// <schema_name>/<table_name>/, change files named by their time, 20141029-1134010000.csv, and
// date partition folders); Spark's and Hadoop's part-NNNNN files and hidden _/. files;
// Snowflake, "COPY INTO <location>" (files prefixed data_ by default, data_0_0_0.csv.gz).
#include "lineage/tool_layouts.h"

#include <algorithm>
#include <cctype>
#include <vector>

#include "lineage/key_segments.h"

namespace delta_arc::lineage {

namespace {

bool AllOf(std::string_view text, int (*is)(int)) {
  return !text.empty() &&
         std::ranges::all_of(text, [is](char c) { return is(static_cast<unsigned char>(c)); });
}

// LOAD00000001 (a hexadecimal counter), LOAD_1_00000001 (a segment, then the counter).
bool IsDmsFullLoad(std::string_view stem) {
  if (!stem.starts_with("LOAD") || stem.size() == 4) return false;
  stem.remove_prefix(4);
  return std::ranges::all_of(
      stem, [](char c) { return c == '_' || std::isxdigit(static_cast<unsigned char>(c)) != 0; });
}

// 20141029-1134010000: the date, '-', then the time of day to the sub-second.
bool IsDmsChanges(std::string_view stem) {
  return stem.size() > 15 && stem[8] == '-' && AllOf(stem.substr(0, 8), std::isdigit) &&
         AllOf(stem.substr(9), std::isdigit);
}

// part-00000, part-00000-<uuid>, part-00000-<uuid>.c000 (the stem stops at the first '.').
bool IsSparkPart(std::string_view stem) {
  return stem.starts_with("part-") && stem.size() >= 10 && AllOf(stem.substr(5, 5), std::isdigit);
}

// data_0_0_0: the prefix, then numbers joined by '_'.
bool IsSnowflakeUnload(std::string_view stem) {
  if (!stem.starts_with("data_")) return false;
  stem.remove_prefix(5);
  return !stem.empty() && std::isdigit(static_cast<unsigned char>(stem.back())) != 0 &&
         std::ranges::all_of(stem, [](char c) {
           return c == '_' || std::isdigit(static_cast<unsigned char>(c)) != 0;
         });
}

// A folder a tool partitions a table's files into: key=value, or a date (2026, 12, 20261201,
// 2026-12-01).
bool IsPartitionFolder(std::string_view folder) {
  return folder.find('=') != std::string_view::npos || std::ranges::all_of(folder, [](char c) {
           return c == '-' || std::isdigit(static_cast<unsigned char>(c)) != 0;
         });
}

}  // namespace

std::optional<ToolFile> ToolFileTable(std::string_view key) {
  const std::vector<std::string_view> segments = SplitSegments(key);
  const std::string_view file = segments.back();
  const std::string_view stem = file.substr(0, file.find('.'));
  const bool dms = IsDmsFullLoad(stem) || IsDmsChanges(stem);
  if (!dms && !IsSparkPart(stem) && !IsSnowflakeUnload(stem)) return std::nullopt;
  size_t table = segments.size() - 1;  // the file's own index: no folder found yet
  for (size_t i = segments.size() - 1; i-- > 0;) {
    if (!segments[i].empty() && !IsPartitionFolder(segments[i])) {
      table = i;
      break;
    }
  }
  if (table == segments.size() - 1) return std::nullopt;
  ToolFile found;
  found.table = std::string(segments[table]);
  if (dms && table > 0 && !segments[table - 1].empty() && !IsPartitionFolder(segments[table - 1])) {
    found.table = std::string(segments[table - 1]) + "." + found.table;
  }
  const size_t folder_end = segments[table].data() + segments[table].size() - key.data();
  found.table_folder = std::string(key.substr(0, folder_end));
  return found;
}

bool IsToolMarker(std::string_view file_name) {
  return file_name.starts_with('_') || file_name.starts_with('.');
}

}  // namespace delta_arc::lineage
