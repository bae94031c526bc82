// Entity writes and reads: upsert by typeName + qualifiedName, placeholder guids,
// relationships by guid and by qualifiedName, all-or-nothing failures, required
// attributes, connection rules, reads by guid and unique attribute, and deletes.
#include <gtest/gtest.h>

#include "tests/emulator/sample_names.h"
#include "tests/support/emulator_process.h"

namespace delta_arc::testing {
namespace {

using nlohmann::json;

json S3Connection(json admins = {{"adminUsers", {"admin"}}}) {
  json attributes = {{"name", "landing"},           {"qualifiedName", kS3},
                     {"connectorName", "s3"},       {"category", "ObjectStore"},
                     {"adminUsers", json::array()}, {"adminGroups", json::array()},
                     {"adminRoles", json::array()}};
  attributes.update(admins);
  return {{"typeName", "Connection"}, {"guid", "-100"}, {"attributes", attributes}};
}

json Bucket(const std::string& guid) {
  const std::string arn = "arn:aws:s3:::landing";
  return {{"typeName", "S3Bucket"},
          {"guid", guid},
          {"attributes",
           {{"name", "landing"},
            {"qualifiedName", std::string(kS3) + "/" + arn},
            {"awsArn", arn},
            {"connectorName", "s3"},
            {"connectionQualifiedName", kS3}}}};
}

json Object(const std::string& guid, const std::string& key, json bucket_ref) {
  const std::string arn = "arn:aws:s3:::landing/" + key;
  return {{"typeName", "S3Object"},
          {"guid", guid},
          {"attributes",
           {{"name", key},
            {"qualifiedName", std::string(kS3) + "/" + arn},
            {"awsArn", arn},
            {"s3ObjectKey", key},
            {"s3BucketName", "landing"},
            {"connectorName", "s3"},
            {"connectionQualifiedName", kS3},
            {"bucket", bucket_ref}}}};
}

json ByQn(const std::string& type, const std::string& qn) {
  return {{"typeName", type}, {"uniqueAttributes", {{"qualifiedName", qn}}}};
}

// A folder of the bucket, as pyatlan's S3Prefix carries it (no creator: attributes by hand).
json Prefix(const std::string& guid, const std::string& key, json parent_ref = nullptr) {
  const std::string bucket_qn = std::string(kS3) + "/arn:aws:s3:::landing";
  json entity = {{"typeName", "S3Prefix"},
                 {"guid", guid},
                 {"attributes",
                  {{"name", key.substr(key.rfind('/') + 1)},
                   {"qualifiedName", bucket_qn + "/" + key},
                   {"s3BucketName", "landing"},
                   {"s3BucketQualifiedName", bucket_qn},
                   {"s3ObjectCount", 1},
                   {"connectorName", "s3"},
                   {"connectionQualifiedName", kS3},
                   {"s3Bucket", ByQn("S3Bucket", bucket_qn)}}}};
  if (!parent_ref.is_null()) entity["attributes"]["s3ParentPrefix"] = parent_ref;
  return entity;
}

class Bulk : public ::testing::Test {
 protected:
  JsonReply Save(json entities) {
    return emulator_.Post("/api/meta/entity/bulk/?replaceTags=false&appendTags=false",
                          {{"entities", entities}});
  }
  int Count(const std::string& type) {
    auto r = emulator_.Post("/api/meta/search/indexsearch",
                            SdkSearch({SdkTerm("__typeName.keyword", type)}, 0, 1));
    return r.body["approximateCount"];
  }
  EmulatorProcess emulator_{kWithoutDynamics};
};

TEST_F(Bulk, CreatesThenUpdatesThenReportsNothingForAnUnchangedSave) {
  auto first = Save({S3Connection(), Bucket("-1"),
                     Object("-2", "a.csv", {{"typeName", "S3Bucket"}, {"guid", "-1"}})});
  ASSERT_EQ(first.status, 200) << first.body.dump();
  EXPECT_EQ(first.body["mutatedEntities"]["CREATE"].size(), 3u);
  EXPECT_FALSE(first.body["mutatedEntities"].contains("UPDATE"));
  const std::string bucket_guid = first.body["guidAssignments"]["-1"];
  EXPECT_EQ(bucket_guid.size(), 36u);

  json changed =
      Object("-9", "a.csv", ByQn("S3Bucket", std::string(kS3) + "/arn:aws:s3:::landing"));
  changed["attributes"]["s3ObjectSize"] = 42;
  auto second = Save({changed});
  ASSERT_EQ(second.status, 200) << second.body.dump();
  EXPECT_FALSE(second.body["mutatedEntities"].contains("CREATE"));
  ASSERT_EQ(second.body["mutatedEntities"]["UPDATE"].size(), 1u);
  EXPECT_EQ(second.body["mutatedEntities"]["UPDATE"][0]["guid"],
            first.body["guidAssignments"]["-2"]);
  EXPECT_EQ(second.body["guidAssignments"]["-9"], first.body["guidAssignments"]["-2"]);

  auto third = Save({changed});
  ASSERT_EQ(third.status, 200);
  EXPECT_FALSE(third.body.contains("mutatedEntities")) << third.body.dump();
  EXPECT_EQ(Count("S3Object"), 1);
}

TEST_F(Bulk, LinksRelationshipsByGuidAndByQualifiedName) {
  auto saved = Save({S3Connection(), Bucket("-1"),
                     Object("-2", "a.csv", {{"typeName", "S3Bucket"}, {"guid", "-1"}})});
  ASSERT_EQ(saved.status, 200);
  const std::string object_guid = saved.body["guidAssignments"]["-2"];
  auto object =
      emulator_.Get("/api/meta/entity/guid/" + object_guid + "?ignoreRelationships=false");
  ASSERT_EQ(object.status, 200);
  EXPECT_EQ(object.body["entity"]["relationshipAttributes"]["bucket"]["guid"],
            saved.body["guidAssignments"]["-1"]);
  EXPECT_EQ(object.body["entity"]["relationshipAttributes"]["bucket"]["relationshipType"],
            "s3_bucket_s3_objects");
  auto bucket = emulator_.Get("/api/meta/entity/uniqueAttribute/type/S3Bucket?attr:qualifiedName=" +
                              std::string(kS3) + "/arn:aws:s3:::landing");
  ASSERT_EQ(bucket.status, 200);
  ASSERT_EQ(bucket.body["entity"]["relationshipAttributes"]["objects"].size(), 1u);
  EXPECT_EQ(bucket.body["entity"]["relationshipAttributes"]["objects"][0]["guid"], object_guid);
}

// A key of Hive-style partitions holds '=' (dt=2025-01-01), and so does its object's
// qualifiedName; a client that leaves it unencoded in the query still names the whole value,
// as a servlet container reads a query (the first '=' of a parameter ends its name).
TEST_F(Bulk, AUniqueAttributeValueMayHoldAnUnencodedEquals) {
  ASSERT_EQ(Save({S3Connection(), Bucket("-1"),
                  Object("-2", "orders/dt=2025-01-01/part-0.csv",
                         {{"typeName", "S3Bucket"}, {"guid", "-1"}})})
                .status,
            200);
  const std::string qn = std::string(kS3) + "/arn:aws:s3:::landing/orders/dt=2025-01-01/part-0.csv";
  for (const std::string& sent :
       {qn, std::string(kS3) + "/arn:aws:s3:::landing/orders/dt%3D2025-01-01/part-0.csv"}) {
    auto object =
        emulator_.Get("/api/meta/entity/uniqueAttribute/type/S3Object?attr:qualifiedName=" + sent);
    ASSERT_EQ(object.status, 200) << sent << " " << object.body.dump();
    EXPECT_EQ(object.body["entity"]["attributes"]["qualifiedName"], qn);
  }
}

TEST_F(Bulk, AssetsLinkToTheirConnectionByReference) {
  json bucket = Bucket("-1");
  bucket["attributes"]["connection"] = ByQn("Connection", kS3);
  auto saved = Save({S3Connection(), bucket});
  ASSERT_EQ(saved.status, 200) << saved.body.dump();
  auto read = emulator_.Get("/api/meta/entity/guid/" +
                            saved.body["guidAssignments"]["-1"].get<std::string>());
  EXPECT_EQ(read.body["entity"]["relationshipAttributes"]["connection"]["guid"],
            saved.body["guidAssignments"]["-100"]);
}

TEST_F(Bulk, MissingReferenceFailsTheWholeRequest) {
  auto saved =
      Save({S3Connection(), Bucket("-1"),
            Object("-2", "a.csv", ByQn("S3Bucket", std::string(kS3) + "/arn:aws:s3:::nope"))});
  EXPECT_EQ(saved.status, 404);
  EXPECT_EQ(saved.body["errorCode"], "ATLAS-404-00-00A");
  EXPECT_NE(saved.body["errorMessage"].get<std::string>().find("arn:aws:s3:::nope"),
            std::string::npos);
  EXPECT_EQ(Count("Connection"), 0);
  EXPECT_EQ(Count("S3Bucket"), 0);
  auto by_guid =
      Save({S3Connection(), Bucket("-1"),
            Object("-2", "a.csv", {{"typeName", "S3Bucket"}, {"guid", "0000-missing"}})});
  EXPECT_EQ(by_guid.status, 404);
  EXPECT_EQ(Count("S3Bucket"), 0);
}

TEST_F(Bulk, EnforcesTypesRequiredAttributesAndRelationshipEnds) {
  auto unknown =
      Save({{{"typeName", "NoSuchType"}, {"attributes", {{"qualifiedName", "x"}, {"name", "x"}}}}});
  EXPECT_EQ(unknown.status, 400);
  EXPECT_EQ(unknown.body["errorCode"], "ATLAS-400-00-014");
  json nameless = Bucket("-1");
  nameless["attributes"].erase("name");
  auto missing = Save({S3Connection(), nameless});
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(missing.body["errorCode"], "ATLAS-404-00-007");
  EXPECT_NE(missing.body["errorMessage"].get<std::string>().find("S3Bucket.name"),
            std::string::npos);
  auto wrong_end =
      Save({S3Connection(), Bucket("-1"), Object("-2", "a.csv", ByQn("Connection", kS3))});
  EXPECT_EQ(wrong_end.status, 400);  // a Connection cannot be an S3Object's bucket
  EXPECT_EQ(wrong_end.body["errorCode"], "ATLAS-400-00-045");
  EXPECT_EQ(Count("Connection"), 0);
}

TEST_F(Bulk, PrefixesNestInTheirBucketAndHoldTheirObjects) {
  const std::string bucket_qn = std::string(kS3) + "/arn:aws:s3:::landing";
  json object = Object("-4", "exports/orders/part-0.csv", ByQn("S3Bucket", bucket_qn));
  object["attributes"]["s3Prefix"] = {{"typeName", "S3Prefix"}, {"guid", "-3"}};
  auto saved =
      Save({S3Connection(), Bucket("-1"), Prefix("-2", "exports"),
            Prefix("-3", "exports/orders", {{"typeName", "S3Prefix"}, {"guid", "-2"}}), object});
  ASSERT_EQ(saved.status, 200) << saved.body.dump();
  const auto guid = [&](const char* placeholder) {
    return saved.body["guidAssignments"][placeholder].get<std::string>();
  };
  const auto relation = [&](const std::string& of, const char* attribute) {
    auto read = emulator_.Get("/api/meta/entity/guid/" + of);
    EXPECT_EQ(read.status, 200) << read.body.dump();
    json related = read.body["entity"]["relationshipAttributes"][attribute];
    std::vector<std::string> guids;
    for (const auto& ref : related.is_array() ? related : json::array({related})) {
      if (ref.is_object()) guids.push_back(ref["guid"]);
    }
    return guids;
  };
  using Guids = std::vector<std::string>;
  EXPECT_EQ(relation(guid("-3"), "s3ParentPrefix"), Guids{guid("-2")});
  EXPECT_EQ(relation(guid("-2"), "s3ChildPrefixes"), Guids{guid("-3")});
  EXPECT_EQ(relation(guid("-3"), "s3Objects"), Guids{guid("-4")});
  EXPECT_EQ(relation(guid("-4"), "s3Prefix"), Guids{guid("-3")});
  EXPECT_EQ(relation(guid("-2"), "s3Bucket"), Guids{guid("-1")});
  EXPECT_EQ(relation(guid("-1"), "s3Prefixes"), (Guids{guid("-2"), guid("-3")}));
  EXPECT_EQ(Count("S3Prefix"), 2);

  // An object's prefix must be a prefix, and a prefix's bucket a bucket.
  json wrong = Object("-5", "b.csv", ByQn("S3Bucket", bucket_qn));
  wrong["attributes"]["s3Prefix"] = ByQn("S3Bucket", bucket_qn);
  EXPECT_EQ(Save({wrong}).body["errorCode"], "ATLAS-400-00-045");
  json misplaced = Prefix("-6", "other");
  misplaced["attributes"]["s3Bucket"] = ByQn("S3Prefix", bucket_qn + "/exports");
  EXPECT_EQ(Save({misplaced}).body["errorCode"], "ATLAS-400-00-045");
  EXPECT_EQ(Count("S3Prefix"), 2);
}

TEST_F(Bulk, ConnectionsNeedTheAtlanFormAndExistingAdmins) {
  json bad_form = S3Connection();
  bad_form["attributes"]["qualifiedName"] = "my-s3";
  EXPECT_EQ(Save({bad_form}).status, 400);
  auto no_admin = Save({S3Connection({{"adminUsers", json::array()}})});
  EXPECT_EQ(no_admin.status, 400);
  EXPECT_EQ(no_admin.body["errorCode"], "ATLAS-400-00-114");
  EXPECT_EQ(Save({S3Connection({{"adminUsers", {"ghost"}}})}).status, 400);
  EXPECT_EQ(
      Save({S3Connection({{"adminUsers", json::array()}, {"adminGroups", {"admins"}}})}).status,
      200);
}

TEST_F(Bulk, ConnectionAdminRolesAreRoleIds) {
  auto roles = emulator_.Get(
      R"(/api/service/roles?count=True&offset=0&limit=100&filter={"name":{"$ilike":"$%"}})");
  ASSERT_EQ(roles.status, 200);
  std::string admin_role;
  for (const auto& r : roles.body["records"]) {
    if (r["name"] == "$admin") admin_role = r["id"];
  }
  ASSERT_FALSE(admin_role.empty());
  EXPECT_EQ(
      Save({S3Connection({{"adminUsers", json::array()}, {"adminRoles", {"$admin"}}})}).status,
      400);
  EXPECT_EQ(
      Save({S3Connection({{"adminUsers", json::array()}, {"adminRoles", {admin_role}}})}).status,
      200);
}

TEST_F(Bulk, ReadsReportNotFoundInAtlasForm) {
  auto by_guid = emulator_.Get("/api/meta/entity/guid/3f1c0000-0000-4000-8000-000000000000");
  EXPECT_EQ(by_guid.status, 404);
  EXPECT_EQ(by_guid.body["errorCode"], "ATLAS-404-00-005");
  EXPECT_EQ(by_guid.body["errorMessage"],
            "Given instance guid 3f1c0000-0000-4000-8000-000000000000 is invalid/not found");
  auto by_qn = emulator_.Get("/api/meta/entity/uniqueAttribute/type/Table?attr:qualifiedName=x/y");
  EXPECT_EQ(by_qn.status, 404);
  EXPECT_EQ(by_qn.body["errorCode"], "ATLAS-404-00-009");
}

TEST_F(Bulk, SoftDeleteArchivesAndHardDeleteRemoves) {
  auto saved = Save({S3Connection(), Bucket("-1"),
                     Object("-2", "a.csv", {{"typeName", "S3Bucket"}, {"guid", "-1"}}),
                     Object("-3", "b.csv", {{"typeName", "S3Bucket"}, {"guid", "-1"}})});
  ASSERT_EQ(saved.status, 200);
  const std::string a = saved.body["guidAssignments"]["-2"];
  const std::string b = saved.body["guidAssignments"]["-3"];
  auto soft = emulator_.Delete("/api/meta/entity/bulk/?deleteType=SOFT&guid=" + a);
  ASSERT_EQ(soft.status, 200) << soft.body.dump();
  EXPECT_EQ(soft.body["mutatedEntities"]["DELETE"][0]["status"], "DELETED");
  EXPECT_EQ(soft.body["mutatedEntities"]["DELETE"][0]["deleteHandler"], "SOFT");
  auto archived = emulator_.Get("/api/meta/entity/guid/" + a);
  ASSERT_EQ(archived.status, 200);
  EXPECT_EQ(archived.body["entity"]["status"], "DELETED");
  auto active = emulator_.Post("/api/meta/search/indexsearch",
                               SdkSearch({SdkTerm("__typeName.keyword", "S3Object"),
                                          {{"term", {{"__state", {{"value", "ACTIVE"}}}}}}}));
  EXPECT_EQ(active.body["approximateCount"], 1);
  auto hard = emulator_.Delete("/api/meta/entity/bulk?deleteType=HARD&guid=" + b + "&guid=" + a);
  ASSERT_EQ(hard.status, 200);
  ASSERT_EQ(hard.body["mutatedEntities"]["DELETE"].size(), 2u);
  EXPECT_EQ(hard.body["mutatedEntities"]["DELETE"][1]["deleteHandler"], "HARD");
  EXPECT_EQ(emulator_.Get("/api/meta/entity/guid/" + b).status, 404);
  // Atlas ignores a guid already gone (AtlasEntityStoreV2.deleteByIds), whatever the type.
  for (const char* type : {"SOFT", "HARD", "PURGE"}) {
    auto gone = emulator_.Delete(std::string("/api/meta/entity/bulk?deleteType=") + type +
                                 "&guid=nope&guid=" + b);
    EXPECT_EQ(gone.status, 200) << type;
    EXPECT_FALSE(gone.body.contains("mutatedEntities")) << gone.body.dump();
  }
  EXPECT_EQ(emulator_.Delete("/api/meta/entity/bulk?deleteType=LATER&guid=" + a).status, 400);
}

TEST_F(Bulk, ResavingAnArchivedAssetWithActiveStatusRestoresIt) {
  auto saved = Save({S3Connection(), Bucket("-1")});
  const std::string guid = saved.body["guidAssignments"]["-1"];
  ASSERT_EQ(emulator_.Delete("/api/meta/entity/bulk?deleteType=SOFT&guid=" + guid).status, 200);
  json restore = Bucket("-5");
  restore["status"] = "ACTIVE";
  auto restored = Save({restore});
  ASSERT_EQ(restored.status, 200);
  EXPECT_EQ(restored.body["mutatedEntities"]["UPDATE"][0]["status"], "ACTIVE");
  EXPECT_EQ(emulator_.Get("/api/meta/entity/guid/" + guid).body["entity"]["status"], "ACTIVE");
}

TEST_F(Bulk, AppendAndRemoveRelationshipAttributesLeaveOtherMembersAlone) {
  ASSERT_EQ(Save({S3Connection(), Bucket("-1"),
                  Object("-2", "a.csv", {{"typeName", "S3Bucket"}, {"guid", "-1"}}),
                  Object("-3", "b.csv", {{"typeName", "S3Bucket"}, {"guid", "-1"}})})
                .status,
            200);
  const std::string prefix = std::string(kS3) + "/arn:aws:s3:::landing/";
  json process = {{"typeName", "Process"},
                  {"attributes",
                   {{"name", "p"},
                    {"qualifiedName", std::string(kS3) + "/p"},
                    {"outputs", {ByQn("S3Object", prefix + "a.csv")}}}}};
  ASSERT_EQ(Save({process}).status, 200);
  auto outputs = [&] {
    auto read = emulator_.Get("/api/meta/entity/uniqueAttribute/type/Process?attr:qualifiedName=" +
                              std::string(kS3) + "/p");
    std::vector<std::string> names;
    for (const auto& o : read.body["entity"]["relationshipAttributes"]["outputs"]) {
      names.push_back(o["displayText"]);
    }
    return names;
  };
  json append = {
      {"typeName", "Process"},
      {"attributes", {{"name", "p"}, {"qualifiedName", std::string(kS3) + "/p"}}},
      {"appendRelationshipAttributes", {{"outputs", {ByQn("S3Object", prefix + "b.csv")}}}}};
  auto appended = Save({append});
  ASSERT_EQ(appended.status, 200) << appended.body.dump();
  // The process, and the object it now reaches (Atlas's related update).
  EXPECT_EQ(appended.body["mutatedEntities"]["UPDATE"].size(), 2u);
  EXPECT_EQ(outputs(), (std::vector<std::string>{"a.csv", "b.csv"}));
  EXPECT_FALSE(Save({append}).body.contains("mutatedEntities"));  // already a member
  json remove = {
      {"typeName", "Process"},
      {"attributes", {{"name", "p"}, {"qualifiedName", std::string(kS3) + "/p"}}},
      {"removeRelationshipAttributes", {{"outputs", {ByQn("S3Object", prefix + "a.csv")}}}}};
  ASSERT_EQ(Save({remove}).status, 200);
  EXPECT_EQ(outputs(), (std::vector<std::string>{"b.csv"}));
}

}  // namespace
}  // namespace delta_arc::testing

