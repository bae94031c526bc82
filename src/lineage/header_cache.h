// The CSV headers delta-arc has read, per object version (key and ETag), kept
// with the discovery cache as its "headers" entry (a file beside
// POSTGRES_CACHE_FILE, or CACHE_S3_PREFIX/headers.json), so that a version is
// read once however many runs follow. An entry counts only for the ETag it was
// read from: a lost, corrupt or stale cache costs reads, never wrong lineage.
// Only real headers are kept: a first row that names no column is data, and the
// cache never holds data (it is remembered as "no header").
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "common/error.h"
#include "common/log.h"
#include "lineage/cache_store.h"
#include "lineage/object_source.h"

namespace delta_arc::lineage {

// What one object version says about its table's columns: the header's fields, or
// nullopt when it has none (no header row, or one longer than delta-arc reads).
using KnownHeader = std::optional<std::vector<std::string>>;

class HeaderCache {
 public:
  static constexpr const char* kEntry = "headers";

  // The entry for `bucket` in `store`, or an empty cache (said in the log at debug level).
  static HeaderCache Load(CacheStore& store, const std::string& bucket, Logger& log);

  // What was read from this version of the object, if it was.
  const KnownHeader* Find(const ObjectInfo& object) const;
  void Remember(const ObjectInfo& object, KnownHeader header);
  // Forgets objects not in `keys` (a full run: the listing is the whole truth).
  void KeepOnly(const std::set<std::string>& keys);
  // Writes the entry when something changed; a failure is logged, not fatal (the next
  // run reads again).
  void Save(CacheStore& store, Logger& log) const;

 private:
  struct Entry {
    std::string etag;
    KnownHeader header;
  };
  std::string bucket_;
  std::map<std::string, Entry> entries_;
  bool changed_ = false;
};

}  // namespace delta_arc::lineage
