// The columns a file states about itself, as every schema reader returns them: a CSV
// header's fields, a Parquet footer's schema, an Avro header's schema, the keys of JSON
// records.
#pragma once

#include <compare>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "lineage/compression.h"

namespace delta_arc::lineage {

// One column as a file states it: its name (a field nested in another as a dotted path,
// "address.city") and its type in the format's own terms ("INT32", "long"); empty where
// the format states none (CSV, JSON lines).
struct FileColumn {
  std::string name;
  std::string type;
  auto operator<=>(const FileColumn&) const = default;
};

// The formats whose columns delta-arc reads; the value is its code in the cache file.
enum class FileFormat : int8_t { kCsv = 0, kJsonLines = 1, kParquet = 2, kAvro = 3 };

// The format's name, as the cache and the report write it: "csv", "jsonl", "parquet", "avro".
inline std::string_view NameOf(FileFormat format) {
  switch (format) {
    case FileFormat::kJsonLines:
      return "jsonl";
    case FileFormat::kParquet:
      return "parquet";
    case FileFormat::kAvro:
      return "avro";
    case FileFormat::kCsv:
      break;
  }
  return "csv";
}

// What an object holds, as its bytes told: a format, and the compression around it.
struct FileKind {
  FileFormat format = FileFormat::kCsv;
  Compression compression = Compression::kNone;
  auto operator<=>(const FileKind&) const = default;
};

// What one object states about its columns, and what kind of file said it.
struct FileSchema {
  FileKind kind;
  std::vector<FileColumn> columns;
  auto operator<=>(const FileSchema&) const = default;
};

// The bytes given end before the schema does. `total`: how many bytes from the same
// start would hold it, when the format says (0 when it does not).
struct SchemaCutShort {
  size_t total = 0;
};

// The bytes hold no readable schema: why, for a person (never the data itself).
struct SchemaError {
  std::string reason;
};

// What a schema reader made of the bytes it was given.
using SchemaRead = std::variant<std::vector<FileColumn>, SchemaCutShort, SchemaError>;

}  // namespace delta_arc::lineage
