// delta-arc against Atlan's dynamics at once, as the emulator has them by default
// (search refresh lag, 403s while a new connection's policies are built) plus a
// tenant rate limit and injected failures on keep-alive connections: a first sync
// completes, an immediate re-run and overlapping runs converge on one connection and
// one bucket, and a later re-run writes nothing.
#include <fstream>
#include <future>

#include "tests/cli/pipeline_fixture.h"

namespace delta_arc::testing {
namespace {

using nlohmann::json;

constexpr int kRateLimit = 8;  // requests a minute

class AtlanDynamics : public PipelineTest {
 protected:
  // The emulator's defaults: search lag 1 s, connection bootstrap 3 s.
  // The binary at the product's default pacing: these runs meet Atlan's rate limit as a
  // user's would, in real time.
  AtlanDynamics() : PipelineTest(std::vector<std::string>{}) { as_subprocess_ = true; }

  // Once the tenant is seeded: a rate limit that blocks for 2 s rather than Atlan's
  // minute (so the test stays short), and failures of the 2nd and 9th request.
  void SetUp() override {
    ResetRequests();
    emulator_.Control({{"rate_limit_per_minute", kRateLimit},
                       {"rate_limit_block_ms", 2000},
                       {"fail_requests", {2, 9}}});
  }

  // What the tenant holds once every write is searchable (asked outside the rate limit,
  // which is the runs' to meet).
  int64_t Active(const std::vector<json>& filters) {
    emulator_.Settle();
    emulator_.Control({{"rate_limit_per_minute", 0}});
    json all = json::array();
    for (const auto& f : filters) all.push_back(f);
    all.push_back({{"term", {{"__state", {{"value", "ACTIVE"}}}}}});
    auto reply = emulator_.Post("/api/meta/search/indexsearch", SdkSearch(all, 0, 1));
    emulator_.Control({{"rate_limit_per_minute", kRateLimit}});
    EXPECT_EQ(reply.status, 200) << reply.body.dump();
    return reply.body.value("approximateCount", int64_t{-1});
  }
  int64_t S3Connections() {
    return Active(
        {SdkTerm("__typeName.keyword", "CONNECTION"), SdkTerm("name.keyword", "landing-s3")});
  }
  int64_t Buckets() {
    return Active(
        {SdkTerm("__typeName.keyword", "S3Bucket"), SdkTerm("awsArn", "arn:aws:s3:::landing")});
  }
  int64_t Objects() { return Active({SdkTerm("__typeName.keyword", "S3Object")}); }

