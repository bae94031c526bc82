// Compressed objects by magic number; see compression.h.
#include "lineage/compression.h"

namespace delta_arc::lineage {

Compression CompressionOf(std::string_view start) {
  if (start.starts_with("\x1F\x8B")) return Compression::kGzip;
  if (start.starts_with("\x28\xB5\x2F\xFD")) return Compression::kZstd;
  if (start.size() >= 4 && start.starts_with("BZh") && start[3] >= '1' && start[3] <= '9') {
    return Compression::kBzip2;
  }
  return Compression::kNone;
}

}  // namespace delta_arc::lineage
