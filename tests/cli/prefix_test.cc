// S3_LINEAGE_LEVEL=prefix end to end, on the emulator and s3rver: a partitioned bucket
// folds into one S3Prefix per table folder between its tables; a new partition changes
// that folder alone; a folder whose files are gone is archived; switching levels
// re-points the processes and archives what the old level wrote; an event runs a sync.
#include <algorithm>
#include <fstream>

#include "tests/cli/pipeline_fixture.h"

namespace delta_arc::testing {
namespace {

using nlohmann::json;

bool Contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

class PrefixLevel : public PipelineTest {
 protected:
  void SetUp() override {
    mapping_ = work_dir_ + "/prefix.yaml";
    std::ofstream(mapping_) << "objects:\n"
                               "  - \"exports/{table}/dt={date}/{file}.csv\"\n"
                               "  - \"flat/{table}.csv\"\n";
    Upload("2025/exports/orders/dt=2026-11-01/part-0.csv", "orderid,customerid\n1,2\n");
    Upload("2025/exports/orders/dt=2026-11-02/part-0.csv", "orderid,customerid\n3,4\n");
    Upload("2025/exports/customers/dt=2026-11-01/part-0.csv", "customerid,city\n1,x\n");
    Upload("2025/flat/shippers.csv", "shipperid,companyname\n1,x\n");
  }

  CommandResult Sync(std::vector<std::string> env = {}) {
    env.push_back("MAPPING_FILE=" + mapping_);
    if (std::none_of(env.begin(), env.end(),
                     [](const std::string& e) { return e.starts_with("S3_LINEAGE_LEVEL="); })) {
      env.push_back("S3_LINEAGE_LEVEL=prefix");
    }
    return Run({"sync", "--json", "--verbose"}, env);
  }

  std::string Qn(const std::string& s3, const std::string& key) {
    return s3 + "/arn:aws:s3:::landing/2025/" + key;
  }

  json Held(const std::string& type, const std::string& qn) {
    return emulator_.Get("/api/meta/entity/guid/" + Guid(type, qn)).body["entity"];
  }

