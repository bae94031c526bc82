// Keyword case folding: what Atlan's lowercase normalizer makes equal.
#include "common/keyword_case.h"

#include <gtest/gtest.h>

namespace delta_arc {
namespace {

TEST(KeywordCase, LowercasesAsciiAndUnicodeByCodePoint) {
  EXPECT_EQ(LowercaseKeyword("CONNECTION"), "connection");
  EXPECT_EQ(LowercaseKeyword("Ü_COL"), "ü_col");
  EXPECT_EQ(LowercaseKeyword("ΣΊΣΥΦΟΣ"), "σίσυφοσ");  // simple mapping: no final sigma
  EXPECT_EQ(LowercaseKeyword("already lower 123"), "already lower 123");
}

TEST(KeywordCase, KeepsBytesThatAreNotUtf8) {
  const std::string broken = std::string("A\xff") + "B";
  EXPECT_EQ(LowercaseKeyword(broken), std::string("a\xff") + "b");
}

TEST(KeywordCase, ComparesIgnoringCase) {
  EXPECT_TRUE(EqualsIgnoringCase("Landing-S3", "landing-s3"));
  EXPECT_TRUE(EqualsIgnoringCase("DONNÉES", "données"));
  EXPECT_FALSE(EqualsIgnoringCase("landing", "landing2"));
}

}  // namespace
}  // namespace delta_arc
