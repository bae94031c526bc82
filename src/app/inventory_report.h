// S3 Inventory reports (S3_INVENTORY), read as AWS documents them: a report is a folder
// `<destination prefix>/<source bucket>/<config id>/YYYY-MM-DDTHH-MMZ/` holding
// manifest.json and, once the report is complete, manifest.checksum (the MD5 of
// manifest.json, in hex). The manifest names the source bucket, the time the report was
// made, the file format, the columns (fileSchema) and the data files: gzip CSV without a
// header row, every field quoted, keys URL-encoded with '+' for a space.
// (docs.aws.amazon.com/AmazonS3/latest/userguide/storage-inventory-location.html and
// storage-inventory.html.) This file parses; inventory_source.h fetches.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/error.h"
#include "lineage/object_source.h"

namespace delta_arc::app {

// S3_INVENTORY: s3://<bucket>/<key>, where the key is the configuration's folder
// (ending in '/') or one report's manifest.json.
struct InventoryLocation {
  std::string bucket;
  std::string key;
  bool IsManifest() const { return key.ends_with("manifest.json"); }
};
Result<InventoryLocation> ParseInventoryUrl(std::string_view url);

// A report folder's name, "2026-11-27T01-00Z": the time the report was started.
bool IsReportFolderName(std::string_view name);

struct InventoryDataFile {
  std::string key;  // in the destination bucket
  int64_t size = 0;
  std::string md5;  // hex, of the compressed file
};

struct InventoryManifest {
  std::string source_bucket;
  std::string destination_bucket;  // its name (the manifest gives its ARN)
  int64_t created_ms = 0;          // when S3 began scanning the bucket for it
  std::vector<std::string> columns;
  std::vector<InventoryDataFile> files;
};

// The manifest's JSON; an error naming the format for ORC and Parquet reports (no Debian
// package reads them) and naming what is missing for any other manifest it cannot use.
Result<InventoryManifest> ParseInventoryManifest(std::string_view text);

// manifest.checksum holds the hex MD5 of manifest.json's bytes (whitespace around it
// allowed, either case).
bool ManifestChecksumMatches(std::string_view manifest, std::string_view checksum);

// Reads a data file's rows for the columns of `fileSchema`.
class InventoryRows {
 public:
  // An error naming the fields delta-arc needs and the report lacks.
  static Result<InventoryRows> ForColumns(const std::vector<std::string>& columns);
  // One line of CSV: the object, or nullopt for a row that is no current object (a
  // noncurrent version or a delete marker, in a report of all versions).
  Result<std::optional<lineage::ObjectInfo>> Parse(std::string_view line) const;

 private:
  size_t fields_ = 0;
  size_t key_ = 0, size_ = 0, modified_ = 0, etag_ = 0;
  std::optional<size_t> is_latest_, is_delete_marker_;
};

}  // namespace delta_arc::app
