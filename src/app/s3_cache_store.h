// The discovery cache in S3 (CACHE_S3_BUCKET, CACHE_S3_PREFIX): one object per
// entry, "<prefix>postgres.json" and "<prefix>snowflake.json". A PutObject is
// atomic, so a reader sees the old entry or the new one, never half.
#pragma once

#include "aws/s3_client.h"
#include "lineage/cache_store.h"

namespace delta_arc::app {

class S3CacheStore final : public lineage::CacheStore {
 public:
  S3CacheStore(aws::S3Client& s3, std::string bucket, std::string prefix)
      : s3_(s3), bucket_(std::move(bucket)), prefix_(std::move(prefix)) {}
  Result<std::optional<std::string>> Read(const std::string& entry) override;
  Status Write(const std::string& entry, const std::string& content) override;
  Status Remove(const std::string& entry) override;
  std::string Describe(const std::string& entry) const override;

 private:
  std::string Key(const std::string& entry) const { return prefix_ + entry + ".json"; }
  aws::S3Client& s3_;
  std::string bucket_;
  std::string prefix_;
};

}  // namespace delta_arc::app
