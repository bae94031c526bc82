// Credentials chain, region and endpoint resolution: environment, shared
// profile files, a local container-credentials server, and anonymous.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <future>
#include <thread>

#include "aws/credential_chain.h"
#include "aws/endpoints.h"
#include "aws/shared_config.h"
#include "http/http_client.h"
#include "tests/http/local_server.h"
#include "tests/support/fake_env.h"
#include "tests/support/subprocess.h"

namespace delta_arc::aws {
namespace {

namespace fs = std::filesystem;
using Vars = std::map<std::string, std::string, std::less<>>;

class CredentialsTest : public ::testing::Test {
 protected:
  void SetUp() override { home_ = delta_arc::testing::MakeTempDir(); }
  void TearDown() override { fs::remove_all(home_); }

  void Write(const std::string& relative, const std::string& text) {
    fs::create_directories(fs::path(home_ / fs::path(relative)).parent_path());
    std::ofstream(home_ / fs::path(relative)) << text;
  }
  Environment Env(Vars vars) {
    vars.try_emplace("HOME", home_.string());
    return Environment::FromMap(std::move(vars));
  }

  fs::path home_;
  http::HttpClient http_;
};

TEST_F(CredentialsTest, EnvironmentComesFirst) {
  Write(".aws/credentials",
        "[default]\naws_access_key_id = PROFILEKEY\naws_secret_access_key = x\n");
  DefaultCredentialsChain chain(Env({{"AWS_ACCESS_KEY_ID", "ENVKEY"},
                                     {"AWS_SECRET_ACCESS_KEY", "envsecret"},
                                     {"AWS_SESSION_TOKEN", "envtoken"}}),
                                http_, delta_arc::testing::MachineEnv());
  auto credentials = chain.GetCredentials();
  ASSERT_TRUE(credentials) << credentials.error().message;
  EXPECT_EQ(credentials->access_key_id, "ENVKEY");
  EXPECT_EQ(credentials->secret_access_key, "envsecret");
  EXPECT_EQ(credentials->session_token, "envtoken");
  EXPECT_EQ(credentials->source, "environment");
}

TEST_F(CredentialsTest, HalfTheEnvironmentIsAnError) {
  auto found = CredentialsFromEnvironment(Env({{"AWS_ACCESS_KEY_ID", "ENVKEY"}}));
  ASSERT_FALSE(found);
  EXPECT_EQ(found.error().kind, ErrorKind::kInvalidArgument);
}

TEST_F(CredentialsTest, DefaultProfileFromCredentialsFile) {
  Write(".aws/credentials",
        "# comment\n[default]\naws_access_key_id = DEFKEY\naws_secret_access_key = defsecret\n"
        "[other]\naws_access_key_id = OTHERKEY\naws_secret_access_key = othersecret\n"
        "aws_session_token = othertoken\n");
  DefaultCredentialsChain chain(Env({}), http_, delta_arc::testing::MachineEnv());
  auto credentials = chain.GetCredentials();
  ASSERT_TRUE(credentials);
  EXPECT_EQ(credentials->access_key_id, "DEFKEY");
  EXPECT_EQ(credentials->source, "profile default");

  DefaultCredentialsChain other(Env({{"AWS_PROFILE", "other"}}), http_,
                                delta_arc::testing::MachineEnv());
  credentials = other.GetCredentials();
  ASSERT_TRUE(credentials);
  EXPECT_EQ(credentials->access_key_id, "OTHERKEY");
  EXPECT_EQ(credentials->session_token, "othertoken");
}

TEST_F(CredentialsTest, ProfileFromConfigFileAndCustomPaths) {
  Write("elsewhere/config",
        "[profile dev]\nregion = eu-west-1\naws_access_key_id = CFGKEY\n"
        "aws_secret_access_key = cfgsecret\ns3 =\n  addressing_style = path\n");
  const Environment env = Env({{"AWS_PROFILE", "dev"},
                               {"AWS_CONFIG_FILE", (home_ / "elsewhere/config").string()},
                               {"AWS_SHARED_CREDENTIALS_FILE", (home_ / "none").string()}});
  auto credentials = CredentialsFromProfile(env);
  ASSERT_TRUE(credentials && *credentials);
  EXPECT_EQ((*credentials)->access_key_id, "CFGKEY");
  EXPECT_EQ(ResolveRegion(env).value_or(""), "eu-west-1");
}

TEST_F(CredentialsTest, CredentialsFileWinsOverConfigFile) {
  Write(".aws/config", "[profile p]\naws_access_key_id = CFG\naws_secret_access_key = c\n");
  Write(".aws/credentials", "[p]\naws_access_key_id = CRED\naws_secret_access_key = c\n");
  auto credentials = CredentialsFromProfile(Env({{"AWS_PROFILE", "p"}}));
  ASSERT_TRUE(credentials && *credentials);
  EXPECT_EQ((*credentials)->access_key_id, "CRED");
}

TEST_F(CredentialsTest, MissingNamedProfileIsAnError) {
  auto credentials = CredentialsFromProfile(Env({{"AWS_PROFILE", "nope"}}));
  ASSERT_FALSE(credentials);
  EXPECT_NE(credentials.error().message.find("nope"), std::string::npos);
}

TEST_F(CredentialsTest, AssumeRoleProfileIsReportedNotIgnored) {
  Write(".aws/config", "[profile r]\nrole_arn = arn:aws:iam::1:role/x\nsource_profile = default\n");
  auto credentials = CredentialsFromProfile(Env({{"AWS_PROFILE", "r"}}));
  ASSERT_FALSE(credentials);
  EXPECT_NE(credentials.error().message.find("role_arn"), std::string::npos);
}

TEST_F(CredentialsTest, NothingFoundMeansAnonymous) {
  DefaultCredentialsChain chain(Env({}), http_, delta_arc::testing::MachineEnv());
  auto credentials = chain.GetCredentials();
  ASSERT_TRUE(credentials);
  EXPECT_TRUE(credentials->anonymous());
  EXPECT_EQ(credentials->source, "anonymous");
}

class ContainerCredentialsTest : public CredentialsTest {
 protected:
  void SetUp() override {
    CredentialsTest::SetUp();
    server_.server().Get("/creds", [this](const httplib::Request& req, httplib::Response& res) {
      ++calls_;
      if (req.get_header_value("Authorization") != "Bearer container-token") {
        res.status = 401;
        return;
      }
      if (calls_ == 1 && fail_first_) {
        res.status = 500;
        return;
      }
      res.set_content(R"({"AccessKeyId":"ASIACONTAINER","SecretAccessKey":"containersecret",)"
                      R"("Token":"containertoken","Expiration":")" +
                          expiration_ + R"("})",
                      "application/json");
    });
    server_.Start();
  }
  std::string FullUri() const { return server_.url() + "/creds"; }

  delta_arc::testing::LocalServer server_;
  int calls_ = 0;
  bool fail_first_ = false;
  std::string expiration_ = "2099-01-01T00:00:00Z";
  // Declared after the server, so its keep-alive connection closes first.
  http::HttpClient container_http_;
};

