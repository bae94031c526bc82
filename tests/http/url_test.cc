// Tests for URL parsing and percent-encoding.
#include "http/url.h"

#include <gtest/gtest.h>

namespace delta_arc::http {
namespace {

TEST(UrlTest, ParsesPieces) {
  auto url = ParseUrl("https://bucket.s3.eu-west-1.amazonaws.com:443/a%20b/c?list-type=2&x=y");
  ASSERT_TRUE(url) << url.error().message;
  EXPECT_EQ(url->scheme, "https");
  EXPECT_EQ(url->host, "bucket.s3.eu-west-1.amazonaws.com");
  EXPECT_EQ(url->port, 443);
  EXPECT_EQ(url->Authority(), "bucket.s3.eu-west-1.amazonaws.com");
  EXPECT_EQ(url->path, "/a%20b/c");
  EXPECT_EQ(url->query, "list-type=2&x=y");
}

TEST(UrlTest, KeepsNonDefaultPortAndDefaultsPath) {
  auto url = ParseUrl("http://127.0.0.1:4568");
  ASSERT_TRUE(url);
  EXPECT_EQ(url->Authority(), "127.0.0.1:4568");
  EXPECT_EQ(url->path, "/");
  EXPECT_EQ(ParseUrl("http://[::1]:80/x")->Authority(), "[::1]");
}

TEST(UrlTest, RejectsBadUrls) {
  EXPECT_FALSE(ParseUrl("s3.amazonaws.com"));
  EXPECT_FALSE(ParseUrl("ftp://host/"));
  EXPECT_FALSE(ParseUrl("http://host:99999/"));
  EXPECT_FALSE(ParseUrl("http:///path"));
}

TEST(UrlTest, PercentEncodesAllButUnreserved) {
  EXPECT_EQ(PercentEncode("a b+c=d%e&f;g~h*i(j)k/l"),
            "a%20b%2Bc%3Dd%25e%26f%3Bg~h%2Ai%28j%29k%2Fl");
  EXPECT_EQ(PercentEncode("dir/sub dir/é", true), "dir/sub%20dir/%C3%A9");
}

// As S3 encodes keys in events, inventory reports and listings with encoding-type=url.
TEST(UrlTest, FormDecoding) {
  EXPECT_EQ(FormDecode("AWS+SKO+2015/2015+AWS+Sales.pdf").value(),
            "AWS SKO 2015/2015 AWS Sales.pdf");
  EXPECT_EQ(FormDecode("a%2Bb/dt%3D2026-11-01/%C3%BC.csv").value(), "a+b/dt=2026-11-01/ü.csv");
  EXPECT_EQ(FormDecode("dt=2026-11-01/x%25y").value(), "dt=2026-11-01/x%y");
  EXPECT_EQ(FormDecode("bad%FF").value(), "bad\xFF");  // bytes: UTF-8 is the caller's check
  for (const char* bad : {"x%2", "x%", "x%zz"}) {
    ASSERT_FALSE(FormDecode(bad)) << bad;
    EXPECT_EQ(FormDecode(bad).error().kind, ErrorKind::kInvalidArgument);
  }
}

TEST(UrlTest, PercentDecodeRoundTrips) {
  const std::string key = "dir/ünï cödé+=%&;~*()";
  EXPECT_EQ(PercentDecode(PercentEncode(key)), key);
  EXPECT_EQ(PercentDecode("a+b%2"), "a+b%2");
}

}  // namespace
}  // namespace delta_arc::http
