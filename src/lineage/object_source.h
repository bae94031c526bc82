// The bucket as the pipeline sees it: a paged listing of objects under a prefix
// and ranges of an object's bytes (for the columns its header or footer states). The S3 client
// provides it in production; tests use the same S3 client against a local server.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "common/error.h"

namespace delta_arc::lineage {

struct ObjectInfo {
  std::string key;  // the full object key
  int64_t size = 0;
  int64_t last_modified = 0;  // epoch milliseconds
  std::string etag;           // without quotes
};

// A range of one object version's bytes.
struct ObjectBytes {
  std::string bytes;
  std::string etag;  // the version they are of, without quotes
};

// What a folder holds immediately: S3's listing of it with the delimiter '/'.
struct FolderListing {
  std::vector<std::string> object_keys;  // objects directly inside (the full keys)
  std::vector<std::string> folders;      // folders directly inside (full keys, with their '/')
};

class ObjectSource {
 public:
  virtual ~ObjectSource() = default;
  // Calls `on_page` with each page of objects under `prefix`, in key order.
  virtual Status List(const std::string& prefix,
                      const std::function<Status(std::vector<ObjectInfo>&&)>& on_page) = 0;
  // The objects and folders immediately inside the folder `prefix` (ending in '/').
  virtual Result<FolderListing> ListFolder(const std::string& prefix) = 0;
  // `bytes` bytes from byte `first` (fewer where the object ends) of the object's version
  // `object.etag` (If-Match); when that version is gone (412), of the version there is
  // now, whose ETag the answer carries, so what is read is never remembered under an
  // older version.
  virtual Result<ObjectBytes> ReadRange(const ObjectInfo& object, int64_t first, size_t bytes) = 0;
  // One object's listing entry, or kNotFound (for single-object S3 events).
  virtual Result<ObjectInfo> Head(const std::string& key) = 0;
  // Once List hands its first page (or has returned): when its objects are as a report
  // made earlier lists them (S3 Inventory), the time that report was made (epoch ms);
  // nullopt when List reads the bucket itself.
  virtual std::optional<int64_t> ListedAsOf() const { return std::nullopt; }
};

}  // namespace delta_arc::lineage