TEST_F(ContainerCredentialsTest, FullUriWithTokenFromFile) {
  Write("token", "Bearer container-token\n");
  DefaultCredentialsChain chain(
      Env({{"AWS_CONTAINER_CREDENTIALS_FULL_URI", FullUri()},
           {"AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", (home_ / "token").string()}}),
      container_http_, delta_arc::testing::MachineEnv());
  auto credentials = chain.GetCredentials();
  ASSERT_TRUE(credentials) << credentials.error().message;
  EXPECT_EQ(credentials->access_key_id, "ASIACONTAINER");
  EXPECT_EQ(credentials->secret_access_key, "containersecret");
  EXPECT_EQ(credentials->session_token, "containertoken");
  EXPECT_EQ(credentials->source, "container");
  ASSERT_TRUE(chain.GetCredentials());
  EXPECT_EQ(calls_, 1);  // cached until near expiry
}

TEST_F(ContainerCredentialsTest, TokenFromEnvironmentAndRetryOnServerError) {
  fail_first_ = true;
  auto credentials = CredentialsFromContainer(
      Env({{"AWS_CONTAINER_CREDENTIALS_FULL_URI", FullUri()},
           {"AWS_CONTAINER_AUTHORIZATION_TOKEN", "Bearer container-token"}}),
      container_http_, delta_arc::testing::MachineEnv());
  ASSERT_TRUE(credentials && *credentials) << credentials.error().message;
  EXPECT_EQ(calls_, 2);
}

TEST_F(ContainerCredentialsTest, ExpiringCredentialsAreRefetched) {
  expiration_ = "2001-01-01T00:00:00Z";
  DefaultCredentialsChain chain(
      Env({{"AWS_CONTAINER_CREDENTIALS_FULL_URI", FullUri()},
           {"AWS_CONTAINER_AUTHORIZATION_TOKEN", "Bearer container-token"}}),
      container_http_, delta_arc::testing::MachineEnv());
  ASSERT_TRUE(chain.GetCredentials());
  ASSERT_TRUE(chain.GetCredentials());
  EXPECT_EQ(calls_, 2);
}

// Container credentials from a transport that holds its answer while told to.
class HeldContainer : public http::Transport {
 public:
  explicit HeldContainer(std::string expiration) : expiration_(std::move(expiration)) {}
  Result<http::Response> Send(const http::Request&) override {
    ++calls;
    if (hold) released_.wait();
    return http::Response{.status = 200,
                          .headers = {},
                          .body = R"({"AccessKeyId":"ASIA)" + std::to_string(calls.load()) +
                                  R"(","SecretAccessKey":"s","Token":"t","Expiration":")" +
                                  expiration_ + R"("})"};
  }
  void Release() { release_.set_value(); }

  std::atomic<int> calls{0};
  std::atomic<bool> hold{false};

 private:
  std::string expiration_;
  std::promise<void> release_;
  std::shared_future<void> released_ = release_.get_future().share();
};

