// Fuzz target: the CSV header reader, on the first bytes of an object (the
// record may be cut off) and on a whole object.
#include <cstddef>
#include <cstdint>
#include <string>

#include "lineage/csv_header.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string start(reinterpret_cast<const char*>(data), size);
  (void)delta_arc::lineage::ParseCsvHeader(start, /*whole_object=*/false);
  (void)delta_arc::lineage::ParseCsvHeader(start, /*whole_object=*/true);
  return 0;
}
