// Planning: the desired assets of a sync, their qualifiedNames, and the diff
// against what Atlan holds (creates, updates, archives, nothing when unchanged).
#include "lineage/plan.h"

#include <gtest/gtest.h>

#include "tests/atlan/fake_atlan.h"
#include "tests/lineage/test_tables.h"

namespace delta_arc::lineage {
namespace {

using nlohmann::json;

class PlanTest : public ::testing::Test {
 protected:
  PlanTest() {
    postgres_.connections = {{"pg", "default/postgres/1", "postgres", ""}};
    postgres_.tables = {Table("default/postgres/1", "CUSTOMERS", {"ID", "NAME"})};
    snowflake_.connections = {{"sf", "default/snowflake/2", "snowflake", ""}};
    snowflake_.tables = {Table("default/snowflake/2", "CUSTOMERS", {"ID", "NAME"})};
    objects_ = {{"2025/customers.csv", 100, 1700000000000, "abc"},
                {"2025/customers-2.csv", 50, 1700000000001, "def"}};
  }

  // An asset as Atlan holds it.
  struct Held {
    std::string type;
    std::string qualified_name;
    ExistingAsset asset;
  };

  // Plans the fixture's objects against `held`, filtered as FetchExisting filters it.
  Result<Plan> Make(const std::vector<Held>& held, bool connection_exists = true,
                    std::optional<ExistingAsset> bucket = std::nullopt,
                    const std::string& bucket_connection = "") {
    auto mapping = Mapping::FromYaml("objects: [\"{table}.csv\", \"{table}-{n}.csv\"]", "t");
    auto sources = std::make_shared<PlanSources>();
    sources->scope = scope_;
    sources->connection_name = "landing";
    sources->objects = objects_;
    sources->bucket_object_count = bucket_object_count_;
    sources->source = postgres_;
    sources->target = snowflake_;
    sources->match =
        MatchObjects(sources->objects, "2025/", *mapping, sources->source, sources->target);
    for (auto& link : sources->match.links) LinkColumns(link, *mapping);
    GroupLoads(*sources);
    const auto desired = DesiredKeys(*sources);
    ExistingAssets existing;
    existing.bucket = bucket;
    existing.bucket_connection_qn = bucket_connection;
    for (const auto& h : held) {
      if (h.type == "S3Bucket") {
        existing.bucket = h.asset;
        existing.bucket_connection_qn = scope_.connection_qn;
      } else if (desired.contains(AssetKey(*AssetTypeNamed(h.type), h.qualified_name))) {
        existing.owned[AssetKey(*AssetTypeNamed(h.type), h.qualified_name)] = h.asset;
      } else {
        existing.undesired.push_back({*AssetTypeNamed(h.type), h.qualified_name, "", h.asset.guid});
      }
    }
    return BuildPlan(sources, connection_exists, existing);
  }

  // What Atlan holds after the plan's writes.
  std::vector<Held> AsExisting(const Plan& plan) {
    std::vector<Held> held;
    for (size_t i = 0; i < plan.writes.size(); ++i) {
      const json entity = plan.Entity(i);
      const std::string type = entity["typeName"];
      if (type == "Connection") continue;
      held.push_back({type,
                      entity["attributes"]["qualifiedName"],
                      {*AssetTypeNamed(type), "guid-" + std::to_string(i),
                       Fingerprint(*AssetTypeNamed(type), entity["attributes"]), json()}});
    }
    return held;
  }

  std::vector<json> Writes(const Plan& plan) {
    std::vector<json> out;
    for (size_t i = 0; i < plan.writes.size(); ++i) out.push_back(plan.Entity(i));
    return out;
  }

