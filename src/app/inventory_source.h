// The bucket's objects as its newest complete S3 Inventory report lists them
// (S3_INVENTORY): a full run's listing for buckets too big to list (ListObjectsV2 gives
// 1,000 keys a request). Only List reads the report; headers, single objects and folders
// are read from the bucket itself, and event runs list the bucket as before: objects newer
// than the report arrive through them. Memory does not grow with the report: its gzip CSV
// files are read in ranges and handed on a page of objects at a time.
#pragma once

#include <optional>

#include "app/inventory_report.h"
#include "aws/s3_client.h"
#include "common/log.h"

namespace delta_arc::app {

class InventoryObjectSource final : public lineage::ObjectSource {
 public:
  // `source_bucket`: S3_BUCKET_NAME, which the report must list; `bucket`: that bucket.
  InventoryObjectSource(aws::S3Client& s3, InventoryLocation location, std::string source_bucket,
                        lineage::ObjectSource& bucket, Logger& log)
      : s3_(s3),
        location_(std::move(location)),
        source_bucket_(std::move(source_bucket)),
        bucket_(bucket),
        log_(log) {}

  Status List(const std::string& prefix,
              const std::function<Status(std::vector<lineage::ObjectInfo>&&)>& on_page) override;
  Result<lineage::FolderListing> ListFolder(const std::string& prefix) override {
    return bucket_.ListFolder(prefix);
  }
  Result<lineage::ObjectBytes> ReadRange(const lineage::ObjectInfo& object, int64_t first,
                                         size_t bytes) override {
    return bucket_.ReadRange(object, first, bytes);
  }
  Result<lineage::ObjectInfo> Head(const std::string& key) override { return bucket_.Head(key); }
  std::optional<int64_t> ListedAsOf() const override { return created_ms_; }

 private:
  // One report folder's manifest: not complete yet (no manifest.checksum), damaged (it does
  // not match its checksum: `why` says so), or read.
  struct ReportRead {
    enum class State : uint8_t { kIncomplete, kDamaged, kRead } state = State::kRead;
    InventoryManifest manifest;
    std::string why;
  };
  // The manifest of the report to read: the newest complete one that matches its
  // manifest.checksum (one damaged report does not stop the bucket's runs).
  Result<InventoryManifest> FindReport();
  Result<ReportRead> ReadManifest(const std::string& folder);
  Status ReadDataFile(const InventoryDataFile& file, const InventoryRows& rows,
                      const std::string& prefix,
                      const std::function<Status(std::vector<lineage::ObjectInfo>&&)>& on_page);
  std::string Url(const std::string& key) const;

  aws::S3Client& s3_;
  InventoryLocation location_;
  std::string source_bucket_;
  lineage::ObjectSource& bucket_;
  Logger& log_;
  std::optional<int64_t> created_ms_;
};

}  // namespace delta_arc::app
