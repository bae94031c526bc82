// Input a real bucket or cache will produce, end to end: compressed and non-UTF-8 files,
// keys that are not UTF-8, a damaged header cache, and archives too long for one URL.
// Each run completes (the bad input refused with its reason), and the next one, on the
// same input, writes nothing.
#include <algorithm>
#include <fstream>

#include "tests/cli/pipeline_fixture.h"
#include "tests/support/subprocess.h"

namespace delta_arc::testing {
namespace {

// The file at `path` compressed by an independent writer: Debian's gzip, zstd or bzip2.
std::string CompressedFile(const std::string& tool, const std::string& path) {
  std::string out;
  EXPECT_EQ(RunCommand({"/bin/sh", "-c", tool + " -c < '" + path + "'"}, &out), 0)
      << tool << ": " << out;
  return out;
}

// A sample file, compressed.
std::string Compressed(const std::string& tool, const std::string& sample) {
  return CompressedFile(tool, TestDataPath(sample));
}

// `text`, compressed.
std::string CompressedText(const std::string& tool, const std::string& text,
                           const std::string& dir) {
  const std::string path = dir + "/plain.txt";
  std::ofstream(path, std::ios::binary) << text;
  return CompressedFile(tool, path);
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), {});
}

// The summary's create, update and archive counts, for "writes nothing" checks.
std::string Changes(const CommandResult& run) {
  return std::to_string(run.json.value("atlan_created", -1)) + "/" +
         std::to_string(run.json.value("atlan_updated", -1)) + "/" +
         std::to_string(run.json.value("atlan_archived", -1));
}

TEST_F(PipelineTest, CompressedAndNonUtf8FilesSyncAndConverge) {
  UploadSampleBucket();
  const std::string bucket = "delta-arc/bucket/2025/";
  Remove("2025/categories.csv");
  Remove("2025/shippers.csv");
  Remove("2025/suppliers.csv");
  // gzip, zstd and bzip2 are read: their headers (without DESCRIPTION, without PHONE) are
  // what link the tables' columns.
  Upload("2025/categories.csv.gz",
         CompressedText("gzip", "categoryid,categoryname\n1,Beverages\n", work_dir_));
  // Bytes that claim to be gzip and are not.
  Remove("2025/employees.csv");
  Upload("2025/employees.csv", std::string("\x1F\x8B\x08\x00", 4) + "not deflate data at all");
  Upload("2025/shippers.csv.zst",
         CompressedText("zstd -q", "shipperid,shippername\n1,Speedy\n", work_dir_));
  Upload("2025/suppliers.csv.bz2", Compressed("bzip2", bucket + "suppliers.csv"));
  // A header in Latin-1, as a Windows export writes it: 'é' is the byte E9.
  Remove("2025/products.csv");
  Upload("2025/products.csv", "productid,productname,cat\xE9gorie\n1,Chai,1\n");

  auto plan = Run({"plan"}, {"LOG_LEVEL=warn"});
  ASSERT_EQ(plan.exit_code, 0) << plan.output;
  for (const char* said : {"compressed (gzip): its first bytes do not decompress", "not UTF-8"}) {
    EXPECT_NE(plan.output.find(said), std::string::npos) << said << "\n" << plan.output;
  }
  for (const char* unsaid : {"compressed (zstd)", "compressed (bzip2)"}) {
    EXPECT_EQ(plan.output.find(unsaid), std::string::npos) << unsaid << "\n" << plan.output;
  }
  EXPECT_EQ(plan.output.find("Chai"), std::string::npos) << "the log carries no data";
  auto first = Run({"sync", "--json"});
  ASSERT_EQ(first.exit_code, 0) << first.output;
  const auto reaches = [&](const std::string& table_column) {
    auto columns = Downstream(Guid("Column", kPostgresQn + kSchema + table_column));
    return std::find(columns.begin(), columns.end(),
                     "Column " + kSnowflakeQn + kSchema + table_column) != columns.end();
  };
  EXPECT_TRUE(reaches("CATEGORIES/CATEGORYNAME")) << "in the gzip file's header";
  EXPECT_FALSE(reaches("CATEGORIES/DESCRIPTION")) << "not in the gzip file's header";
  EXPECT_TRUE(reaches("SHIPPERS/SHIPPERNAME")) << "in the zstd file's header";
  EXPECT_FALSE(reaches("SHIPPERS/PHONE")) << "not in the zstd file's header";
  EXPECT_TRUE(reaches("SUPPLIERS/PHONE")) << "in the bzip2 file's header";
  // Every matching column is linked for a table whose file tells nothing.
  EXPECT_TRUE(reaches("EMPLOYEES/LASTNAME")) << "the damaged gzip file links every column";
  const std::string cache = ReadFile(work_dir_ + "/cache/headers.json");
  EXPECT_EQ(cache.find("\xE9"), std::string::npos) << "the cache holds only UTF-8";

  // The verdicts are cached: the next sync reads nothing and writes nothing.
  auto again = Run({"sync", "--json"});
  ASSERT_EQ(again.exit_code, 0) << again.output;
  EXPECT_EQ(Changes(again), "0/0/0") << again.output;
  EXPECT_EQ(again.json["s3_header_reads"], 0);
}

