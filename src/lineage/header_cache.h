// What objects state about their columns (a CSV header, a Parquet or Avro schema, JSON
// lines' keys), as delta-arc has read it, per object version (key and ETag), kept
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
#include <string_view>
#include <variant>
#include <vector>

#include "common/error.h"
#include "common/log.h"
#include "lineage/cache_store.h"
#include "lineage/file_columns.h"
#include "lineage/object_source.h"

namespace delta_arc::lineage {

// Why an object version tells nothing about its table's columns; the value is its code
// in the cache file (-2 to -4, verdicts of versions that did not read compressed objects,
// are retired).
enum class NoHeader : int8_t {
  kData = -1,             // its first row names no column (it is data), or is longer than is read
  kNotUtf8 = -5,          // its first row is not UTF-8 (Latin-1, UTF-16, or not text at all)
  kGzipDamaged = -6,      // gzip whose first bytes do not decompress
  kZstdDamaged = -7,      // zstd likewise (or its window is larger than is decoded)
  kBzip2Damaged = -8,     // bzip2 likewise
  kRecordTooLong = -9,    // no whole record (or compressed block) within what is read
  kParquetDamaged = -10,  // "PAR1", but its footer holds no readable schema
  kAvroDamaged = -11,     // "Obj" 1, but its header holds no readable record schema
  kJsonDamaged = -12,     // JSON lines with a line that is not a JSON object
  kSchemaTooLong = -13,   // a Parquet or Avro schema longer than is read
  kOrc = -14,             // ORC: no reader
};

// Why, for a person: "compressed (gzip): its first bytes do not decompress", …
std::string_view Explain(NoHeader why);

// What one object version says about its table's columns: the columns it states (with
// their types where its format states them, and what kind of file it is), or why it says
// nothing.
using KnownHeader = std::variant<FileSchema, NoHeader>;

class HeaderCache {
 public:
  static constexpr const char* kEntry = "headers";

  // The entry for `bucket` in `store`, or an empty cache: when there is none (said in the
  // log at debug level), when it is damaged (a warning), or when `fresh` (--force-refresh:
  // every header is read again and the entry rewritten). Each object's entry is checked;
  // one that does not hold together is dropped, with a warning, and its object read again.
  static HeaderCache Load(CacheStore& store, const std::string& bucket, Logger& log,
                          bool fresh = false);

  // What was read from this version of the object, if it was. The pointer stays valid while
  // the cache lives.
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
  // A cache that knows nothing yet.
  static HeaderCache Empty(const std::string& bucket);
  // Reads the sealed content of a saved entry; false when it is not usable as a whole.
  bool Parse(std::string_view content, Logger& log, const std::string& location);

  struct Entry {
    std::string etag;
    size_t header = 0;  // into headers_
  };
  std::string bucket_;
  std::map<std::string, Entry> entries_;
  // Distinct headers in first-seen order, after every NoHeader (each at its own index).
  std::deque<KnownHeader> headers_;
  std::map<KnownHeader, size_t> header_index_;
  bool changed_ = false;
};

}  // namespace delta_arc::lineage
