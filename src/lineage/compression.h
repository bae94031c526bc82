// Compressed objects, told by their first bytes (the format's magic number), not by
// their names: a landing zone's `.csv` may be gzip and its `.gz` plain text.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace delta_arc::lineage {

enum class Compression { kNone, kGzip, kZstd, kBzip2 };

// gzip: 1F 8B (RFC 1952 §2.3.1); zstd: 28 B5 2F FD (RFC 8878 §3.1.1); bzip2: "BZh" and
// the block size '1'-'9' (bzip2's file header).
Compression CompressionOf(std::string_view start);

// The text at the start of a gzip stream (RFC 1952) whose first bytes are `start`: at most
// `max_bytes` of it, whatever the ratio (a small prefix may inflate to megabytes), and
// whether that is all the text (`whole_object`: `start` is the whole object, and its stream
// ended). nullopt when the bytes do not decompress, or a whole object ends inside its
// stream before giving any text.
std::optional<std::pair<std::string, bool>> GunzipStart(std::string_view start, bool whole_object,
                                                        size_t max_bytes);

}  // namespace delta_arc::lineage