// A header cache changed on disk (one object's header index pointed at another header)
// is a miss with a warning: the headers are read again and no lineage is archived.
// --force-refresh rewrites the cache.
TEST_F(PipelineTest, DamagedHeaderCacheCostsReadsNeverLineage) {
  UploadSampleBucket();
  auto first = Run({"sync", "--json"});
  ASSERT_EQ(first.exit_code, 0) << first.output;
  const std::string path = work_dir_ + "/cache/headers.json";
  std::string cache = ReadFile(path);
  const size_t at = cache.find("\"2025/categories.csv\":[\"");
  ASSERT_NE(at, std::string::npos) << cache;
  const size_t index = cache.find("\",", at + 22) + 2;
  cache[index] = cache[index] == '0' ? '5' : '0';
  std::ofstream(path, std::ios::binary) << cache;

  auto plan = Run({"plan"}, {"LOG_LEVEL=warn"});
  ASSERT_EQ(plan.exit_code, 0) << plan.output;
  EXPECT_NE(plan.output.find("damaged"), std::string::npos) << plan.output;
  auto damaged = Run({"sync", "--json"});
  ASSERT_EQ(damaged.exit_code, 0) << damaged.output;
  EXPECT_EQ(Changes(damaged), "0/0/0") << damaged.output;
  EXPECT_EQ(damaged.json["s3_header_reads"], 8);

  auto refreshed = Run({"sync", "--json", "--force-refresh"});
  ASSERT_EQ(refreshed.exit_code, 0) << refreshed.output;
  EXPECT_EQ(Changes(refreshed), "0/0/0") << refreshed.output;
  EXPECT_EQ(refreshed.json["s3_header_reads"], 8);
  auto after = Run({"sync", "--json"});
  EXPECT_EQ(after.json["s3_header_reads"], 0) << after.output;
}

// Archiving more guids than one URL holds (about 190 past 8 KiB, where the emulator, as
// the servers in front of Atlan, answers 414): batches split by length, and the run ends.
TEST_F(PipelineTest, LongArchivesSplitByUrlLength) {
  for (int i = 0; i < 400; ++i) {
    Upload("2025/orders/part-" + std::to_string(1000 + i) + ".csv", "orderid\n1\n");
  }
  std::ofstream(work_dir_ + "/m.yaml") << "objects:\n  - \"{table}/{file}.csv\"\n";
  const std::vector<std::string> env = {"ATLAN_BATCH_SIZE=300", "ATLAN_MAX_BATCH_SIZE=300",
                                        "MAPPING_FILE=" + work_dir_ + "/m.yaml"};
  auto first = Run({"sync", "--json"}, env);
  ASSERT_EQ(first.exit_code, 0) << first.output;
  ASSERT_EQ(CountActive("S3Object", ""), 400);
  for (int i = 0; i < 400; ++i) Remove("2025/orders/part-" + std::to_string(1000 + i) + ".csv");
  Upload("2025/orders/part-9999.csv", "orderid\n1\n");  // below the mass-archive guard's
  auto archive = Run({"sync", "--json", "--allow-mass-archive"}, env);
  ASSERT_EQ(archive.exit_code, 0) << archive.output;
  EXPECT_EQ(archive.json["atlan_archived"], 400) << archive.output;
  EXPECT_EQ(CountActive("S3Object", ""), 1);
  auto again = Run({"sync", "--json"}, env);
  EXPECT_EQ(Changes(again), "0/0/0") << again.output;
}

}  // namespace
}  // namespace delta_arc::testing
