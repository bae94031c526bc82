// Any SQL connector on either side, end to end on the emulator and s3rver: the sample's
// tables crawled from MySQL and loaded into Redshift (one of them a materialised view and
// one a view there) give the lineage the sample gives between Postgres and Snowflake, and
// the outputs name the connectors. POSTGRES_/SNOWFLAKE_CONNECTION_NAME still hold a side
// to its connector.
#include <algorithm>
#include <cctype>
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

// BigQuery's two levels under a connection, a project and a dataset, stand in Atlan as its
// database and schema (default/bigquery/<epoch>/<project>/<dataset>/<table>); projects hold
// '-' and BigQuery's names are usually lower case. The sample's Snowflake side seeded so loads
// from Postgres as Snowflake does.
TEST_F(SqlConnectors, BigQuerysProjectAndDatasetStandAsDatabaseAndSchema) {
  const std::string bigquery_qn = "default/bigquery/1757533000";
  std::ifstream in(TestDataPath("delta-arc/tenant.json"));
  const json sample = json::parse(in);
  json connection;
  for (const auto& c : sample["connections"]) {
    if (c["connectorName"] == "snowflake") connection = c;
  }
  ASSERT_TRUE(connection.is_object());
  const auto lower = [](std::string text) {
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text;
  };
  connection["name"] = "bigquery-dac";
  connection["connectorName"] = "bigquery";
  connection["qualifiedName"] = bigquery_qn;
  for (auto& database : connection["databases"]) {
    database["name"] = "delta-arc-prod";
    for (auto& schema : database["schemas"]) {
      schema["name"] = "sales_orders";
      for (auto& table : schema["tables"]) {
        table["name"] = lower(table["name"]);
        for (auto& column : table["columns"]) column["name"] = lower(column["name"]);
      }
    }
  }
  SeedTenant({{"connections", {connection}}});
  UploadSampleBucket();
  auto snowflake = Run({"plan", "--json"});
  ASSERT_EQ(snowflake.exit_code, 0) << snowflake.output;
  auto bigquery = Run({"sync", "--json"},
                      {"SNOWFLAKE_CONNECTION_NAME=", "TARGET_CONNECTION_NAME=bigquery-dac"});
  ASSERT_EQ(bigquery.exit_code, 0) << bigquery.output;
  EXPECT_EQ(bigquery.json["target_connector"], "bigquery");
  // The same column pairs, the target's names in BigQuery's case.
  std::map<std::string, int> expected;
  for (const auto& [name, count] : ColumnProcessNames(snowflake.json)) {
    const size_t arrow = name.find(" → ");
    ASSERT_NE(arrow, std::string::npos) << name;
    expected[name.substr(0, arrow + 5) + lower(name.substr(arrow + 5))] = count;
  }
  EXPECT_FALSE(expected.empty());
  EXPECT_EQ(ColumnProcessNames(bigquery.json), expected);
  const auto downstream = Downstream(Guid("Table", kPostgresQn + kSchema + "ORDERS"));
  EXPECT_NE(std::find(downstream.begin(), downstream.end(),
                      "Table " + bigquery_qn + "/delta-arc-prod/sales_orders/orders"),
            downstream.end());
  auto text = Run({"plan"}, {"SNOWFLAKE_CONNECTION_NAME=", "TARGET_CONNECTION_NAME=bigquery-dac"});
  ASSERT_EQ(text.exit_code, 0) << text.output;
  EXPECT_NE(text.output.find("BigQuery assets:"), std::string::npos) << text.output;
}

// The object of `key` in a run's detailed JSON.
json ObjectOf(const json& report, const std::string& key) {
  for (const auto& object : report["objects"]) {
    if (object["key"] == key) return object;
  }
  return nullptr;
}

