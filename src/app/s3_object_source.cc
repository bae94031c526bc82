// S3 object source; see s3_object_source.h.
#include "app/s3_object_source.h"

#include <ctime>

namespace delta_arc::app {

namespace {

std::string Unquoted(std::string etag) {
  if (etag.size() >= 2 && etag.front() == '"' && etag.back() == '"') {
    etag = etag.substr(1, etag.size() - 2);
  }
  return etag;
}

// An ETag as If-Match takes it: quoted (RFC 9110 §8.8.3); none, none.
std::string Quoted(const std::string& etag) {
  return etag.empty() ? "" : '"' + etag + '"';
}

}  // namespace

int64_t ParseS3Time(const std::string& text) {
  std::tm tm{};
  int millis = 0;
  if (const char* rest = strptime(text.c_str(), "%Y-%m-%dT%H:%M:%S", &tm)) {
    if (*rest == '.') millis = std::atoi(std::string(rest + 1, 3).c_str());
  } else if (strptime(text.c_str(), "%a, %d %b %Y %H:%M:%S", &tm) == nullptr) {
    return 0;
  }
  return static_cast<int64_t>(timegm(&tm)) * 1000 + millis;
}

Status S3ObjectSource::List(
    const std::string& prefix,
    const std::function<Status(std::vector<lineage::ObjectInfo>&&)>& on_page) {
  aws::ListObjectsOptions options;
  options.prefix = prefix;
  return s3_.ListObjects(bucket_, options, [&](const aws::ListObjectsPage& page) {
    std::vector<lineage::ObjectInfo> objects;
    objects.reserve(page.objects.size());
    for (const auto& o : page.objects) {
      objects.push_back({o.key, o.size, ParseS3Time(o.last_modified), Unquoted(o.etag)});
    }
    return on_page(std::move(objects));
  });
}

Result<lineage::FolderListing> S3ObjectSource::ListFolder(const std::string& prefix) {
  // Built, not assigned: g++ 12 warns falsely (-Wrestrict) on assigning "/" to a string.
  const aws::ListObjectsOptions options{.prefix = prefix, .delimiter = "/"};
  lineage::FolderListing listing;
  auto status = s3_.ListObjects(bucket_, options, [&](const aws::ListObjectsPage& page) {
    for (const auto& o : page.objects) listing.object_keys.push_back(o.key);
    listing.folders.insert(listing.folders.end(), page.common_prefixes.begin(),
                           page.common_prefixes.end());
    return Ok();
  });
  if (!status) return std::unexpected(status.error());
  return listing;
}

Result<lineage::ObjectBytes> S3ObjectSource::ReadRange(const lineage::ObjectInfo& object,
                                                       int64_t first, size_t bytes) {
  if (bytes == 0) return lineage::ObjectBytes{"", object.etag};
  const auto from = static_cast<uint64_t>(first);
  const aws::ByteRange range{from, from + bytes - 1};
  // S3 answers 412 when the version listed is no longer the object's (RFC 9110 §13.1.1):
  // the object changed since the listing, so the version there now is read instead.
  auto result = s3_.GetObject(bucket_, object.key, range, Quoted(object.etag));
  if (!result && result.error().kind == ErrorKind::kConflict && !object.etag.empty()) {
    result = s3_.GetObject(bucket_, object.key, range);
  }
  if (!result) return std::unexpected(result.error());
  if (result->body.size() > bytes) result->body.resize(bytes);  // a server that ignored Range
  std::string etag = Unquoted(result->metadata.etag);
  return lineage::ObjectBytes{std::move(result->body), etag.empty() ? object.etag : etag};
}

Result<lineage::ObjectInfo> S3ObjectSource::Head(const std::string& key) {
  auto meta = s3_.HeadObject(bucket_, key);
  if (!meta) return std::unexpected(meta.error());
  return lineage::ObjectInfo{key, meta->content_length, ParseS3Time(meta->last_modified),
                             Unquoted(meta->etag)};
}

}  // namespace delta_arc::app