namespace delta_arc::testing {
namespace {

// MaterialisedView as pyatlan creates it (atlanSchema; a Column's materialisedView),
// and a read by unique attribute under a supertype (Asset, SQL), which Atlas answers
// with the entity of whatever type holds that qualifiedName.
TEST(BulkTypes, MaterialisedViewsAndReadsBySupertype) {
  EmulatorProcess emulator(kWithoutDynamics);
  emulator.SeedSampleTenant();
  const std::string schema = kPostgres + "/FOOD_BEVERAGE/SALES_ORDERS";
  const std::string mview = schema + "/TOP_CUSTOMERS";
  json entities = {{{"typeName", "MaterialisedView"},
                    {"attributes",
                     {{"name", "TOP_CUSTOMERS"},
                      {"qualifiedName", mview},
                      {"schemaQualifiedName", schema},
                      {"atlanSchema", Ref("Schema", schema)}}}},
                   {{"typeName", "Column"},
                    {"attributes",
                     {{"name", "ID"},
                      {"qualifiedName", mview + "/ID"},
                      {"order", 1},
                      {"viewQualifiedName", mview},
                      {"materialisedView", Ref("MaterialisedView", mview)}}}}};
  auto saved = emulator.Post("/api/meta/entity/bulk", {{"entities", entities}});
  ASSERT_EQ(saved.status, 200) << saved.body.dump();
  auto read = emulator.Get(
      "/api/meta/entity/uniqueAttribute/type/MaterialisedView"
      "?attr:qualifiedName=" +
      mview);
  ASSERT_EQ(read.status, 200);
  const json& relations = read.body["entity"]["relationshipAttributes"];
  EXPECT_EQ(relations["atlanSchema"]["uniqueAttributes"]["qualifiedName"], schema);
  ASSERT_EQ(relations["columns"].size(), 1u);
  EXPECT_EQ(relations["columns"][0]["relationshipType"], "materialised_view_columns");
  auto in_schema =
      emulator.Get("/api/meta/entity/uniqueAttribute/type/Schema?attr:qualifiedName=" + schema);
  EXPECT_EQ(in_schema.body["entity"]["relationshipAttributes"]["materialisedViews"].size(), 1u);

  for (const char* super : {"Asset", "SQL", "Catalog", "Referenceable"}) {
    auto by_super = emulator.Get(std::string("/api/meta/entity/uniqueAttribute/type/") + super +
                                 "?attr:qualifiedName=" + mview);
    ASSERT_EQ(by_super.status, 200) << super << by_super.body.dump();
    EXPECT_EQ(by_super.body["entity"]["typeName"], "MaterialisedView");
  }
  // A supertype the entity is not under finds nothing; an unknown type is refused.
  EXPECT_EQ(
      emulator.Get("/api/meta/entity/uniqueAttribute/type/ObjectStore?attr:qualifiedName=" + mview)
          .status,
      404);
  EXPECT_EQ(
      emulator.Get("/api/meta/entity/uniqueAttribute/type/Nonsense?attr:qualifiedName=" + mview)
          .status,
      400);
}

// PUT uniqueAttribute/type/{type}: pyatlan's update_certificate and update_announcement
// send {"entity": …} with only the attributes to change; the rest stay, null clears, an
// asset that does not exist is 404, and the answer names the operation PARTIAL_UPDATE.
TEST(BulkTypes, UpdatesByUniqueAttribute) {
  EmulatorProcess emulator(kWithoutDynamics);
  emulator.SeedSampleTenant();
  httplib::Client client("127.0.0.1", emulator.port());
  const httplib::Headers auth = {{"Authorization", "Bearer " + emulator.token()}};
  auto put = [&](const std::string& type, const std::string& qn, const json& attributes) {
    const json body = {{"entity", {{"typeName", type}, {"attributes", attributes}}}};
    auto res = client.Put("/api/meta/entity/uniqueAttribute/type/" + type +
                              "?attr:qualifiedName=" + httplib::detail::encode_query_param(qn),
                          auth, body.dump(), "application/json");
    EXPECT_TRUE(res);
    return std::make_pair(res ? res->status : 0,
                          res ? json::parse(res->body, nullptr, false) : json());
  };
  auto [status, body] = put("Table", kPgTable,
                            {{"qualifiedName", kPgTable},
                             {"name", "CUSTOMERS"},
                             {"certificateStatus", "VERIFIED"},
                             {"certificateStatusMessage", "checked"}});
  ASSERT_EQ(status, 200) << body.dump();
  ASSERT_EQ(body["mutatedEntities"]["PARTIAL_UPDATE"].size(), 1u);
  EXPECT_EQ(body["mutatedEntities"]["PARTIAL_UPDATE"][0]["attributes"]["certificateStatus"],
            "VERIFIED");
  auto read = [&] {
    return emulator
        .Get("/api/meta/entity/uniqueAttribute/type/Table?attr:qualifiedName=" + kPgTable)
        .body["entity"]["attributes"];
  };
  EXPECT_EQ(read()["certificateStatusMessage"], "checked");
  EXPECT_EQ(read()["connectionQualifiedName"], kPostgres) << "attributes left out stay";

  // By a supertype, clearing with null.
  auto [cleared, cleared_body] =
      put("Asset", kPgTable, {{"name", "CUSTOMERS"}, {"certificateStatusMessage", nullptr}});
  ASSERT_EQ(cleared, 200) << cleared_body.dump();
  EXPECT_FALSE(read().contains("certificateStatusMessage"));
  EXPECT_EQ(read()["certificateStatus"], "VERIFIED");

  EXPECT_EQ(put("Table", kPgTable + "_NOPE", {{"name", "x"}}).first, 404);
  EXPECT_EQ(put("Nonsense", kPgTable, {{"name", "x"}}).first, 400);
}

}  // namespace
}  // namespace delta_arc::testing
