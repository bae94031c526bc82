// Reading a JSON lines file's columns from its first bytes: the union of its records'
// keys, nested objects as dotted paths, cut-off records left out, hostile lines refused.
#include "lineage/json_lines.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace delta_arc::lineage {
namespace {

using Names = std::vector<std::string>;

// The column names read, or a marker of what was read instead.
Names NamesIn(const SchemaRead& read) {
  if (std::holds_alternative<SchemaCutShort>(read)) return {"<cut short>"};
  if (const auto* error = std::get_if<SchemaError>(&read))
    return {"<error: " + error->reason + ">"};
  Names names;
  for (const FileColumn& column : std::get<std::vector<FileColumn>>(read)) {
    EXPECT_EQ(column.type, "") << "JSON states no types";
    names.push_back(column.name);
  }
  return names;
}

TEST(JsonLines, TellsAnObjectFromOtherText) {
  EXPECT_TRUE(LooksLikeJsonLines("{\"a\":1}\n"));
  EXPECT_TRUE(LooksLikeJsonLines("\xEF\xBB\xBF  \n{\"a\":1}"));
  EXPECT_FALSE(LooksLikeJsonLines("a,b\n1,2\n"));
  EXPECT_FALSE(LooksLikeJsonLines("[{\"a\":1}]"));
  EXPECT_FALSE(LooksLikeJsonLines(""));
}

TEST(JsonLines, TheColumnsAreTheUnionOfTheRecordsKeysInFirstSeenOrder) {
  const std::string text =
      "{\"id\":1,\"name\":\"x\"}\n"
      "{\"id\":2,\"city\":null,\"name\":\"y\"}\r\n"
      "\n"
      "{\"zip\":\"0150\",\"id\":3}\n";
  EXPECT_EQ(NamesIn(JsonLinesColumns(text, false)), (Names{"id", "name", "city", "zip"}));
}

TEST(JsonLines, NestedObjectsAreDottedPathsAndArraysAreNotLookedInto) {
  const std::string text =
      "{\"id\":1,\"address\":{\"city\":\"Oslo\",\"geo\":{\"lat\":1}},"
      "\"tags\":[{\"k\":1}],\"rows\":[[{\"x\":1}]]}\n";
  EXPECT_EQ(
      NamesIn(JsonLinesColumns(text, false)),
      (Names{"id", "address", "address.city", "address.geo", "address.geo.lat", "tags", "rows"}));
}

TEST(JsonLines, ARecordCutOffByTheRangeIsLeftOut) {
  const std::string text = "{\"id\":1}\n{\"id\":2,\"cut";
  EXPECT_EQ(NamesIn(JsonLinesColumns(text, false)), (Names{"id"}));
  EXPECT_EQ(NamesIn(JsonLinesColumns("{\"id\":1,\"cut", false)), (Names{"<cut short>"}));
  // A whole file's last line needs no line break.
  EXPECT_EQ(NamesIn(JsonLinesColumns("{\"id\":1}\n{\"city\":2}", true)), (Names{"id", "city"}));
}

TEST(JsonLines, ALineThatIsNotAnObjectIsAnError) {
  EXPECT_EQ(NamesIn(JsonLinesColumns("{\"id\":1}\n42\n", false)),
            (Names{"<error: a line is not a JSON object>"}));
  EXPECT_EQ(NamesIn(JsonLinesColumns("{\"id\":1}\n[1,2]\n", false)),
            (Names{"<error: a line is an array, not a JSON object>"}));
  EXPECT_EQ(NamesIn(JsonLinesColumns("{\"id\":1,}\n", false)),
            (Names{"<error: a line is not valid JSON>"}));
  EXPECT_EQ(NamesIn(JsonLinesColumns("{\"id\":1} {\"b\":2}\n", false)),
            (Names{"<error: a line is not valid JSON>"}));
}

TEST(JsonLines, AKeyThatIsNotUtf8IsRefused) {
  // nlohmann's parser refuses invalid UTF-8 in strings itself; either way no column of it.
  const SchemaRead read = JsonLinesColumns("{\"\xFF\":1}\n", false);
  EXPECT_TRUE(std::holds_alternative<SchemaError>(read)) << NamesIn(read)[0];
}

TEST(JsonLines, HostileNestingIsRefusedWithoutRecursion) {
  const std::string deep = std::string(100'000, '[');
  EXPECT_EQ(NamesIn(JsonLinesColumns("{\"a\":" + deep + "\n", false)),
            (Names{"<error: a record is nested too deeply>"}));
  std::string objects = "{";
  for (int i = 0; i < 20; ++i) objects += "\"k\":{";
  objects += "\"leaf\":1" + std::string(20, '}') + "}\n";
  const Names names = NamesIn(JsonLinesColumns(objects, false));
  ASSERT_EQ(names.size(), 8u) << "dotted paths stop eight keys deep";
  EXPECT_EQ(names.back(), "k.k.k.k.k.k.k.k");
}

TEST(JsonLines, MoreThanTenThousandKeysIsNotARecord) {
  std::string line = "{";
  for (int i = 0; i <= 10'000; ++i) line += (i ? ",\"c" : "\"c") + std::to_string(i) + "\":1";
  line += "}\n";
  EXPECT_EQ(NamesIn(JsonLinesColumns(line, false)), (Names{"<error: more than 10,000 keys>"}));
}

}  // namespace
}  // namespace delta_arc::lineage
