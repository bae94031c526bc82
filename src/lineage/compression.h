// Compressed objects, told by their first bytes (the format's magic number), not by
// their names: a landing zone's `.csv` may be gzip and its `.gz` plain text.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace delta_arc::lineage {

enum class Compression { kNone, kGzip, kZstd, kBzip2 };

// gzip: 1F 8B (RFC 1952 §2.3.1); zstd: 28 B5 2F FD (RFC 8878 §3.1.1); bzip2: "BZh" and
// the block size '1'-'9' (bzip2's file header).
Compression CompressionOf(std::string_view start);

// The text at the start of a compressed stream, and whether it is all the text.
struct Decompressed {
  std::string text;
  // `text` is the whole stream's text: the bytes given were the whole object, and its
  // stream ended in them.
  bool whole = false;
};

// The text at the start of a stream compressed as `compression` (not kNone) whose first
// bytes are `start`: at most `max_bytes` of it, whatever the ratio (a small prefix may
// inflate to megabytes). `whole_object`: `start` is the whole object. Fewer than
// `max_bytes` without `whole` means more compressed bytes would give more text (bzip2
// gives none before its first block ends, up to 900 kB in). nullopt when the bytes do not
// decompress, or a whole object ends inside its stream before giving any text. zstd frames
// that need a window over 8 MiB to decode are refused (as `zstd -d --memory=8MB` would).
std::optional<Decompressed> DecompressStart(Compression compression, std::string_view start,
                                            bool whole_object, size_t max_bytes);

// The name of a compression, as the report writes it ("gzip"); "" for kNone.
std::string_view NameOf(Compression compression);

}  // namespace delta_arc::lineage
