// S3Client against a real S3-compatible server (npm s3rver, started by the
// test on a free port with a temp directory). s3rver accepts any SigV4
// signature from access key S3RVER, so signatures themselves are proven
// against botocore elsewhere; this proves the protocol: paths, keys,
// pagination, ranges, metadata and errors. Node 17+ needs
// --openssl-legacy-provider for s3rver 3.7.1's DES continuation tokens.
#include <gtest/gtest.h>

#include <set>
#include <thread>

#include "aws/s3_client.h"
#include "http/http_client.h"
#include "tests/http/local_server.h"
#include "tests/support/fake_env.h"
#include "tests/support/s3rver_process.h"
#include "tests/support/subprocess.h"

namespace delta_arc::aws {
namespace {

constexpr char kBucket[] = "delta-arc-test";
constexpr char kBigBucket[] = "delta-arc-big";

const std::vector<std::string> kAwkwardKeys = {
    "exports/with space.csv",   "exports/ünïcödé 日本.csv",
    "exports/plus+equals=.csv", "exports/percent%20literal.csv",
    "exports/amp&semi;.csv",    "exports/tilde~star*.csv",
    "exports/paren(1).csv",     "exports/all + = % & ; ~ * ( ).csv"};

class S3rverTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = new delta_arc::testing::S3rverProcess({kBucket, kBigBucket});
    port_ = server_->port();
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }

  static AwsClientOptions Options() {
    AwsClientOptions options;
    options.region = "us-east-1";
    options.endpoint = {.url = "http://127.0.0.1:" + std::to_string(port_), .custom = true};
    options.retry.base_delay = std::chrono::milliseconds(10);
    options.env = &delta_arc::testing::MachineEnv();
    return options;
  }

  // Test-suite-wide peers: one s3rver for all cases (raw pointers because
  // GoogleTest's suite hooks are static; freed in TearDownTestSuite).
  static inline delta_arc::testing::S3rverProcess* server_ = nullptr;
  static inline int port_ = 0;

  http::HttpClient http_;
  StaticCredentialsProvider credentials_{
      Credentials{.access_key_id = "S3RVER", .secret_access_key = "S3RVER"}};
  S3Client s3_{http_, credentials_, Options()};
};

TEST_F(S3rverTest, AwkwardKeysRoundTrip) {
  for (const auto& key : kAwkwardKeys) {
    auto etag =
        s3_.PutObject(kBucket, key, "id,name\n1," + key + "\n", {.content_type = "text/csv"});
    ASSERT_TRUE(etag) << key << ": " << etag.error().message;
    auto object = s3_.GetObject(kBucket, key);
    ASSERT_TRUE(object) << key << ": " << object.error().message;
    EXPECT_EQ(object->body, "id,name\n1," + key + "\n");
    EXPECT_EQ(object->metadata.etag, *etag);
    EXPECT_EQ(object->metadata.content_type, "text/csv");
  }
  std::vector<std::string> listed;
  ASSERT_TRUE(s3_.ListObjects(kBucket, {.prefix = "exports/", .max_keys = 3},
                              [&](const ListObjectsPage& page) -> Status {
                                for (const auto& o : page.objects) listed.push_back(o.key);
                                return Ok();
                              }));
  std::vector<std::string> expected = kAwkwardKeys;
  std::sort(expected.begin(), expected.end());
  std::sort(listed.begin(), listed.end());
  EXPECT_EQ(listed, expected);
  for (const auto& key : kAwkwardKeys) ASSERT_TRUE(s3_.DeleteObject(kBucket, key)) << key;
}

TEST_F(S3rverTest, RangedGetReadsOnlyTheHeader) {
  std::string csv = "order_id,customer_id,amount\n";
  while (csv.size() < 100000) csv += "1,2,3.00\n";
  ASSERT_TRUE(s3_.PutObject(kBucket, "ranged/orders.csv", csv));
  auto head = s3_.GetObject(kBucket, "ranged/orders.csv", ByteRange{.first = 0, .last = 4095});
  ASSERT_TRUE(head) << head.error().message;
  EXPECT_EQ(head->body, csv.substr(0, 4096));
  EXPECT_EQ(head->metadata.content_range, "bytes 0-4095/" + std::to_string(csv.size()));
  auto tail = s3_.GetObject(kBucket, "ranged/orders.csv", ByteRange{.first = csv.size() - 9});
  ASSERT_TRUE(tail);
  EXPECT_EQ(tail->body, "1,2,3.00\n");
}

TEST_F(S3rverTest, HeadObjectAndNotFound) {
  auto etag = s3_.PutObject(kBucket, "head/me.csv", "12345");
  ASSERT_TRUE(etag);
  auto meta = s3_.HeadObject(kBucket, "head/me.csv");
  ASSERT_TRUE(meta) << meta.error().message;
  EXPECT_EQ(meta->content_length, 5);
  EXPECT_EQ(meta->etag, *etag);
  EXPECT_FALSE(meta->last_modified.empty());
  ASSERT_TRUE(s3_.DeleteObject(kBucket, "head/me.csv"));
  auto gone = s3_.HeadObject(kBucket, "head/me.csv");
  ASSERT_FALSE(gone);
  EXPECT_EQ(gone.error().kind, ErrorKind::kNotFound);
}

