// Each format delta-arc reads, end to end on the emulator and s3rver: a bucket whose tables
// land as Parquet, Avro, JSON lines and compressed CSV, some in the layouts tools write (AWS
// DMS, Spark, Snowflake's unload), gives the same column lineage as the same tables landed
// as plain CSV. Every file is written by an independent writer (DuckDB,
// avsc, Debian's bzip2) from the sample's CSV with one column left out, so that a column
// linked only because a file told nothing would show.
#include <filesystem>
#include <fstream>
#include <map>
#include <set>

#include "tests/cli/pipeline_fixture.h"
#include "tests/support/emulator_process.h"
#include "tests/support/file_writers.h"
#include "tests/support/subprocess.h"

namespace delta_arc::testing {
namespace {

class FileFormats : public PipelineTest {
 protected:
  // The sample table's file as DuckDB reads it, without its last column.
  std::string Select(const std::string& table) {
    const std::string csv = TestDataPath("delta-arc/bucket/2025/" + table + ".csv");
    std::ifstream in(csv);
    std::string header;
    std::getline(in, header);
    const std::string last = header.substr(header.rfind(',') + 1);
    return "SELECT * EXCLUDE (" + last + ") FROM read_csv('" + csv + "')";
  }
  // The same, as an Avro header's schema (every field a string: avsc writes no records here,
  // only the header that states the columns).
  std::string AvroSchema(const std::string& table) {
    std::ifstream in(TestDataPath("delta-arc/bucket/2025/" + table + ".csv"));
    std::string header;
    std::getline(in, header);
    header = header.substr(0, header.rfind(','));
    std::string fields;
    for (size_t at = 0; at <= header.size();) {
      const size_t comma = std::min(header.find(',', at), header.size());
      fields += std::string(fields.empty() ? "" : ",") + R"({"name":")" +
                header.substr(at, comma - at) + R"(","type":"string"})";
      at = comma + 1;
    }
    return R"({"type":"record","name":"Row","fields":[)" + fields + "]}";
  }
  std::string Path() { return work_dir_ + "/written-" + std::to_string(++files_); }

  // The column processes a plan would create: Postgres column → Snowflake column, whichever
  // files carried them.
  std::set<std::string> PlannedColumnProcesses() {
    auto plan = Run({"plan", "--json"});
    EXPECT_EQ(plan.exit_code, 0) << plan.output;
    std::set<std::string> names;
    for (const auto& change : plan.json["changes"]["create"]) {
      if (change["typeName"] == "ColumnProcess") names.insert(change["qualifiedName"]);
    }
    return names;
  }

  // Each S3 object's content type in Atlan, by key.
  std::map<std::string, std::string> ContentTypes() {
    auto reply = emulator_.Post("/api/meta/search/indexsearch",
                                SdkSearch({SdkTerm("__typeName.keyword", "S3Object")}, 0, 300,
                                          {"s3ObjectKey", "s3ObjectContentType"}));
    std::map<std::string, std::string> types;
    for (const auto& entity : reply.body.value("entities", nlohmann::json::array())) {
      const auto& a = entity["attributes"];
      types[a.value("s3ObjectKey", "")] = a.value("s3ObjectContentType", "");
    }
    return types;
  }

  const std::vector<std::string> tables_ = {"categories", "customers", "employees", "orderdetails",
                                            "orders",     "products",  "shippers",  "suppliers"};
  int files_ = 0;
};

TEST_F(FileFormats, EveryFormatGivesTheColumnLineageOfItsCsvTwin) {
  for (const auto& table : tables_) {
    Upload("2025/" + table + ".csv", DuckDbCopy(Path(), Select(table), "FORMAT CSV, HEADER"));
  }
  const std::set<std::string> from_csv = PlannedColumnProcesses();
  ASSERT_FALSE(from_csv.empty());
  ASSERT_LT(from_csv.size(), 41u) << "the left-out columns are not linked (41 when every one is)";
  for (const auto& table : tables_) Remove("2025/" + table + ".csv");

  // Spark's part files under a partition, beside its marker.
  Upload("2025/categories/dt=2026-12-01/part-00000-5e1f.c000.snappy.parquet",
         DuckDbCopy(Path(), Select("categories"), "FORMAT PARQUET"));
  Upload("2025/categories/dt=2026-12-01/_SUCCESS", "");
  // AWS DMS's full load under <schema>/<table>/: Parquet by its bytes, without the name.
  Upload("2025/sales_orders/customers/LOAD00000001",
         DuckDbCopy(Path(), Select("customers"), "FORMAT PARQUET, COMPRESSION ZSTD"));
  Upload("2025/employees.avro", AvscWrite(Path(), AvroSchema("employees")));
  Upload("2025/orderdetails.json", DuckDbCopy(Path(), Select("orderdetails"), "FORMAT JSON"));
  // Snowflake's COPY INTO @stage.
  Upload("2025/orders/data_0_0_0.csv.gz",
         DuckDbCopy(Path(), Select("orders"), "FORMAT CSV, HEADER, COMPRESSION GZIP"));
  Upload("2025/products.csv.zst",
         DuckDbCopy(Path(), Select("products"), "FORMAT CSV, HEADER, COMPRESSION ZSTD"));
  const std::string plain = Path();
  DuckDbCopy(plain, Select("shippers"), "FORMAT CSV, HEADER");
  std::string bzipped;
  ASSERT_EQ(RunCommand({"/bin/sh", "-c", "bzip2 -c < '" + plain + "'"}, &bzipped), 0);
  Upload("2025/shippers.csv.bz2", bzipped);
  Upload("2025/suppliers.jsonl.gz",
         DuckDbCopy(Path(), Select("suppliers"), "FORMAT JSON, COMPRESSION GZIP"));
  EXPECT_EQ(PlannedColumnProcesses(), from_csv);
  auto plan = Run({"plan"}, {"LOG_LEVEL=warn"});
  EXPECT_NE(plan.output.find("_SUCCESS  →  (none: a tool's marker beside its data"),
            std::string::npos)
      << plan.output;

  auto sync = Run({"sync", "--json"});
  ASSERT_EQ(sync.exit_code, 0) << sync.output;
  EXPECT_EQ(sync.json["planned_by_type"]["ColumnProcess"]["create"], from_csv.size());
  // The content type follows what the bytes are, whatever the name says.
  const auto types = ContentTypes();
  ASSERT_EQ(types.size(), 9u) << ::testing::PrintToString(types);
  EXPECT_EQ(types.at("2025/sales_orders/customers/LOAD00000001"), "application/vnd.apache.parquet");
  EXPECT_EQ(types.at("2025/employees.avro"), "avro/binary");
  EXPECT_EQ(types.at("2025/orderdetails.json"), "application/jsonl");
  EXPECT_EQ(types.at("2025/products.csv.zst"), "application/zstd");
  EXPECT_EQ(types.at("2025/shippers.csv.bz2"), "application/x-bzip2");
  auto again = Run({"sync", "--json"});
  ASSERT_EQ(again.exit_code, 0) << again.output;
  EXPECT_EQ(again.json["s3_header_reads"], 0) << "each version's columns are cached";
  EXPECT_EQ(again.json["atlan_created"], 0);
  EXPECT_EQ(again.json["atlan_updated"], 0);
}

}  // namespace
}  // namespace delta_arc::testing
