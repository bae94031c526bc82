// delta-arc sync and plan end to end, on the emulator and s3rver: the sample's
// first sync, lineage through S3, unchanged re-runs, deleted objects, the
// mapping file with partitioned keys and renames, tables missing on one side,
// awkward keys, and read-only plans.
#include <algorithm>
#include <filesystem>
#include <fstream>

#include "atlan/atlan_client.h"
#include "lineage/owned_snapshot.h"
#include "tests/cli/pipeline_fixture.h"
#include "tests/support/text_lines.h"

namespace delta_arc::testing {
namespace {

using nlohmann::json;

bool Contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

TEST_F(PipelineTest, FirstSyncOfTheSampleWritesTheWholeGraphInFewRequests) {
  UploadSampleBucket();
  ResetRequests();
  auto sync = Run({"sync", "--json"});
  ASSERT_EQ(sync.exit_code, 0) << sync.output;
  const json& by_type = sync.json["planned_by_type"];
  EXPECT_EQ(by_type["Connection"]["create"], 1);
  EXPECT_EQ(by_type["S3Bucket"]["create"], 1);
  EXPECT_EQ(by_type["S3Object"]["create"], 8);
  EXPECT_EQ(by_type["Process"]["create"], 16);
  EXPECT_EQ(by_type["ColumnProcess"]["create"], 41);
  EXPECT_EQ(sync.json["atlan_created"], 67);  // as Atlan reported it
  // Each count is named for whose it is: no bare "created" or "by_type" to mix up.
  for (const char* ambiguous : {"created", "updated", "archived", "by_type"}) {
    EXPECT_FALSE(sync.json.contains(ambiguous)) << ambiguous;
  }
  EXPECT_EQ(sync.json["postgres_assets_count"], 49);
  EXPECT_EQ(sync.json["s3_objects_count"], 8);
  // Connections (and the bucket by ARN, in the same search), catalogs, the tags' display
  // names (the sample tags columns PII), the connection checked, its admin role, the
  // connection written, 2 bulk writes, the scope probed for the next run's snapshot with
  // the catalogs' freshness in the same search (Atlan marks the tables and columns lineage
  // reaches as updated: the cache stays fresh for the next run).
  EXPECT_LE(TotalRequests(), 11) << Requests().dump();

  // Every Postgres table reaches its Snowflake table through its S3 object.
  const std::string s3 = sync.json["s3_connection_qualified_name"];
  for (const std::string table : {"CATEGORIES", "CUSTOMERS", "EMPLOYEES", "ORDERDETAILS", "ORDERS",
                                  "PRODUCTS", "SHIPPERS", "SUPPLIERS"}) {
    const std::string pg = Guid("Table", kPostgresQn + kSchema + table);
    ASSERT_FALSE(pg.empty()) << table;
    auto down = Downstream(pg);
    std::string key = table;
    std::transform(key.begin(), key.end(), key.begin(), ::tolower);
    EXPECT_TRUE(Contains(down, "S3Object " + s3 + "/arn:aws:s3:::landing/2025/" + key + ".csv"))
        << table;
    EXPECT_TRUE(Contains(down, "Table " + kSnowflakeQn + kSchema + table)) << table;
  }
  // Column lineage: Postgres column → Snowflake column.
  auto column = Downstream(Guid("Column", kPostgresQn + kSchema + "CUSTOMERS/CITY"));
  EXPECT_TRUE(Contains(column, "Column " + kSnowflakeQn + kSchema + "CUSTOMERS/CITY"));
}

// After a sync's writes, one search answers for the scope (its probe, as a filter
// aggregation) and for the catalogs (their freshness, as the hits under a post_filter), each
// as its own search does: same counts, same newest modification.
TEST_F(PipelineTest, OneSearchProbesTheScopeAndTheCatalogsAsTwoSearchesDo) {
  UploadSampleBucket();
  auto sync = Run({"sync", "--json"});
  ASSERT_EQ(sync.exit_code, 0) << sync.output;
  atlan::AtlanClientOptions options;
  options.base_url = emulator_.url();
  options.token = emulator_.token();
  atlan::AtlanClient client(options, std::make_unique<http::HttpClient>(), env_);
  lineage::FoundConnections found;
  found.source = {{"postgres-dac", kPostgresQn, "postgres", "", 0}};
  found.target = {{"snowflake-dac", kSnowflakeQn, "snowflake", "", 0}};
  const lineage::Scope scope{sync.json["s3_connection_qualified_name"], "landing",
                             "arn:aws:s3:::landing", "2025/"};
  ResetRequests();
  auto both = lineage::ProbeScopeAndCatalogs(client, scope, found);
  ASSERT_TRUE(both) << both.error().message;
  EXPECT_EQ(TotalRequests(), 1);
  auto probe = lineage::ProbeScope(client, scope);
  auto fresh = lineage::CheckFreshness(client, found);
  ASSERT_TRUE(probe && fresh);
  EXPECT_EQ(both->first, *probe);
  EXPECT_EQ(both->first.count, 66);  // the bucket, 8 objects, 16 + 41 processes
  EXPECT_EQ(both->second, *fresh);
  EXPECT_EQ(both->second.newest_qualified_name, fresh->newest_qualified_name);
  EXPECT_GT(fresh->asset_count, 90);  // both catalogs' tables, views and columns
}

TEST_F(PipelineTest, OverlappingOneEntityRequestsStillWriteParentsBeforeChildren) {
  // One entity a request, eight in flight, each answered after 10 to 160 ms, so requests
  // overlap (67 requests are well within the limiter's burst) and finish out of order.
  // Atlan resolves a reference when it writes (404 for an entity it does not hold yet), so
  // a process sent before the objects it reads were answered would fail the sync.
  UploadSampleBucket();
  emulator_.Control({{"latency_ms", 10}, {"latency_jitter_ms", 150}});
  ResetRequests();
  auto sync = Run({"sync", "--json"}, {"ATLAN_BATCH_SIZE=1", "ATLAN_MAX_BATCH_SIZE=1",
                                       "ATLAN_CONCURRENCY=8", "ATLAN_REQUESTS_PER_MINUTE=10000"});
  emulator_.Control({{"latency_ms", 0}, {"latency_jitter_ms", 0}});
  EXPECT_GE(emulator_.Get("/_emulator/stats").body["peak_in_flight"], 3)
      << "the writes never overlapped: the test cannot fail for its reason";
  ASSERT_EQ(sync.exit_code, 0) << sync.output;
  EXPECT_EQ(sync.json["atlan_created"], 67);
  EXPECT_EQ(WriteRequests(), 67);
  const std::string s3 = sync.json["s3_connection_qualified_name"];
  for (const std::string table : {"CATEGORIES", "CUSTOMERS", "EMPLOYEES", "ORDERDETAILS", "ORDERS",
                                  "PRODUCTS", "SHIPPERS", "SUPPLIERS"}) {
    auto down = Downstream(Guid("Table", kPostgresQn + kSchema + table));
    EXPECT_TRUE(Contains(down, "Table " + kSnowflakeQn + kSchema + table)) << table;
  }
  auto column = Downstream(Guid("Column", kPostgresQn + kSchema + "CUSTOMERS/CITY"));
  EXPECT_TRUE(Contains(column, "Column " + kSnowflakeQn + kSchema + "CUSTOMERS/CITY"));
  ResetRequests();
  ASSERT_EQ(Run({"sync"}).exit_code, 0);
  EXPECT_EQ(WriteRequests(), 0) << Requests().dump();
}

TEST_F(PipelineTest, SecondSyncWritesNothing) {
  UploadSampleBucket();
  ASSERT_EQ(Run({"sync"}).exit_code, 0);
  ResetRequests();
  auto again = Run({"sync", "--json", "--verbose"});
  ASSERT_EQ(again.exit_code, 0) << again.output;
  EXPECT_EQ(WriteRequests(), 0) << Requests().dump();
  EXPECT_EQ(again.json["unchanged"], 66) << again.json["changes"].dump();
  EXPECT_TRUE(again.json["cache_hit"]);
  // Connections, the catalogs' freshness, the scope's probe: not one page of its assets.
  EXPECT_TRUE(again.json["owned_snapshot_hit"]);
  EXPECT_LE(TotalRequests(), 3);
  // The summary says so of both catalogs.
  const std::string text = Run({"plan"}).output;
  int catalogs = 0;
  for (const std::string& line : Lines(text)) {
    if (!line.starts_with("  Postgres assets:") && !line.starts_with("  Snowflake assets:")) {
      continue;
    }
    ++catalogs;
    EXPECT_TRUE(line.ends_with("  (from cache)")) << line;
  }
  EXPECT_EQ(catalogs, 2) << text;
}

// Atlan (Atlas) also updates the assets at the far end of each relationship a write makes:
// they are listed under UPDATE, and the tables and columns a new process links are marked
// modified. The counts are of what delta-arc sent, and the catalogs' cache stays fresh, so a
// second sync is as cheap as without it.
class RelatedUpdates : public PipelineTest {
 protected:
  // Stated although it is the emulator's default: it is what this test is about.
  RelatedUpdates() : PipelineTest(WithRelatedUpdates()) {}
  static std::vector<std::string> WithRelatedUpdates() {
    auto args = kWithoutDynamics;
    args.insert(args.end(), {"--related-updates", "true"});
    return args;
  }
};

TEST_F(RelatedUpdates, CountOnlyWhatWasSentAndLeaveTheCatalogsCached) {
  UploadSampleBucket();
  auto first = Run({"sync", "--json"});
  ASSERT_EQ(first.exit_code, 0) << first.output;
  EXPECT_EQ(first.json["atlan_created"], 67);
  EXPECT_EQ(first.json["atlan_updated"], 0);  // not the tables, columns and objects it linked
  ResetRequests();
  auto again = Run({"sync", "--json"});
  ASSERT_EQ(again.exit_code, 0) << again.output;
  EXPECT_EQ(WriteRequests(), 0) << Requests().dump();
  EXPECT_TRUE(again.json["cache_hit"]) << again.output;
  EXPECT_TRUE(again.json["owned_snapshot_hit"]) << again.output;
  EXPECT_EQ(TotalRequests(), 3) << Requests().dump();

  // A change to a source table after the writes is not taken for the run's own.
  ASSERT_EQ(Run({"sync"}, {"FORCE_REFRESH=true"}).exit_code, 0);
  const std::string table = Guid("Table", kPostgresQn + kSchema + "CUSTOMERS");
  ASSERT_EQ(emulator_
                .Post("/api/meta/entity/bulk",
                      {{"entities",
                        {{{"typeName", "Table"},
                          {"guid", table},
                          {"attributes",
                           {{"qualifiedName", kPostgresQn + kSchema + "CUSTOMERS"},
                            {"name", "CUSTOMERS"},
                            {"description", "edited by a person"}}}}}}})
                .status,
            200);
  auto after_edit = Run({"sync", "--json"});
  ASSERT_EQ(after_edit.exit_code, 0) << after_edit.output;
  EXPECT_FALSE(after_edit.json["cache_hit"]) << after_edit.output;
}

// With search a refresh behind the writes (Atlan's), the catalogs' freshness is read once
// search shows them: read at once, the updates Atlan made for them would look like someone
// else's, and the next run would read the catalogs again.
class RelatedUpdatesBehindSearch : public PipelineTest {
 protected:
  RelatedUpdatesBehindSearch()
      : PipelineTest(std::vector<std::string>{"--connection-bootstrap-ms", "0"}) {}
};

TEST_F(RelatedUpdatesBehindSearch, TheNextRunStillKeepsTheCatalogsCached) {
  UploadSampleBucket();
  auto first = Run({"sync", "--json"});
  ASSERT_EQ(first.exit_code, 0) << first.output;
  emulator_.Control({{"advance_clock_ms", 2000}});  // search shows everything written
  ResetRequests();
  auto again = Run({"sync", "--json"});
  ASSERT_EQ(again.exit_code, 0) << again.output;
  EXPECT_TRUE(again.json["cache_hit"]) << again.output;
  EXPECT_EQ(WriteRequests(), 0) << Requests().dump();
}

TEST_F(PipelineTest, AnAssetArchivedInAtlanBetweenSyncsIsWrittenAgain) {
  UploadSampleBucket();
  auto first = Run({"sync", "--json"});
  ASSERT_EQ(first.exit_code, 0) << first.output;
  const std::string s3 = first.json["s3_connection_qualified_name"];
  const std::string object = s3 + "/arn:aws:s3:::landing/2025/orders.csv";
  // Someone archives it in Atlan: the snapshot the first sync left no longer holds.
  ASSERT_EQ(
      emulator_.Delete("/api/meta/entity/bulk?deleteType=SOFT&guid=" + Guid("S3Object", object))
          .status,
      200);
  auto second = Run({"sync", "--json"});
  ASSERT_EQ(second.exit_code, 0) << second.output;
  EXPECT_FALSE(second.json["owned_snapshot_hit"]);
  EXPECT_EQ(second.json["planned_by_type"]["S3Object"]["create"], 1);
  EXPECT_EQ(CountActive("S3Object", s3 + "/"), 8);
  auto down = Downstream(Guid("Table", kPostgresQn + kSchema + "ORDERS"));
  EXPECT_TRUE(Contains(down, "S3Object " + object));
  // That sync's own snapshot serves the next.
  ResetRequests();
  auto third = Run({"sync", "--json"});
  ASSERT_EQ(third.exit_code, 0) << third.output;
  EXPECT_TRUE(third.json["owned_snapshot_hit"]);
  EXPECT_EQ(WriteRequests(), 0) << Requests().dump();
}

TEST_F(PipelineTest, AnAssetEditedInAtlanBetweenSyncsIsWrittenAgain) {
  UploadSampleBucket();
  auto first = Run({"sync", "--json"});
  ASSERT_EQ(first.exit_code, 0) << first.output;
  const std::string s3 = first.json["s3_connection_qualified_name"];
  const std::string object = s3 + "/arn:aws:s3:::landing/2025/orders.csv";
  // Someone edits it: the count is the same, its modification is newer.
  auto edit = emulator_.Post(
      "/api/meta/entity/bulk",
      {{"entities",
        json::array(
            {{{"typeName", "S3Object"},
              {"attributes",
               {{"qualifiedName", object}, {"name", "orders.csv"}, {"s3ObjectSize", 1}}}}})}});
  ASSERT_EQ(edit.status, 200) << edit.body.dump();
  auto second = Run({"sync", "--json"});
  ASSERT_EQ(second.exit_code, 0) << second.output;
  EXPECT_FALSE(second.json["owned_snapshot_hit"]);
  EXPECT_EQ(second.json["planned_by_type"]["S3Object"]["update"], 1);
  auto held = emulator_.Get("/api/meta/entity/guid/" + Guid("S3Object", object));
  EXPECT_NE(held.body["entity"]["attributes"]["s3ObjectSize"], 1);
}

TEST_F(PipelineTest, ForceRefreshReadsTheScopesAssets) {
  UploadSampleBucket();
  ASSERT_EQ(Run({"sync"}).exit_code, 0);
  auto again = Run({"sync", "--json", "--force-refresh"});
  ASSERT_EQ(again.exit_code, 0) << again.output;
  EXPECT_FALSE(again.json["owned_snapshot_hit"]);
  EXPECT_EQ(again.json["unchanged"], 66);
}

TEST_F(PipelineTest, ObjectDeletedBetweenRunsIsArchived) {
  UploadSampleBucket();
  auto first = Run({"sync", "--json"});
  ASSERT_EQ(first.exit_code, 0) << first.output;
  const std::string s3 = first.json["s3_connection_qualified_name"];
  const std::string object = s3 + "/arn:aws:s3:::landing/2025/shippers.csv";
  const std::string guid = Guid("S3Object", object);
  Remove("2025/shippers.csv");
  auto second = Run({"sync", "--json"});
  ASSERT_EQ(second.exit_code, 0) << second.output;
  EXPECT_EQ(second.json["planned_by_type"]["S3Object"]["archive"], 1);
  // Without its object the table has no lineage to archive processes for it either.
  EXPECT_EQ(second.json["planned_by_type"]["Process"]["archive"], 2);
  EXPECT_EQ(second.json["planned_by_type"]["ColumnProcess"]["archive"], 3);
  auto archived = emulator_.Get("/api/meta/entity/guid/" + guid);
  EXPECT_EQ(archived.body["entity"]["status"], "DELETED");
  EXPECT_EQ(CountActive("S3Object", s3 + "/"), 7);
  // The Postgres and Snowflake assets were never touched.
  EXPECT_FALSE(Guid("Table", kPostgresQn + kSchema + "SHIPPERS").empty());
  EXPECT_EQ(CountActive("Table", kPostgresQn + "/"), 8);
}

TEST_F(PipelineTest, MappingFileCoversPartitionedKeysAndRenames) {
  // ORDER_ITEMS does not exist in Postgres in the sample, so rename a real one.
  std::ofstream(work_dir_ + "/mapping2.yaml") << R"(
objects:
  - "exports/{table}/dt={date}/{file}.csv"
tables:
  ORDERS: ORDERDETAILS
columns:
  ORDERS:
    ORDERID: ORDERDETAILID
exclude:
  - "**/_SUCCESS"
)";
  Upload("2025/exports/orders/dt=2025-01-01/part-0001.csv", "orderid,customerid\n1,2\n");
  Upload("2025/exports/orders/dt=2025-01-02/part-0001.csv", "orderid,customerid\n3,4\n");
  Upload("2025/exports/orders/dt=2025-01-02/_SUCCESS", "");
  auto sync = Run({"sync", "--json", "--mapping", work_dir_ + "/mapping2.yaml"});
  ASSERT_EQ(sync.exit_code, 0) << sync.output;
  // _SUCCESS is excluded: reported, but neither registered nor counted as the bucket's.
  EXPECT_EQ(sync.json["planned_by_type"]["S3Object"]["create"], 2);
  EXPECT_EQ(sync.json["s3_objects_count"], 2);
  EXPECT_EQ(sync.json["planned_by_type"]["Process"]["create"],
            2);  // one per hop for two partitions
  // ORDERID → ORDERDETAILID (renamed), CUSTOMERID has no partner in ORDERDETAILS.
  EXPECT_EQ(sync.json["planned_by_type"]["ColumnProcess"]["create"], 1);
  const std::string s3 = sync.json["s3_connection_qualified_name"];
  auto down = Downstream(Guid("Table", kPostgresQn + kSchema + "ORDERS"));
  EXPECT_TRUE(Contains(down, "Table " + kSnowflakeQn + kSchema + "ORDERDETAILS"));
  EXPECT_TRUE(Contains(
      down,
      "S3Object " + s3 + "/arn:aws:s3:::landing/2025/exports/orders/dt=2025-01-02/part-0001.csv"));
  bool success_excluded = false;
  for (const auto& o : sync.json["objects"]) {
    if (o["key"].get<std::string>().ends_with("_SUCCESS")) {
      success_excluded = o.value("reason", "").find("excluded") != std::string::npos;
    }
  }
  EXPECT_TRUE(success_excluded);
  auto bad = Run({"plan", "--mapping", TestDataPath("mapping/example.yaml")});
  EXPECT_EQ(bad.exit_code, 0) << bad.output;  // a rename to a missing table is reported, not fatal
}

TEST_F(PipelineTest, CacheKeptUnderTheDataPrefixIsNotRegistered) {
  UploadSampleBucket();
  const std::vector<std::string> cache_env = {"CACHE_S3_BUCKET=landing",
                                              "CACHE_S3_PREFIX=2025/delta-arc-cache/"};
  auto first = Run({"sync", "--json"}, cache_env);  // writes the cache under 2025/
  ASSERT_EQ(first.exit_code, 0) << first.output;
  EXPECT_EQ(first.json["planned_by_type"]["S3Object"]["create"], 8);
  auto second = Run({"sync", "--json"}, cache_env);  // now lists the cache's files too
  ASSERT_EQ(second.exit_code, 0) << second.output;
  EXPECT_TRUE(second.json["cache_hit"]);
  EXPECT_EQ(second.json["planned_by_type"]["S3Object"]["create"], 0);
  EXPECT_EQ(second.json["s3_objects_count"], 8);
  int cache_keys = 0;
  for (const auto& o : second.json["objects"]) {
    if (o["key"].get<std::string>().starts_with("2025/delta-arc-cache/")) {
      ++cache_keys;
      EXPECT_NE(o.value("reason", "").find("discovery cache"), std::string::npos) << o.dump();
    }
  }
  EXPECT_EQ(cache_keys, 4);  // the two catalogs, the CSV headers read, the scope snapshot
  auto logged = Run({"plan"}, {"CACHE_S3_BUCKET=landing", "CACHE_S3_PREFIX=2025/delta-arc-cache/",
                               "LOG_LEVEL=info"});
  ASSERT_EQ(logged.exit_code, 0) << logged.output;
  EXPECT_NE(logged.output.find("the discovery cache is kept under S3_PREFIX"), std::string::npos)
      << logged.output;
}

TEST_F(PipelineTest, TableMissingOnOneSideGetsTheHopItHas) {
  Upload("2025/customers.csv", "customerid,city\n1,x\n");
  Upload("2025/regions.csv", "regionid\n1\n");  // neither side has REGIONS
  auto sync = Run({"sync", "--json"});
  ASSERT_EQ(sync.exit_code, 0) << sync.output;
  EXPECT_EQ(sync.json["planned_by_type"]["Process"]["create"], 2);
  // Only the header's columns get lineage.
  EXPECT_EQ(sync.json["planned_by_type"]["ColumnProcess"]["create"], 2);
  bool regions_reported = false;
  for (const auto& o : sync.json["objects"]) {
    if (o["key"] == "2025/regions.csv") regions_reported = o.contains("reason");
  }
  EXPECT_TRUE(regions_reported);
  bool employees_unpartnered = false;
  for (const auto& u : sync.json["unpartnered_tables"]) {
    if (u["qualifiedName"] == kPostgresQn + kSchema + "EMPLOYEES") employees_unpartnered = true;
  }
  EXPECT_TRUE(employees_unpartnered);
}

TEST_F(PipelineTest, KeysWithSpacesAndUnicodeRoundTrip) {
  Upload("2025/customers.csv", "customerid\n1\n");
  Upload("2025/späte Kunden/customers (copy) +1.csv", "customerid\n1\n");
  std::ofstream(work_dir_ + "/m.yaml")
      << "objects:\n  - \"{table}.csv\"\n  - \"{dir}/{table} (copy) +1.csv\"\n";
  auto sync = Run({"sync", "--json", "--mapping", work_dir_ + "/m.yaml"});
  ASSERT_EQ(sync.exit_code, 0) << sync.output;
  EXPECT_EQ(sync.json["planned_by_type"]["S3Object"]["create"], 2);
  const std::string s3 = sync.json["s3_connection_qualified_name"];
  const std::string qn = s3 + "/arn:aws:s3:::landing/2025/späte Kunden/customers (copy) +1.csv";
  const std::string guid = Guid("S3Object", qn);
  ASSERT_FALSE(guid.empty());
  auto object = emulator_.Get("/api/meta/entity/guid/" + guid);
  EXPECT_EQ(object.body["entity"]["attributes"]["s3ObjectKey"],
            "2025/späte Kunden/customers (copy) +1.csv");
  ResetRequests();
  ASSERT_EQ(Run({"sync", "--mapping", work_dir_ + "/m.yaml"}).exit_code, 0);
  EXPECT_EQ(WriteRequests(), 0);
}

// The catalogs are searched from both ends of the guid order at once: read in pages of
// 4 (13 a side, their pages out of order), they make the plan one page of each makes.
TEST_F(PipelineTest, CatalogsReadInSmallPagesFromBothEndsPlanAsOnePageDoes) {
  UploadSampleBucket();
  const auto searches = [this] {
    return Requests().value("POST /api/meta/search/indexsearch", int64_t{0});
  };
  ResetRequests();
  auto whole = Run({"plan", "--json"});
  ASSERT_EQ(whole.exit_code, 0) << whole.output;
  const int64_t whole_searches = searches();
  ResetRequests();
  auto paged = Run({"plan", "--json"}, {"ATLAN_PAGE_SIZE=4"});
  ASSERT_EQ(paged.exit_code, 0) << paged.output;
  EXPECT_FALSE(paged.json["cache_hit"]);
  EXPECT_EQ(paged.json["postgres_assets_count"], 49);
  EXPECT_EQ(paged.json["snowflake_assets_count"], whole.json["snowflake_assets_count"]);
  EXPECT_EQ(paged.json["changes"], whole.json["changes"]);
  EXPECT_EQ(paged.json["objects"], whole.json["objects"]);
  // Each side 13 pages one way where it was one: from both ends, at most two more.
  EXPECT_GE(searches(), whole_searches + 2 * 12);
  EXPECT_LE(searches(), whole_searches + 2 * 14) << Requests().dump();
}

TEST_F(PipelineTest, PlanIsReadOnlyAndExplainsEveryObject) {
  UploadSampleBucket();
  Upload("2025/notes.txt", "hello");
  ResetRequests();
  auto plan = Run({"plan", "--json"});
  ASSERT_EQ(plan.exit_code, 0) << plan.output;
  EXPECT_EQ(WriteRequests(), 0);
  EXPECT_EQ(plan.json["applied"], false);
  EXPECT_EQ(plan.json["objects"].size(), 9u);
  EXPECT_EQ(plan.json["changes"]["create"].size(), 68u);
  EXPECT_EQ(CountActive("S3Object", "default/s3/"), 0);
  EXPECT_FALSE(std::filesystem::exists(work_dir_ + "/cache/postgres.json"))
      << "plan wrote the cache";
  auto text = Run({"plan"});
  EXPECT_NE(text.output.find("2025/notes.txt"), std::string::npos);
  EXPECT_NE(text.output.find("Changes it would make"), std::string::npos);
  EXPECT_NE(text.output.find("(none: no Postgres or Snowflake table named 'notes')"),
            std::string::npos);
}

}  // namespace
}  // namespace delta_arc::testing
