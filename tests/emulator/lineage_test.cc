// Lineage list: Postgres table → process → S3 object → process → Snowflake
// table, upstream and downstream, with depth, filters and paging.
#include <gtest/gtest.h>

#include "tests/emulator/sample_names.h"
#include "tests/support/emulator_process.h"

namespace delta_arc::testing {
namespace {

using nlohmann::json;

class Lineage : public ::testing::Test {
 protected:
  void SetUp() override {
    emulator_.SeedSampleTenant();
    const std::string object = kS3 + "/arn:aws:s3:::landing/2025/customers.csv";
    json entities = {{{"typeName", "Connection"},
                      {"attributes",
                       {{"name", "landing"},
                        {"qualifiedName", kS3},
                        {"connectorName", "s3"},
                        {"category", "ObjectStore"},
                        {"adminUsers", {"admin"}}}}},
                     {{"typeName", "S3Object"},
                      {"attributes",
                       {{"name", "customers.csv"},
                        {"qualifiedName", object},
                        {"connectionQualifiedName", kS3}}}},
                     {{"typeName", "Process"},
                      {"attributes",
                       {{"name", "CUSTOMERS → S3"},
                        {"qualifiedName", kS3 + "/extract"},
                        {"connectionQualifiedName", kS3},
                        {"inputs", {Ref("Table", kPgTable)}},
                        {"outputs", {Ref("S3Object", object)}}}}},
                     {{"typeName", "Process"},
                      {"attributes",
                       {{"name", "S3 → CUSTOMERS"},
                        {"qualifiedName", kS3 + "/load"},
                        {"connectionQualifiedName", kS3},
                        {"inputs", {Ref("S3Object", object)}},
                        {"outputs", {Ref("Table", kSfTable)}}}}},
                     {{"typeName", "ColumnProcess"},
                      {"attributes",
                       {{"name", "CUSTOMERID"},
                        {"qualifiedName", kS3 + "/load/CUSTOMERID"},
                        {"connectionQualifiedName", kS3},
                        {"inputs", {Ref("Column", kPgTable + "/CUSTOMERID")}},
                        {"outputs", {Ref("Column", kSfTable + "/CUSTOMERID")}},
                        {"process", Ref("Process", kS3 + "/load")}}}}};
    auto saved = emulator_.Post("/api/meta/entity/bulk", {{"entities", entities}});
    ASSERT_EQ(saved.status, 200) << saved.body.dump();
  }

  std::string Guid(const std::string& type, const std::string& qn) {
    return emulator_
        .Get("/api/meta/entity/uniqueAttribute/type/" + type + "?attr:qualifiedName=" + qn)
        .body["entity"]["guid"];
  }

  json List(const std::string& guid, const std::string& direction, int depth = 1000000,
            int size = 10, int from = 0) {
    json request = {
        {"guid", guid},
        {"depth", depth},
        {"direction", direction},
        {"from", from},
        {"size", size},
        {"excludeMeanings", true},
        {"excludeClassifications", true},
        {"immediateNeighbours", false},
        {"attributes", {"name", "qualifiedName"}},
        {"entityFilters",
         {{"condition", "AND"},
          {"criterion",
           {{{"attributeName", "__state"}, {"operator", "="}, {"attributeValue", "ACTIVE"}}}}}}};
    auto reply = emulator_.Post("/api/meta/lineage/list", request);
    EXPECT_EQ(reply.status, 200) << reply.body.dump();
    return reply.body;
  }

  static std::vector<std::string> Types(const json& body) {
    std::vector<std::string> out;
    for (const auto& e : body["entities"]) out.push_back(e["typeName"]);
    return out;
  }

