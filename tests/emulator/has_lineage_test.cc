// __hasLineage over HTTP: set on a Process with an ACTIVE input and output and on the
// assets on its sides, cleared when the lineage goes (an output removed, the process
// archived), and searchable as pyatlan's Asset.HAS_LINEAGE term searches it.
#include <gtest/gtest.h>

#include "tests/emulator/sample_names.h"
#include "tests/support/emulator_process.h"

namespace delta_arc::testing {
namespace {

using nlohmann::json;

class HasLineage : public ::testing::Test {
 protected:
  void SetUp() override { emulator_.SeedSampleTenant(); }

  json Save(const json& entity) {
    auto reply = emulator_.Post("/api/meta/entity/bulk", {{"entities", {entity}}});
    EXPECT_EQ(reply.status, 200) << reply.body.dump();
    return reply.body;
  }
  json Read(const std::string& type, const std::string& qn) {
    return emulator_
        .Get("/api/meta/entity/uniqueAttribute/type/" + type + "?attr:qualifiedName=" + qn)
        .body["entity"];
  }
  bool Flag(const std::string& type, const std::string& qn) {
    return Read(type, qn)["attributes"].value("__hasLineage", false);
  }
  int Searched() {
    auto reply = emulator_.Post("/api/meta/search/indexsearch",
                                SdkSearch({{{"term", {{"__hasLineage", {{"value", true}}}}}},
                                           {{"term", {{"__state", "ACTIVE"}}}}}));
    return reply.body["approximateCount"];
  }

  EmulatorProcess emulator_{kWithoutDynamics};
};

TEST_F(HasLineage, AProcessWithBothSidesMarksItselfAndItsAssets) {
  const std::string half = kPostgres + "/half";
  auto only_inputs = Save(PostgresProcess("half", {Ref("Table", kPgTable)}, json::array()));
  EXPECT_FALSE(Flag("Process", half)) << "no output: no lineage";
  EXPECT_FALSE(Flag("Table", kPgTable));
  EXPECT_EQ(Searched(), 0);

  const std::string copy = kPostgres + "/copy";
  auto created = Save(CopyProcess());
  EXPECT_EQ(created["mutatedEntities"]["CREATE"][0]["attributes"]["__hasLineage"], true);
  EXPECT_TRUE(Flag("Process", copy));
  EXPECT_TRUE(Flag("Table", kPgTable));
  EXPECT_TRUE(Flag("Table", kSfTable));
  EXPECT_EQ(Searched(), 4);  // and the ConnectionProcess from Postgres to Snowflake

  // The output removed: the process and the table it fed lose the flag.
  json removal = {{"typeName", "Process"},
                  {"attributes", {{"name", "copy"}, {"qualifiedName", copy}}},
                  {"removeRelationshipAttributes", {{"outputs", {Ref("Table", kSfTable)}}}}};
  Save(removal);
  EXPECT_FALSE(Flag("Process", copy));
  EXPECT_FALSE(Flag("Table", kSfTable));
  EXPECT_FALSE(Flag("Table", kPgTable));
  EXPECT_EQ(Searched(), 0);
}

TEST_F(HasLineage, AnAssetKeepsTheFlagWhileAnotherProcessStillHasLineage) {
  const std::string sf_orders = kSnowflake + "/FOOD_BEVERAGE/SALES_ORDERS/ORDERS";
  Save(PostgresProcess("one", {Ref("Table", kPgTable)}, {Ref("Table", kSfTable)}));
  Save(PostgresProcess("two", {Ref("Table", kPgTable)}, {Ref("Table", sf_orders)}));
  const std::string one = Read("Process", kPostgres + "/one")["guid"];
  auto archived = emulator_.Delete("/api/meta/entity/bulk?deleteType=SOFT&guid=" + one);
  ASSERT_EQ(archived.status, 200) << archived.body.dump();
  EXPECT_FALSE(Flag("Process", kPostgres + "/one"));
  EXPECT_FALSE(Flag("Table", kSfTable));
  EXPECT_TRUE(Flag("Table", kPgTable)) << "still an input of /two";
  EXPECT_TRUE(Flag("Table", sf_orders));

  const std::string two = Read("Process", kPostgres + "/two")["guid"];
  ASSERT_EQ(emulator_.Delete("/api/meta/entity/bulk?deleteType=PURGE&guid=" + two).status, 200);
  EXPECT_FALSE(Flag("Table", kPgTable));
  EXPECT_FALSE(Flag("Table", sf_orders));
}

}  // namespace
}  // namespace delta_arc::testing
