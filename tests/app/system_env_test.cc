// The process environment is read at the composition root alone, and what the AWS clients
// see is the map the configuration was loaded from, with the configuration's AWS settings
// over it: never the process environment behind the caller's back.
#include "app/system_env.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>

#include "app/runtime.h"

namespace delta_arc::app {
namespace {

TEST(SystemEnv, ProcessEnvironmentReadsTheRealEnvironment) {
  const std::string name = "DELTA_ARC_SYSTEM_ENV_TEST_" + std::to_string(getpid());
  ASSERT_EQ(setenv(name.c_str(), "a=b", 1), 0);
  const auto environment = ProcessEnvironment();
  unsetenv(name.c_str());
  ASSERT_TRUE(environment.contains(name));
  EXPECT_EQ(environment.at(name), "a=b");
}

TEST(SystemEnv, TheAwsClientsSeeTheGivenEnvironmentWithTheConfigsSettingsOverIt) {
  const std::string hidden = "DELTA_ARC_HIDDEN_" + std::to_string(getpid());
  ASSERT_EQ(setenv(hidden.c_str(), "from-the-process", 1), 0);
  lineage::Config config;
  config.aws_region = "eu-west-1";
  const aws::Environment env = AwsEnvironment(
      config, {{"AWS_REGION", "us-east-1"}, {"AWS_PROFILE", "landing"}, {"HOME", "/home/x"}});
  unsetenv(hidden.c_str());
  EXPECT_EQ(env.Get("AWS_REGION"), "eu-west-1");  // the configuration wins
  EXPECT_EQ(env.Get("AWS_PROFILE"), "landing");
  EXPECT_EQ(env.Home(), "/home/x");
  EXPECT_EQ(env.Get(hidden), std::nullopt);
}

}  // namespace
}  // namespace delta_arc::app
