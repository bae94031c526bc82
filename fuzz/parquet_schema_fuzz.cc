// Fuzz target: the Parquet footer reader, on the input as a footer and, when the input ends
// like a Parquet file, on the footer its trailer states (lineage/parquet_schema.h). A read
// of a footer's first half must agree with the whole's, unless the half is cut short: the
// reader stops where the schema ends, so bytes after that cannot change what it says.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>
#include <variant>
#include <vector>

#include "lineage/parquet_schema.h"

namespace {

using delta_arc::lineage::FileColumn;
using delta_arc::lineage::SchemaCutShort;
using delta_arc::lineage::SchemaError;
using delta_arc::lineage::SchemaRead;

bool Same(const SchemaRead& a, const SchemaRead& b) {
  if (a.index() != b.index()) return false;
  if (const auto* columns = std::get_if<std::vector<FileColumn>>(&a)) {
    return *columns == std::get<std::vector<FileColumn>>(b);
  }
  if (const auto* error = std::get_if<SchemaError>(&a)) {
    return error->reason == std::get<SchemaError>(b).reason;
  }
  return true;
}

void Read(std::string_view footer) {
  const SchemaRead whole = delta_arc::lineage::ParquetColumns(footer);
  const SchemaRead half = delta_arc::lineage::ParquetColumns(footer.substr(0, footer.size() / 2));
  if (!std::holds_alternative<SchemaCutShort>(half) && !Same(half, whole)) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  Read(input);
  const auto length = delta_arc::lineage::ParquetFooterLength(input);
  if (length && *length <= size - delta_arc::lineage::kParquetTrailerBytes) {
    Read(input.substr(size - delta_arc::lineage::kParquetTrailerBytes - *length, *length));
  }
  return 0;
}
