// Any SQL connector on either side, end to end on the emulator and s3rver: the sample's
// tables crawled from MySQL and loaded into Redshift (one of them a materialised view and
// one a view there) give the lineage the sample gives between Postgres and Snowflake, and
// the outputs name the connectors. POSTGRES_/SNOWFLAKE_CONNECTION_NAME still hold a side
// to its connector.
#include <fstream>
#include <iterator>
#include <map>
#include <string>

#include "tests/cli/pipeline_fixture.h"
#include "tests/support/emulator_process.h"
#include "tests/support/subprocess.h"

namespace delta_arc::testing {
namespace {

using nlohmann::json;

class SqlConnectors : public PipelineTest {
 protected:
  // MySQL and Redshift, named by the settings that take any SQL connector.
  const std::vector<std::string> other_sides_ = {
      "POSTGRES_CONNECTION_NAME=", "SNOWFLAKE_CONNECTION_NAME=", "SOURCE_CONNECTION_NAME=mysql-dac",
      "TARGET_CONNECTION_NAME=redshift-dac", "S3_CONNECTION_NAME=landing-other"};
};

// Each column process's name ("<source column> → <target column>"), counted.
std::map<std::string, int> ColumnProcessNames(const json& report) {
  std::map<std::string, int> names;
  for (const auto& change : report["changes"]["create"]) {
    if (change["typeName"] == "ColumnProcess") ++names[change["name"].get<std::string>()];
  }
  return names;
}

TEST_F(SqlConnectors, MySqlIntoRedshiftGivesTheLineageOfPostgresIntoSnowflake) {
  UploadSampleBucket();
  SeedMySqlAndRedshift();
  auto sample = Run({"plan", "--json"});
  ASSERT_EQ(sample.exit_code, 0) << sample.output;
  EXPECT_EQ(sample.json["source_connector"], "postgres");
  EXPECT_EQ(sample.json["target_connector"], "snowflake");

  auto other = Run({"sync", "--json"}, other_sides_);
  ASSERT_EQ(other.exit_code, 0) << other.output;
  EXPECT_EQ(other.json["source_connector"], "mysql");
  EXPECT_EQ(other.json["target_connector"], "redshift");
  EXPECT_GT(other.json["postgres_assets_count"].get<int>(), 0);
  EXPECT_EQ(other.json["postgres_assets_count"], sample.json["postgres_assets_count"]);
  // The same column pairs; a materialised view and a view load as a table does.
  const auto pairs = ColumnProcessNames(sample.json);
  EXPECT_FALSE(pairs.empty());
  EXPECT_EQ(ColumnProcessNames(other.json), pairs);

  const std::string schema = "/FOOD_BEVERAGE/SALES_ORDERS/";
  const auto downstream = Downstream(Guid("Table", kMySqlQn + schema + "ORDERS"));
  EXPECT_NE(std::find(downstream.begin(), downstream.end(),
                      "MaterialisedView " + kRedshiftQn + schema + "ORDERS"),
            downstream.end());
  const auto customers = Downstream(Guid("Table", kMySqlQn + schema + "CUSTOMERS"));
  EXPECT_NE(
      std::find(customers.begin(), customers.end(), "View " + kRedshiftQn + schema + "CUSTOMERS"),
      customers.end());

  // The text and the HTML report name the connectors, from the cache too (which keeps no
  // connector). The report's lanes and headings are drawn from these names.
  // An object of no table says which connections it looked in.
  Upload("2025/regions.csv", "regionid\n1\n");
  const std::string html = work_dir_ + "/report.html";
  auto text = Run({"plan", "--html", html}, other_sides_);
  ASSERT_EQ(text.exit_code, 0) << text.output;
  EXPECT_NE(text.output.find("MySQL assets:"), std::string::npos) << text.output;
  EXPECT_NE(text.output.find("Redshift assets:"), std::string::npos) << text.output;
  EXPECT_NE(text.output.find("(from cache)"), std::string::npos) << text.output;
  EXPECT_NE(text.output.find("(none: no MySQL or Redshift table named 'regions')"),
            std::string::npos)
      << text.output;
  EXPECT_EQ(text.output.find("Postgres"), std::string::npos) << text.output;
  std::ifstream report(html);
  const std::string page((std::istreambuf_iterator<char>(report)), {});
  EXPECT_NE(page.find(R"("sourceConnector":"MySQL")"), std::string::npos);
  EXPECT_NE(page.find(R"("targetConnector":"Redshift")"), std::string::npos);
}

TEST_F(SqlConnectors, TheConnectorSettingsStillHoldASideToTheirConnector) {
  SeedMySqlAndRedshift();
  auto postgres = Run({"plan"}, {"POSTGRES_CONNECTION_NAME=mysql-dac"});
  EXPECT_NE(postgres.exit_code, 0);
  EXPECT_NE(postgres.output.find("POSTGRES_CONNECTION_NAME: the connection named 'mysql-dac' is a "
                                 "mysql connection, not postgres"),
            std::string::npos)
      << postgres.output;
  // Any SQL connector, but not an S3 connection: that is the bucket's side.
  ASSERT_EQ(Run({"sync"}).exit_code, 0);
  auto s3 = Run({"plan"}, {"POSTGRES_CONNECTION_NAME=", "SOURCE_CONNECTION_NAME=landing-s3"});
  EXPECT_NE(s3.exit_code, 0);
  EXPECT_NE(s3.output.find("SOURCE_CONNECTION_NAME: the connection named 'landing-s3' is a s3 "
                           "connection, not one of a SQL connector"),
            std::string::npos)
      << s3.output;
  // A side named twice is a configuration error before any request.
  ResetRequests();
  auto both = Run({"plan"}, {"SOURCE_CONNECTION_NAME=mysql-dac"});
  EXPECT_EQ(both.exit_code, 2);
  EXPECT_NE(both.output.find("SOURCE_CONNECTION_NAME: set one of POSTGRES_CONNECTION_NAME and "
                             "SOURCE_CONNECTION_NAME"),
            std::string::npos)
      << both.output;
  EXPECT_EQ(TotalRequests(), 0);
}

}  // namespace
}  // namespace delta_arc::testing
