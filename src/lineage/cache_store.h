// Where the discovery cache lives: local files (POSTGRES_CACHE_FILE,
// SNOWFLAKE_CACHE_FILE) or S3 objects (CACHE_S3_BUCKET, CACHE_S3_PREFIX).
// Entries are named "postgres" and "snowflake"; writes are atomic.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "common/error.h"

namespace delta_arc::lineage {

class CacheStore {
 public:
  virtual ~CacheStore() = default;
  // The entry's content, or nullopt when there is none.
  virtual Result<std::optional<std::string>> Read(const std::string& entry) = 0;
  virtual Status Write(const std::string& entry, const std::string& content) = 0;
  virtual Status Remove(const std::string& entry) = 0;
  // Where an entry lives, for messages: a path or an s3:// URL.
  virtual std::string Describe(const std::string& entry) const = 0;
};

// Files; each written to a temporary file beside it, flushed, and renamed over it.
class FileCacheStore final : public CacheStore {
 public:
  explicit FileCacheStore(std::map<std::string, std::string> paths) : paths_(std::move(paths)) {}
  Result<std::optional<std::string>> Read(const std::string& entry) override;
  Status Write(const std::string& entry, const std::string& content) override;
  Status Remove(const std::string& entry) override;
  std::string Describe(const std::string& entry) const override;

 private:
  std::map<std::string, std::string> paths_;
};

// Every entry is sealed: its content, then a last line "crc32 <8 hex digits>\n" with
// zlib's CRC-32 of everything before it. A damaged entry (a flipped bit, a hand edit, a
// file cut short or appended to) then reads as a miss, never as different lineage.
std::string Sealed(std::string content);

// The content of a sealed entry (a view into `entry`) when its seal matches; otherwise
// nullopt, and `problem` says why: no seal line (cut short, or an earlier version's
// format), or a seal that does not match (damaged).
std::optional<std::string_view> Unsealed(std::string_view entry, std::string& problem);

}  // namespace delta_arc::lineage
