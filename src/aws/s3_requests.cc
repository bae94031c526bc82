// S3 request shapes; see s3_requests.h.
#include "aws/s3_requests.h"

#include <map>

#include "http/url.h"

namespace delta_arc::aws {

namespace {

// Where the bucket lives: "https://bucket.host" or "http://host:port/bucket".
std::string BucketBase(const Endpoint& endpoint, const std::string& bucket) {
  if (!endpoint.custom && IsVirtualHostable(bucket)) {
    const auto scheme_end = endpoint.url.find("://") + 3;
    return endpoint.url.substr(0, scheme_end) + bucket + "." + endpoint.url.substr(scheme_end);
  }
  return endpoint.url + "/" + http::PercentEncode(bucket);
}

std::string QueryString(const std::map<std::string, std::string>& params) {
  std::string out;
  for (const auto& [key, value] : params) {
    out += (out.empty() ? "" : "&") + http::PercentEncode(key) + "=" + http::PercentEncode(value);
  }
  return out;
}

}  // namespace

std::string S3ObjectUrl(const Endpoint& endpoint, const std::string& bucket,
                        const std::string& key) {
  return BucketBase(endpoint, bucket) + "/" + http::PercentEncode(key, /*keep_slash=*/true);
}

http::Request MakeListObjectsRequest(const Endpoint& endpoint, const std::string& bucket,
                                     const ListObjectsOptions& options,
                                     const std::string& continuation_token) {
  std::map<std::string, std::string> params{{"list-type", "2"}, {"encoding-type", "url"}};
  if (!options.prefix.empty()) params["prefix"] = options.prefix;
  if (!options.delimiter.empty()) params["delimiter"] = options.delimiter;
  if (!options.start_after.empty()) params["start-after"] = options.start_after;
  if (options.max_keys > 0) params["max-keys"] = std::to_string(options.max_keys);
  if (!continuation_token.empty()) params["continuation-token"] = continuation_token;
  const std::string base = BucketBase(endpoint, bucket);
  const bool virtual_host = base.find("/", base.find("://") + 3) == std::string::npos;
  return {.method = "GET", .url = base + (virtual_host ? "/?" : "?") + QueryString(params)};
}

http::Request MakeGetObjectRequest(const Endpoint& endpoint, const std::string& bucket,
                                   const std::string& key, const std::optional<ByteRange>& range) {
  http::Request request{.method = "GET", .url = S3ObjectUrl(endpoint, bucket, key)};
  if (range) {
    request.headers.Set("Range", "bytes=" + std::to_string(range->first) + "-" +
                                     (range->last ? std::to_string(*range->last) : ""));
    if (range->last) request.max_response_bytes = *range->last - range->first + 1;
  }
  return request;
}

http::Request MakeHeadObjectRequest(const Endpoint& endpoint, const std::string& bucket,
                                    const std::string& key) {
  return {.method = "HEAD", .url = S3ObjectUrl(endpoint, bucket, key)};
}

http::Request MakePutObjectRequest(const Endpoint& endpoint, const std::string& bucket,
                                   const std::string& key, std::string body,
                                   const PutObjectOptions& options) {
  http::Request request{
      .method = "PUT", .url = S3ObjectUrl(endpoint, bucket, key), .body = std::move(body)};
  if (!options.content_type.empty()) request.headers.Set("Content-Type", options.content_type);
  if (options.if_none_match_any) request.headers.Set("If-None-Match", "*");
  if (!options.if_match.empty()) request.headers.Set("If-Match", options.if_match);
  return request;
}

http::Request MakeDeleteObjectRequest(const Endpoint& endpoint, const std::string& bucket,
                                      const std::string& key) {
  return {.method = "DELETE", .url = S3ObjectUrl(endpoint, bucket, key)};
}

}  // namespace delta_arc::aws