  std::string mapping_;
};

TEST_F(PrefixLevel, PartitionsFoldIntoOneDatasetPerTableFolder) {
  auto sync = Sync();
  ASSERT_EQ(sync.exit_code, 0) << sync.output;
  // exports, its two table folders, and (objects registered) their three partitions.
  EXPECT_EQ(sync.json["planned_by_type"]["S3Prefix"]["create"], 6);
  EXPECT_EQ(sync.json["planned_by_type"]["S3Object"]["create"], 4);
  const std::string s3 = sync.json["s3_connection_qualified_name"];

  // Postgres ORDERS → the orders folder → Snowflake ORDERS, not through each file.
  auto down = Downstream(Guid("Table", kPostgresQn + kSchema + "ORDERS"));
  EXPECT_TRUE(Contains(down, "S3Prefix " + Qn(s3, "exports/orders")));
  EXPECT_TRUE(Contains(down, "Table " + kSnowflakeQn + kSchema + "ORDERS"));
  EXPECT_FALSE(Contains(down, "S3Object " + Qn(s3, "exports/orders/dt=2026-11-01/part-0.csv")));
  // A table bound in a file name has no folder: its object carries the lineage.
  auto shippers = Downstream(Guid("Table", kPostgresQn + kSchema + "SHIPPERS"));
  EXPECT_TRUE(Contains(shippers, "S3Object " + Qn(s3, "flat/shippers.csv")));

  // Atlan's hierarchy: the folder in its parent and its bucket, counts of what it holds
  // immediately; each object in its immediate folder.
  const json orders = Held("S3Prefix", Qn(s3, "exports/orders"));
  EXPECT_EQ(orders["attributes"]["s3ObjectCount"], 0);
  EXPECT_EQ(orders["attributes"]["s3PrefixCount"], 2);
  EXPECT_EQ(orders["attributes"]["s3ParentPrefixQualifiedName"], Qn(s3, "exports"));
  EXPECT_EQ(orders["relationshipAttributes"]["s3ParentPrefix"]["guid"],
            Guid("S3Prefix", Qn(s3, "exports")));
  const json file = Held("S3Object", Qn(s3, "exports/orders/dt=2026-11-01/part-0.csv"));
  EXPECT_EQ(file["relationshipAttributes"]["s3Prefix"]["guid"],
            Guid("S3Prefix", Qn(s3, "exports/orders/dt=2026-11-01")));

  ResetRequests();
  auto again = Sync();
  ASSERT_EQ(again.exit_code, 0) << again.output;
  EXPECT_EQ(WriteRequests(), 0) << Requests().dump();
}

TEST_F(PrefixLevel, ANewPartitionChangesItsTableFolderAlone) {
  ASSERT_EQ(Sync({"S3_REGISTER_OBJECTS=false"}).exit_code, 0);
  Upload("2025/exports/orders/dt=2026-11-03/part-0.csv", "orderid,customerid\n5,6\n");
  auto sync = Sync({"S3_REGISTER_OBJECTS=false"});
  ASSERT_EQ(sync.exit_code, 0) << sync.output;
  EXPECT_EQ(sync.json["planned_by_type"]["S3Prefix"]["update"], 1) << sync.json["changes"].dump();
  EXPECT_EQ(sync.json["planned_by_type"]["S3Prefix"]["create"], 0);
  EXPECT_EQ(sync.json["planned_by_type"]["S3Object"]["create"], 0);
  EXPECT_EQ(sync.json["planned_by_type"]["Process"]["update"], 0);
  EXPECT_EQ(sync.json["planned_by_type"]["ColumnProcess"]["create"], 0);
  const std::string s3 = sync.json["s3_connection_qualified_name"];
  EXPECT_EQ(Held("S3Prefix", Qn(s3, "exports/orders"))["attributes"]["s3PrefixCount"], 3);
}

TEST_F(PrefixLevel, AFolderWhoseFilesAreGoneIsArchivedWithItsProcesses) {
  ASSERT_EQ(Sync({"S3_REGISTER_OBJECTS=false"}).exit_code, 0);
  Remove("2025/exports/customers/dt=2026-11-01/part-0.csv");
  auto sync = Sync({"S3_REGISTER_OBJECTS=false"});
  ASSERT_EQ(sync.exit_code, 0) << sync.output;
  EXPECT_EQ(sync.json["planned_by_type"]["S3Prefix"]["archive"], 1);
  EXPECT_EQ(sync.json["planned_by_type"]["Process"]["archive"], 2);
  const std::string s3 = sync.json["s3_connection_qualified_name"];
  EXPECT_EQ(CountActive("S3Prefix", Qn(s3, "exports/customers")), 0);
  EXPECT_EQ(CountActive("S3Prefix", Qn(s3, "exports/orders")), 1);
}

TEST_F(PrefixLevel, SwitchingLevelsRepointsProcessesAndArchivesWhatTheOldLevelWrote) {
  auto objects = Sync({"S3_LINEAGE_LEVEL=object"});
  ASSERT_EQ(objects.exit_code, 0) << objects.output;
  const std::string s3 = objects.json["s3_connection_qualified_name"];
  auto prefixes = Sync({"S3_REGISTER_OBJECTS=false"});
  ASSERT_EQ(prefixes.exit_code, 0) << prefixes.output;
  EXPECT_EQ(prefixes.json["planned_by_type"]["S3Object"]["archive"], 3);  // shippers.csv stays
  EXPECT_EQ(prefixes.json["planned_by_type"]["Process"]["update"], 4);    // orders and customers
  auto down = Downstream(Guid("Table", kPostgresQn + kSchema + "CUSTOMERS"));
  EXPECT_TRUE(Contains(down, "S3Prefix " + Qn(s3, "exports/customers")));
  EXPECT_TRUE(Contains(down, "Table " + kSnowflakeQn + kSchema + "CUSTOMERS"));

  auto back = Sync({"S3_LINEAGE_LEVEL=object"});
  ASSERT_EQ(back.exit_code, 0) << back.output;
  EXPECT_EQ(back.json["planned_by_type"]["S3Prefix"]["archive"], 3);
  EXPECT_EQ(back.json["planned_by_type"]["S3Object"]["create"], 3);
  EXPECT_EQ(CountActive("S3Prefix", s3 + "/"), 0);
}

TEST_F(PrefixLevel, RetiringTheScopeArchivesItsFolders) {
  auto sync = Sync({"S3_REGISTER_OBJECTS=false"});
  ASSERT_EQ(sync.exit_code, 0) << sync.output;
  const std::string s3 = sync.json["s3_connection_qualified_name"];
  emulator_.Settle();
  auto listed = Run({"scopes", "--json"});
  ASSERT_EQ(listed.exit_code, 0) << listed.output;
  ASSERT_EQ(listed.json.size(), 1u) << listed.output;
  const std::string id = listed.json[0]["scope"];
  auto retire = Run({"retire", "--scope", id, "--apply", "--json"});
  ASSERT_EQ(retire.exit_code, 0) << retire.output;
  emulator_.Settle();
  EXPECT_EQ(CountActive("S3Prefix", s3 + "/"), 0);
  EXPECT_EQ(CountActive("S3Object", s3 + "/"), 0);  // shippers.csv, its table's stand-in
  EXPECT_EQ(CountActive("Process", s3 + "/"), 0);
}

// A table folder, where the lineage runs, carries its table's tags as its files do; the
// folders above it and its partitions carry none.
TEST_F(PrefixLevel, TableFoldersCarryTheirTablesTags) {
  const std::string gold = emulator_.DefineTag("Gold");
  const std::string pii = emulator_.DefineTag("PII");
  Tag("Table", kPostgresQn + kSchema + "ORDERS", gold);
  Tag("Column", kPostgresQn + kSchema + "CUSTOMERS/CITY", pii);
  auto sync = Sync();
  ASSERT_EQ(sync.exit_code, 0) << sync.output;
  const std::string s3 = sync.json["s3_connection_qualified_name"];
  const auto tags = [&](const std::string& type, const std::string& key) {
    std::vector<std::string> names;
    for (const auto& tag : Held(type, Qn(s3, key)).value("classifications", json::array())) {
      names.push_back(tag["typeName"]);
    }
    return names;
  };
  using Names = std::vector<std::string>;
  EXPECT_EQ(tags("S3Prefix", "exports/orders"), Names{gold});
  EXPECT_EQ(tags("S3Prefix", "exports/customers"), Names{pii});
  EXPECT_EQ(tags("S3Prefix", "exports"), Names{});
  EXPECT_EQ(tags("S3Prefix", "exports/orders/dt=2026-11-01"), Names{});
  EXPECT_EQ(tags("S3Object", "exports/customers/dt=2026-11-01/part-0.csv"), Names{pii});
  EXPECT_EQ(tags("S3Object", "flat/shippers.csv"), Names{});
  auto again = Sync();
  ASSERT_EQ(again.exit_code, 0) << again.output;
  EXPECT_EQ(again.json["atlan_updated"], 0) << again.output;
}

TEST_F(PrefixLevel, ObjectLineageWithoutObjectsIsAConfigurationError) {
  auto run = Run({"plan"}, {"S3_REGISTER_OBJECTS=false"});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.output.find("S3_REGISTER_OBJECTS: false needs S3_LINEAGE_LEVEL=prefix"),
            std::string::npos)
      << run.output;
}

}  // namespace
}  // namespace delta_arc::testing
