// delta-arc against Atlan's dynamics at once, as the emulator has them by default
// (search refresh lag, 403s while a new connection's policies are built) plus a
// tenant rate limit and injected failures on keep-alive connections: a first sync
// completes, an immediate re-run and overlapping runs converge on one connection and
// one bucket, and a later re-run writes nothing.
#include <future>

#include "tests/cli/pipeline_fixture.h"

namespace delta_arc::testing {
namespace {

using nlohmann::json;

constexpr int kRateLimit = 8;  // requests a minute

class AtlanDynamics : public PipelineTest {
 protected:
  // The emulator's defaults: search lag 1 s, connection bootstrap 3 s.
  AtlanDynamics() : PipelineTest(std::vector<std::string>{}) {}

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

}  // namespace
}  // namespace delta_arc::testing
