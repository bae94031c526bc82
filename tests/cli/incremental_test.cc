// Object events (the Lambda's S3 triggers) sync one object and its lineage
// without listing the bucket, next to what a full sync wrote.
#include <fstream>
#include <map>

#include "tests/cli/event_fixture.h"

namespace delta_arc::testing {
namespace {

using nlohmann::json;

TEST_F(IncrementalTest, CreatedObjectJoinsItsTablesLineageWithoutListing) {
  Upload("2025/exports/customers/dt=2025-01-01/part-0.csv", "customerid,city\n1,x\n");
  auto first = Run({"sync", "--json", "--mapping", work_dir_ + "/m.yaml"});
  ASSERT_EQ(first.exit_code, 0) << first.output;
  const std::string s3 = first.json["s3_connection_qualified_name"];

  Upload("2025/exports/customers/dt=2025-01-02/part-0.csv", "customerid,city\n2,y\n");
  Upload("2025/exports/customers/dt=2025-01-03/part-0.csv", "customerid,city\n3,z\n");
  ResetRequests();
  auto report = Events({{"landing", "2025/exports/customers/dt=2025-01-02/part-0.csv",
                         lineage::ObjectChange::kCreated},
                        {"other-bucket", "x.csv", lineage::ObjectChange::kCreated}});
  ASSERT_TRUE(report) << report.error().message;
  EXPECT_EQ(report->PlannedCreates(lineage::AssetType::kObject), 1);
  EXPECT_EQ(report->PlannedUpdates(lineage::AssetType::kProcess),
            2);  // appended to the extract and the load
  EXPECT_EQ(report->PlannedCreates(lineage::AssetType::kColumnProcess), 0);
  // The connections, the catalogs' freshness, the touched assets, the table's other objects,
  // one write.
  EXPECT_LE(TotalRequests(), 6) << Requests().dump();
  const std::string pg = Guid("Table", kPostgresQn + kSchema + "CUSTOMERS");
  auto down = Downstream(pg);
  const std::string day1 =
      s3 + "/arn:aws:s3:::landing/2025/exports/customers/dt=2025-01-01/part-0.csv";
  const std::string day2 =
      s3 + "/arn:aws:s3:::landing/2025/exports/customers/dt=2025-01-02/part-0.csv";
  EXPECT_NE(std::find(down.begin(), down.end(), "S3Object " + day1), down.end());
  EXPECT_NE(std::find(down.begin(), down.end(), "S3Object " + day2), down.end());
  EXPECT_NE(std::find(down.begin(), down.end(), "Table " + kSnowflakeQn + kSchema + "CUSTOMERS"),
            down.end());

  // The same event again changes nothing; a full sync afterwards only adds day 3.
  ResetRequests();
  auto again = Events({{"landing", "2025/exports/customers/dt=2025-01-02/part-0.csv",
                        lineage::ObjectChange::kCreated}});
  ASSERT_TRUE(again);
  EXPECT_EQ(WriteRequests(), 0);
  auto full = Run({"sync", "--json", "--mapping", work_dir_ + "/m.yaml"});
  ASSERT_EQ(full.exit_code, 0) << full.output;
  EXPECT_EQ(full.json["planned_by_type"]["S3Object"]["create"], 1);
  EXPECT_EQ(full.json["planned_by_type"]["S3Object"]["archive"], 0);
}

// A file written again without a tagged column: the event run removes the tag delta-arc
// attached, from it and from the table's other files, as a full sync would.
TEST_F(IncrementalTest, AnEventThatDropsATaggedColumnRemovesItsTag) {
  const std::string pii = emulator_.DefineTag("PII");  // the sample's, on other columns
  Tag("Column", kPostgresQn + kSchema + "CUSTOMERS/CITY", pii);
  const std::string key = "2025/exports/customers/dt=2025-01-01/part-0.csv";
  Upload(key, "customerid,city\n1,x\n");
  auto first = Run({"sync", "--json", "--mapping", work_dir_ + "/m.yaml"});
  ASSERT_EQ(first.exit_code, 0) << first.output;
  const std::string qn = first.json["s3_connection_qualified_name"].get<std::string>() +
                         "/arn:aws:s3:::landing/" + key;
  const auto tags = [&] {
    return emulator_.Get("/api/meta/entity/guid/" + Guid("S3Object", qn))
        .body["entity"]
        .value("classifications", json::array())
        .size();
  };

  ASSERT_EQ(tags(), 1u);
  Upload(key, "customerid,country\n1,x\n");
  auto report = Events({{"landing", key, lineage::ObjectChange::kCreated}});
  ASSERT_TRUE(report) << report.error().message;
  EXPECT_EQ(tags(), 0u);
  EXPECT_EQ(FullRunChanges(), "");
}

// S3_LINEAGE_LEVEL=prefix: an event lists its table folder (not the bucket) and updates
// that folder; the last file of a table going archives its folder and processes.
TEST_F(IncrementalTest, PrefixLevelEventsUpdateTheirTableFolderAlone) {
  const std::vector<std::string> env = {"S3_LINEAGE_LEVEL=prefix", "S3_REGISTER_OBJECTS=false"};
  const std::map<std::string, std::string> level = {{"S3_LINEAGE_LEVEL", "prefix"},
                                                    {"S3_REGISTER_OBJECTS", "false"}};
  Upload("2025/exports/customers/dt=2025-01-01/part-0.csv", "customerid,city\n1,x\n");
  Upload("2025/exports/orders/dt=2025-01-01/part-0.csv", "orderid\n1\n");
  auto first = Run({"sync", "--json", "--mapping", work_dir_ + "/m.yaml"}, env);
  ASSERT_EQ(first.exit_code, 0) << first.output;
  const std::string s3 = first.json["s3_connection_qualified_name"];
  const std::string customers = s3 + "/arn:aws:s3:::landing/2025/exports/customers";

  Upload("2025/exports/customers/dt=2025-01-02/part-0.csv", "customerid,city\n2,y\n");
  ResetRequests();
  auto report = Events({{"landing", "2025/exports/customers/dt=2025-01-02/part-0.csv",
                         lineage::ObjectChange::kCreated}},
                       level);
  ASSERT_TRUE(report) << report.error().message;
  EXPECT_EQ(report->PlannedUpdates(lineage::AssetType::kPrefix), 1);
  EXPECT_EQ(report->PlannedCreates(lineage::AssetType::kPrefix), 0);
  EXPECT_EQ(report->PlannedUpdates(lineage::AssetType::kProcess), 0);
  const json folder = emulator_.Get("/api/meta/entity/guid/" + Guid("S3Prefix", customers)).body;
  EXPECT_EQ(folder["entity"]["attributes"]["s3PrefixCount"], 2);
  EXPECT_EQ(LoggedWith("full sync", ""), "");
  EXPECT_EQ(LoggedWith("listed the bucket", ""), "");  // the folder alone was listed
  EXPECT_EQ(FullRunChanges(env), "");

  Remove("2025/exports/orders/dt=2025-01-01/part-0.csv");
  auto gone = Events({{"landing", "2025/exports/orders/dt=2025-01-01/part-0.csv",
                       lineage::ObjectChange::kDeleted}},
                     level);
  ASSERT_TRUE(gone) << gone.error().message;
  EXPECT_EQ(gone->PlannedArchives(lineage::AssetType::kPrefix), 1);
  EXPECT_EQ(gone->PlannedArchives(lineage::AssetType::kProcess), 2);
  EXPECT_EQ(gone->PlannedUpdates(lineage::AssetType::kPrefix),
            1);  // exports holds one table folder now
  EXPECT_EQ(FullRunChanges(env), "");
}

TEST_F(IncrementalTest, DeletedObjectIsArchived) {
  Upload("2025/customers.csv", "customerid\n1\n");
  Upload("2025/orders.csv", "orderid\n1\n");
  auto first = Run({"sync", "--json", "--mapping", work_dir_ + "/m.yaml"});
  ASSERT_EQ(first.exit_code, 0) << first.output;
  const std::string s3 = first.json["s3_connection_qualified_name"];
  Remove("2025/orders.csv");
  auto report = Events({{"landing", "2025/orders.csv", lineage::ObjectChange::kDeleted}});
  ASSERT_TRUE(report) << report.error().message;
  // The table's only object is gone: its processes and column process go with it, as a
  // full sync would archive them (they used to stay ACTIVE with nothing on one side).
  EXPECT_EQ(report->PlannedArchives(lineage::AssetType::kObject), 1);
  EXPECT_EQ(report->PlannedArchives(lineage::AssetType::kProcess), 2);
  EXPECT_EQ(report->PlannedArchives(lineage::AssetType::kColumnProcess), 1);
  EXPECT_EQ(report->archived, 4);
  EXPECT_EQ(CountActive("S3Object", s3 + "/"), 1);
  // Lineage through the archived object is gone.
  auto down = Downstream(Guid("Table", kPostgresQn + kSchema + "ORDERS"));
  for (const auto& d : down) EXPECT_EQ(d.find("orders.csv"), std::string::npos) << d;
  EXPECT_EQ(FullRunChanges(), "");
}

// S3 does not order its events: a Deleted event that arrives after the object was written
// again must not archive it.
TEST_F(IncrementalTest, AnEventIsReadAsTheObjectIsNow) {
  Upload("2025/orders.csv", "orderid\n1\n");
  ASSERT_EQ(Run({"sync", "--mapping", work_dir_ + "/m.yaml"}).exit_code, 0);
  Upload("2025/orders.csv", "orderid\n2\n");
  auto report = Events({{"landing", "2025/orders.csv", lineage::ObjectChange::kDeleted}});
  ASSERT_TRUE(report) << report.error().message;
  EXPECT_EQ(report->archived, 0);
  EXPECT_EQ(report->PlannedUpdates(lineage::AssetType::kObject), 1);  // its new ETag and size
  EXPECT_EQ(FullRunChanges(), "");
}

// A created object S3 will not let the function read (403: a bucket policy, a KMS key,
// an object of another account) is a failed event with its reason, for the handler to
// fail its message (the queue's dead-letter queue then holds it): not a silent skip.
TEST_F(IncrementalTest, UnreadableObjectIsAFailedEventWithItsReason) {
  Upload("2025/customers.csv", "customerid\n1\n");
  ASSERT_EQ(Run({"sync", "--mapping", work_dir_ + "/m.yaml"}).exit_code, 0);
  ResetRequests();
  Upload("2025/orders.csv", "orderid\n1\n");
  // S3 answers 403 (here: an access key s3rver does not know).
  auto report = Events({{"landing", "2025/orders.csv", lineage::ObjectChange::kCreated}},
                       {{"AWS_ACCESS_KEY_ID", "NOT-S3RVER"}});
  ASSERT_TRUE(report) << report.error().message;
  EXPECT_EQ(WriteRequests(), 0);
  ASSERT_EQ(report->failed_events.size(), 1u);
  EXPECT_EQ(report->failed_events[0].key, "2025/orders.csv");
  EXPECT_NE(report->failed_events[0].error.find("403"), std::string::npos)
      << report->failed_events[0].error;
  ASSERT_EQ(report->objects.size(), 1u);
  EXPECT_NE(report->objects[0].reason.find("403"), std::string::npos) << report->objects[0].reason;
  // A removal S3 answers 403 for is still a removal (without s3:ListBucket, S3 says 403
  // for a key that is gone).
  auto removed = Events({{"landing", "2025/customers.csv", lineage::ObjectChange::kDeleted}},
                        {{"AWS_ACCESS_KEY_ID", "NOT-S3RVER"}});
  ASSERT_TRUE(removed) << removed.error().message;
  EXPECT_TRUE(removed->failed_events.empty());
  EXPECT_EQ(removed->PlannedArchives(lineage::AssetType::kObject), 1);
}

TEST_F(IncrementalTest, ExcludedAndCacheKeysAreSkippedNotRegistered) {
  std::ofstream(work_dir_ + "/m.yaml")
      << "objects:\n  - \"{table}.csv\"\nexclude:\n  - \"**/_SUCCESS\"\n";
  Upload("2025/customers.csv", "customerid\n1\n");
  ASSERT_EQ(Run({"sync", "--mapping", work_dir_ + "/m.yaml"}).exit_code, 0);
  Upload("2025/_SUCCESS", "");
  Upload("2025/cache/postgres.json", "{}");
  ResetRequests();
  auto report = Events({{"landing", "2025/_SUCCESS", lineage::ObjectChange::kCreated},
                        {"landing", "2025/cache/postgres.json", lineage::ObjectChange::kCreated}},
                       {{"CACHE_S3_BUCKET", "landing"}, {"CACHE_S3_PREFIX", "2025/cache/"}});
  ASSERT_TRUE(report) << report.error().message;
  EXPECT_EQ(TotalRequests(), 0) << "skipped events cost Atlan requests: " << Requests().dump();
  EXPECT_EQ(report->s3_objects, 0);
  ASSERT_EQ(report->objects.size(), 2u);
  EXPECT_EQ(report->objects[0].reason, "skipped: excluded by the mapping file");
  EXPECT_NE(report->objects[1].reason.find("discovery cache"), std::string::npos);
}

// An event that changes nothing says why in the log, not only in the report.
TEST_F(IncrementalTest, IgnoredEventsAreLoggedWithTheirReason) {
  Upload("2025/customers.csv", "customerid\n1\n");
  ASSERT_EQ(Run({"sync", "--mapping", work_dir_ + "/m.yaml"}).exit_code, 0);
  auto report = Events({{"elsewhere", "2025/customers.csv", lineage::ObjectChange::kCreated},
                        {"landing", "2024/customers.csv", lineage::ObjectChange::kCreated},
                        {"landing", "2025/gone.csv", lineage::ObjectChange::kCreated}});
  ASSERT_TRUE(report) << report.error().message;
  EXPECT_NE(LoggedWith("another bucket", "elsewhere"), "");
  EXPECT_NE(LoggedWith("outside S3_PREFIX", "2024/customers.csv"), "");
  EXPECT_NE(LoggedWith("no longer exists", "2025/gone.csv"), "");
}

// One cutoff for the whole run: the Lambda handler sets it through the Atlan client, and
// the runtime's S3 client (listings, header reads, HeadObject, the S3 cache) is under the
// same one, so a run whose time is up stops its S3 reads as it stops its Atlan requests.
TEST_F(IncrementalTest, TheRuntimesS3ReadsStopAtTheAtlanClientsCutoff) {
  Upload("orders.csv", "orderid\n1\n");
  auto config = SyncConfig();
  ASSERT_TRUE(config) << config.error().message;
  auto runtime = app::BuildRuntime({{"", *config}}, EventEnvironment(), log_, env_);
  ASSERT_TRUE(runtime) << runtime.error().message;
  auto& bucket = *runtime->routes.front().bucket;
  int64_t now = 0;
  runtime->atlan->SetCutoff(Cutoff(1000, [&] { return now; }));
  ASSERT_TRUE(bucket.Head("orders.csv"));
  now = 1000;
  auto head = bucket.Head("orders.csv");
  ASSERT_FALSE(head);
  EXPECT_EQ(head.error().kind, ErrorKind::kStopped) << head.error().message;
  auto listed = bucket.List("", [](auto&&) { return Ok(); });
  ASSERT_FALSE(listed);
  EXPECT_EQ(listed.error().kind, ErrorKind::kStopped) << listed.error().message;
  runtime->atlan->SetCutoff({});
  EXPECT_TRUE(bucket.Head("orders.csv"));
}

TEST_F(IncrementalTest, FirstEventWithoutAConnectionRunsAFullSync) {
  UploadSampleBucket();
  auto report = Events({{"landing", "2025/customers.csv", lineage::ObjectChange::kCreated}});
  ASSERT_TRUE(report) << report.error().message;
  EXPECT_EQ(report->PlannedCreates(lineage::AssetType::kObject), 8);
  EXPECT_EQ(report->PlannedCreates(lineage::AssetType::kColumnProcess), 41);
}

}  // namespace
}  // namespace delta_arc::testing
