// Reading the columns of an Avro object container file from its header: files written by npm's
// avsc (tests/support/write_avro.mjs), an independent writer, and hand-made hostile headers.
#include "lineage/avro_schema.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <iterator>
#include <limits>
#include <ostream>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "tests/support/file_writers.h"
#include "tests/support/subprocess.h"

namespace delta_arc::lineage {

void PrintTo(const FileColumn& column, std::ostream* out) {
  *out << "{\"" << column.name << "\", \"" << column.type << "\"}";
}

namespace {

using Columns = std::vector<FileColumn>;

// The columns read from `start`, or a failure naming what was read instead.
Columns ColumnsOf(std::string_view start) {
  const SchemaRead read = AvroColumns(start);
  if (const auto* error = std::get_if<SchemaError>(&read)) {
    ADD_FAILURE() << "SchemaError: " << error->reason;
  } else if (const auto* cut = std::get_if<SchemaCutShort>(&read)) {
    ADD_FAILURE() << "SchemaCutShort: " << cut->total;
  }
  const auto* columns = std::get_if<Columns>(&read);
  return columns ? *columns : Columns{};
}

// The total a cut-short read names; -1 (and a failure) when the read is something else.
int64_t CutShortTotal(std::string_view start) {
  const SchemaRead read = AvroColumns(start);
  const auto* cut = std::get_if<SchemaCutShort>(&read);
  if (!cut) {
    ADD_FAILURE() << "not cut short at " << start.size() << " bytes";
    return -1;
  }
  return static_cast<int64_t>(cut->total);
}

// Why `start` holds no schema; also that the reader said so quickly.
std::string ErrorOf(std::string_view start) {
  const auto began = std::chrono::steady_clock::now();
  const SchemaRead read = AvroColumns(start);
  EXPECT_LT(std::chrono::steady_clock::now() - began, std::chrono::seconds(2));
  const auto* error = std::get_if<SchemaError>(&read);
  if (!error) {
    ADD_FAILURE() << "no SchemaError";
    return "";
  }
  return error->reason;
}

// Hand-made headers, encoded as the specification says (zig-zag varint longs; a string or
// bytes as its length then its bytes), for what no writer would write.
std::string Long(int64_t value) {
  uint64_t bits = (static_cast<uint64_t>(value) << 1) ^ static_cast<uint64_t>(value >> 63);
  std::string out;
  while (bits >= 0x80) {
    out += static_cast<char>((bits & 0x7F) | 0x80);
    bits >>= 7;
  }
  out += static_cast<char>(bits);
  return out;
}

std::string Str(std::string_view text) {
  return Long(static_cast<int64_t>(text.size())) + std::string(text);
}

const std::string kMagic("Obj\x01", 4);
const std::string kSync(16, 'S');

std::string HeaderWithSchema(std::string_view schema) {
  return kMagic + Long(1) + Str("avro.schema") + Str(schema) + Long(0) + kSync;
}

class AvroSchema : public ::testing::Test {
 protected:
  void SetUp() override { dir_ = testing::MakeTempDir(); }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  // The bytes of the file avsc writes with `schema` and `records` (JSON).
  std::string Write(const std::string& schema, const std::string& records = "[]",
                    const std::string& codec = "null") {
    const std::string path = dir_ + "/" + std::to_string(++files_) + ".avro";
    return testing::AvscWrite(path, schema, records, codec);
  }

 private:
  std::string dir_;
  int files_ = 0;
};

TEST_F(AvroSchema, FlatPrimitiveFieldsWithTheirTypes) {
  const std::string file = Write(
      R"({"type":"record","name":"Flat","fields":[
        {"name":"id","type":"long"},{"name":"name","type":"string"},{"name":"age","type":"int"},
        {"name":"active","type":"boolean"},{"name":"score","type":"double"},
        {"name":"ratio","type":"float"},
        {"name":"nothing","type":"null"},{"name":"spelled","type":{"type":"string"}},
        {"name":"odd","type":"string","doc":"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[ \" {{"}]})",
      R"([{"id":1,"name":"a","age":3,"active":true,"score":1.5,"ratio":0.5,
          "nothing":null,"spelled":"s","odd":"o"}])");
  EXPECT_TRUE(IsAvroContainer(file));
  EXPECT_EQ(ColumnsOf(file), (Columns{{"id", "long"},
                                      {"name", "string"},
                                      {"age", "int"},
                                      {"active", "boolean"},
                                      {"score", "double"},
                                      {"ratio", "float"},
                                      {"nothing", "null"},
                                      {"spelled", "string"},
                                      {"odd", "string"}}));
}

