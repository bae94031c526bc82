// S3 cache store; see s3_cache_store.h.
#include "app/s3_cache_store.h"

namespace delta_arc::app {

Result<std::optional<std::string>> S3CacheStore::Read(const std::string& entry) {
  auto object = s3_.GetObject(bucket_, Key(entry));
  if (!object) {
    if (object.error().kind == ErrorKind::kNotFound) return std::optional<std::string>();
    return std::unexpected(object.error());
  }
  return std::optional<std::string>(std::move(object->body));
}

Status S3CacheStore::Write(const std::string& entry, const std::string& content) {
  aws::PutObjectOptions options;
  options.content_type = "application/json";
  auto etag = s3_.PutObject(bucket_, Key(entry), content, options);
  if (!etag) return std::unexpected(etag.error());
  return Ok();
}

Status S3CacheStore::Remove(const std::string& entry) {
  return s3_.DeleteObject(bucket_, Key(entry));
}

std::string S3CacheStore::Describe(const std::string& entry) const {
  return "s3://" + bucket_ + "/" + Key(entry);
}

}  // namespace delta_arc::app
