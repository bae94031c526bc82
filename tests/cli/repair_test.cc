// `delta-arc repair` on a tenant an earlier version left with two S3 connections of one
// name (its overlapping first runs each made one): the one runs do not use loses
// delta-arc's assets and is archived itself; a connection that holds anything else stays.
#include "tests/cli/pipeline_fixture.h"

namespace delta_arc::testing {
namespace {

using nlohmann::json;

class RepairTest : public PipelineTest {
 protected:
  std::string AdminRoleId() {
    auto roles = emulator_.Get("/api/service/roles?limit=100");
    for (const auto& role : roles.body.value("records", json::array())) {
      if (role.value("name", "") == "$admin") return role.value("id", "");
    }
    ADD_FAILURE() << roles.body.dump();
    return "";
  }

  // A connection named like the configured one, with a bucket and an object under it, as
  // an earlier version's run wrote them.
  void WriteDuplicate(const std::string& qn, const std::string& bucket_arn) {
    auto connection = emulator_.Post("/api/meta/entity/bulk",
                                     {{"entities",
                                       {{{"typeName", "Connection"},
                                         {"attributes",
                                          {{"qualifiedName", qn},
                                           {"name", "landing-s3"},
                                           {"connectorName", "s3"},
                                           {"category", "ObjectStore"},
                                           {"adminRoles", json::array({AdminRoleId()})}}}}}}});
    ASSERT_EQ(connection.status, 200) << connection.body.dump();
    emulator_.Settle();
    const std::string bucket_qn = qn + "/" + bucket_arn;
    auto assets =
        emulator_.Post("/api/meta/entity/bulk",
                       {{"entities",
                         {{{"typeName", "S3Bucket"},
                           {"attributes",
                            {{"qualifiedName", bucket_qn},
                             {"name", "landing"},
                             {"awsArn", bucket_arn},
                             {"connectorName", "s3"},
                             {"connectionQualifiedName", qn}}}},
                          {{"typeName", "S3Object"},
                           {"attributes",
                            {{"qualifiedName", bucket_qn + "/2025/customers.csv"},
                             {"name", "customers.csv"},
                             {"connectorName", "s3"},
                             {"connectionQualifiedName", qn},
                             {"bucket",
                              {{"typeName", "S3Bucket"},
                               {"uniqueAttributes", {{"qualifiedName", bucket_qn}}}}}}}}}}});
    ASSERT_EQ(assets.status, 200) << assets.body.dump();
    emulator_.Settle();
  }
};

TEST_F(RepairTest, ArchivesTheUnusedConnectionsAssetsAfterAPlan) {
  UploadSampleBucket();
  auto first = Run({"sync", "--json"});
  ASSERT_EQ(first.exit_code, 0) << first.output;
  const std::string kept = first.json["s3_connection_qualified_name"];
  WriteDuplicate("default/s3/1600000000", "arn:aws:s3:::landing/old");
  emulator_.Settle();

  auto plan = Run({"repair", "--json"});
  ASSERT_EQ(plan.exit_code, 0) << plan.output;
  EXPECT_EQ(plan.json["kept"], kept) << "runs keep using the connection they wrote under";
  EXPECT_EQ(plan.json["archives"].size(), 3u) << plan.output;  // bucket, object, connection
  EXPECT_EQ(CountActive("S3Object", "default/s3/1600000000/"), 1) << "a plan writes nothing";

  auto apply = Run({"repair", "--apply", "--json"});
  ASSERT_EQ(apply.exit_code, 0) << apply.output;
  EXPECT_EQ(apply.json["archived"], 3) << apply.output;
  EXPECT_EQ(CountActive("S3Object", "default/s3/1600000000/"), 0);
  EXPECT_EQ(CountActive("S3Bucket", "default/s3/1600000000/"), 0);
  EXPECT_EQ(CountActive("S3Object", kept + "/"), 8);
  emulator_.Settle();
  auto again = Run({"repair"});
  ASSERT_EQ(again.exit_code, 0) << again.output;
  EXPECT_NE(again.output.find("Nothing to repair"), std::string::npos) << again.output;
  ResetRequests();
  auto sync = Run({"sync", "--json"});
  ASSERT_EQ(sync.exit_code, 0) << sync.output;
  EXPECT_EQ(WriteRequests(), 0) << sync.output;
}

TEST_F(RepairTest, AConnectionHoldingOtherAssetsStays) {
  UploadSampleBucket();
  ASSERT_EQ(Run({"sync"}).exit_code, 0);
  WriteDuplicate("default/s3/1600000000", "arn:aws:s3:::landing/old");
  // A process another tool registered under it (not under <connection>/delta-arc/).
  const json process = {{"typeName", "Process"},
                        {"attributes",
                         {{"qualifiedName", "default/s3/1600000000/etl/nightly"},
                          {"name", "nightly"},
                          {"connectorName", "s3"},
                          {"connectionQualifiedName", "default/s3/1600000000"},
                          {"inputs", json::array()},
                          {"outputs", json::array()}}}};
  auto table = emulator_.Post("/api/meta/entity/bulk", {{"entities", {process}}});
  ASSERT_EQ(table.status, 200) << table.body.dump();
  emulator_.Settle();
  auto apply = Run({"repair", "--apply", "--json"});
  ASSERT_EQ(apply.exit_code, 0) << apply.output;
  EXPECT_EQ(apply.json["left_in_place"], json::array({"default/s3/1600000000"})) << apply.output;
  EXPECT_EQ(Guid("Connection", "default/s3/1600000000").empty(), false);
}

}  // namespace
}  // namespace delta_arc::testing