TEST_F(S3rverTest, ErrorsCarryCodeAndMessage) {
  auto missing = s3_.GetObject(kBucket, "no/such key.csv");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().kind, ErrorKind::kNotFound);
  EXPECT_NE(missing.error().message.find("NoSuchKey: The specified key does not exist."),
            std::string::npos)
      << missing.error().message;
  EXPECT_NE(missing.error().message.find("s3://delta-arc-test/no/such key.csv"), std::string::npos);
  auto no_bucket = s3_.ListPage("no-such-bucket-here", {});
  ASSERT_FALSE(no_bucket);
  EXPECT_EQ(no_bucket.error().kind, ErrorKind::kNotFound);
  EXPECT_NE(no_bucket.error().message.find("NoSuchBucket"), std::string::npos);
  EXPECT_EQ(no_bucket.error().message.find("S3RVER"), std::string::npos);
}

TEST_F(S3rverTest, ConditionalPutWhatS3rverSupports) {
  // s3rver ignores If-None-Match / If-Match on PUT (it only evaluates them on
  // GET), so only the unconditional outcome is checkable here; the 412
  // mapping is tested against a fake below.
  auto created = s3_.PutObject(kBucket, "cond/state.json", "{}", {.if_none_match_any = true});
  ASSERT_TRUE(created) << created.error().message;
  auto replaced = s3_.PutObject(kBucket, "cond/state.json", "{\"v\":2}", {.if_match = *created});
  ASSERT_TRUE(replaced) << replaced.error().message;
  EXPECT_NE(*replaced, *created);
  EXPECT_EQ(s3_.GetObject(kBucket, "cond/state.json")->body, "{\"v\":2}");
}

TEST_F(S3rverTest, TenThousandObjectsListedExactlyOnce) {
  constexpr int kObjects = 10000;
  constexpr int kThreads = 8;
  auto key_of = [](int i) {
    char name[64];
    std::snprintf(name, sizeof name, "landing/part-%05d.csv", i);
    return std::string(name);
  };
  std::vector<std::thread> writers;
  std::atomic<int> failures{0};
  for (int t = 0; t < kThreads; ++t) {
    writers.emplace_back([&, t] {
      http::HttpClient http;
      S3Client s3(http, credentials_, Options());
      for (int i = t; i < kObjects; i += kThreads) {
        if (!s3.PutObject(kBigBucket, key_of(i), "x")) ++failures;
      }
    });
  }
  for (auto& w : writers) w.join();
  ASSERT_EQ(failures.load(), 0);

  std::set<std::string> seen;
  int pages = 0;
  int duplicates = 0;
  std::size_t largest_page = 0;
  auto status = s3_.ListObjects(kBigBucket, {.prefix = "landing/"},
                                [&](const ListObjectsPage& page) -> Status {
                                  ++pages;
                                  largest_page = std::max(largest_page, page.objects.size());
                                  for (const auto& object : page.objects)
                                    duplicates += !seen.insert(object.key).second;
                                  return Ok();
                                });
  ASSERT_TRUE(status) << status.error().message;
  EXPECT_EQ(duplicates, 0);
  EXPECT_EQ(seen.size(), static_cast<std::size_t>(kObjects));
  EXPECT_EQ(*seen.begin(), key_of(0));
  EXPECT_EQ(*seen.rbegin(), key_of(kObjects - 1));
  EXPECT_EQ(pages, 10);
  EXPECT_LE(largest_page, 1000u);
}

TEST_F(S3rverTest, PageCallbackErrorStopsTheListing) {
  ASSERT_TRUE(s3_.PutObject(kBucket, "stop/a", "1"));
  ASSERT_TRUE(s3_.PutObject(kBucket, "stop/b", "1"));
  int pages = 0;
  auto status = s3_.ListObjects(kBucket, {.prefix = "stop/", .max_keys = 1},
                                [&](const ListObjectsPage&) -> Status {
                                  ++pages;
                                  return Fail(ErrorKind::kInternal, "enough");
                                });
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().message, "enough");
  EXPECT_EQ(pages, 1);
}

// A fake that enforces S3's conditional-write semantics, which s3rver lacks.
TEST(S3ConditionalPutTest, PreconditionFailedIsAConflictWithRequestId) {
  delta_arc::testing::LocalServer server;
  server.server().Put(".*", [](const httplib::Request& req, httplib::Response& res) {
    res.set_header("x-amz-request-id", "TX-412");
    if (req.get_header_value("If-None-Match") == "*" || req.has_header("If-Match")) {
      res.status = 412;
      res.set_content(
          "<Error><Code>PreconditionFailed</Code><Message>At least one of the pre-conditions you "
          "specified did not hold</Message><Condition>If-None-Match</Condition>"
          "<RequestId>TX-412</RequestId></Error>",
          "application/xml");
      return;
    }
    res.set_header("ETag", "\"new\"");
  });
  server.Start();
  http::HttpClient http;
  StaticCredentialsProvider credentials(
      Credentials{.access_key_id = "AKID", .secret_access_key = "s"});
  AwsClientOptions options;
  options.region = "us-east-1";
  options.endpoint = {.url = server.url(), .custom = true};
  options.env = &delta_arc::testing::MachineEnv();
  S3Client s3(http, credentials, options);
  auto conflict = s3.PutObject("b", "k", "v", {.if_none_match_any = true});
  ASSERT_FALSE(conflict);
  EXPECT_EQ(conflict.error().kind, ErrorKind::kConflict);
  EXPECT_NE(conflict.error().message.find("PreconditionFailed"), std::string::npos);
  EXPECT_NE(conflict.error().message.find("request id TX-412"), std::string::npos)
      << conflict.error().message;
  auto stale = s3.PutObject("b", "k", "v", {.if_match = "\"old\""});
  ASSERT_FALSE(stale);
  EXPECT_EQ(stale.error().kind, ErrorKind::kConflict);
  EXPECT_EQ(s3.PutObject("b", "k", "v").value_or(""), "\"new\"");
}

}  // namespace
}  // namespace delta_arc::aws