TEST_F(AvroSchema, LogicalTypesInParentheses) {
  const std::string file = Write(R"({"type":"record","name":"Events","fields":[
      {"name":"day","type":{"type":"int","logicalType":"date"}},
      {"name":"at","type":{"type":"long","logicalType":"timestamp-millis"}},
      {"name":"at_us","type":{"type":"long","logicalType":"timestamp-micros"}},
      {"name":"clock","type":{"type":"int","logicalType":"time-millis"}},
      {"name":"amount","type":{"type":"bytes","logicalType":"decimal","precision":10,"scale":2}},
      {"name":"whole","type":{"type":"bytes","logicalType":"decimal","precision":5}},
      {"name":"money","type":{"type":"fixed","name":"Money","size":8,"logicalType":"decimal",
                              "precision":18,"scale":4}},
      {"name":"key","type":{"type":"string","logicalType":"uuid"}},
      {"name":"raw","type":"bytes"}]})");
  EXPECT_EQ(ColumnsOf(file), (Columns{{"day", "int (date)"},
                                      {"at", "long (timestamp-millis)"},
                                      {"at_us", "long (timestamp-micros)"},
                                      {"clock", "int (time-millis)"},
                                      {"amount", "bytes (decimal(10,2))"},
                                      {"whole", "bytes (decimal(5,0))"},
                                      {"money", "fixed (decimal(18,4))"},
                                      {"key", "string (uuid)"},
                                      {"raw", "bytes"}}));
}

TEST_F(AvroSchema, UnionsJoinTheirBranchesAndComplexTypesNameTheirKind) {
  const std::string file = Write(
      R"({"type":"record","name":"Mixed","fields":[
        {"name":"note","type":["null","string"]},
        {"name":"either","type":["null","long","string"]},
        {"name":"last","type":["string","null"]},
        {"name":"seen","type":["null",{"type":"long","logicalType":"timestamp-millis"}]},
        {"name":"tags","type":{"type":"array","items":"string"}},
        {"name":"counts","type":{"type":"map","values":"long"}},
        {"name":"color","type":{"type":"enum","name":"Color","symbols":["RED","GREEN"]}},
        {"name":"hash","type":{"type":"fixed","name":"Hash","size":2}},
        {"name":"paint","type":["null","Color"]}]})");
  EXPECT_EQ(ColumnsOf(file), (Columns{{"note", "null|string"},
                                      {"either", "null|long|string"},
                                      {"last", "string|null"},
                                      {"seen", "null|long (timestamp-millis)"},
                                      {"tags", "array"},
                                      {"counts", "map"},
                                      {"color", "enum"},
                                      {"hash", "fixed"},
                                      {"paint", "null|Color"}}));
}

