// The HTTP shape of each S3 operation: URL (virtual-hosted on AWS,
// path-style on a custom endpoint), query and headers, unsigned. Kept apart
// from sending so the signatures can be compared with botocore's.
#pragma once

#include <string>

#include "aws/endpoints.h"
#include "aws/s3_types.h"
#include "http/request.h"

namespace delta_arc::aws {

// https://bucket.s3.region.amazonaws.com/key or <endpoint>/bucket/key, the
// key percent-encoded once with '/' kept.
std::string S3ObjectUrl(const Endpoint& endpoint, const std::string& bucket,
                        const std::string& key);

http::Request MakeListObjectsRequest(const Endpoint& endpoint, const std::string& bucket,
                                     const ListObjectsOptions& options,
                                     const std::string& continuation_token);
http::Request MakeGetObjectRequest(const Endpoint& endpoint, const std::string& bucket,
                                   const std::string& key, const std::optional<ByteRange>& range);
http::Request MakeHeadObjectRequest(const Endpoint& endpoint, const std::string& bucket,
                                    const std::string& key);
http::Request MakePutObjectRequest(const Endpoint& endpoint, const std::string& bucket,
                                   const std::string& key, std::string body,
                                   const PutObjectOptions& options);
http::Request MakeDeleteObjectRequest(const Endpoint& endpoint, const std::string& bucket,
                                      const std::string& key);

}  // namespace delta_arc::aws
