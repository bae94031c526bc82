// Compressed objects by magic number; see compression.h.
#include "lineage/compression.h"

#include <bzlib.h>
#include <zstd.h>

#include <memory>

#include "common/gunzip.h"

namespace delta_arc::lineage {

namespace {

// 2^23 = 8 MiB: what zstd's levels up to 19 use (lib/compress/clevels.h); a frame asking
// for more (--long, --ultra) would have each of the concurrent reads hold its window.
constexpr int kZstdWindowLogMax = 23;

// The text so far, and how the stream stood when the bytes ran out or the text was enough.
struct Inflation {
  std::string text;
  bool enough = false;  // max_bytes reached: inflating stopped there
  bool ended = false;   // the stream's end was read (and nothing of it follows)
};

std::optional<Decompressed> Finish(Inflation inflated, bool whole_object) {
  if (whole_object && !inflated.enough && !inflated.ended && inflated.text.empty()) {
    return std::nullopt;
  }
  const bool whole = whole_object && inflated.ended && !inflated.enough;
  return Decompressed{std::move(inflated.text), whole};
}

std::optional<Inflation> Gunzip(std::string_view start, size_t max_bytes) {
  Inflation inflated;
  delta_arc::Gunzip gunzip("a gzip object");
  const Status fed = gunzip.Feed(start, [&](std::string_view piece) -> Status {
    inflated.text.append(piece.substr(0, max_bytes - inflated.text.size()));
    if (inflated.text.size() < max_bytes) return Ok();
    inflated.enough = true;
    return Fail(ErrorKind::kStopped, "read enough");  // stops inflating
  });
  if (!fed && !inflated.enough) return std::nullopt;
  inflated.ended = !inflated.enough && gunzip.Finish().has_value();
  return inflated;
}

// zstd's streaming decoder (zstd.h, ZSTD_decompressStream); concatenated frames are one
// stream, as `zstd -d` reads them.
std::optional<Inflation> Unzstd(std::string_view start, size_t max_bytes) {
  const std::unique_ptr<ZSTD_DCtx, size_t (*)(ZSTD_DCtx*)> context(ZSTD_createDCtx(),
                                                                   ZSTD_freeDCtx);
  if (!context) return std::nullopt;
  ZSTD_DCtx_setParameter(context.get(), ZSTD_d_windowLogMax, kZstdWindowLogMax);
  Inflation inflated;
  inflated.text.resize(max_bytes);
  ZSTD_inBuffer in{start.data(), start.size(), 0};
  ZSTD_outBuffer out{inflated.text.data(), max_bytes, 0};
  while (true) {
    const size_t left = ZSTD_decompressStream(context.get(), &out, &in);
    if (ZSTD_isError(left)) return std::nullopt;
    if (out.pos == out.size) {
      inflated.enough = true;
      break;
    }
    if (in.pos == in.size) {
      inflated.ended = left == 0;  // 0: the frame is decoded and flushed
      break;
    }
  }
  inflated.text.resize(out.pos);
  return inflated;
}

// libbz2's decoder (bzlib.h, BZ2_bzDecompress) in its small mode: 2.5 bytes per byte of
// block rather than 4, as several reads may each hold a 900 kB block at once.
std::optional<Inflation> Bunzip2(std::string_view start, size_t max_bytes) {
  bz_stream stream{};
  if (BZ2_bzDecompressInit(&stream, 0, /*small=*/1) != BZ_OK) return std::nullopt;
  const std::unique_ptr<bz_stream, int (*)(bz_stream*)> closing(&stream, BZ2_bzDecompressEnd);
  Inflation inflated;
  inflated.text.resize(max_bytes);
  // libbz2 takes a non-const pointer but does not write through next_in.
  stream.next_in = const_cast<char*>(start.data());
  stream.avail_in = static_cast<unsigned>(start.size());
  stream.next_out = inflated.text.data();
  stream.avail_out = static_cast<unsigned>(max_bytes);
  while (true) {
    const int status = BZ2_bzDecompress(&stream);
    if (status == BZ_STREAM_END) {
      inflated.ended = stream.avail_in == 0;
      break;
    }
    if (status != BZ_OK) return std::nullopt;
    if (stream.avail_out == 0) {
      inflated.enough = true;
      break;
    }
    if (stream.avail_in == 0) break;
  }
  inflated.text.resize(max_bytes - stream.avail_out);
  return inflated;
}

}  // namespace

Compression CompressionOf(std::string_view start) {
  if (start.starts_with("\x1F\x8B")) return Compression::kGzip;
  if (start.starts_with("\x28\xB5\x2F\xFD")) return Compression::kZstd;
  if (start.size() >= 4 && start.starts_with("BZh") && start[3] >= '1' && start[3] <= '9') {
    return Compression::kBzip2;
  }
  return Compression::kNone;
}

std::optional<Decompressed> DecompressStart(Compression compression, std::string_view start,
                                            bool whole_object, size_t max_bytes) {
  std::optional<Inflation> inflated;
  switch (compression) {
    case Compression::kGzip:
      inflated = Gunzip(start, max_bytes);
      break;
    case Compression::kZstd:
      inflated = Unzstd(start, max_bytes);
      break;
    case Compression::kBzip2:
      inflated = Bunzip2(start, max_bytes);
      break;
    case Compression::kNone:
      return Decompressed{std::string(start), whole_object};
  }
  if (!inflated) return std::nullopt;
  return Finish(std::move(*inflated), whole_object);
}

std::string_view NameOf(Compression compression) {
  switch (compression) {
    case Compression::kGzip:
      return "gzip";
    case Compression::kZstd:
      return "zstd";
    case Compression::kBzip2:
      return "bzip2";
    case Compression::kNone:
      break;
  }
  return "";
}

}  // namespace delta_arc::lineage