TEST_F(AvroSchema, NestedRecordsAreColumnsWithDottedFieldsUnderThem) {
  const std::string file = Write(
      R"({"type":"record","name":"Customer","fields":[
        {"name":"id","type":"long"},
        {"name":"address","type":{"type":"record","name":"Address","fields":[
          {"name":"street","type":"string"},{"name":"city","type":"string"},
          {"name":"geo","type":{"type":"record","name":"Geo","fields":[
            {"name":"lat","type":"double"},{"name":"lon","type":"double"}]}}]}},
        {"name":"billing","type":["null","Address"]},
        {"name":"contact","type":["null",{"type":"record","name":"Contact","fields":[
          {"name":"email","type":"string"}]}]},
        {"name":"places","type":{"type":"array","items":"Address"}}]})",
      R"([{"id":1,"address":{"street":"s","city":"c","geo":{"lat":1,"lon":2}},
          "billing":null,"contact":{"email":"e"},"places":[]}])");
  EXPECT_EQ(ColumnsOf(file), (Columns{{"id", "long"},
                                      {"address", "record"},
                                      {"address.street", "string"},
                                      {"address.city", "string"},
                                      {"address.geo", "record"},
                                      {"address.geo.lat", "double"},
                                      {"address.geo.lon", "double"},
                                      {"billing", "null|Address"},
                                      {"billing.street", "string"},
                                      {"billing.city", "string"},
                                      {"billing.geo", "record"},
                                      {"billing.geo.lat", "double"},
                                      {"billing.geo.lon", "double"},
                                      {"contact", "null|record"},
                                      {"contact.email", "string"},
                                      {"places", "array"}}));
}

TEST_F(AvroSchema, NamedReferencesResolveByFullnameWithNamespaces) {
  const std::string file = Write(R"({"type":"record","name":"Order","namespace":"com.shop",
    "fields":[
      {"name":"item","type":{"type":"record","name":"Item","fields":[{"name":"sku","type":"string"}]}},
      {"name":"other","type":{"type":"record","name":"Item","namespace":"com.other","fields":[
        {"name":"code","type":"int"},{"name":"qty","type":"int"}]}},
      {"name":"again","type":"Item"},
      {"name":"full","type":"com.other.Item"},
      {"name":"part","type":{"type":"record","name":"x.y.Part","fields":[
        {"name":"bolt","type":{"type":"record","name":"Bolt","fields":[{"name":"size","type":"int"}]}}]}},
      {"name":"spare","type":"x.y.Bolt"}]})");
  EXPECT_EQ(ColumnsOf(file), (Columns{{"item", "record"},
                                      {"item.sku", "string"},
                                      {"other", "record"},
                                      {"other.code", "int"},
                                      {"other.qty", "int"},
                                      {"again", "Item"},
                                      {"again.sku", "string"},
                                      {"full", "com.other.Item"},
                                      {"full.code", "int"},
                                      {"full.qty", "int"},
                                      {"part", "record"},
                                      {"part.bolt", "record"},
                                      {"part.bolt.size", "int"},
                                      {"spare", "x.y.Bolt"},
                                      {"spare.size", "int"}}));
}

// The specification's own example (spec, "Names"): a dotted name ignores the namespace
// attribute (avsc does not, so this header is hand-made); a reference may also be written as
// {"type": name}.
TEST(AvroHeader, DottedNamesIgnoreTheNamespaceAttribute) {
  const std::string schema = R"({"type":"record","name":"Example","fields":[
    {"name":"fullName","type":{"type":"record","name":"a.full.Name","namespace":"ignored",
      "fields":[{"name":"inner","type":{"type":"record","name":"Understanding","fields":[
        {"name":"d","type":"int"}]}}]}},
    {"name":"again","type":{"type":"a.full.Understanding"}},
    {"name":"notThere","type":["null","ignored.Understanding"]}]})";
  EXPECT_EQ(ColumnsOf(HeaderWithSchema(schema)),
            (Columns{{"fullName", "record"},
                     {"fullName.inner", "record"},
                     {"fullName.inner.d", "int"},
                     {"again", "a.full.Understanding"},
                     {"again.d", "int"},
                     {"notThere", "null|ignored.Understanding"}}));
}

TEST_F(AvroSchema, RecursiveRecordsStopAtTheCycle) {
  const std::string list = Write(
      R"({"type":"record","name":"LongList","fields":[
        {"name":"value","type":"long"},{"name":"next","type":["null","LongList"]}]})",
      R"([{"value":1,"next":{"value":2,"next":null}}])");
  EXPECT_EQ(ColumnsOf(list), (Columns{{"value", "long"}, {"next", "null|LongList"}}));

  const std::string people = Write(R"({"type":"record","name":"Person","fields":[
      {"name":"name","type":"string"},
      {"name":"friend","type":["null",{"type":"record","name":"Friend","fields":[
        {"name":"since","type":"int"},{"name":"person","type":["null","Person"]},
        {"name":"next","type":["null","Friend"]}]}]}]})");
  EXPECT_EQ(ColumnsOf(people), (Columns{{"name", "string"},
                                        {"friend", "null|record"},
                                        {"friend.since", "int"},
                                        {"friend.person", "null|Person"},
                                        {"friend.next", "null|Friend"}}));
}

