// Fuzz target: the Avro header schema reader, on the first bytes of an object (the header
// may be cut off anywhere) and on a shorter start of them. A cut-short read must name a total
// past the bytes it was given, and the same bytes must read the same way again.
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <variant>
#include <vector>

#include "lineage/avro_schema.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using delta_arc::lineage::SchemaCutShort;
  const std::string_view start(reinterpret_cast<const char*>(data), size);
  (void)delta_arc::lineage::IsAvroContainer(start);
  const auto read = delta_arc::lineage::AvroColumns(start);
  if (const auto* cut = std::get_if<SchemaCutShort>(&read); cut && cut->total != 0) {
    if (cut->total <= size) __builtin_trap();
  }
  if (read.index() != delta_arc::lineage::AvroColumns(start).index()) __builtin_trap();
  (void)delta_arc::lineage::AvroColumns(start.substr(0, size / 2));
  return 0;
}
