// S3Client: the S3 operations delta-arc uses — ListObjectsV2 page by page,
// ranged GetObject, HeadObject, conditional PutObject, DeleteObject.
// Not thread-safe: one client per thread.
#pragma once

#include <functional>
#include <string>

#include "aws/aws_caller.h"
#include "aws/s3_types.h"

namespace delta_arc::aws {

// Parses a ListObjectsV2 answer, decoding url-encoded keys when the answer
// says EncodingType=url.
Result<ListObjectsPage> ParseListObjectsPage(const std::string& xml);

class S3Client {
 public:
  using PageFn = std::function<Status(const ListObjectsPage&)>;

  S3Client(http::Transport& transport, CredentialsProvider& credentials, AwsClientOptions options);

  // One page, starting at `continuation_token` ("" for the first).
  Result<ListObjectsPage> ListPage(const std::string& bucket, const ListObjectsOptions& options,
                                   const std::string& continuation_token = "");
  // Every page in order, handed to `on_page` one at a time (memory: one
  // page); an error from `on_page` stops the listing and is returned.
  Status ListObjects(const std::string& bucket, const ListObjectsOptions& options,
                     const PageFn& on_page);

  // With `if_match` (a quoted ETag), only that version: kConflict when it is no longer the
  // object's (412 Precondition Failed).
  Result<GetObjectResult> GetObject(const std::string& bucket, const std::string& key,
                                    const std::optional<ByteRange>& range = std::nullopt,
                                    const std::string& if_match = "");
  // kNotFound when the object does not exist.
  Result<ObjectMetadata> HeadObject(const std::string& bucket, const std::string& key);
  // The new ETag; kConflict when a condition fails (412, or 409 on a race).
  Result<std::string> PutObject(const std::string& bucket, const std::string& key, std::string body,
                                const PutObjectOptions& options = {});
  Status DeleteObject(const std::string& bucket, const std::string& key);

 private:
  AwsCaller caller_;
};

}  // namespace delta_arc::aws
