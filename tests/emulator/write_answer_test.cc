// What a bulk write answers (mutatedEntities): each entity with its type's attributes,
// a Process's inputs and outputs among them, and the assets at the far end of each
// relationship the write made listed under UPDATE by their headers, as Atlas lists them.
#include <gtest/gtest.h>

#include <set>

#include "tests/emulator/sample_names.h"
#include "tests/support/emulator_process.h"

namespace delta_arc::testing {
namespace {

using nlohmann::json;

class WriteAnswer : public ::testing::Test {
 protected:
  void SetUp() override { emulator_.SeedSampleTenant(); }

  json Save(const json& entities) {
    auto reply = emulator_.Post("/api/meta/entity/bulk", {{"entities", entities}});
    EXPECT_EQ(reply.status, 200) << reply.body.dump();
    return reply.body;
  }
  std::string Guid(const std::string& type, const std::string& qn) {
    return emulator_
        .Get("/api/meta/entity/uniqueAttribute/type/" + type + "?attr:qualifiedName=" + qn)
        .body["entity"]["guid"];
  }
  json Read(const std::string& guid) {
    return emulator_.Get("/api/meta/entity/guid/" + guid).body["entity"];
  }
  static std::set<std::string> Guids(const json& body, const char* op) {
    std::set<std::string> out;
    for (const auto& e : body["mutatedEntities"].value(op, json::array())) out.insert(e["guid"]);
    return out;
  }

  // Atlas's updates of the far ends are the emulator's default (ControlSettings::related_updates).
  EmulatorProcess emulator_{kWithoutDynamics};
};

TEST_F(WriteAnswer, ANewSchemaUpdatesItsDatabase) {
  const std::string db = kPostgres + "/FOOD_BEVERAGE";
  const std::string db_guid = Guid("Database", db);
  const int64_t before = Read(db_guid)["updateTime"];
  emulator_.Control({{"advance_clock_ms", 5000}});
  auto body = Save({{{"typeName", "Schema"},
                     {"attributes",
                      {{"name", "STAGING"},
                       {"qualifiedName", db + "/STAGING"},
                       {"databaseName", "FOOD_BEVERAGE"},
                       {"databaseQualifiedName", db},
                       {"connectionQualifiedName", kPostgres},
                       {"database", Ref("Database", db)}}}}});
  ASSERT_EQ(body["mutatedEntities"]["CREATE"].size(), 1u);
  const json& schema = body["mutatedEntities"]["CREATE"][0];
  // Every attribute written, not only name and qualifiedName.
  EXPECT_EQ(schema["attributes"]["databaseName"], "FOOD_BEVERAGE");
  EXPECT_EQ(schema["attributes"]["databaseQualifiedName"], db);
  EXPECT_EQ(Guids(body, "UPDATE"), std::set<std::string>{db_guid});
  // The database's modification is recorded, as Atlas's updateModificationMetadata does.
  EXPECT_GE(Read(db_guid)["updateTime"].get<int64_t>(), before + 5000);

  // A save that makes no new relationship updates nothing else.
  auto again = Save({{{"typeName", "Schema"},
                      {"attributes",
                       {{"name", "STAGING"},
                        {"qualifiedName", db + "/STAGING"},
                        {"description", "landing area"},
                        {"database", Ref("Database", db)}}}}});
  EXPECT_EQ(Guids(again, "UPDATE"), std::set<std::string>{schema["guid"].get<std::string>()});
}

TEST_F(WriteAnswer, AProcessCarriesItsInputsAndOutputsAndAColumnProcessUpdatesItsProcess) {
  const std::string process_qn = kPostgres + "/copy";
  auto body = Save(json::array({CopyProcess()}));
  ASSERT_EQ(body["mutatedEntities"]["CREATE"].size(), 1u);
  const json& process = body["mutatedEntities"]["CREATE"][0];
  ASSERT_EQ(process["attributes"]["inputs"].size(), 1u);
  EXPECT_EQ(process["attributes"]["inputs"][0]["guid"], Guid("Table", kPgTable));
  EXPECT_EQ(process["attributes"]["inputs"][0]["typeName"], "Table");
  ASSERT_EQ(process["attributes"]["outputs"].size(), 1u);
  EXPECT_EQ(process["attributes"]["outputs"][0]["guid"], Guid("Table", kSfTable));
  // The two tables are the far ends of the process's new relationships.
  EXPECT_EQ(Guids(body, "UPDATE"),
            (std::set<std::string>{Guid("Table", kPgTable), Guid("Table", kSfTable)}));
  // Listed as Atlas records them (toAtlasEntityHeader of the vertex): the header with
  // qualifiedName and name, not every attribute and relationship of a table.
  for (const auto& table : body["mutatedEntities"]["UPDATE"]) {
    EXPECT_EQ(table["typeName"], "Table");
    EXPECT_EQ(table["attributes"].size(), 2u) << table.dump();
    EXPECT_TRUE(table["attributes"].contains("qualifiedName"));
    EXPECT_EQ(table["attributes"]["name"], table["displayText"]);
  }

  auto column = Save({{{"typeName", "ColumnProcess"},
                       {"attributes",
                        {{"name", "CUSTOMERID"},
                         {"qualifiedName", process_qn + "/CUSTOMERID"},
                         {"connectionQualifiedName", kPostgres},
                         {"inputs", {Ref("Column", kPgTable + "/CUSTOMERID")}},
                         {"outputs", {Ref("Column", kSfTable + "/CUSTOMERID")}},
                         {"process", Ref("Process", process_qn)}}}}});
  const std::set<std::string> updated = Guids(column, "UPDATE");
  EXPECT_TRUE(updated.contains(process["guid"].get<std::string>()));
  EXPECT_EQ(updated.size(), 3u);  // the process and the two columns
  EXPECT_FALSE(column["mutatedEntities"]["CREATE"][0]["attributes"].contains("process"))
      << "a relationship attribute only, not one of ColumnProcess's own";
}

// On by default, as Atlan always does; off, a write lists and modifies only what it carries.
TEST(WriteAnswerWithoutRelatedUpdates, ListsOnlyWhatTheWriteCarries) {
  std::vector<std::string> args = kWithoutDynamics;
  args.insert(args.end(), {"--related-updates", "false"});
  EmulatorProcess emulator(args);
  emulator.SeedSampleTenant();
  auto reply = emulator.Post("/api/meta/entity/bulk", {{"entities", json::array({CopyProcess()})}});
  ASSERT_EQ(reply.status, 200) << reply.body.dump();
  EXPECT_FALSE(reply.body["mutatedEntities"].contains("UPDATE"));
  EXPECT_EQ(reply.body["mutatedEntities"]["CREATE"][0]["attributes"]["inputs"].size(), 1u);
}

}  // namespace
}  // namespace delta_arc::testing
