// CSV headers end to end, on the emulator and s3rver: delimiters other than ',', a file
// without a header, and a zero-byte object that must not be read.
#include <algorithm>
#include <chrono>
#include <thread>

#include "tests/cli/pipeline_fixture.h"

namespace delta_arc::testing {
namespace {

TEST_F(PipelineTest, HeadersSeparatedBySemicolonTabOrPipeLinkTheirColumns) {
  Upload("2025/customers.csv", "customerid;city\n1;x\n");
  Upload("2025/orders.csv", "\xEF\xBB\xBForderid\tcustomerid\r\n1\t2\r\n");
  Upload("2025/shippers.csv", "shipperid|\"phone\"\n1|555\n");
  auto sync = Run({"sync", "--json"});
  ASSERT_EQ(sync.exit_code, 0) << sync.output;
  EXPECT_EQ(sync.json["by_type"]["ColumnProcess"]["create"], 6);
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
  EXPECT_EQ(sync.json["by_type"]["ColumnProcess"]["create"], 3);  // as the sample's shippers
}

TEST_F(PipelineTest, ZeroByteNewestObjectIsNotRead) {
  Upload("2025/customers.csv", "customerid,city\n1,x\n");
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));  // newer by S3's clock
  Upload("2025/late/customers.csv", "");
  const auto started = std::chrono::steady_clock::now();
  auto sync = Run({"sync", "--json"});
  ASSERT_EQ(sync.exit_code, 0) << sync.output;
  // The older object's header stands for the table: no GET of the empty one, no retries.
  EXPECT_EQ(sync.json["by_type"]["S3Object"]["create"], 2);
  EXPECT_EQ(sync.json["by_type"]["ColumnProcess"]["create"], 2);
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(10));
}

}  // namespace
}  // namespace delta_arc::testing
