// Fuzz target: the CSV header reader, on the first bytes of an object (the
// record may be cut off) and on a whole object; for bytes that start as gzip, on what
// they inflate to (lineage/compression.h).
#include <cstddef>
#include <cstdint>
#include <string>

#include "lineage/compression.h"
#include "lineage/csv_header.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string start(reinterpret_cast<const char*>(data), size);
  (void)delta_arc::lineage::ParseCsvHeader(start, /*whole_object=*/false);
  (void)delta_arc::lineage::ParseCsvHeader(start, /*whole_object=*/true);
  if (delta_arc::lineage::CompressionOf(start) == delta_arc::lineage::Compression::kGzip) {
    for (const bool whole : {false, true}) {
      if (auto text = delta_arc::lineage::GunzipStart(start, whole, 8192)) {
        (void)delta_arc::lineage::ParseCsvHeader(text->first, text->second);
      }
    }
  }
  return 0;
}
