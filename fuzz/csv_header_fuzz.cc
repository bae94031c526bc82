// Fuzz target: the CSV header reader, on the first bytes of an object (the
// record may be cut off) and on a whole object; for bytes that start as gzip, zstd or
// bzip2, on what they decompress to (lineage/compression.h).
#include <cstddef>
#include <cstdint>
#include <string>

#include "lineage/compression.h"
#include "lineage/csv_header.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using delta_arc::lineage::Compression;
  const std::string start(reinterpret_cast<const char*>(data), size);
  (void)delta_arc::lineage::ParseCsvHeader(start, /*whole_object=*/false);
  (void)delta_arc::lineage::ParseCsvHeader(start, /*whole_object=*/true);
  if (const Compression compression = delta_arc::lineage::CompressionOf(start);
      compression != Compression::kNone) {
    for (const bool whole : {false, true}) {
      if (auto text = delta_arc::lineage::DecompressStart(compression, start, whole, 8192)) {
        (void)delta_arc::lineage::ParseCsvHeader(text->text, text->whole);
      }
    }
  }
  return 0;
}
