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

}  // namespace
}  // namespace delta_arc::testing
