// What an object says about its table's columns, by its format: compressed CSV (gzip,
// zstd, bzip2), JSON lines, Parquet and Avro, each written by an independent writer
// (Debian's gzip, zstd and bzip2; DuckDB and avsc from npm), and what each costs in reads.
#include "lineage/object_columns.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "tests/lineage/read_headers_fixture.h"
#include "tests/support/file_writers.h"
#include "tests/support/subprocess.h"

namespace delta_arc::lineage {
namespace {

// `shell`'s output through `compressor` (Debian's gzip, zstd or bzip2, writing to stdout).
std::string Compressed(const std::string& shell, const std::string& compressor) {
  std::string out;
  EXPECT_EQ(testing::RunCommand({"/bin/sh", "-c", shell + " | " + compressor}, &out), 0) << out;
  return out;
}

std::string Gzipped(const std::string& shell) {
  return Compressed(shell, "gzip -c");
}

TEST_F(ReadHeaders, AGzipObjectsHeaderIsReadFromItsFirstBytes) {
  Bucket bucket(Bucket::Files{{"2025/customers.csv.gz", Gzipped("printf 'name,city\\n1,x\\n'")}});
  EXPECT_EQ(Link(bucket), (Names{"name>NAME", "city>CITY"}));
  EXPECT_FALSE(Logged("compressed")) << ::testing::PrintToString(lines_);
}

// Ten megabytes of one letter gzip into a few kilobytes: the first range inflates only as
// far as a header is read, and says the header is too long.
TEST_F(ReadHeaders, AGzipThatInflatesFarPastAHeaderIsCutThere) {
  Bucket bucket(Bucket::Files{{"bomb.csv.gz", Gzipped("head -c 10000000 /dev/zero | tr '\\0' a")}});
  EXPECT_EQ(Link(bucket), kEveryColumn);
  EXPECT_TRUE(Logged("no CSV header")) << ::testing::PrintToString(lines_);
}

TEST_F(ReadHeaders, BytesThatClaimToBeGzipSayTheyDoNotDecompress) {
  Bucket bucket(Bucket::Files{{"a.csv", std::string("\x1F\x8B\x08\x00", 4) + "no deflate"}});
  EXPECT_EQ(Link(bucket), kEveryColumn);
  EXPECT_TRUE(Logged("do not decompress")) << ::testing::PrintToString(lines_);
}

TEST_F(ReadHeaders, ZstdAndBzip2ObjectsHeadersAreReadToo) {
  Bucket bucket({{"2025/a.csv.zst", Compressed("printf 'name,city\\n1,x\\n'", "zstd -q -c")},
                 {"2025/b.csv.bz2", Compressed("printf 'city\\n1\\n'", "bzip2 -c")}});
  EXPECT_EQ(Link(bucket), (Names{"name>NAME", "city>CITY"}));
  EXPECT_FALSE(Logged("compressed")) << ::testing::PrintToString(lines_);
  EXPECT_EQ(bucket.reads.size(), 2u) << "one ranged GET each";
}

// bzip2 gives no text before its first block ends: a large object's header comes from one
// more read, as far as a block goes (at most a mebibyte).
TEST_F(ReadHeaders, ALargeBzip2ObjectIsReadToTheEndOfItsFirstBlock) {
  Bucket bucket(Bucket::Files{
      {"big.csv.bz2",
       Compressed("(printf 'name,city\\n'; seq 1 200000 | sed 's/$/,x/')", "bzip2 -c")}});
  EXPECT_EQ(Link(bucket), (Names{"name>NAME", "city>CITY"}));
  EXPECT_EQ(bucket.reads.size(), 2u);
}

TEST_F(ReadHeaders, ZstdOrBzip2BytesThatDoNotDecompressSaySo) {
  Bucket bucket(Bucket::Files{{"a.csv.zst", std::string("\x28\xB5\x2F\xFD", 4) + "garbage!"}});
  EXPECT_EQ(Link(bucket), kEveryColumn);
  EXPECT_TRUE(Logged("compressed (zstd): its first bytes do not decompress"))
      << ::testing::PrintToString(lines_);
  lines_.clear();
  Bucket bz(Bucket::Files{{"a.csv.bz2", "BZh91AY&SY" + std::string(40, '\x01')}});
  EXPECT_EQ(Link(bz), kEveryColumn);
  EXPECT_TRUE(Logged("compressed (bzip2): its first bytes do not decompress"))
      << ::testing::PrintToString(lines_);
}

// A zstd frame that needs a window of 128 MiB (zstd --long=27) is refused, not decoded:
// every concurrent read would hold such a window.
TEST_F(ReadHeaders, AZstdFrameWithAHugeWindowIsRefused) {
  Bucket bucket(Bucket::Files{
      {"a.csv.zst", Compressed("(printf 'name,city\\n'; head -c 2000000 /dev/urandom | base64)",
                               "zstd -q --long=27 -c")}});
  EXPECT_EQ(Link(bucket), kEveryColumn);
  EXPECT_TRUE(Logged("need a window over 8 MiB")) << ::testing::PrintToString(lines_);
}

TEST_F(ReadHeaders, JsonLinesKeysAreTheColumns) {
  Bucket bucket(Bucket::Files{
      {"2025/customers.json", "{\"name\":\"x\",\"zip\":1}\n{\"name\":\"y\",\"city\":2}\n"}});
  EXPECT_EQ(Link(bucket), (Names{"name>NAME", "city>CITY"}));
}

TEST_F(ReadHeaders, JsonLinesThatAreNotObjectsSaySo) {
  Bucket bucket(Bucket::Files{{"2025/customers.json", "{\"name\":1}\n[1]\n"}});
  EXPECT_EQ(Link(bucket), kEveryColumn);
  EXPECT_TRUE(Logged("JSON lines: a line is not a JSON object"))
      << ::testing::PrintToString(lines_);
}

TEST_F(ReadHeaders, OrcIsNamedAsUnread) {
  Bucket bucket(Bucket::Files{{"2025/customers.orc", "ORC" + std::string(100, '\0')}});
  EXPECT_EQ(Link(bucket), kEveryColumn);
  EXPECT_TRUE(Logged("ORC: delta-arc has no reader")) << ::testing::PrintToString(lines_);
}

// Files DuckDB and avsc write, in a directory of the test's own.
class ReadFormats : public ReadHeaders {
 protected:
  void SetUp() override { dir_ = testing::MakeTempDir(); }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string Parquet(const std::string& select, const std::string& options = "") {
    return testing::DuckDbCopy(Path(), select, "FORMAT PARQUET" + options);
  }
  std::string Avro(const std::string& schema, const std::string& records = "[]") {
    return testing::AvscWrite(Path(), schema, records);
  }
  std::string Path() { return dir_ + "/" + std::to_string(++files_); }