TEST_F(AvroSchema, DeflateCodecGivesTheSameColumns) {
  const std::string schema = R"({"type":"record","name":"Row","fields":[
      {"name":"id","type":"long"},{"name":"note","type":["null","string"]},
      {"name":"at","type":{"type":"record","name":"Place","fields":[{"name":"x","type":"int"}]}}]})";
  std::string records = "[";
  for (int i = 0; i < 200; ++i) {
    records += (i ? "," : "") + std::string(R"({"id":)") + std::to_string(i) +
               R"(,"note":"same text again and again","at":{"x":7}})";
  }
  records += "]";
  const std::string plain = Write(schema, records, "null");
  const std::string deflated = Write(schema, records, "deflate");
  ASSERT_NE(deflated.find("deflate"), std::string::npos);
  ASSERT_LT(deflated.size(), plain.size());  // the records are compressed
  const Columns expected{
      {"id", "long"}, {"note", "null|string"}, {"at", "record"}, {"at.x", "int"}};
  EXPECT_EQ(ColumnsOf(plain), expected);
  EXPECT_EQ(ColumnsOf(deflated), expected);
}

TEST_F(AvroSchema, LargeSchemaCutShortNamesTheBytesThatHoldIt) {
  std::string schema = R"({"type":"record","name":"Wide","fields":[)";
  for (int i = 0; i < 500; ++i) {
    schema += (i ? "," : "") + std::string(R"({"name":"field_)") + std::to_string(i) +
              R"(","type":)" + (i % 2 ? R"(["null","string"])" : R"("long")") + "}";
  }
  schema += "]}";
  ASSERT_GT(schema.size(), 8192u);
  const std::string file = Write(schema);
  const size_t at = file.find(schema);
  ASSERT_NE(at, std::string::npos);  // avsc wrote the schema as given
  const int64_t total = static_cast<int64_t>(at + schema.size());

  EXPECT_EQ(CutShortTotal(std::string_view(file).substr(0, 8192)), total);
  EXPECT_EQ(CutShortTotal(std::string_view(file).substr(0, total - 1)), total);
  EXPECT_EQ(CutShortTotal(std::string_view(file).substr(0, at)), total);  // only its length
  const Columns columns = ColumnsOf(std::string_view(file).substr(0, total));
  ASSERT_EQ(columns.size(), 500u);
  EXPECT_EQ(columns.front(), (FileColumn{"field_0", "long"}));
  EXPECT_EQ(columns.back(), (FileColumn{"field_499", "null|string"}));
  // Cut before the schema's length is known: no total.
  for (const size_t cut : {0, 2, 4, 5, 10, 17, 18}) {
    EXPECT_EQ(CutShortTotal(std::string_view(file).substr(0, cut)), 0) << cut;
  }
}

TEST_F(AvroSchema, TopLevelSchemaThatIsNoRecordIsAnError) {
  EXPECT_EQ(ErrorOf(Write(R"("string")")), "the schema is not a record");
  EXPECT_EQ(ErrorOf(Write(R"({"type":"array","items":"long"})")), "the schema is not a record");
  EXPECT_EQ(ErrorOf(Write(R"(["null",{"type":"record","name":"R","fields":[]}])")),
            "the schema is not a record");
}

