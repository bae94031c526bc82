// The bucket as the pipeline reads it, against a real S3-compatible server (npm s3rver):
// a header is read from the version the listing named (If-Match), and when the object
// changed since, from the version there is now, under that version's ETag, so that what
// is read is never remembered under an older one.
#include "app/s3_object_source.h"

#include <gtest/gtest.h>

#include "http/http_client.h"
#include "tests/support/fake_env.h"
#include "tests/support/s3rver_process.h"

namespace delta_arc::app {
namespace {

constexpr char kBucket[] = "landing";

class S3ObjectSourceTest : public ::testing::Test {
 protected:
  static aws::AwsClientOptions Options(int port) {
    aws::AwsClientOptions options;
    options.region = "us-east-1";
    options.endpoint = {.url = "http://127.0.0.1:" + std::to_string(port), .custom = true};
    options.retry.base_delay = std::chrono::milliseconds(10);
    options.env = &delta_arc::testing::MachineEnv();
    return options;
  }

  delta_arc::testing::S3rverProcess server_{{kBucket}};
  http::HttpClient http_;
  aws::StaticCredentialsProvider credentials_{
      aws::Credentials{.access_key_id = "S3RVER", .secret_access_key = "S3RVER"}};
  aws::S3Client s3_{http_, credentials_, Options(server_.port())};
  S3ObjectSource bucket_{s3_, kBucket};
};

TEST_F(S3ObjectSourceTest, ReadsTheListedVersionOrTheOneThereNow) {
  ASSERT_TRUE(s3_.PutObject(kBucket, "2025/orders.csv", "orderid,customerid\n1,2\n"));
  auto listed = bucket_.Head("2025/orders.csv");
  ASSERT_TRUE(listed) << listed.error().message;
  auto read = bucket_.ReadRange(*listed, 0, 8);
  ASSERT_TRUE(read) << read.error().message;
  EXPECT_EQ(read->bytes, "orderid,");
  EXPECT_EQ(read->etag, listed->etag);
  // A range further in (a Parquet footer), and one that runs past the end.
  auto middle = bucket_.ReadRange(*listed, 8, 10);
  ASSERT_TRUE(middle) << middle.error().message;
  EXPECT_EQ(middle->bytes, "customerid");
  auto end = bucket_.ReadRange(*listed, 19, 100);
  ASSERT_TRUE(end) << end.error().message;
  EXPECT_EQ(end->bytes, "1,2\n");

  // Written again after the listing: S3 answers 412 to If-Match on the listed ETag.
  auto wrong =
      s3_.GetObject(kBucket, "2025/orders.csv", aws::ByteRange{0, 7}, "\"" + listed->etag + "x\"");
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.error().kind, ErrorKind::kConflict) << wrong.error().message;
  ASSERT_TRUE(s3_.PutObject(kBucket, "2025/orders.csv", "shipperid,phone\n1,555\n"));
  auto now = bucket_.Head("2025/orders.csv");
  ASSERT_TRUE(now);
  ASSERT_NE(now->etag, listed->etag);
  auto changed = bucket_.ReadRange(*listed, 0, 8);
  ASSERT_TRUE(changed) << changed.error().message;
  EXPECT_EQ(changed->bytes, "shipperi");
  EXPECT_EQ(changed->etag, now->etag);
}

}  // namespace
}  // namespace delta_arc::app
