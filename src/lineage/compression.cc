// Compressed objects by magic number; see compression.h.
#include "lineage/compression.h"

#include "common/gunzip.h"

namespace delta_arc::lineage {

Compression CompressionOf(std::string_view start) {
  if (start.starts_with("\x1F\x8B")) return Compression::kGzip;
  if (start.starts_with("\x28\xB5\x2F\xFD")) return Compression::kZstd;
  if (start.size() >= 4 && start.starts_with("BZh") && start[3] >= '1' && start[3] <= '9') {
    return Compression::kBzip2;
  }
  return Compression::kNone;
}

std::optional<std::pair<std::string, bool>> GunzipStart(std::string_view start, bool whole_object,
                                                        size_t max_bytes) {
  std::string text;
  bool enough = false;
  Gunzip gunzip("a gzip object");
  const Status fed = gunzip.Feed(start, [&](std::string_view piece) -> Status {
    text.append(piece.substr(0, max_bytes - text.size()));
    if (text.size() < max_bytes) return Ok();
    enough = true;
    return Fail(ErrorKind::kStopped, "read enough");  // stops inflating
  });
  if (!fed && !enough) return std::nullopt;
  const bool ended = !enough && gunzip.Finish().has_value();
  if (whole_object && !enough && !ended && text.empty()) return std::nullopt;
  return std::pair(std::move(text), whole_object && ended);
}

}  // namespace delta_arc::lineage