  std::string dir_;
  int files_ = 0;
};

constexpr const char* kCustomers =
    "SELECT i AS customer_id, 'x' || i AS name, 1.5 AS score FROM range(3) t(i)";

// A small file is read whole: one GET, from which the footer is taken.
TEST_F(ReadFormats, ASmallParquetFilesSchemaIsTheColumns) {
  Bucket bucket({{"2025/customers.parquet", Parquet(kCustomers)}});
  EXPECT_EQ(Link(bucket), (Names{"customer_id>CUSTOMERID", "name>NAME"}));
  EXPECT_EQ(bucket.reads.size(), 1u);
}

// Named .parquet: the first read is the tail, where the footer is; one GET when it holds
// the footer, one more for a footer longer than it (a wide table).
TEST_F(ReadFormats, AParquetFileIsReadFromItsTail) {
  const std::string many_rows =
      Parquet("SELECT i AS customer_id, md5(i::VARCHAR) AS city FROM range(20000) t(i)");
  ASSERT_GT(many_rows.size(), kFirstReadBytes);
  std::string wide_select = "SELECT 1 AS name";
  for (int i = 0; i < 600; ++i)
    wide_select += ", 2 AS a_rather_long_column_name_" + std::to_string(i);
  const std::string wide = Parquet(wide_select);
  Bucket bucket({{"a/part-0.snappy.parquet", many_rows}, {"b/part-0.parquet", wide}});
  EXPECT_EQ(Link(bucket), (Names{"customer_id>CUSTOMERID", "name>NAME", "city>CITY"}));
  EXPECT_EQ(bucket.reads,
            (Names{"a/part-0.snappy.parquet", "b/part-0.parquet", "b/part-0.parquet"}));
}

// The bytes say Parquet, the name does not: the start, then the tail.
TEST_F(ReadFormats, ParquetIsToldByItsMagicNumberWhateverItsName) {
  const std::string file =
      Parquet("SELECT i AS city, md5(i::VARCHAR) AS note FROM range(20000) t(i)");
  Bucket bucket({{"dms/sales/customers/LOAD00000001", file}});
  EXPECT_EQ(Link(bucket), (Names{"city>CITY"}));
  EXPECT_EQ(bucket.reads.size(), 2u);
}

TEST_F(ReadFormats, ATruncatedParquetFileSaysSoAndLinksEveryColumn) {
  std::string file = Parquet("SELECT i AS city, md5(i::VARCHAR) AS note FROM range(20000) t(i)");
  file.resize(file.size() - 100);
  Bucket bucket({{"2025/customers.parquet", file}});
  EXPECT_EQ(Link(bucket), kEveryColumn);
  EXPECT_TRUE(Logged("Parquet: its footer holds no readable schema"))
      << ::testing::PrintToString(lines_);
  // The tail (no "PAR1" at its end), then the start ("PAR1"): the tail is not read again.
  EXPECT_EQ(bucket.reads.size(), 2u);
  lines_.clear();
  // A footer length past the start of the file.
  std::string claims = Parquet(kCustomers);
  claims.replace(claims.size() - 8, 4, std::string("\xFF\xFF\xFF\x7F", 4));
  Bucket past({{"2025/customers.parquet", claims}});
  EXPECT_EQ(Link(past), kEveryColumn);
  EXPECT_TRUE(Logged("Parquet: its footer holds no readable schema"))
      << ::testing::PrintToString(lines_);
}

// The types a file states reach the column pairs, the newest file's over an older one's.
TEST_F(ReadFormats, TheTypesFilesStateReachTheColumnPairs) {
  Bucket bucket({{"2025/a.parquet", Parquet("SELECT 1::INTEGER AS name, 'x' AS city")},
                 {"2025/b.parquet", Parquet("SELECT 'y' AS name")}});
  const auto objects = bucket.Objects();
  MatchResult match;
  match.links.push_back({&pg_, &sf_, {0, 1}, {}, std::nullopt, {}, {}});
  ReadHeadersAndLinkColumns(bucket, headers_, log_, objects, Mapping::Default(), match);
  ASSERT_EQ(Linked(match.links[0]), (Names{"name>NAME", "city>CITY"}));
  EXPECT_EQ(match.links[0].columns[0].file_type, "BYTE_ARRAY (STRING)");
  EXPECT_EQ(match.links[0].columns[1].file_type, "BYTE_ARRAY (STRING)");
  ASSERT_EQ(match.kinds.size(), 2u);
  EXPECT_EQ(match.kinds[0], (FileKind{FileFormat::kParquet, Compression::kNone}));
}

// A schema longer than delta-arc reads: the tail, then the footer's first mebibyte, no more.
TEST_F(ReadFormats, AParquetSchemaLongerThanAMebibyteIsNamedSoAndNotReadOn) {
  // 3,000 columns of 400-letter names: a schema of 1.2 MB.
  const std::string wide = testing::DuckDbCopy(
      Path(),
      "PIVOT (SELECT repeat('c', 400) || i AS k, 1 AS v FROM range(3000) t(i)) ON k USING first(v)",
      "FORMAT PARQUET");
  Bucket bucket({{"2025/customers.parquet", wide}});
  EXPECT_EQ(Link(bucket), kEveryColumn);
  EXPECT_TRUE(Logged("its schema is longer than delta-arc reads (1 MiB)"))
      << ::testing::PrintToString(lines_);
  EXPECT_EQ(bucket.reads.size(), 2u);
}

TEST_F(ReadFormats, AnAvroFilesSchemaIsTheColumns) {
  Bucket bucket({{"2025/customers.avro",
                  Avro(R"({"type":"record","name":"C","fields":[{"name":"city","type":"string"},)"
                       R"({"name":"zip","type":["null","string"]}]})",
                       R"([{"city":"Oslo","zip":null}])")}});
  EXPECT_EQ(Link(bucket), (Names{"city>CITY"}));
  EXPECT_EQ(bucket.reads.size(), 1u);
}

// A header longer than the first read: one more, of as many bytes as it says it needs.
TEST_F(ReadFormats, ALongAvroHeaderTakesOneMoreRead) {
  std::string fields = R"({"name":"name","type":"string"})";
  for (int i = 0; i < 400; ++i) {
    fields += R"(,{"name":"a_rather_long_field_name_)" + std::to_string(i) + R"(","type":"long"})";
  }
  Bucket bucket(
      {{"2025/customers.avro", Avro(R"({"type":"record","name":"C","fields":[)" + fields + "]}")}});
  EXPECT_EQ(Link(bucket), (Names{"name>NAME"}));
  EXPECT_EQ(bucket.reads.size(), 2u);
}

TEST_F(ReadFormats, JsonLinesDuckDbWritesAreReadByTheirKeys) {
  Bucket bucket(
      {{"2025/customers.json",
        testing::DuckDbCopy(Path(), "SELECT i AS city, {'zip': i} AS addr FROM range(3) t(i)",
                            "FORMAT JSON")}});
  EXPECT_EQ(Link(bucket), (Names{"city>CITY"}));
}

}  // namespace
}  // namespace delta_arc::lineage
