// The bucket seen through the S3 client: the pipeline's ObjectSource.
#pragma once

#include "aws/s3_client.h"
#include "lineage/object_source.h"

namespace delta_arc::app {

class S3ObjectSource final : public lineage::ObjectSource {
 public:
  S3ObjectSource(aws::S3Client& s3, std::string bucket) : s3_(s3), bucket_(std::move(bucket)) {}
  Status List(const std::string& prefix,
              const std::function<Status(std::vector<lineage::ObjectInfo>&&)>& on_page) override;
  Result<lineage::FolderListing> ListFolder(const std::string& prefix) override;
  Result<lineage::ObjectBytes> ReadRange(const lineage::ObjectInfo& object, int64_t first,
                                         size_t bytes) override;
  Result<lineage::ObjectInfo> Head(const std::string& key) override;

 private:
  aws::S3Client& s3_;
  std::string bucket_;
};

// "2025-01-02T03:04:05.678Z" (ListObjectsV2) or an HTTP date (HeadObject) → epoch ms;
// 0 when unreadable.
int64_t ParseS3Time(const std::string& text);

}  // namespace delta_arc::app
