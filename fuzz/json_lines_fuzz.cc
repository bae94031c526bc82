// Fuzz target: the JSON lines reader, on the first bytes of an object (the last record
// may be cut off) and on a whole object.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "lineage/json_lines.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  (void)delta_arc::lineage::LooksLikeJsonLines(text);
  (void)delta_arc::lineage::JsonLinesColumns(text, /*whole_object=*/false);
  (void)delta_arc::lineage::JsonLinesColumns(text, /*whole_object=*/true);
  return 0;
}
