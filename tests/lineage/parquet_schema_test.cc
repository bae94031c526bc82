// Reading a Parquet footer's schema: files written by DuckDB (an independent writer, through
// tests/support/duckdb_copy.mjs), cut and corrupted footers, and hand-made hostile bytes.
#include "lineage/parquet_schema.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "tests/support/file_writers.h"
#include "tests/support/subprocess.h"

namespace delta_arc::lineage {
namespace {

using Columns = std::vector<FileColumn>;

class ParquetSchema : public ::testing::Test {
 protected:
  void SetUp() override { dir_ = delta_arc::testing::MakeTempDir(); }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  // The bytes of the file DuckDB writes for COPY (<select>) TO … (FORMAT PARQUET, <options>).
  std::string WriteParquet(const std::string& select, const std::string& options = "") {
    const std::string path = dir_ + "/" + std::to_string(files_++) + ".parquet";
    return delta_arc::testing::DuckDbCopy(
        path, select, "FORMAT PARQUET" + (options.empty() ? "" : ", " + options));
  }

  std::string dir_;
  int files_ = 0;
};

// The footer as the file's trailer states it; empty when the trailer does not fit the file.
std::string_view Footer(std::string_view file) {
  const std::optional<uint32_t> length = ParquetFooterLength(file);
  if (!length || *length > file.size() - kParquetTrailerBytes) return {};
  return file.substr(file.size() - kParquetTrailerBytes - *length, *length);
}

// What a read says, as text that a failed comparison shows as it is: the columns one a
// line ("name: type"), or the error.
std::string Described(const SchemaRead& read) {
  if (const auto* error = std::get_if<SchemaError>(&read)) return "SchemaError: " + error->reason;
  if (std::holds_alternative<SchemaCutShort>(read)) return "SchemaCutShort";
  std::string text;
  for (const FileColumn& column : std::get<Columns>(read)) {
    text += column.name + ": " + column.type + "\n";
  }
  return text;
}

// The columns of a whole file, read from its footer.
std::string ColumnsOf(std::string_view file) {
  return Described(ParquetColumns(Footer(file)));
}

bool IsError(const SchemaRead& read) {
  return std::holds_alternative<SchemaError>(read);
}
bool IsCutShort(const SchemaRead& read) {
  return std::holds_alternative<SchemaCutShort>(read);
}

// DuckDB sets only the converted type on strings and integers (UTF8, INT_32): they read as
// the logical types the format equates with them.
constexpr const char* kFlatSelect =
    "SELECT 1::INTEGER AS id, 'x'::VARCHAR AS name, DATE '2024-01-02' AS day, "
    "TIMESTAMP '2024-01-02 03:04:05' AS at, 1.5::DECIMAL(18,3) AS amount, 2.5::DOUBLE AS ratio, "
    "true AS active, 7::BIGINT AS big, 1::UTINYINT AS small";
constexpr const char* kFlatColumns =
    "id: INT32 (INTEGER(32,true))\n"
    "name: BYTE_ARRAY (STRING)\n"
    "day: INT32 (DATE)\n"
    "at: INT64 (TIMESTAMP)\n"
    "amount: INT64 (DECIMAL(18,3))\n"
    "ratio: DOUBLE\n"
    "active: BOOLEAN\n"
    "big: INT64 (INTEGER(64,true))\n"
    "small: INT32 (INTEGER(8,false))\n";

TEST_F(ParquetSchema, FlatColumnsWithTheirTypes) {
  EXPECT_EQ(ColumnsOf(WriteParquet(kFlatSelect)), kFlatColumns);
}

TEST_F(ParquetSchema, OtherTypesDuckDbWrites) {
  const std::string file = WriteParquet(
      "SELECT 1.5::DECIMAL(38,10) AS huge, 1.5::DECIMAL(4,1) AS tiny, 2.5::FLOAT AS f, "
      "TIME '01:02:03' AS t, 'a'::BLOB AS b, '00000000-0000-0000-0000-000000000001'::UUID AS u, "
      "'{}'::JSON AS j");
  EXPECT_EQ(ColumnsOf(file),
            "huge: FIXED_LEN_BYTE_ARRAY (DECIMAL(38,10))\n"
            "tiny: INT32 (DECIMAL(4,1))\n"
            "f: FLOAT\n"
            "t: INT64 (TIME)\n"
            "b: BYTE_ARRAY\n"
            "u: FIXED_LEN_BYTE_ARRAY (UUID)\n"
            "j: BYTE_ARRAY (JSON)\n");
}

TEST_F(ParquetSchema, NestedColumnsAreDottedPathsUnderTheirGroups) {
  const std::string file = WriteParquet(
      "SELECT 1::INTEGER AS id, {'city': 'Oslo', 'zip': 150::INTEGER} AS address, "
      "['a', 'b'] AS tags, MAP {'k': 1::INTEGER} AS counts, [[1::INTEGER]] AS grid");
  EXPECT_EQ(ColumnsOf(file),
            "id: INT32 (INTEGER(32,true))\n"
            "address: group\n"
            "address.city: BYTE_ARRAY (STRING)\n"
            "address.zip: INT32 (INTEGER(32,true))\n"
            "tags: group (LIST)\n"
            "tags.list: group\n"
            "tags.list.element: BYTE_ARRAY (STRING)\n"
            "counts: group (MAP)\n"
            "counts.key_value: group\n"
            "counts.key_value.key: BYTE_ARRAY (STRING)\n"
            "counts.key_value.value: INT32 (INTEGER(32,true))\n"
            "grid: group (LIST)\n"
            "grid.list: group\n"
            "grid.list.element: group (LIST)\n"
            "grid.list.element.list: group\n"
            "grid.list.element.list.element: INT32 (INTEGER(32,true))\n");
}

TEST_F(ParquetSchema, CodecsDoNotChangeTheSchema) {
  for (const char* codec : {"UNCOMPRESSED", "SNAPPY", "GZIP", "ZSTD"}) {
    SCOPED_TRACE(codec);
    const std::string file =
        WriteParquet(std::string(kFlatSelect) + " FROM range(5000)",
                     std::string("COMPRESSION ") + codec + ", ROW_GROUP_SIZE 1000");
    EXPECT_EQ(ColumnsOf(file), kFlatColumns);
  }
}

TEST_F(ParquetSchema, WideTableWholeAndCutShort) {
  std::string select = "SELECT ";
  std::string expected;
  for (int i = 0; i < 3000; ++i) {
    const std::string name = "column_" + std::to_string(i);
    select += (i ? ", " : "") + std::to_string(i) + "::INTEGER AS " + name;
    expected += name + ": INT32 (INTEGER(32,true))\n";
  }
  const std::string file = WriteParquet(select);
  const std::string_view footer = Footer(file);
  ASSERT_GT(footer.size(), 64u * 1024);
  EXPECT_EQ(ColumnsOf(file), expected);
  // The schema is the footer's second field: the footer's first half holds it all (the
  // row group's column metadata, longer, comes after it)…
  EXPECT_EQ(Described(ParquetColumns(footer.substr(0, footer.size() / 2))), expected);
  // … and no start that ends before its last element does.
  for (const size_t cut : {0, 1, 2, 3, 4, 100, 10'000, 30'000}) {
    SCOPED_TRACE(cut);
    EXPECT_TRUE(IsCutShort(ParquetColumns(footer.substr(0, cut))));
  }
}

TEST_F(ParquetSchema, FooterLengthNeedsTheMagicNumber) {
  std::string file = WriteParquet("SELECT 1 AS id");
  ASSERT_TRUE(ParquetFooterLength(file).has_value());
  EXPECT_EQ(*ParquetFooterLength(file), Footer(file).size());
  EXPECT_LT(*ParquetFooterLength(file), file.size());
  file.back() = '2';
  EXPECT_EQ(ParquetFooterLength(file), std::nullopt);
  EXPECT_EQ(ParquetFooterLength("PAR1"), std::nullopt);
  EXPECT_EQ(ParquetFooterLength(""), std::nullopt);
  EXPECT_EQ(ParquetFooterLength(std::string("\x10\x00\x00\x01PAR1", 8)), 0x01000010u);
}

TEST_F(ParquetSchema, CorruptFooterIsAnErrorNeverColumns) {
  const std::string file = WriteParquet(
      "SELECT 1::INTEGER AS id, {'city': 'Oslo'} AS address, ['a'] AS tags, 'x' AS name");
  const std::string footer(Footer(file));
  // 16 bytes of 0xFF fit in no field header (type 15 is none), varint (at most 10 bytes)
  // or column name (not UTF-8), so wherever they land in the schema the read fails.
  ASSERT_NE(footer.find("name"), std::string::npos);
  const size_t schema_end = footer.find("name") + 4;
  for (size_t at = 0; at < schema_end; ++at) {
    SCOPED_TRACE(at);
    std::string corrupt = footer;
    corrupt.replace(at, 16, 16, '\xFF');
    const SchemaRead read = ParquetColumns(corrupt);
    EXPECT_TRUE(IsError(read) || IsCutShort(read));
  }
  // Any single byte anywhere: whatever it reads as, the reader returns (ASan checks how).
  for (size_t at = 0; at < footer.size(); ++at) {
    for (const char byte : {'\x00', '\x7F', '\x80', '\xFF'}) {
      std::string corrupt = footer;
      corrupt[at] = byte;
      (void)ParquetColumns(corrupt);
    }
  }
}

// Thrift's compact protocol (THRIFT-110), just enough to hand-make footers: a field header
// is the id's delta from the previous field's (4 bits) and the type (4 bits).
constexpr int kI32 = 5, kBinary = 8, kList = 9, kStruct = 12;  // compact types

std::string Varint(uint64_t value) {
  std::string out;
  for (; value >= 0x80; value >>= 7) out += static_cast<char>(0x80 | (value & 0x7F));
  return out + static_cast<char>(value);
}
std::string I32Field(int delta, int32_t value) {
  const uint32_t zigzag = (static_cast<uint32_t>(value) << 1) ^ static_cast<uint32_t>(value >> 31);
  return static_cast<char>(delta << 4 | kI32) + Varint(zigzag);
}
std::string StringField(int delta, std::string_view text) {
  return static_cast<char>(delta << 4 | kBinary) + Varint(text.size()) + std::string(text);
}
std::string ListOfStructs(uint64_t size) {
  if (size < 15) return std::string(1, static_cast<char>(size << 4 | kStruct));
  return static_cast<char>(0xF0 | kStruct) + Varint(size);
}
const std::string kStop(1, '\0');

// SchemaElements: name is field 4, type 1, num_children 5.
std::string Group(std::string_view name, int32_t children) {
  return StringField(4, name) + I32Field(1, children) + kStop;
}
std::string Leaf(std::string_view name, int32_t type) {
  return I32Field(1, type) + StringField(3, name) + kStop;
}
// FileMetaData: version 1 (field 1), then the schema (field 2) of `count` elements.
std::string HandMadeFooter(uint64_t count, const std::string& elements) {
  return I32Field(1, 1) + static_cast<char>(1 << 4 | kList) + ListOfStructs(count) + elements;
}

TEST(ParquetSchemaBytes, HandMadeFooterReads) {
  const std::string footer =
      HandMadeFooter(4, Group("schema", 2) + Group("g", 1) + Leaf("x", 1) + Leaf("y", 6));
  EXPECT_EQ(Described(ParquetColumns(footer)), "g: group\ng.x: INT32\ny: BYTE_ARRAY\n");
  // Only the schema is read: what follows it may be missing.
  EXPECT_EQ(Described(ParquetColumns(footer + I32Field(1, 5))), Described(ParquetColumns(footer)));
}

// A leaf with a converted type (field 6) and, when given, a LogicalType (field 10) holding
// `logical`, the union's member field.
std::string AnnotatedLeaf(std::string_view name, int32_t type, int32_t converted,
                          const std::string& logical = "") {
  std::string element = I32Field(1, type) + StringField(3, name) + I32Field(2, converted);
  if (!logical.empty()) element += static_cast<char>(4 << 4 | kStruct) + logical + kStop;
  return element + kStop;
}

TEST(ParquetSchemaBytes, LogicalTypeElseConvertedType) {
  const std::string string_type = static_cast<char>(1 << 4 | kStruct) + kStop;
  // IntType {1: i8 bitWidth = 16, 2: bool isSigned = false (compact type 2)}.
  const std::string int_type =
      std::string{static_cast<char>(10 << 4 | kStruct), static_cast<char>(1 << 4 | 3), '\x10',
                  static_cast<char>(1 << 4 | 2)} +
      kStop;
  // A member this reader does not know, field 30: a long field header (delta 0, then the
  // id as a zigzag varint).
  const std::string unknown_type = static_cast<char>(kStruct) + Varint(60) + kStop;
  const std::string elements =
      Group("schema", 6) + AnnotatedLeaf("a", 6, /*UTF8*/ 0, string_type) +
      AnnotatedLeaf("b", 1, /*INT_32*/ 17, int_type) +
      AnnotatedLeaf("c", 2, /*TIMESTAMP_MILLIS*/ 9) +
      AnnotatedLeaf("d", 1, /*DATE*/ 6, unknown_type) + AnnotatedLeaf("e", 1, /*none*/ 99) +
      // DECIMAL, with scale (field 7) and precision (field 8) in the element.
      I32Field(1, 1) + StringField(3, "f") + I32Field(2, 5) + I32Field(1, 2) + I32Field(1, 9) +
      kStop;
  EXPECT_EQ(Described(ParquetColumns(HandMadeFooter(7, elements))),
            "a: BYTE_ARRAY (STRING)\n"
            "b: INT32 (INTEGER(16,false))\n"
            "c: INT64 (TIMESTAMP)\n"
            "d: INT32 (DATE)\n"
            "e: INT32\n"
            "f: INT32 (DECIMAL(9,2))\n");
}

TEST(ParquetSchemaBytes, HostileLengthsAreErrors) {
  // A name claiming 2 GiB in a footer of a few bytes: refused before any allocation.
  const std::string long_name = static_cast<char>(4 << 4 | kBinary) + Varint(0x7FFF'FFFF) + "ab";
  EXPECT_TRUE(IsError(ParquetColumns(HandMadeFooter(1, long_name))));
  // A varint too long for 32 bits wraps to a negative length.
  EXPECT_TRUE(IsError(ParquetColumns(
      HandMadeFooter(1, static_cast<char>(4 << 4 | kBinary) + Varint(0xFFFF'FFFF)))));
  // A schema claiming 10^9 elements.
  EXPECT_TRUE(IsError(ParquetColumns(HandMadeFooter(1'000'000'000, Group("schema", 1)))));
  // A name of 64 KiB is allowed, one byte more is not.
  const std::string name(64 * 1024, 'n');
  EXPECT_EQ(Described(ParquetColumns(HandMadeFooter(2, Group("s", 1) + Leaf(name, 1)))),
            name + ": INT32\n");
  EXPECT_TRUE(IsError(ParquetColumns(HandMadeFooter(2, Group("s", 1) + Leaf(name + "n", 1)))));
}

TEST(ParquetSchemaBytes, HostileTreesAreErrors) {
  // Groups nested 10,000 deep.
  std::string deep = Group("schema", 1);
  for (int i = 0; i < 10'000; ++i) deep += Group("g", 1);
  EXPECT_TRUE(IsError(ParquetColumns(HandMadeFooter(10'002, deep + Leaf("x", 1)))));
  // 63 groups under the root are allowed (64 levels with the root).
  std::string deepest = Group("schema", 1);
  for (int i = 0; i < 63; ++i) deepest += Group("g", 1);
  EXPECT_EQ(std::get<Columns>(ParquetColumns(HandMadeFooter(65, deepest + Leaf("x", 1)))).size(),
            64u);
  EXPECT_TRUE(IsError(ParquetColumns(HandMadeFooter(66, deepest + Group("g", 1) + Leaf("x", 1)))));
  // A negative num_children, in a group and in the root.
  EXPECT_TRUE(IsError(
      ParquetColumns(HandMadeFooter(3, Group("schema", 2) + Group("g", -1) + Leaf("x", 1)))));
  EXPECT_TRUE(IsError(ParquetColumns(HandMadeFooter(2, Group("schema", -1) + Leaf("x", 1)))));
  // Children counts that do not add up to the list, either way.
  EXPECT_TRUE(
      IsError(ParquetColumns(HandMadeFooter(3, Group("schema", 1) + Leaf("x", 1) + Leaf("y", 1)))));
  EXPECT_TRUE(IsError(ParquetColumns(HandMadeFooter(2, Group("schema", 2) + Leaf("x", 1)))));
  // A root without children; an empty schema.
  EXPECT_TRUE(IsError(ParquetColumns(HandMadeFooter(1, Group("schema", 0)))));
  EXPECT_TRUE(IsError(ParquetColumns(HandMadeFooter(0, ""))));
}

TEST(ParquetSchemaBytes, MalformedElementsAreErrors) {
  // No name.
  EXPECT_TRUE(
      IsError(ParquetColumns(HandMadeFooter(2, Group("schema", 1) + I32Field(1, 1) + kStop))));
  // A name that is not UTF-8; the reason does not repeat it.
  const SchemaRead bad_name =
      ParquetColumns(HandMadeFooter(2, Group("schema", 1) + Leaf("a\xC3(", 1)));
  ASSERT_TRUE(IsError(bad_name));
  EXPECT_EQ(std::get<SchemaError>(bad_name).reason.find("a\xC3("), std::string::npos);
  // An unknown physical type.
  EXPECT_TRUE(IsError(ParquetColumns(HandMadeFooter(2, Group("schema", 1) + Leaf("x", 8)))));
  // A schema that is a list of i32, or not a list; no schema at all.
  EXPECT_TRUE(IsError(ParquetColumns(I32Field(1, 1) + static_cast<char>(1 << 4 | kList) +
                                     static_cast<char>(1 << 4 | kI32) + Varint(2))));
  EXPECT_TRUE(IsError(ParquetColumns(I32Field(1, 1) + I32Field(1, 1))));
  EXPECT_TRUE(IsError(ParquetColumns(I32Field(1, 1) + kStop)));
  // An unknown field of structs nested 1,000 deep: Thrift's skip() stops at 64.
  std::string nested = I32Field(1, 1) + static_cast<char>(2 << 4 | kStruct);
  for (int i = 0; i < 1000; ++i) nested += static_cast<char>(1 << 4 | kStruct);
  EXPECT_TRUE(IsError(ParquetColumns(nested)));
  // Not Thrift at all.
  EXPECT_TRUE(IsError(ParquetColumns("\xFF\xFF\xFF\xFF")));
}

TEST(ParquetSchemaBytes, EndingInsideTheSchemaIsCutShort) {
  const std::string footer =
      HandMadeFooter(4, Group("schema", 2) + Group("address", 1) + Leaf("city", 6) + Leaf("y", 1));
  for (size_t cut = 0; cut < footer.size(); ++cut) {
    SCOPED_TRACE(cut);
    EXPECT_TRUE(IsCutShort(ParquetColumns(footer.substr(0, cut))));
  }
  // A name claiming more bytes than there are, but within the limit, may be cut short.
  EXPECT_TRUE(IsCutShort(ParquetColumns(HandMadeFooter(1, StringField(4, "schema").substr(0, 4)))));
}

}  // namespace
}  // namespace delta_arc::lineage
