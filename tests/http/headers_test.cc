// Tests for case-insensitive header lists.
#include "http/headers.h"

#include <gtest/gtest.h>

namespace delta_arc::http {
namespace {

TEST(HeadersTest, LookupIgnoresCase) {
  Headers headers{{"Content-Type", "text/csv"}, {"x-amz-request-id", "abc"}};
  EXPECT_EQ(headers.Get("content-type"), "text/csv");
  EXPECT_EQ(headers.Get("X-Amz-Request-Id"), "abc");
  EXPECT_FALSE(headers.Get("etag").has_value());
}

TEST(HeadersTest, SetReplacesEveryCase) {
  Headers headers;
  headers.Add("ETag", "1");
  headers.Add("etag", "2");
  headers.Set("ETAG", "3");
  ASSERT_EQ(headers.entries().size(), 1u);
  EXPECT_EQ(headers.Get("etag"), "3");
}

}  // namespace
}  // namespace delta_arc::http