// A side may be several connections (SOURCE_CONNECTION_NAME=a,b), read as one: each file
// matches its table in whichever it is, a name two of them hold is ambiguous until the
// mapping names the connection (or a schema that tells them apart), and the outputs name
// every connector of the side.
TEST_F(SqlConnectors, ASideOfSeveralConnectionsMatchesAcrossThem) {
  const std::string mysql_qn = "default/mysql/1757534000";
  const std::string redshift_qn = "default/redshift/1757535000";
  const auto table = [](const std::string& name, const std::vector<std::string>& columns) {
    json out = {{"name", name}, {"columns", json::array()}};
    for (size_t i = 0; i < columns.size(); ++i) {
      out["columns"].push_back({{"name", columns[i]}, {"dataType", "INT"}, {"order", i + 1}});
    }
    return out;
  };
  // A connection of one database and schema holding `tables`.
  const auto connection = [](const std::string& name, const std::string& connector,
                             const std::string& qn, const std::string& database,
                             const std::string& schema, const json& tables) {
    return json{{"name", name},
                {"connectorName", connector},
                {"qualifiedName", qn},
                {"databases",
                 {{{"name", database}, {"schemas", {{{"name", schema}, {"tables", tables}}}}}}}};
  };
  const json tenant = {{"connections",
                        {connection("crm-mysql", "mysql", mysql_qn, "CRM", "PUBLIC",
                                    json::array({table("REGIONS", {"REGIONID", "REGIONNAME"}),
                                                 table("ORDERS", {"ORDERID", "REGIONID"})})),
                         connection("crm-redshift", "redshift", redshift_qn, "ANALYTICS", "CRM",
                                    json::array({table("REGIONS", {"REGIONID", "REGIONNAME"})}))}}};
  SeedTenant(tenant);
  UploadSampleBucket();
  Upload("2025/regions.csv", "regionid,regionname\n1,north\n");
  const std::vector<std::string> sides = {"POSTGRES_CONNECTION_NAME=", "SNOWFLAKE_CONNECTION_NAME=",
                                          "SOURCE_CONNECTION_NAME=postgres-dac, crm-mysql",
                                          "TARGET_CONNECTION_NAME=snowflake-dac,crm-redshift"};
  auto plan = Run({"plan", "--json"}, sides);
  ASSERT_EQ(plan.exit_code, 0) << plan.output;
  EXPECT_EQ(plan.json["source_connector"], "postgres, mysql");
  EXPECT_EQ(plan.json["target_connector"], "snowflake, redshift");
  const json regions = ObjectOf(plan.json, "2025/regions.csv");
  EXPECT_EQ(regions["postgresTable"], mysql_qn + "/CRM/PUBLIC/REGIONS") << regions;
  EXPECT_EQ(regions["snowflakeTable"], redshift_qn + "/ANALYTICS/CRM/REGIONS") << regions;
  EXPECT_EQ(ObjectOf(plan.json, "2025/customers.csv")["postgresTable"],
            kPostgresQn + kSchema + "CUSTOMERS");
  const std::string ambiguous = ObjectOf(plan.json, "2025/orders.csv")["reason"];
  EXPECT_NE(ambiguous.find("ambiguous: 'orders' names 2 tables in the Postgres, MySQL connections"),
            std::string::npos)
      << ambiguous;
  EXPECT_NE(ambiguous.find("<connection name>:TABLE"), std::string::npos) << ambiguous;

  // The mapping names the connection, or a schema only one of them has.
  for (const std::string ref : {"postgres-dac:ORDERS", "SALES_ORDERS.ORDERS"}) {
    std::ofstream(work_dir_ + "/m.yaml") << "tables:\n  ORDERS: {postgres: \"" << ref << "\"}\n";
    std::vector<std::string> mapped = sides;
    mapped.push_back("MAPPING_FILE=" + work_dir_ + "/m.yaml");
    auto resolved = Run({"plan", "--json"}, mapped);
    ASSERT_EQ(resolved.exit_code, 0) << resolved.output;
    const json orders = ObjectOf(resolved.json, "2025/orders.csv");
    EXPECT_EQ(orders["postgresTable"], kPostgresQn + kSchema + "ORDERS") << ref << orders;
    EXPECT_EQ(orders["snowflakeTable"], kSnowflakeQn + kSchema + "ORDERS") << ref << orders;
  }
  auto sync = Run({"sync", "--json"}, sides);
  ASSERT_EQ(sync.exit_code, 0) << sync.output;
  const auto downstream = Downstream(Guid("Table", mysql_qn + "/CRM/PUBLIC/REGIONS"));
  EXPECT_NE(std::find(downstream.begin(), downstream.end(),
                      "Table " + redshift_qn + "/ANALYTICS/CRM/REGIONS"),
            downstream.end());
  auto text = Run({"plan"}, sides);
  ASSERT_EQ(text.exit_code, 0) << text.output;
  EXPECT_NE(text.output.find("Postgres, MySQL assets:"), std::string::npos) << text.output;
  EXPECT_NE(text.output.find("(from cache)"), std::string::npos) << text.output;
}

}  // namespace
}  // namespace delta_arc::testing
