// Streaming gzip decompression (zlib): compressed bytes in, in pieces of any size;
// decompressed bytes out, in pieces of at most 64 KiB, so that memory does not grow with
// the stream (an S3 Inventory data file can hold millions of rows). Concatenated gzip
// members (RFC 1952 allows them, and some writers emit them) are read as one stream.
#pragma once

#include <functional>
#include <memory>
#include <string_view>

#include "common/error.h"

namespace delta_arc {

class Gunzip {
 public:
  // `what` names the stream in errors ("s3://bucket/key").
  explicit Gunzip(std::string what);
  ~Gunzip();
  Gunzip(const Gunzip&) = delete;
  Gunzip& operator=(const Gunzip&) = delete;

  using Sink = std::function<Status(std::string_view)>;
  // Decompresses `compressed`, the stream's next bytes, calling `out` with what it gives.
  Status Feed(std::string_view compressed, const Sink& out);
  // After the last Feed: an error when the stream stopped inside a member.
  Status Finish() const;

 private:
  struct State;
  std::unique_ptr<State> state_;
  std::string what_;
};

}  // namespace delta_arc
