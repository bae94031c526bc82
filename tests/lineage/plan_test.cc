// Planning: the desired assets of a sync, their qualifiedNames, and the diff
// against what Atlan holds (creates, updates, archives, nothing when unchanged).
#include "lineage/plan.h"

#include <gtest/gtest.h>

namespace delta_arc::lineage {
namespace {

using nlohmann::json;

TableInfo Table(const std::string& conn, const std::string& name,
                const std::vector<std::string>& cols) {
  TableInfo t{"Table", name, conn + "/DB/SCH/" + name, {}};
  for (const auto& c : cols) t.columns.push_back({c, t.qualified_name + "/" + c, 1});
  return t;
}

class PlanTest : public ::testing::Test {
 protected:
  PlanTest() {
    postgres_.connection = {"pg", "default/postgres/1", "postgres", ""};
    postgres_.tables = {Table("default/postgres/1", "CUSTOMERS", {"ID", "NAME"})};
    snowflake_.connection = {"sf", "default/snowflake/2", "snowflake", ""};
    snowflake_.tables = {Table("default/snowflake/2", "CUSTOMERS", {"ID", "NAME"})};
    objects_ = {{"2025/customers.csv", 100, 1700000000000, "abc"},
                {"2025/customers-2.csv", 50, 1700000000001, "def"}};
  }

  Result<Plan> Make(const ExistingAssets& existing, bool connection_exists = true) {
    auto mapping = Mapping::FromYaml("objects: [\"{table}.csv\", \"{table}-{n}.csv\"]", "t");
    mapping_ = *mapping;
    match_ = MatchObjects(objects_, "2025/", mapping_, postgres_, snowflake_);
    for (auto& link : match_.links) LinkColumns(link, mapping_);
    PlanInput input{scope_, "landing", connection_exists, {}, &objects_, &match_, &existing};
    return BuildPlan(input);
  }

  // What Atlan would return for the plan's writes, as a search result.
  ExistingAssets AsExisting(const Plan& plan) {
    ExistingAssets existing;
    int n = 0;
    for (const auto& entity : plan.writes) {
      const std::string type = entity["typeName"];
      if (type == "Connection") continue;
      ExistingAsset a{"guid-" + std::to_string(n++),           type,
                      entity["attributes"]["qualifiedName"],   entity["attributes"]["name"],
                      Fingerprint(type, entity["attributes"]), json()};
      if (type == "S3Bucket") {
        existing.bucket = a;
        existing.bucket_connection_qn = scope_.connection_qn;
      } else {
        existing.owned[type + "\n" + a.qualified_name] = a;
      }
    }
    return existing;
  }

  Scope scope_{"default/s3/1700000000", "landing", "arn:aws:s3:::landing", "2025/"};
  ConnectionCatalog postgres_, snowflake_;
  std::vector<ObjectInfo> objects_;
  Mapping mapping_ = Mapping::Default();
  MatchResult match_;
};

TEST_F(PlanTest, FirstSyncCreatesOneProcessPerHopForManyObjects) {
  auto plan = Make({}, false);
  ASSERT_TRUE(plan) << plan.error().message;
  EXPECT_TRUE(plan->create_connection);
  // connection, bucket, 2 objects, extract + load, 2 column processes
  EXPECT_EQ(plan->creates.size(), 8u);
  EXPECT_EQ(plan->writes.front()["typeName"], "Connection");
  EXPECT_EQ(plan->processes, 2);
  EXPECT_EQ(plan->column_processes, 2);
  for (const auto& w : plan->writes) {
    if (w["typeName"] == "Process" && w["attributes"]["name"] == "CUSTOMERS → S3") {
      EXPECT_EQ(w["attributes"]["outputs"].size(), 2u);
      EXPECT_EQ(w["attributes"]["inputs"][0]["uniqueAttributes"]["qualifiedName"],
                "default/postgres/1/DB/SCH/CUSTOMERS");
    }
    if (w["typeName"] == "ColumnProcess") {
      EXPECT_TRUE(
          w["attributes"]["process"]["uniqueAttributes"]["qualifiedName"].get<std::string>().find(
              "/load/") != std::string::npos);
    }
  }
}

TEST_F(PlanTest, UnchangedStateWritesNothingAndChangesAreUpdates) {
  auto first = Make({}, true);
  ASSERT_TRUE(first);
  ExistingAssets existing = AsExisting(*first);
  auto again = Make(existing);
  ASSERT_TRUE(again);
  EXPECT_TRUE(again->writes.empty());
  EXPECT_TRUE(again->archives.empty());
  EXPECT_EQ(again->unchanged, 7);

  objects_[0].size = 101;  // an object changed in S3
  auto changed = Make(existing);
  ASSERT_EQ(changed->updates.size(), 1u);
  EXPECT_EQ(changed->updates[0].qualified_name,
            "default/s3/1700000000/arn:aws:s3:::landing/2025/customers.csv");
}

TEST_F(PlanTest, DeletedObjectIsArchivedAndProcessesUpdated) {
  ExistingAssets existing = AsExisting(*Make({}, true));
  objects_.pop_back();
  auto plan = Make(existing);
  ASSERT_TRUE(plan);
  ASSERT_EQ(plan->archives.size(), 1u);
  EXPECT_EQ(plan->archives[0].type_name, "S3Object");
  int process_updates = 0;
  for (const auto& u : plan->updates) process_updates += u.type_name == "Process";
  EXPECT_EQ(process_updates, 2);  // extract outputs and load inputs lost the object
}

TEST_F(PlanTest, BucketArnRegisteredElsewhereIsAConflict) {
  ExistingAssets existing;
  existing.bucket =
      ExistingAsset{"g", "S3Bucket", "default/s3/999/arn:aws:s3:::landing", "landing", 0, json()};
  existing.bucket_connection_qn = "default/s3/999";
  auto plan = Make(existing);
  ASSERT_FALSE(plan);
  EXPECT_NE(plan.error().message.find("S3_BUCKET_ARN"), std::string::npos);
}

TEST(Fingerprint, ReadsRelationsInEitherFormAndIgnoresDeletedOnes) {
  json sent = {{"name", "p"},
               {"inputs", {RefByQualifiedName("Table", "a"), RefByQualifiedName("Table", "b")}}};
  json returned = {{"name", "p"},
                   {"inputs",
                    {{{"guid", "2"},
                      {"typeName", "Table"},
                      {"relationshipStatus", "ACTIVE"},
                      {"uniqueAttributes", {{"qualifiedName", "b"}}}},
                     {{"guid", "1"},
                      {"typeName", "Table"},
                      {"relationshipStatus", "ACTIVE"},
                      {"uniqueAttributes", {{"qualifiedName", "a"}}}},
                     {{"guid", "3"},
                      {"typeName", "Table"},
                      {"relationshipStatus", "DELETED"},
                      {"uniqueAttributes", {{"qualifiedName", "c"}}}}}}};
  EXPECT_EQ(Fingerprint("Process", sent), Fingerprint("Process", returned));
  returned["name"] = "q";
  EXPECT_NE(Fingerprint("Process", sent), Fingerprint("Process", returned));
}

}  // namespace
}  // namespace delta_arc::lineage
