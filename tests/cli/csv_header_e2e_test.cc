// CSV headers end to end, on the emulator and s3rver: delimiters other than ',', a file
// without a header, a zero-byte object that must not be read, column lineage as the union
// of every file's header, and each object version read once.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "tests/cli/pipeline_fixture.h"

namespace delta_arc::testing {
namespace {

TEST_F(PipelineTest, HeadersSeparatedBySemicolonTabOrPipeLinkTheirColumns) {
  Upload("2025/customers.csv", "customerid;city\n1;x\n");
  Upload("2025/orders.csv", "\xEF\xBB\xBForderid\tcustomerid\r\n1\t2\r\n");
  Upload("2025/shippers.csv", "shipperid|\"phone\"\n1|555\n");
  auto sync = Run({"sync", "--json"});
  ASSERT_EQ(sync.exit_code, 0) << sync.output;
  EXPECT_EQ(sync.json["planned_by_type"]["ColumnProcess"]["create"], 6);
  auto down = Downstream(Guid("Column", kPostgresQn + kSchema + "SHIPPERS/PHONE"));
  EXPECT_NE(
      std::find(down.begin(), down.end(), "Column " + kSnowflakeQn + kSchema + "SHIPPERS/PHONE"),
      down.end());
}

TEST_F(PipelineTest, FileWithoutHeaderWarnsAndLinksEveryMatchingColumn) {
  Upload("2025/shippers.csv", "1,Speedy Express,555\n2,United Package,556\n");
  auto plan = Run({"plan"}, {"LOG_LEVEL=warn"});
  ASSERT_EQ(plan.exit_code, 0) << plan.output;
  EXPECT_NE(plan.output.find("no CSV header"), std::string::npos) << plan.output;
  EXPECT_NE(plan.output.find("2025/shippers.csv"), std::string::npos) << plan.output;
  EXPECT_EQ(plan.output.find("Speedy"), std::string::npos) << "the log carries no data";
  auto sync = Run({"sync", "--json"});
  ASSERT_EQ(sync.exit_code, 0) << sync.output;
  EXPECT_EQ(sync.json["planned_by_type"]["ColumnProcess"]["create"],
            3);  // as the sample's shippers
}

// How many CSV headers a run read from S3 and took from the cache, from its debug log.
std::pair<int, int> HeaderReads(const std::string& output) {
  int read = 0, cached = 0;
  std::istringstream lines(output);
  for (std::string line; std::getline(lines, line);) {
    if (line.find("CSV headers") == std::string::npos) continue;
    const auto number = [&](const std::string& name) {
      const size_t at = line.find(" " + name + "=");
      return at == std::string::npos ? 0 : std::stoi(line.substr(at + name.size() + 2));
    };
    read += number("read");
    cached += number("cached");
  }
  return {read, cached};
}

TEST_F(PipelineTest, ZeroByteObjectIsNotRead) {
  Upload("2025/customers.csv", "customerid,city\n1,x\n");
  Upload("2025/late/customers.csv", "");
  auto sync = Run({"sync"}, {"LOG_LEVEL=debug"});
  ASSERT_EQ(sync.exit_code, 0) << sync.output;
  // The other object's header stands for the table: no GET of the empty one.
  EXPECT_EQ(HeaderReads(sync.output), std::make_pair(1, 0)) << sync.output;
  auto plan = Run({"plan", "--json"});
  EXPECT_EQ(plan.json["planned_by_type"]["ColumnProcess"]["create"], 0) << plan.output;
  EXPECT_EQ(CountActive("ColumnProcess", ""), 2);
}

// A column keeps its lineage while any file of the table carries it: a newer file with
// fewer columns does not drop the others.
TEST_F(PipelineTest, ColumnLineageIsTheUnionOfEveryFilesHeader) {
  Upload("2025/customers.csv", "customerid,city\n1,x\n");
  Upload("2025/late/customers.csv", "customerid\n2\n");
  auto sync = Run({"sync", "--json"});
  ASSERT_EQ(sync.exit_code, 0) << sync.output;
  EXPECT_EQ(sync.json["planned_by_type"]["ColumnProcess"]["create"], 2);
  // Only when no file carries it any more does its column process go.
  Remove("2025/customers.csv");
  auto after = Run({"sync", "--json"});
  ASSERT_EQ(after.exit_code, 0) << after.output;
  EXPECT_EQ(after.json["planned_by_type"]["ColumnProcess"]["archive"], 1) << after.output;
  EXPECT_EQ(CountActive("ColumnProcess", ""), 1);
}

// Each object version's header is read once: an unchanged re-run reads none, a rewritten
// object (a new ETag) is read again, and a lost cache costs reads, not lineage.
TEST_F(PipelineTest, HeadersAreReadOncePerObjectVersion) {
  Upload("2025/customers.csv", "customerid,city\n1,x\n");
  Upload("2025/orders.csv", "1,2,3\n");  // no header: remembered as such, its row is not
  Upload("2025/late/customers.csv", "customerid\n2\n");
  auto first = Run({"sync"}, {"LOG_LEVEL=debug"});
  ASSERT_EQ(first.exit_code, 0) << first.output;
  EXPECT_EQ(HeaderReads(first.output), std::make_pair(3, 0)) << first.output;
  auto again = Run({"sync"}, {"LOG_LEVEL=debug"});
  EXPECT_EQ(HeaderReads(again.output), std::make_pair(0, 3)) << again.output;

  Upload("2025/late/customers.csv", "customerid,country\n3,y\n");
  auto changed = Run({"sync", "--json"});
  ASSERT_EQ(changed.exit_code, 0) << changed.output;
  EXPECT_EQ(changed.json["planned_by_type"]["ColumnProcess"]["create"], 1);  // COUNTRY
  const std::string cache_file = work_dir_ + "/cache/headers.json";
  std::ifstream in(cache_file);
  ASSERT_TRUE(in) << cache_file;
  const std::string cached((std::istreambuf_iterator<char>(in)), {});
  EXPECT_NE(cached.find("country"), std::string::npos) << cached;
  EXPECT_EQ(cached.find("1,2,3"), std::string::npos) << "the cache never holds data";

  std::filesystem::remove(cache_file);
  auto lost = Run({"sync", "--json"});
  ASSERT_EQ(lost.exit_code, 0) << lost.output;
  EXPECT_EQ(lost.json["atlan_created"], 0) << lost.output;
  EXPECT_EQ(lost.json["atlan_archived"], 0) << lost.output;
}

}  // namespace
}  // namespace delta_arc::testing
