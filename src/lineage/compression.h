// Compressed objects, told by their first bytes (the format's magic number), not by
// their names: a landing zone's `.csv` may be gzip and its `.gz` plain text.
#pragma once

#include <string_view>

namespace delta_arc::lineage {

enum class Compression { kNone, kGzip, kZstd, kBzip2 };

// gzip: 1F 8B (RFC 1952 §2.3.1); zstd: 28 B5 2F FD (RFC 8878 §3.1.1); bzip2: "BZh" and
// the block size '1'-'9' (bzip2's file header).
Compression CompressionOf(std::string_view start);

}  // namespace delta_arc::lineage
