// The values S3 operations take and return.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace delta_arc::aws {

struct S3Object {
  std::string key{};
  std::int64_t size = 0;
  std::string etag{};
  std::string last_modified{};  // ISO 8601, as S3 sends it
  std::string storage_class{};
};

struct ListObjectsPage {
  std::vector<S3Object> objects{};
  std::vector<std::string> common_prefixes{};
  bool is_truncated = false;
  std::string next_continuation_token{};
};

struct ListObjectsOptions {
  std::string prefix{};
  std::string delimiter{};
  std::string start_after{};
  int max_keys = 1000;  // per page; S3 never sends more than 1000
};

struct ObjectMetadata {
  std::int64_t content_length = 0;
  std::string etag{};
  std::string content_type{};
  std::string last_modified{};  // HTTP date
  std::string content_range{};  // "bytes 0-99/1234" for ranged reads
};

// Bytes first..last, inclusive; without `last`, to the end.
struct ByteRange {
  std::uint64_t first = 0;
  std::optional<std::uint64_t> last{};
};

struct GetObjectResult {
  std::string body{};
  ObjectMetadata metadata{};
};

struct PutObjectOptions {
  std::string content_type{};
  bool if_none_match_any = false;  // If-None-Match: * (create only)
  std::string if_match{};          // If-Match: <etag> (replace only that version)
};

}  // namespace delta_arc::aws
