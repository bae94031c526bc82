// `delta-arc invoke --event FILE`: the handler in-process from the CLI, its
// answer on stdout, exit 1 on an error answer.
#include <gtest/gtest.h>

#include <fstream>

#include "tests/cli/pipeline_fixture.h"

namespace delta_arc::testing {
namespace {

using nlohmann::json;

class LambdaInvokeTest : public PipelineTest {
 protected:
  std::string EventFile(const std::string& name, const std::string& payload) {
    const std::string path = work_dir_ + "/" + name;
    std::ofstream(path) << payload;
    return path;
  }
};

TEST_F(LambdaInvokeTest, PrintsTheAnswerOfAManualEvent) {
  UploadSampleBucket();
  auto run = Run({"invoke", "--event", EventFile("manual.json", R"({"trigger":"manual"})")},
                 {"LOG_FORMAT=json"});
  ASSERT_EQ(run.exit_code, 0) << run.output;
  // stdout holds the answer; logs and the EMF line went to stderr, merged here.
  const auto start = run.output.find("{\n");
  ASSERT_NE(start, std::string::npos) << run.output;
  const json answer = json::parse(run.output.substr(start), nullptr, false);
  ASSERT_TRUE(answer.is_object()) << run.output;
  EXPECT_EQ(answer["statusCode"], 200);
  const json body = json::parse(answer["body"].get<std::string>());
  EXPECT_EQ(body["result"]["s3_objects_count"], 8);
  EXPECT_EQ(body["result"]["atlan_created"], 67);
}

TEST_F(LambdaInvokeTest, AnErrorAnswerExitsOne) {
  auto run = Run({"invoke", "--event", EventFile("bad.json", R"({"trigger":"hourly"})")});
  EXPECT_EQ(run.exit_code, 1) << run.output;
  EXPECT_NE(run.output.find("\"errorType\": \"InvalidEvent\""), std::string::npos) << run.output;
  EXPECT_NE(run.output.find("trigger must be"), std::string::npos);
}

}  // namespace
}  // namespace delta_arc::testing