  EmulatorProcess emulator_{kWithoutDynamics};
};

TEST_F(Lineage, PostgresTableReachesSnowflakeTableThroughTheObject) {
  auto down = List(Guid("Table", kPgTable), "OUTPUT");
  EXPECT_EQ(Types(down), (std::vector<std::string>{"Process", "S3Object", "Process", "Table"}));
  EXPECT_EQ(down["entities"][3]["attributes"]["qualifiedName"], kSfTable);
  EXPECT_EQ(down["entities"][3]["depth"], 2);
  EXPECT_EQ(down["hasMore"], false);
  EXPECT_EQ(down["entityCount"], 4);

  auto up = List(Guid("Table", kSfTable), "INPUT");
  EXPECT_EQ(up["entities"][3]["attributes"]["qualifiedName"], kPgTable);
}

TEST_F(Lineage, HonoursDepthAndPages) {
  auto one_hop = List(Guid("Table", kPgTable), "OUTPUT", 1);
  EXPECT_EQ(Types(one_hop), (std::vector<std::string>{"Process", "S3Object"}));
  auto first = List(Guid("Table", kPgTable), "OUTPUT", 1000000, 3, 0);
  EXPECT_EQ(first["entities"].size(), 3u);
  EXPECT_EQ(first["hasMore"], true);
  auto second = List(Guid("Table", kPgTable), "OUTPUT", 1000000, 3, 3);
  EXPECT_EQ(Types(second), (std::vector<std::string>{"Table"}));
  EXPECT_EQ(second["hasMore"], false);
}

TEST_F(Lineage, ColumnLineageGoesThroughColumnProcesses) {
  auto down = List(Guid("Column", kPgTable + "/CUSTOMERID"), "OUTPUT");
  EXPECT_EQ(Types(down), (std::vector<std::string>{"ColumnProcess", "Column"}));
}

TEST_F(Lineage, ArchivedProcessBreaksTheLineage) {
  const std::string load = Guid("Process", kS3 + "/load");
  ASSERT_EQ(emulator_.Delete("/api/meta/entity/bulk?deleteType=SOFT&guid=" + load).status, 200);
  auto down = List(Guid("Table", kPgTable), "OUTPUT");
  EXPECT_EQ(Types(down), (std::vector<std::string>{"Process", "S3Object"}));
}

// POST lineage/getlineage, as pyatlan's deprecated get_lineage sends it (LineageRequest:
// guid, depth 0 for all, direction BOTH, hideProcess).
TEST_F(Lineage, GetLineageAnswersTheWholeGraphInBothDirections) {
  const std::string object_guid =
      Guid("S3Object", kS3 + "/arn:aws:s3:::landing/2025/customers.csv");
  const std::string pg = Guid("Table", kPgTable);
  const std::string sf = Guid("Table", kSfTable);
  const std::string extract = Guid("Process", kS3 + "/extract");
  const std::string load = Guid("Process", kS3 + "/load");
  json request = {{"guid", object_guid},
                  {"depth", 0},
                  {"direction", "BOTH"},
                  {"hideProcess", true},
                  {"allowDeletedProcess", false}};
  auto hidden = emulator_.Post("/api/meta/lineage/getlineage", request);
  ASSERT_EQ(hidden.status, 200) << hidden.body.dump();
  EXPECT_EQ(hidden.body["baseEntityGuid"], object_guid);
  EXPECT_EQ(hidden.body["lineageDirection"], "BOTH");
  // The processes are in the map, but the relations join the assets, naming the process.
  for (const auto& guid : {object_guid, pg, sf, extract, load}) {
    EXPECT_TRUE(hidden.body["guidEntityMap"].contains(guid)) << guid;
  }
  EXPECT_EQ(hidden.body["guidEntityMap"][pg]["attributes"]["qualifiedName"], kPgTable);
  EXPECT_EQ(hidden.body["relations"],
            (json{{{"fromEntityId", pg}, {"toEntityId", object_guid}, {"processId", extract}},
                  {{"fromEntityId", object_guid}, {"toEntityId", sf}, {"processId", load}}}));

  // Without hideProcess, each edge through a process is a relation of its own.
  request["hideProcess"] = false;
  request["direction"] = "OUTPUT";
  auto shown = emulator_.Post("/api/meta/lineage/getlineage", request);
  ASSERT_EQ(shown.status, 200);
  ASSERT_EQ(shown.body["relations"].size(), 2u);
  EXPECT_EQ(shown.body["relations"][0]["fromEntityId"], object_guid);
  EXPECT_EQ(shown.body["relations"][0]["toEntityId"], load);
  EXPECT_EQ(shown.body["relations"][1]["toEntityId"], sf);
  EXPECT_FALSE(shown.body["guidEntityMap"].contains(pg));

  // Depth counts asset hops: one hop upstream of the Snowflake table is the object only.
  json one_hop = {{"guid", sf}, {"depth", 1}, {"direction", "INPUT"}, {"hideProcess", true}};
  auto near = emulator_.Post("/api/meta/lineage/getlineage", one_hop);
  ASSERT_EQ(near.status, 200);
  EXPECT_EQ(near.body["relations"].size(), 1u);
  EXPECT_FALSE(near.body["guidEntityMap"].contains(pg));

  // A process has no lineage of its own once processes are hidden.
  json of_process = {{"guid", load}, {"direction", "BOTH"}, {"hideProcess", true}};
  EXPECT_EQ(emulator_.Post("/api/meta/lineage/getlineage", of_process).status, 404);
  EXPECT_EQ(emulator_.Post("/api/meta/lineage/getlineage", {{"guid", "nope"}}).status, 404);
}

TEST_F(Lineage, RejectsBadRequests) {
  EXPECT_EQ(emulator_
                .Post("/api/meta/lineage/list",
                      {{"guid", Guid("Table", kPgTable)}, {"direction", "SIDEWAYS"}})
                .status,
            400);
  EXPECT_EQ(
      emulator_.Post("/api/meta/lineage/list", {{"guid", "nope"}, {"direction", "INPUT"}}).status,
      404);
}

}  // namespace
}  // namespace delta_arc::testing