std::string Iso8601In(std::chrono::seconds from_now) {
  const std::time_t t =
      std::chrono::system_clock::to_time_t(std::chrono::system_clock::now() + from_now);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return text;
}

// Credentials due for a refresh but not expired serve other callers while one thread
// refreshes them: no lock is held across the request, and only one request is made.
TEST_F(CredentialsTest, ARefreshInFlightStallsNoCallerThatHoldsValidCredentials) {
  HeldContainer container(Iso8601In(std::chrono::minutes(2)));  // inside the 5-minute window
  DefaultCredentialsChain chain(Env({{"AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://127.0.0.1/c"},
                                     {"AWS_CONTAINER_AUTHORIZATION_TOKEN", "Bearer x"}}),
                                container, delta_arc::testing::MachineEnv());
  ASSERT_TRUE(chain.GetCredentials());
  container.hold = true;
  auto refreshing = std::async(std::launch::async, [&] { return chain.GetCredentials(); });
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (container.calls < 2 && std::chrono::steady_clock::now() < until) std::this_thread::yield();
  ASSERT_EQ(container.calls, 2);
  auto other = std::async(std::launch::async, [&] { return chain.GetCredentials(); });
  const bool answered = other.wait_for(std::chrono::seconds(20)) == std::future_status::ready;
  container.Release();  // before any assertion, so that a failure does not hang the test
  ASSERT_TRUE(answered) << "a caller waited for the refresh although its credentials are valid";
  auto served = other.get();
  ASSERT_TRUE(served);
  EXPECT_EQ(served->access_key_id, "ASIA1");
  auto refreshed = refreshing.get();
  ASSERT_TRUE(refreshed);
  EXPECT_EQ(refreshed->access_key_id, "ASIA2");
  EXPECT_EQ(container.calls, 2);
}

TEST_F(ContainerCredentialsTest, WrongTokenIsUnauthorizedWithoutSecrets) {
  auto credentials =
      CredentialsFromContainer(Env({{"AWS_CONTAINER_CREDENTIALS_FULL_URI", FullUri()},
                                    {"AWS_CONTAINER_AUTHORIZATION_TOKEN", "Bearer wrong-token"}}),
                               container_http_, delta_arc::testing::MachineEnv());
  ASSERT_FALSE(credentials);
  EXPECT_EQ(credentials.error().kind, ErrorKind::kUnauthorized);
  EXPECT_EQ(credentials.error().message.find("wrong-token"), std::string::npos);
}

TEST_F(ContainerCredentialsTest, FullUriMustBeLocalOrHttps) {
  auto credentials = CredentialsFromContainer(
      Env({{"AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://example.com/creds"}}), container_http_,
      delta_arc::testing::MachineEnv());
  ASSERT_FALSE(credentials);
  EXPECT_EQ(credentials.error().kind, ErrorKind::kInvalidArgument);
}

TEST(RegionTest, AwsRegionThenDefaultRegion) {
  EXPECT_EQ(*ResolveRegion(Environment::FromMap(
                {{"AWS_REGION", "eu-central-1"}, {"AWS_DEFAULT_REGION", "us-west-2"}})),
            "eu-central-1");
  EXPECT_EQ(*ResolveRegion(Environment::FromMap({{"AWS_DEFAULT_REGION", "us-west-2"}})),
            "us-west-2");
  auto none = ResolveRegion(Environment::FromMap({{"HOME", "/nonexistent"}}));
  ASSERT_FALSE(none);
  EXPECT_NE(none.error().message.find("AWS_REGION"), std::string::npos);
}

TEST(EndpointTest, ServiceSpecificThenGlobalThenAws) {
  const auto env = Environment::FromMap({{"AWS_ENDPOINT_URL_S3", "http://127.0.0.1:4568/"},
                                         {"AWS_ENDPOINT_URL", "http://localhost:9000"}});
  const Endpoint s3 = ResolveEndpoint(env, Service::kS3, "us-east-1");
  EXPECT_EQ(s3.url, "http://127.0.0.1:4568");
  EXPECT_TRUE(s3.custom);
  EXPECT_EQ(ResolveEndpoint(env, Service::kSsm, "us-east-1").url, "http://localhost:9000");
  const Endpoint sm =
      ResolveEndpoint(Environment::FromMap({}), Service::kSecretsManager, "eu-west-1");
  EXPECT_EQ(sm.url, "https://secretsmanager.eu-west-1.amazonaws.com");
  EXPECT_FALSE(sm.custom);
  EXPECT_EQ(DefaultEndpoint(Service::kSns, "cn-north-1").url,
            "https://sns.cn-north-1.amazonaws.com.cn");
}

TEST(EndpointTest, VirtualHostableBuckets) {
  EXPECT_TRUE(IsVirtualHostable("my-bucket-1"));
  EXPECT_FALSE(IsVirtualHostable("my.bucket"));
  EXPECT_FALSE(IsVirtualHostable("My_Bucket"));
  EXPECT_FALSE(IsVirtualHostable("ab"));
}

}  // namespace
}  // namespace delta_arc::aws
