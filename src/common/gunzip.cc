// Streaming gzip decompression; see gunzip.h.
#include "common/gunzip.h"

#include <zlib.h>

#include <array>

namespace delta_arc {

struct Gunzip::State {
  z_stream stream{};
  bool in_member = false;  // started a member that has not ended yet
  bool failed = false;
};

Gunzip::Gunzip(std::string what) : state_(std::make_unique<State>()), what_(std::move(what)) {
  // 15 + 16: a gzip header and trailer around the deflate data (zlib.h, inflateInit2).
  if (inflateInit2(&state_->stream, 15 + 16) != Z_OK) state_->failed = true;
}

Gunzip::~Gunzip() {
  inflateEnd(&state_->stream);
}

Status Gunzip::Feed(std::string_view compressed, const Sink& out) {
  if (state_->failed) return Fail(ErrorKind::kInvalidArgument, what_ + ": not gzip data");
  z_stream& z = state_->stream;
  // zlib's API takes a non-const pointer but does not write through it.
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(compressed.data()));
  z.avail_in = static_cast<uInt>(compressed.size());
  std::array<char, 64 * 1024> buffer;
  // Until the input is used up and zlib holds no more output (a full buffer may hide more).
  do {
    if (z.avail_in > 0) state_->in_member = true;
    z.next_out = reinterpret_cast<Bytef*>(buffer.data());
    z.avail_out = static_cast<uInt>(buffer.size());
    const int rc = inflate(&z, Z_NO_FLUSH);
    if (rc != Z_OK && rc != Z_STREAM_END && rc != Z_BUF_ERROR) {
      state_->failed = true;
      return Fail(ErrorKind::kInvalidArgument,
                  what_ + ": not valid gzip data (" + (z.msg ? z.msg : "zlib error") + ")");
    }
    const size_t produced = buffer.size() - z.avail_out;
    if (produced > 0) {
      if (auto s = out(std::string_view(buffer.data(), produced)); !s) return s;
    }
    if (rc == Z_STREAM_END) {
      state_->in_member = false;
      inflateReset(&z);  // another member may follow
      continue;
    }
    if (rc == Z_BUF_ERROR) break;  // no progress without more input
  } while (z.avail_in > 0 || z.avail_out == 0);
  return Ok();
}

Status Gunzip::Finish() const {
  if (state_->failed || state_->in_member) {
    return Fail(ErrorKind::kInvalidArgument, what_ + ": the gzip data ends early (truncated?)");
  }
  return Ok();
}

}  // namespace delta_arc