TEST_F(AvroSchema, OnlyAvroContainersAreAvro) {
  EXPECT_TRUE(IsAvroContainer(Write(R"({"type":"record","name":"R","fields":[]})")));
  EXPECT_FALSE(IsAvroContainer("PAR1\x15\x04"));
  EXPECT_FALSE(IsAvroContainer("id,name\n1,x\n"));
  EXPECT_FALSE(IsAvroContainer(std::string("Obj\x02", 4)));
  EXPECT_FALSE(IsAvroContainer("Obj"));
  EXPECT_FALSE(ErrorOf("PAR1\x15\x04 not avro").empty());
  EXPECT_FALSE(ErrorOf("id,name\n1,x\n").empty());
}

TEST(AvroHeader, SchemaMayFollowOtherMetadataInLaterBlocks) {
  const std::string schema =
      R"({"type":"record","name":"R","fields":[{"name":"id","type":"long"}]})";
  // A first block with a negative count, so followed by its byte size (spec, "Maps").
  const std::string first = Str("avro.codec") + Str("null") + Str("user.note") + Str("hello");
  const std::string header = kMagic + Long(-2) + Long(static_cast<int64_t>(first.size())) + first +
                             Long(1) + Str("avro.schema") + Str(schema) + Long(0) + kSync;
  EXPECT_EQ(ColumnsOf(header), (Columns{{"id", "long"}}));
  const size_t end = header.find(schema) + schema.size();
  EXPECT_EQ(CutShortTotal(std::string_view(header).substr(0, end - 1)), static_cast<int64_t>(end));
  // Cut inside an earlier entry: where the schema ends is not known yet.
  EXPECT_EQ(CutShortTotal(std::string_view(header).substr(0, header.find("hello") + 2)), 0);
  EXPECT_EQ(ErrorOf(kMagic + Long(1) + Str("avro.codec") + Str("null") + Long(0) + kSync),
            "the header has no avro.schema");
}

TEST(AvroHeader, FieldNamesMustBeUtf8AndTheSchemaJson) {
  EXPECT_EQ(ColumnsOf(HeaderWithSchema(
                R"({"type":"record","name":"R","fields":[{"name":"caf\u00e9","type":"long"}]})")),
            (Columns{{"caf\xC3\xA9", "long"}}));
  EXPECT_FALSE(ErrorOf(HeaderWithSchema(
                           "{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"a\xFF\","
                           "\"type\":\"long\"}]}"))
                   .empty());
  EXPECT_EQ(ErrorOf(HeaderWithSchema(R"({"type":"record","name":"R","fields":[)")),
            "the schema is not JSON");
  EXPECT_EQ(ErrorOf(HeaderWithSchema(R"({"type":"record","name":"R","fields":[{"type":"int"}]})")),
            "a field without a name or a type");
}

TEST(AvroHostileHeader, HugeMetadataCounts) {
  EXPECT_EQ(ErrorOf(kMagic + Long(int64_t{1} << 62) + Str("avro.schema")),
            "more than 1000 metadata entries");
  EXPECT_EQ(ErrorOf(kMagic + Long(-(int64_t{1} << 62)) + Long(10) + Str("avro.schema")),
            "more than 1000 metadata entries");
  EXPECT_EQ(ErrorOf(kMagic + Long(std::numeric_limits<int64_t>::min()) + Long(10)),
            "more than 1000 metadata entries");
  // 600 entries, then 600 more: the limit counts across blocks.
  std::string entries;
  for (int i = 0; i < 600; ++i) entries += Str("k") + Str("v");
  EXPECT_EQ(ErrorOf(kMagic + Long(600) + entries + Long(600) + entries),
            "more than 1000 metadata entries");
}

TEST(AvroHostileHeader, LengthsPastTheBytes) {
  // Past every limit: refused, not waited for.
  EXPECT_FALSE(ErrorOf(kMagic + Long(1) + Long(int64_t{1} << 40) + "avro.sch").empty());
  EXPECT_FALSE(ErrorOf(kMagic + Long(1) + Str("user.big") + Long(int64_t{1} << 40) + "x").empty());
  EXPECT_FALSE(
      ErrorOf(kMagic + Long(1) + Str("avro.schema") + Long(std::numeric_limits<int64_t>::max()))
          .empty());
  EXPECT_EQ(ErrorOf(kMagic + Long(1) + Long(-5) + "avro"), "a negative length in the header");
  // Within the limits: only cut short.
  EXPECT_EQ(CutShortTotal(kMagic + Long(1) + Long(100) + "avro"), 0);
}

