// Reading a CSV header: the delimiter sniffed from the first record, quotes, a BOM, CRLF.
#include "lineage/csv_header.h"

#include <gtest/gtest.h>

namespace delta_arc::lineage {
namespace {

using Fields = std::vector<std::string>;

TEST(CsvHeader, SniffsSemicolonTabAndPipe) {
  EXPECT_EQ(*ParseCsvHeader("id;name\n1;x\n", false), (Fields{"id", "name"}));
  EXPECT_EQ(*ParseCsvHeader("id\tname\n1\tx\n", false), (Fields{"id", "name"}));
  EXPECT_EQ(*ParseCsvHeader("id|name|city\n1|x|y\n", false), (Fields{"id", "name", "city"}));
  EXPECT_EQ(*ParseCsvHeader("id,name\n", false), (Fields{"id", "name"}));
  EXPECT_EQ(*ParseCsvHeader("id\n1\n", false), (Fields{"id"}));
}

TEST(CsvHeader, SniffingSkipsQuotedDelimiters) {
  // Two commas inside quotes, one semicolon outside: the semicolon separates.
  EXPECT_EQ(*ParseCsvHeader("\"a,b,c\";d\n", false), (Fields{"a,b,c", "d"}));
  // A doubled quote stays inside the field.
  EXPECT_EQ(*ParseCsvHeader("\"x\"\";|\"\tb\n", false), (Fields{"x\";|", "b"}));
  // The data rows do not count: only the header record is sniffed.
  EXPECT_EQ(*ParseCsvHeader("a;b\n1,2,3,4\n", false), (Fields{"a", "b"}));
}

TEST(CsvHeader, SniffedDelimiterKeepsBomCrlfAndLineBreaksInQuotes) {
  EXPECT_EQ(*ParseCsvHeader("\xEF\xBB\xBFid;\"na;me\"\r\n1;x\r\n", false), (Fields{"id", "na;me"}));
  EXPECT_EQ(*ParseCsvHeader("\"a\nb\"|c\n", false), (Fields{"a\nb", "c"}));
  EXPECT_EQ(*ParseCsvHeader("id\tname", true), (Fields{"id", "name"}));
  EXPECT_FALSE(ParseCsvHeader("id;na", false).has_value());
}

TEST(CsvHeader, TiesGoToTheCommaThenTab) {
  EXPECT_EQ(*ParseCsvHeader("a;b,c\n", false), (Fields{"a;b", "c"}));
  EXPECT_EQ(*ParseCsvHeader("a|b\tc\n", false), (Fields{"a|b", "c"}));
}

}  // namespace
}  // namespace delta_arc::lineage
