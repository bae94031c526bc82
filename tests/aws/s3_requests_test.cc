// S3 request shapes (addressing styles, key encoding, list queries) and
// ListObjectsV2 answer parsing, encoding-type=url included.
#include "aws/s3_requests.h"

#include <gtest/gtest.h>

#include "aws/s3_client.h"

namespace delta_arc::aws {
namespace {

const Endpoint kAws{.url = "https://s3.eu-west-1.amazonaws.com"};
const Endpoint kLocal{.url = "http://127.0.0.1:4568", .custom = true};

TEST(S3RequestsTest, VirtualHostedOnAwsPathStyleOnCustomEndpoints) {
  EXPECT_EQ(S3ObjectUrl(kAws, "landing", "exports/2024/a b+c.csv"),
            "https://landing.s3.eu-west-1.amazonaws.com/exports/2024/a%20b%2Bc.csv");
  EXPECT_EQ(S3ObjectUrl(kLocal, "landing", "exports/x.csv"),
            "http://127.0.0.1:4568/landing/exports/x.csv");
  EXPECT_EQ(S3ObjectUrl(kAws, "dotted.bucket", "k"),
            "https://s3.eu-west-1.amazonaws.com/dotted.bucket/k");
}

TEST(S3RequestsTest, ListQueryIsEncodedAndComplete) {
  const auto virtual_host =
      MakeListObjectsRequest(kAws, "landing", {.prefix = "a b/", .max_keys = 500}, "tok+/=");
  EXPECT_EQ(virtual_host.url,
            "https://landing.s3.eu-west-1.amazonaws.com/?continuation-token=tok%2B%2F%3D"
            "&encoding-type=url&list-type=2&max-keys=500&prefix=a%20b%2F");
  const auto path_style = MakeListObjectsRequest(kLocal, "landing", {}, "");
  EXPECT_EQ(path_style.url,
            "http://127.0.0.1:4568/landing?encoding-type=url&list-type=2&max-keys=1000");
}

TEST(S3RequestsTest, RangeAndConditions) {
  const auto get = MakeGetObjectRequest(kLocal, "b", "k", ByteRange{.first = 0, .last = 4095});
  EXPECT_EQ(get.headers.Get("Range"), "bytes=0-4095");
  EXPECT_EQ(get.max_response_bytes, 4096u);
  const auto put = MakePutObjectRequest(kLocal, "b", "k", "body",
                                        {.content_type = "text/csv", .if_none_match_any = true});
  EXPECT_EQ(put.headers.Get("If-None-Match"), "*");
  EXPECT_EQ(put.headers.Get("Content-Type"), "text/csv");
  const auto replace = MakePutObjectRequest(kLocal, "b", "k", "body", {.if_match = "\"e1\""});
  EXPECT_EQ(replace.headers.Get("If-Match"), "\"e1\"");
}

TEST(S3RequestsTest, ParsesUrlEncodedListing) {
  auto page = ParseListObjectsPage(
      R"(<?xml version="1.0" encoding="UTF-8"?>
<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
  <Name>b</Name><Prefix>dir%2F</Prefix><KeyCount>2</KeyCount><MaxKeys>2</MaxKeys>
  <EncodingType>url</EncodingType><IsTruncated>true</IsTruncated>
  <NextContinuationToken>1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM=</NextContinuationToken>
  <Contents><Key>dir/a+b%2Bc%26%C3%A9.csv</Key><LastModified>2024-01-01T00:00:00.000Z</LastModified>
    <ETag>"abc"</ETag><Size>12</Size><StorageClass>STANDARD</StorageClass></Contents>
  <Contents><Key>dir/%25x</Key><Size>0</Size></Contents>
  <CommonPrefixes><Prefix>dir/sub+dir/</Prefix></CommonPrefixes>
</ListBucketResult>)");
  ASSERT_TRUE(page) << page.error().message;
  ASSERT_EQ(page->objects.size(), 2u);
  EXPECT_EQ(page->objects[0].key, "dir/a b+c&é.csv");
  EXPECT_EQ(page->objects[0].size, 12);
  EXPECT_EQ(page->objects[0].etag, "\"abc\"");
  EXPECT_EQ(page->objects[1].key, "dir/%x");
  EXPECT_EQ(page->common_prefixes, std::vector<std::string>{"dir/sub dir/"});
  EXPECT_TRUE(page->is_truncated);
  EXPECT_EQ(page->next_continuation_token, "1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM=");
}

TEST(S3RequestsTest, KeysAreLiteralWithoutEncodingType) {
  auto page = ParseListObjectsPage(
      "<ListBucketResult><IsTruncated>false</IsTruncated>"
      "<Contents><Key>a+b%20c</Key><Size>1</Size></Contents></ListBucketResult>");
  ASSERT_TRUE(page);
  EXPECT_EQ(page->objects.at(0).key, "a+b%20c");
  EXPECT_FALSE(page->is_truncated);
}

}  // namespace
}  // namespace delta_arc::aws