  // Runs `delta-arc invoke` on an EventBridge "Object Created" event for `key`, at once.
  std::future<CommandResult> InvokeCreated(const std::string& key) {
    const std::string event_file = work_dir_ + "/event-" + std::to_string(events_++) + ".json";
    std::ofstream(event_file) << json{
        {"detail-type", "Object Created"},
        {"source", "aws.s3"},
        {"detail", {{"bucket", {{"name", "landing"}}}, {"object", {{"key", key}}}}}};
    return std::async(std::launch::async, [this, event_file] {
      return Run({"invoke", "--event", event_file});
    });
  }
  int events_ = 0;
};

TEST_F(AtlanDynamics, FirstSyncThenAnImmediateReRunConvergeAndALaterReRunWritesNothing) {
  UploadSampleBucket();
  auto first = Run({"sync", "--json"});
  ASSERT_EQ(first.exit_code, 0) << first.output;
  EXPECT_GT(first.json.value("atlan_retries", 0), 0) << "throttling and failures were retried";
  // At once: the first run's writes are not yet searchable.
  auto immediate = Run({"sync", "--json"});
  ASSERT_EQ(immediate.exit_code, 0) << immediate.output;
  EXPECT_EQ(S3Connections(), 1);
  EXPECT_EQ(Buckets(), 1);
  const int64_t objects = Objects();
  EXPECT_GT(objects, 0);

  ResetRequests();
  auto later = Run({"sync", "--json"});
  ASSERT_EQ(later.exit_code, 0) << later.output;
  EXPECT_EQ(WriteRequests(), 0) << Requests().dump();
  // The run before waited for search to show its writes: its snapshot serves this one.
  EXPECT_TRUE(later.json["owned_snapshot_hit"]);
  EXPECT_EQ(Objects(), objects);
  EXPECT_EQ(S3Connections(), 1);
  // Atlan's own ConnectionProcesses (Postgres → S3, S3 → Snowflake) are left alone.
  EXPECT_EQ(Active({SdkTerm("__typeName.keyword", "ConnectionProcess")}), 2);
}

TEST_F(AtlanDynamics, OverlappingFirstSyncsCreateOneConnectionAndOneBucket) {
  UploadSampleBucket();
  auto a = std::async(std::launch::async, [&] { return Run({"sync", "--json"}); });
  auto b = std::async(std::launch::async, [&] { return Run({"sync", "--json"}); });
  const CommandResult ra = a.get();
  const CommandResult rb = b.get();
  EXPECT_EQ(ra.exit_code, 0) << ra.output;
  EXPECT_EQ(rb.exit_code, 0) << rb.output;
  EXPECT_EQ(S3Connections(), 1);
  EXPECT_EQ(Buckets(), 1);
  ResetRequests();
  auto later = Run({"sync", "--json"});
  ASSERT_EQ(later.exit_code, 0) << later.output;
  EXPECT_EQ(WriteRequests(), 0) << Requests().dump();
}

// Any number of runs at once on a fresh tenant: scheduled syncs and Lambda object events
// (which fall back to a full sync while no connection is searchable) all succeed and leave
// one connection, one bucket and one copy of every asset.
TEST_F(AtlanDynamics, OverlappingSyncsAndEventRunsConverge) {
  emulator_.Control({{"rate_limit_per_minute", 0}, {"fail_requests", json::array()}});
  UploadSampleBucket();
  std::vector<std::future<CommandResult>> runs;
  for (int i = 0; i < 2; ++i) {
    runs.push_back(std::async(std::launch::async, [&] { return Run({"sync", "--json"}); }));
  }
  for (const std::string table : {"customers", "orders", "products"}) {
    runs.push_back(InvokeCreated("2025/" + table + ".csv"));
  }
  for (auto& run : runs) {
    const CommandResult result = run.get();
    EXPECT_EQ(result.exit_code, 0) << result.output;
  }
  EXPECT_EQ(S3Connections(), 1);
  EXPECT_EQ(Buckets(), 1);
  EXPECT_EQ(Objects(), 8);
  EXPECT_EQ(Active({SdkTerm("__typeName.keyword", "Process")}), 16);
  EXPECT_EQ(Active({SdkTerm("__typeName.keyword", "ColumnProcess")}), 41);
  ResetRequests();
  auto later = Run({"sync", "--json"});
  ASSERT_EQ(later.exit_code, 0) << later.output;
  EXPECT_EQ(WriteRequests(), 0) << Requests().dump();
}

// Events for new files of one table, at once, under search lag: each run sees only its own
// file (the others' are not searchable yet), and appending keeps every one in the lineage.
TEST_F(AtlanDynamics, ConcurrentEventsForOneTableKeepEveryObject) {
  emulator_.Control({{"rate_limit_per_minute", 0}, {"fail_requests", json::array()}});
  UploadSampleBucket();
  ASSERT_EQ(Run({"sync"}).exit_code, 0);
  emulator_.Settle();
  std::vector<std::future<CommandResult>> runs;
  for (int day = 1; day <= 4; ++day) {
    const std::string key = "2025/late/" + std::to_string(day) + "/customers.csv";
    Upload(key, "customerid,city\n1,x\n");
    runs.push_back(InvokeCreated(key));
  }
  for (auto& run : runs) {
    const CommandResult result = run.get();
    EXPECT_EQ(result.exit_code, 0) << result.output;
  }
  EXPECT_EQ(Objects(), 12);
  ResetRequests();
  auto later = Run({"sync", "--json"});
  ASSERT_EQ(later.exit_code, 0) << later.output;
  EXPECT_EQ(WriteRequests(), 0) << later.output;
}

}  // namespace
}  // namespace delta_arc::testing