TEST(AvroHostileHeader, SchemaOfTwoMebibytes) {
  const std::string big =
      R"({"type":"record","name":"R","fields":[],"doc":")" + std::string(2 << 20, 'x') + "\"}";
  const std::string header = HeaderWithSchema(big);
  EXPECT_EQ(ErrorOf(header), "the schema is larger than the 1 MiB limit");
  // Known from its length alone: no need to fetch it.
  EXPECT_EQ(ErrorOf(std::string_view(header).substr(0, 64)),
            "the schema is larger than the 1 MiB limit");
}

TEST(AvroHostileHeader, DeepJsonAndDeepRecords) {
  EXPECT_EQ(ErrorOf(HeaderWithSchema(std::string(100000, '[') + std::string(100000, ']'))),
            "the schema nests deeper than 64");
  EXPECT_EQ(ErrorOf(HeaderWithSchema(R"({"type":"record","name":"R","fields":[],"doc":)" +
                                     std::string(100000, '{'))),
            "the schema nests deeper than 64");

  // Records nested inline 1,000 deep.
  std::string nested;
  for (int i = 0; i < 1000; ++i) {
    nested +=
        R"({"type":"record","name":"R)" + std::to_string(i) + R"(","fields":[{"name":"f","type":)";
  }
  nested += R"("long")";
  for (int i = 0; i < 1000; ++i) nested += "}]}";
  EXPECT_EQ(ErrorOf(HeaderWithSchema(nested)), "the schema nests deeper than 64");

  // Records nested 100 deep through named references, the JSON itself shallow: R99's field
  // is an R98, whose field is an R97, …
  std::string chain = R"({"type":"record","name":"Top","fields":[)";
  for (int i = 0; i < 100; ++i) {
    chain += (i ? "," : "") + std::string(R"({"name":"f)") + std::to_string(i) +
             R"(","type":{"type":"record","name":"R)" + std::to_string(i) +
             R"(","fields":[{"name":"x","type":)" +
             (i ? "\"R" + std::to_string(i - 1) + "\"" : std::string("\"long\"")) + "}]}}";
  }
  chain += "]}";
  EXPECT_EQ(ErrorOf(HeaderWithSchema(chain)), "records nested deeper than 64");
}

TEST(AvroHostileHeader, ReferencesThatMultiplyColumns) {
  // R0 has a field; R(i) has two fields of R(i-1): R40 would give 2^41 columns.
  std::string schema = R"({"type":"record","name":"Top","fields":[)";
  for (int i = 0; i <= 40; ++i) {
    const std::string inner = i ? "\"R" + std::to_string(i - 1) + "\"" : std::string("\"long\"");
    schema += (i ? "," : "") + std::string(R"({"name":"f)") + std::to_string(i) +
              R"(","type":{"type":"record","name":"R)" + std::to_string(i) +
              R"(","fields":[{"name":"a","type":)" + inner + R"(},{"name":"b","type":)" + inner +
              "}]}}";
  }
  schema += "]}";
  EXPECT_EQ(ErrorOf(HeaderWithSchema(schema)), "more than 20000 columns");
}

TEST(AvroHostileHeader, OverlongVarints) {
  EXPECT_EQ(ErrorOf(kMagic + std::string(20, '\x80') + '\x01'), "a varint longer than 10 bytes");
  EXPECT_EQ(ErrorOf(kMagic + std::string(9, '\xFF') + '\x02'), "a varint past 64 bits");
  // Ten bytes are allowed: the largest long, as a count, is refused for what it says.
  EXPECT_EQ(ErrorOf(kMagic + Long(std::numeric_limits<int64_t>::max())),
            "more than 1000 metadata entries");
  // Cut inside a varint: only cut short.
  EXPECT_EQ(CutShortTotal(kMagic + std::string(5, '\x80')), 0);
}

}  // namespace
}  // namespace delta_arc::lineage
