// Deployments on prefixes of one bucket share its S3Bucket in Atlan: neither rewrites
// what only a listing of the whole bucket knows (its object count), so each one's
// unchanged re-run writes nothing however the runs interleave.
#include "tests/cli/pipeline_fixture.h"

namespace delta_arc::testing {
namespace {

TEST_F(PipelineTest, DeploymentsOnPrefixesOfOneBucketLeaveEachOthersBucketAlone) {
  UploadSampleBucket();  // keys under 2025/
  Upload("2026/customers.csv", "CUSTOMERID,CUSTOMERNAME\n1,Ann\n");
  const std::vector<std::string> y2025 = {"S3_PREFIX=2025/"};
  const std::vector<std::string> y2026 = {"S3_PREFIX=2026/"};
  ASSERT_EQ(Run({"sync"}, y2025).exit_code, 0);
  ASSERT_EQ(Run({"sync"}, y2026).exit_code, 0);
  ResetRequests();
  auto again2025 = Run({"sync"}, y2025);
  auto again2026 = Run({"sync"}, y2026);
  ASSERT_EQ(again2025.exit_code, 0) << again2025.output;
  ASSERT_EQ(again2026.exit_code, 0) << again2026.output;
  EXPECT_EQ(WriteRequests(), 0) << Requests().dump();
}

// A registration of the bucket under an ARN with a suffix shares the plain ARN's prefix
// of qualifiedNames (`<connection>/arn:aws:s3:::landing/team-a/…` starts with
// `<connection>/arn:aws:s3:::landing/`): a whole-bucket sync must not take its objects
// for its own and archive them.
TEST_F(PipelineTest, AWholeBucketSyncLeavesARegistrationUnderASuffixedArnAlone) {
  UploadSampleBucket();
  const std::vector<std::string> team = {"S3_BUCKET_ARN=arn:aws:s3:::landing/team-a"};
  ASSERT_EQ(Run({"sync"}, team).exit_code, 0);
  auto whole = Run({"sync", "--json"}, {"S3_PREFIX="});  // the whole bucket
  ASSERT_EQ(whole.exit_code, 0) << whole.output;
  EXPECT_EQ(whole.json["atlan_archived"], 0) << whole.output.substr(0, 2000);
  ResetRequests();
  auto team_again = Run({"sync"}, team);
  ASSERT_EQ(team_again.exit_code, 0) << team_again.output;
  EXPECT_EQ(WriteRequests(), 0) << Requests().dump();
}

// The bucket's ARN registered under another S3 connection (another deployment's): a sync
// under a new connection refuses, naming it, and writes nothing, not even its connection
// (found in the connections' own search: no request of its own).
TEST_F(PipelineTest, ABucketRegisteredUnderAnotherConnectionStopsANewOneBeforeAnyWrite) {
  UploadSampleBucket();
  ASSERT_EQ(Run({"sync"}).exit_code, 0);
  ResetRequests();
  auto other = Run({"sync"}, {"S3_CONNECTION_NAME=other-s3"});
  EXPECT_NE(other.exit_code, 0) << other.output;
  EXPECT_NE(other.output.find("arn:aws:s3:::landing is already registered in Atlan under "
                              "connection"),
            std::string::npos)
      << other.output;
  EXPECT_EQ(WriteRequests(), 0) << Requests().dump();
}

// A new connection is written before the plan is built, so Atlan builds its policies (up
// to ~30 s) while the headers are read and the plan is made; a plan never writes it.
TEST_F(PipelineTest, ANewConnectionIsWrittenBeforeThePlanIsBuilt) {
  UploadSampleBucket();
  ResetRequests();
  auto plan = Run({"plan"}, {"LOG_LEVEL=info"});
  ASSERT_EQ(plan.exit_code, 0) << plan.output;
  EXPECT_EQ(plan.output.find("creating the S3 connection"), std::string::npos) << plan.output;
  EXPECT_EQ(WriteRequests(), 0) << Requests().dump();
  auto sync = Run({"sync"}, {"LOG_LEVEL=info"});
  ASSERT_EQ(sync.exit_code, 0) << sync.output;
  const size_t creating = sync.output.find("creating the S3 connection");
  const size_t planned = sync.output.find("planned");
  ASSERT_NE(creating, std::string::npos) << sync.output;
  ASSERT_NE(planned, std::string::npos) << sync.output;
  EXPECT_LT(creating, planned) << sync.output;
}

}  // namespace
}  // namespace delta_arc::testing
