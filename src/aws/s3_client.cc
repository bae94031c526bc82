// S3 operations; see s3_client.h.
#include "aws/s3_client.h"

#include <charconv>
#include <pugixml.hpp>

#include "aws/s3_requests.h"
#include "http/url.h"

namespace delta_arc::aws {

namespace {

// S3's encoding-type=url uses form encoding: '+' is a space. S3 never sends a malformed
// escape; should one come, the text stands as it is.
std::string KeyOfListing(std::string_view text) {
  return http::FormDecode(text).value_or(std::string(text));
}

std::int64_t ToInt64(std::string_view text) {
  std::int64_t value = 0;
  std::from_chars(text.data(), text.data() + text.size(), value);
  return value;
}

ObjectMetadata MetadataOf(const http::Response& response) {
  ObjectMetadata m;
  m.content_length = ToInt64(response.headers.Get("Content-Length").value_or("0"));
  m.etag = response.headers.Get("ETag").value_or("");
  m.content_type = response.headers.Get("Content-Type").value_or("");
  m.last_modified = response.headers.Get("Last-Modified").value_or("");
  m.content_range = response.headers.Get("Content-Range").value_or("");
  return m;
}

std::string Where(const std::string& bucket, const std::string& key) {
  return "s3://" + bucket + "/" + key;
}

}  // namespace

Result<ListObjectsPage> ParseListObjectsPage(const std::string& xml) {
  pugi::xml_document doc;
  if (!doc.load_buffer(xml.data(), xml.size())) {
    return Fail(ErrorKind::kRemote, "S3 ListObjectsV2: answer is not XML");
  }
  const pugi::xml_node root = doc.child("ListBucketResult");
  if (!root) return Fail(ErrorKind::kRemote, "S3 ListObjectsV2: no ListBucketResult");
  const bool url_encoded = std::string_view(root.child_value("EncodingType")) == "url";
  auto decode = [url_encoded](const char* text) {
    return url_encoded ? KeyOfListing(text) : std::string(text);
  };
  ListObjectsPage page;
  page.is_truncated = std::string_view(root.child_value("IsTruncated")) == "true";
  page.next_continuation_token = root.child_value("NextContinuationToken");
  for (const pugi::xml_node node : root.children("Contents")) {
    page.objects.push_back({.key = decode(node.child_value("Key")),
                            .size = ToInt64(node.child_value("Size")),
                            .etag = node.child_value("ETag"),
                            .last_modified = node.child_value("LastModified"),
                            .storage_class = node.child_value("StorageClass")});
  }
  for (const pugi::xml_node node : root.children("CommonPrefixes")) {
    page.common_prefixes.push_back(decode(node.child_value("Prefix")));
  }
  return page;
}

S3Client::S3Client(http::Transport& transport, CredentialsProvider& credentials,
                   AwsClientOptions options)
    : caller_(transport, credentials, std::move(options), Service::kS3) {}

Result<ListObjectsPage> S3Client::ListPage(const std::string& bucket,
                                           const ListObjectsOptions& options,
                                           const std::string& continuation_token) {
  const AwsCall call{.operation = "S3 ListObjectsV2 " + Where(bucket, options.prefix),
                     .request = MakeListObjectsRequest(caller_.options().endpoint, bucket, options,
                                                       continuation_token)};
  auto response = caller_.Call(call);
  if (!response) return std::unexpected(response.error());
  return ParseListObjectsPage(response->body);
}

Status S3Client::ListObjects(const std::string& bucket, const ListObjectsOptions& options,
                             const PageFn& on_page) {
  std::string token;
  do {
    auto page = ListPage(bucket, options, token);
    if (!page) return std::unexpected(page.error());
    if (auto status = on_page(*page); !status) return status;
    if (page->is_truncated &&
        (page->next_continuation_token.empty() || page->next_continuation_token == token)) {
      return Fail(ErrorKind::kRemote, "S3 ListObjectsV2 " + Where(bucket, options.prefix) +
                                          ": truncated page without a new continuation token");
    }
    token = page->is_truncated ? page->next_continuation_token : "";
  } while (!token.empty());
  return Ok();
}

Result<GetObjectResult> S3Client::GetObject(const std::string& bucket, const std::string& key,
                                            const std::optional<ByteRange>& range,
                                            const std::string& if_match) {
  AwsCall call{.operation = "S3 GetObject " + Where(bucket, key),
               .request = MakeGetObjectRequest(caller_.options().endpoint, bucket, key, range)};
  if (!if_match.empty()) call.request.headers.Set("If-Match", if_match);
  auto response = caller_.Call(call);
  if (!response) return std::unexpected(response.error());
  return GetObjectResult{.body = std::move(response->body), .metadata = MetadataOf(*response)};
}

Result<ObjectMetadata> S3Client::HeadObject(const std::string& bucket, const std::string& key) {
  const AwsCall call{.operation = "S3 HeadObject " + Where(bucket, key),
                     .request = MakeHeadObjectRequest(caller_.options().endpoint, bucket, key)};
  auto response = caller_.Call(call);
  if (!response) return std::unexpected(response.error());
  return MetadataOf(*response);
}

Result<std::string> S3Client::PutObject(const std::string& bucket, const std::string& key,
                                        std::string body, const PutObjectOptions& options) {
  const AwsCall call{.operation = "S3 PutObject " + Where(bucket, key),
                     .request = MakePutObjectRequest(caller_.options().endpoint, bucket, key,
                                                     std::move(body), options)};
  auto response = caller_.Call(call);
  if (!response) return std::unexpected(response.error());
  return response->headers.Get("ETag").value_or("");
}

Status S3Client::DeleteObject(const std::string& bucket, const std::string& key) {
  const AwsCall call{.operation = "S3 DeleteObject " + Where(bucket, key),
                     .request = MakeDeleteObjectRequest(caller_.options().endpoint, bucket, key)};
  auto response = caller_.Call(call);
  if (!response) return std::unexpected(response.error());
  return Ok();
}

}  // namespace delta_arc::aws