  Scope scope_{"default/s3/1700000000", "landing", "arn:aws:s3:::landing", "2025/"};
  std::optional<int64_t> bucket_object_count_;
  ConnectionCatalog postgres_, snowflake_;
  std::vector<ObjectInfo> objects_;
};

// Scope ids are in deployments' qualifiedNames in Atlan, asset keys in their snapshot
// caches: the values these functions give are part of the data format.
TEST(DataFormat, ScopeIdsAndAssetKeysKeepTheirValues) {
  EXPECT_EQ(ScopeId("arn:aws:s3:::landing", "2025/"), "b259ba2addd4");
  EXPECT_EQ(AssetKey(AssetType::kObject, "default/s3/1/arn:aws:s3:::landing/2025/orders.csv"),
            0xe30ad1512f5a7d6eULL);
  // Fingerprints are in snapshot caches: a run after an upgrade must find its assets
  // unchanged. Every kind of value: strings to escape, numbers, a missing attribute,
  // relations in either form (sorted, deleted ones left out).
  json process = {{"name", "ORDERS \"q\" \u00e9 \x01 → T"},
                  {"inputs",
                   {RefByQualifiedName("S3Object", "z"),
                    {{"typeName", "Table"},
                     {"relationshipStatus", "ACTIVE"},
                     {"uniqueAttributes", {{"qualifiedName", "a/\"b\""}}}},
                    {{"typeName", "Table"},
                     {"relationshipStatus", "DELETED"},
                     {"uniqueAttributes", {{"qualifiedName", "c"}}}}}},
                  {"outputs", RefByQualifiedName("Table", "out")}};
  json object = {{"name", "orders.csv"}, {"s3ObjectSize", 1234}, {"s3ObjectKey", "2025/é.csv"}};
  EXPECT_EQ(Fingerprint(AssetType::kProcess, process), 0xc1ccb68e26473056ULL);
  EXPECT_EQ(Fingerprint(AssetType::kObject, object), 0x739d5c9792d67d48ULL);
  EXPECT_EQ(Fingerprint(AssetType::kBucket, json::object()), 0xd215514224727e8cULL);
}

TEST_F(PlanTest, FirstSyncCreatesOneProcessPerHopForManyObjects) {
  auto plan = Make({}, false);
  ASSERT_TRUE(plan) << plan.error().message;
  EXPECT_TRUE(plan->create_connection);
  // connection, bucket, 2 objects, extract + load, 2 column processes
  EXPECT_EQ(plan->CountWrites(true), 8u);
  EXPECT_EQ(plan->Entity(0)["typeName"], "Connection");
  EXPECT_EQ(plan->processes, 2);
  EXPECT_EQ(plan->column_processes, 2);
  int extracts = 0;
  int column_processes = 0;
  for (const auto& w : Writes(*plan)) {
    if (w["typeName"] == "Process" && w["attributes"]["name"] == "CUSTOMERS → S3") {
      ++extracts;
      EXPECT_EQ(w["attributes"]["outputs"].size(), 2u);
      EXPECT_EQ(w["attributes"]["inputs"][0]["uniqueAttributes"]["qualifiedName"],
                "default/postgres/1/DB/SCH/CUSTOMERS");
    }
    if (w["typeName"] == "ColumnProcess") {
      ++column_processes;
      EXPECT_TRUE(
          w["attributes"]["process"]["uniqueAttributes"]["qualifiedName"].get<std::string>().find(
              "/load/") != std::string::npos);
    }
  }
  EXPECT_EQ(extracts, 1);  // the checks above ran
  EXPECT_EQ(column_processes, 2);
}

TEST_F(PlanTest, UnchangedStateWritesNothingAndChangesAreUpdates) {
  auto first = Make({}, true);
  ASSERT_TRUE(first);
  const auto existing = AsExisting(*first);
  auto again = Make(existing);
  ASSERT_TRUE(again);
  EXPECT_TRUE(again->writes.empty());
  EXPECT_TRUE(again->archives.empty());
  EXPECT_EQ(again->unchanged, 7);

  objects_[0].size = 101;  // an object changed in S3
  auto changed = Make(existing);
  ASSERT_EQ(changed->CountWrites(false), 1u);
  EXPECT_EQ(changed->Describe(0).qualified_name,
            "default/s3/1700000000/arn:aws:s3:::landing/2025/customers.csv");
}

TEST_F(PlanTest, DeletedObjectIsArchivedAndProcessesUpdated) {
  const auto existing = AsExisting(*Make({}, true));
  objects_.pop_back();
  auto plan = Make(existing);
  ASSERT_TRUE(plan);
  ASSERT_EQ(plan->archives.size(), 1u);
  EXPECT_EQ(plan->archives[0].type, AssetType::kObject);
  EXPECT_EQ(plan->Count(AssetType::kProcess, false), 2);  // extract outputs and load inputs lost it
}

// Deployments on prefixes of one bucket share its S3Bucket: only a listing of the whole
// bucket knows its object count, so only such a run writes it, and the others leave it.
TEST_F(PlanTest, BucketObjectCountIsWrittenOnlyWhenTheWholeBucketWasListed) {
  auto held_bucket = [&](int64_t count) {
    json attributes = Make({}, true)->Entity(0)["attributes"];
    attributes["s3ObjectCount"] = count;
    return Held{"S3Bucket", scope_.BucketQualifiedName(),
                ExistingAsset{AssetType::kBucket, "bucket-guid",
                              Fingerprint(AssetType::kBucket, attributes), attributes}};
  };
  ASSERT_EQ(Make({}, true)->Entity(0)["typeName"], "S3Bucket");
  EXPECT_FALSE(Make({}, true)->Entity(0)["attributes"].contains("s3ObjectCount"));
  EXPECT_EQ(Make({held_bucket(99)})->Count(AssetType::kBucket, false), 0);

  scope_.prefix = "";
  bucket_object_count_ = 2;
  auto whole = Make({held_bucket(99)});
  ASSERT_EQ(whole->Count(AssetType::kBucket, false), 1);
  EXPECT_EQ(whole->Entity(0)["attributes"]["s3ObjectCount"], 2);
  EXPECT_EQ(Make({held_bucket(2)})->Count(AssetType::kBucket, false), 0);
}

TEST_F(PlanTest, BucketArnRegisteredElsewhereIsAConflict) {
  auto plan = Make({}, true, ExistingAsset{AssetType::kBucket, "g", 0, json()}, "default/s3/999");
  ASSERT_FALSE(plan);
  EXPECT_NE(plan.error().message.find("S3_BUCKET_ARN"), std::string::npos);
}

// GovCloud and China buckets: an object's ARN is in its bucket's partition.
TEST(AssetModel, ObjectArnFollowsTheBucketsPartition) {
  const Scope scope{"default/s3/1", "landing", "arn:aws-cn:s3:::landing/team-a", "2025/"};
  const json object = ObjectEntity(scope, {"2025/a.csv", 1, 1700000000000, "e"});
  EXPECT_EQ(object["attributes"]["awsArn"], "arn:aws-cn:s3:::landing/2025/a.csv");
}

// Atlan adds a ConnectionProcess under the S3 connection for processes that cross
// connections; delta-arc neither asks for it nor archives it if a server returns it.
TEST(FetchExisting, LeavesAtlansConnectionProcessesAlone) {
  const Scope scope{"default/s3/1700000000", "landing", "arn:aws:s3:::landing", ""};
  auto hit = [](const std::string& type, const std::string& qn) {
    return json{{"typeName", type}, {"guid", "g-" + qn}, {"attributes", {{"qualifiedName", qn}}}};
  };
  const json hits = {
      hit("ConnectionProcess",
          "default/s3/1700000000/(default/postgres/1)->(default/s3/1700000000)"),
      hit("Process", scope.ExtractProcessQualifiedName("default/postgres/1/DB/SCH/T")),
  };
  delta_arc::testing::FakeAtlanClient atlan([&](const delta_arc::testing::FakeRequest&) {
    return delta_arc::testing::JsonAnswer(200, {{"approximateCount", 2}, {"entities", hits}});
  });
  const std::unordered_set<uint64_t> desired;
  auto existing = FetchExisting(*atlan.client, scope,
                                {.connection_exists = true,
                                 .only_names = std::nullopt,
                                 .name_prefixes = {},
                                 .keep_attributes = false,
                                 .page_size = 100,
                                 .desired = &desired});
  ASSERT_TRUE(existing);
  ASSERT_EQ(existing->undesired.size(), 1u);
  EXPECT_EQ(existing->undesired[0].type, AssetType::kProcess);
  // The query names delta-arc's types exactly (no subtypes) and its scope's prefixes.
  const std::string query = atlan.fake->requests[0].body["dsl"]["query"].dump();
  EXPECT_NE(
      query.find(
          R"({"terms":{"__typeName.keyword":["S3Prefix","S3Object","Process","ColumnProcess"]}})"),
      std::string::npos)
      << query;
  EXPECT_EQ(query.find("ConnectionProcess"), std::string::npos);
  EXPECT_NE(query.find(scope.ProcessQualifiedNamePrefix()), std::string::npos);
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
  EXPECT_EQ(Fingerprint(AssetType::kProcess, sent), Fingerprint(AssetType::kProcess, returned));
  returned["name"] = "q";
  EXPECT_NE(Fingerprint(AssetType::kProcess, sent), Fingerprint(AssetType::kProcess, returned));
}

TEST(ScopeRecord, IsWrittenOnProcessesButNeverMakesAWrite) {
  const Scope scope{"default/s3/1", "landing", "arn:aws:s3:::landing", "exports/"};
  const json process =
      ProcessEntity(scope, scope.ExtractProcessQualifiedName("t"), "T → S3", {}, {});
  const json column = ColumnProcessEntity(
      scope, scope.ColumnProcessQualifiedName("a", "b"), "A → B", RefByQualifiedName("Column", "a"),
      RefByQualifiedName("Column", "b"), RefByQualifiedName("Process", "p"));
  for (const json& entity : {process, column}) {
    const json& attributes = entity["attributes"];
    ASSERT_TRUE(attributes.contains(kScopeRecordAttribute)) << entity.dump();
    auto record = ParseScopeRecord(attributes[kScopeRecordAttribute]);
    ASSERT_TRUE(record.has_value()) << entity.dump();
    EXPECT_EQ(record->bucket_arn, scope.bucket_arn);
    EXPECT_EQ(record->prefix, scope.prefix);
    EXPECT_EQ(ScopeId(record->bucket_arn, record->prefix), scope.Id());
    // What an earlier version wrote, without the record, is the same asset: no update.
    json older = attributes;
    older.erase(kScopeRecordAttribute);
    const AssetType type = *AssetTypeNamed(entity["typeName"]);
    EXPECT_EQ(Fingerprint(type, attributes), Fingerprint(type, older)) << entity.dump();
  }
  EXPECT_TRUE(scope.ProcessQualifiedNamePrefix().ends_with("/delta-arc/" + scope.Id() + "/"));
  EXPECT_FALSE(ParseScopeRecord(json("some ETL context")).has_value());
  EXPECT_FALSE(ParseScopeRecord(json(R"({"delta-arc":{"prefix":1}})")).has_value());
  EXPECT_FALSE(ParseScopeRecord(json(7)).has_value());
}

}  // namespace
}  // namespace delta_arc::lineage
