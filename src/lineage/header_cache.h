// The CSV headers delta-arc has read, per object version (key and ETag), kept
// with the discovery cache as its "headers" entry (a file beside
// POSTGRES_CACHE_FILE, or CACHE_S3_PREFIX/headers.json), so that a version is
// read once however many runs follow. An entry counts only for the ETag it was
// read from: a lost, corrupt or stale cache costs reads, never wrong lineage.
// Only real headers are kept: a first row that names no column is data, and the
// cache never holds data (it is remembered as "no header").
#pragma once

#include <deque>
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

  // What was read from this version of the object, if it was. The pointer stays valid
  // while the cache lives.
  const KnownHeader* Find(const ObjectInfo& object) const;
  void Remember(const ObjectInfo& object, KnownHeader header);
  // Forgets objects not in `keys` (a full run: the listing is the whole truth).
  void KeepOnly(const std::set<std::string>& keys);
  // Writes the entry when something changed; a failure is logged, not fatal (the next
  // run reads again).
  void Save(CacheStore& store, Logger& log) const;

 private:
  // The index of `header` in headers_, added if new. The files of a table mostly share
  // one header: 100,000 objects of 1,000 tables keep 1,000 headers, not 100,000.
  size_t Intern(KnownHeader header);

  struct Entry {
    std::string etag;
    size_t header = 0;  // into headers_
  };
  std::string bucket_;
  std::map<std::string, Entry> entries_;
  std::deque<KnownHeader> headers_ = {std::nullopt};  // distinct, in first-seen order; 0: none
  std::map<std::vector<std::string>, size_t> header_index_;
  bool changed_ = false;
};

}  // namespace delta_arc::lineage
