// Tests of configuration loading: precedence, every validation rule, secrets
// never echoed, .env parsing edge cases, and the settings table (settings.h)
// against what loads and what the docs say.
#include "lineage/config.h"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "lineage/settings.h"
#include "tests/support/text_lines.h"

namespace delta_arc::lineage {
namespace {

namespace fs = std::filesystem;
using Settings = std::map<std::string, std::string>;

constexpr char kToken[] = "tok-SECRET-7f3a9";

Settings ValidEnvironment() {
  return {{"ATLAN_BASE_URL", "https://tenant.atlan.com"},
          {"ATLAN_API_TOKEN", kToken},
          {"POSTGRES_CONNECTION_NAME", "production-postgres"},
          {"SNOWFLAKE_CONNECTION_NAME", "production-snowflake"},
          {"S3_BUCKET_NAME", "landing"},
          {"S3_CONNECTION_NAME", "landing-s3"}};
}

ConfigSources FromEnvironment(Settings environment) {
  ConfigSources sources;
  sources.environment = std::move(environment);
  return sources;
}

// The environment with `name` set to `value` (or removed when value is empty).
ConfigSources ValidWith(const std::string& name, const std::string& value) {
  Settings environment = ValidEnvironment();
  if (value.empty()) {
    environment.erase(name);
  } else {
    environment[name] = value;
  }
  return FromEnvironment(std::move(environment));
}

Config LoadOk(const ConfigSources& sources, ConfigPurpose purpose = ConfigPurpose::kSync) {
  auto config = LoadConfig(sources, purpose);
  EXPECT_TRUE(config.has_value()) << (config ? "" : config.error().message);
  return config.value_or(Config{});
}

std::string LoadError(const ConfigSources& sources, ConfigPurpose purpose = ConfigPurpose::kSync) {
  auto config = LoadConfig(sources, purpose);
  EXPECT_FALSE(config.has_value()) << "expected a configuration error";
  if (config) return "";
  EXPECT_EQ(config.error().kind, ErrorKind::kInvalidArgument);
  return config.error().message;
}

using delta_arc::testing::Lines;

// A scratch directory per test, removed afterwards.
class ConfigFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::temp_directory_path() /
           ("delta-arc-config-" + std::to_string(getpid()) + "-" + info->name());
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string Write(const std::string& name, const std::string& content) {
    const fs::path path = dir_ / name;
    std::ofstream(path, std::ios::binary) << content;
    return path.string();
  }

  fs::path dir_;
};

// ---- defaults and precedence ----

TEST(ConfigTest, MinimalConfigurationGetsDefaults) {
  const Config config = LoadOk(FromEnvironment(ValidEnvironment()));
  EXPECT_EQ(config.atlan_base_url, "https://tenant.atlan.com");
  EXPECT_EQ(config.atlan_api_token, kToken);
  EXPECT_EQ(config.atlan_batch_size, 50);
  EXPECT_EQ(config.atlan_page_size, 1000);
  EXPECT_EQ(config.atlan_timeout, std::chrono::seconds(60));
  EXPECT_EQ(config.atlan_max_attempts, 5);
  EXPECT_EQ(config.s3_bucket_arn, "arn:aws:s3:::landing");
  EXPECT_EQ(config.s3_prefix, "");
  EXPECT_TRUE(config.s3_connection_admin_users.empty());
  EXPECT_TRUE(config.s3_connection_admin_groups.empty());
  EXPECT_EQ(config.s3_connection_admin_roles, std::vector<std::string>{"$admin"});
  EXPECT_EQ(config.cache_expiry_hours, 24);
  EXPECT_EQ(config.postgres_cache_file, ".delta-arc-cache/postgres.json");
  EXPECT_EQ(config.snowflake_cache_file, ".delta-arc-cache/snowflake.json");
  EXPECT_EQ(config.cache_s3_prefix, "delta-arc-cache/");
  EXPECT_FALSE(config.force_refresh);
  EXPECT_EQ(config.s3_lineage_level, LineageLevel::kObject);
  EXPECT_TRUE(config.s3_register_objects);
  EXPECT_EQ(config.log_level, LogLevel::kInfo);
  EXPECT_EQ(config.log_format, LogFormat::kText);
}

TEST_F(ConfigFilesTest, FlagsBeatEnvironmentWhichBeatsDotenv) {
  ConfigSources sources = FromEnvironment(ValidEnvironment());
  sources.dotenv_path = Write(".env",
                              "S3_PREFIX=from-dotenv/\n"
                              "LOG_LEVEL=debug\n"
                              "ATLAN_BATCH_SIZE=10\n");
  sources.environment["LOG_LEVEL"] = "warn";
  sources.environment["ATLAN_BATCH_SIZE"] = "20";
  sources.flags["ATLAN_BATCH_SIZE"] = "30";
  const Config config = LoadOk(sources);
  EXPECT_EQ(config.s3_prefix, "from-dotenv/");   // only in .env
  EXPECT_EQ(config.log_level, LogLevel::kWarn);  // environment over .env
  EXPECT_EQ(config.atlan_batch_size, 30);        // flag over both
}

TEST_F(ConfigFilesTest, EmptyValueCountsAsNotSet) {
  ConfigSources sources = FromEnvironment(ValidEnvironment());
  sources.dotenv_path = Write(".env", "S3_PREFIX=2025/\n");
  sources.environment["S3_PREFIX"] = "";
  sources.flags["S3_CONNECTION_NAME"] = "  ";
  const Config config = LoadOk(sources);
  EXPECT_EQ(config.s3_prefix, "2025/");
  EXPECT_EQ(config.s3_connection_name, "landing-s3");
}

TEST(ConfigTest, SurroundingWhitespaceIsIgnored) {
  const Config config = LoadOk(ValidWith("ATLAN_BATCH_SIZE", " 25 "));
  EXPECT_EQ(config.atlan_batch_size, 25);
}

TEST(ConfigTest, ApiKeyIsAnAliasOfApiToken) {
  Settings environment = ValidEnvironment();
  environment.erase("ATLAN_API_TOKEN");
  environment["ATLAN_API_KEY"] = "key-value";
  EXPECT_EQ(LoadOk(FromEnvironment(environment)).atlan_api_token, "key-value");

  environment["ATLAN_API_TOKEN"] = "key-value";  // both, the same token: fine
  EXPECT_EQ(LoadOk(FromEnvironment(environment)).atlan_api_token, "key-value");

  ConfigSources sources = FromEnvironment(environment);
  sources.flags["ATLAN_API_KEY"] = "flag-value";  // a higher source wins, whichever name
  EXPECT_EQ(LoadOk(sources).atlan_api_token, "flag-value");

  // Both in one source with different tokens: neither wins silently, neither is shown.
  environment["ATLAN_API_TOKEN"] = "token-value";
  const std::string message = LoadError(FromEnvironment(environment));
  EXPECT_NE(message.find("ATLAN_API_TOKEN and ATLAN_API_KEY are both set, to different tokens"),
            std::string::npos)
      << message;
  EXPECT_EQ(message.find("token-value"), std::string::npos);
  EXPECT_EQ(message.find("key-value"), std::string::npos);
}

TEST_F(ConfigFilesTest, DotenvAloneCanConfigureEverything) {
  std::string content;
  for (const auto& [name, value] : ValidEnvironment()) content += name + "=" + value + "\n";
  ConfigSources sources;
  sources.dotenv_path = Write(".env", content);
  EXPECT_EQ(LoadOk(sources).s3_bucket_name, "landing");
}

TEST_F(ConfigFilesTest, MissingDotenvIsFineUnlessNamed) {
  ConfigSources sources = FromEnvironment(ValidEnvironment());
  sources.dotenv_path = (dir_ / "absent.env").string();
  EXPECT_TRUE(LoadConfig(sources, ConfigPurpose::kSync).has_value());
  sources.dotenv_required = true;
  const std::string message = LoadError(sources);
  EXPECT_NE(message.find("absent.env"), std::string::npos) << message;
}

TEST_F(ConfigFilesTest, MalformedDotenvFailsTheLoad) {
  ConfigSources sources = FromEnvironment(ValidEnvironment());
  sources.dotenv_path = Write(".env", "GOOD=1\nthis line is wrong\n");
  const std::string message = LoadError(sources);
  EXPECT_NE(message.find(".env:2:"), std::string::npos) << message;
}

TEST(ConfigTest, UnknownFlagNameIsReported) {
  ConfigSources sources = FromEnvironment(ValidEnvironment());
  sources.flags["S3_BUCKET"] = "landing";
  EXPECT_EQ(LoadError(sources), "S3_BUCKET: not a delta-arc setting (flag name)");
}

// ---- validation: everything missing or bad, collected ----

TEST(ConfigTest, EveryMissingRequiredVariableIsNamedOnItsOwnLine) {
  const auto lines = Lines(LoadError(ConfigSources{}));
  ASSERT_EQ(lines.size(), 6u);
  EXPECT_EQ(lines[0], "ATLAN_BASE_URL: required, an http(s) URL such as https://tenant.atlan.com");
  EXPECT_TRUE(lines[1].starts_with("ATLAN_API_TOKEN: required, "));
  EXPECT_NE(lines[1].find("ATLAN_API_TOKEN_SECRET_ARN"), std::string::npos);
  EXPECT_NE(lines[1].find("ATLAN_API_TOKEN_PARAMETER"), std::string::npos);
  EXPECT_TRUE(lines[2].starts_with("POSTGRES_CONNECTION_NAME: required, "));
  EXPECT_TRUE(lines[3].starts_with("SNOWFLAKE_CONNECTION_NAME: required, "));
  EXPECT_TRUE(lines[4].starts_with("S3_BUCKET_NAME: required, "));
  EXPECT_TRUE(lines[5].starts_with("S3_CONNECTION_NAME: required, "));
}

// POSTGRES_/SNOWFLAKE_CONNECTION_NAME hold a side to that connector; SOURCE_/
// TARGET_CONNECTION_NAME take any SQL connector. One names each side.
TEST(ConfigTest, EachSideIsNamedOnceByItsConnectorsSettingOrByOneOfAnyConnector) {
  const Config simple = LoadOk(FromEnvironment(ValidEnvironment()));
  EXPECT_EQ(simple.source_connector, "postgres");
  EXPECT_EQ(simple.target_connector, "snowflake");

  Settings environment = ValidEnvironment();
  environment.erase("POSTGRES_CONNECTION_NAME");
  environment.erase("SNOWFLAKE_CONNECTION_NAME");
  environment["SOURCE_CONNECTION_NAME"] = "mysql-prod";
  environment["TARGET_CONNECTION_NAME"] = "redshift-prod";
  const Config any = LoadOk(FromEnvironment(environment));
  EXPECT_EQ(any.source_connection_names, std::vector<std::string>{"mysql-prod"});
  EXPECT_EQ(any.source_connector, "");
  EXPECT_EQ(any.target_connection_names, std::vector<std::string>{"redshift-prod"});
  EXPECT_EQ(any.target_connector, "");

  environment["POSTGRES_CONNECTION_NAME"] = "production-postgres";
  EXPECT_EQ(LoadError(FromEnvironment(environment)),
            "SOURCE_CONNECTION_NAME: set one of POSTGRES_CONNECTION_NAME and "
            "SOURCE_CONNECTION_NAME");

  environment.erase("POSTGRES_CONNECTION_NAME");
  environment.erase("SOURCE_CONNECTION_NAME");
  EXPECT_EQ(LoadError(FromEnvironment(environment)),
            "POSTGRES_CONNECTION_NAME: required, the name of the crawled Postgres connection in "
            "Atlan, or a comma list of several (or SOURCE_CONNECTION_NAME: of any SQL connector)");

  // A side of several connections: a comma list, items trimmed.
  environment["SOURCE_CONNECTION_NAME"] = "mysql-prod, crm-postgres";
  EXPECT_EQ(LoadOk(FromEnvironment(environment)).source_connection_names,
            (std::vector<std::string>{"mysql-prod", "crm-postgres"}));
}

TEST(ConfigTest, EveryBadValueIsCollectedIntoOneMessage) {
  Settings environment = ValidEnvironment();
  const Settings bad = {{"ATLAN_BASE_URL", "tenant.atlan.com"},
                        {"ATLAN_BATCH_SIZE", "0"},
                        {"ATLAN_PAGE_SIZE", "10001"},
                        {"ATLAN_TIMEOUT_SECONDS", "901"},
                        {"ATLAN_MAX_ATTEMPTS", "21"},
                        {"S3_BUCKET_NAME", "Landing_Zone"},
                        {"S3_PREFIX", "/2025/"},
                        {"CACHE_EXPIRY_HOURS", "-1"},
                        {"CACHE_S3_BUCKET", "x"},
                        {"CACHE_S3_PREFIX", "/cache"},
                        {"LOG_LEVEL", "verbose"},
                        {"LOG_FORMAT", "xml"},
                        {"SNS_TOPIC_ARN", "topic"},
                        {"AWS_REGION", "US East"},
                        {"AWS_ENDPOINT_URL", "localhost:4566"},
                        {"AWS_ENDPOINT_URL_S3", "s3://x"},
                        {"FORCE_REFRESH", "maybe"}};
  for (const auto& [name, value] : bad) environment[name] = value;
  const auto lines = Lines(LoadError(FromEnvironment(environment)));
  ASSERT_EQ(lines.size(), bad.size());
  for (const auto& [name, value] : bad) {
    const auto line = std::ranges::find_if(
        lines, [&](const std::string& l) { return l.starts_with(name + ": expected "); });
    EXPECT_NE(line, lines.end()) << name;
  }
}

// One variable, one value, the line it gets.
struct BadValue {
  std::string name;
  std::string value;
  std::string line;
};

class ConfigBadValueTest : public ::testing::TestWithParam<BadValue> {};

TEST_P(ConfigBadValueTest, IsReportedWithWhatIsExpected) {
  EXPECT_EQ(LoadError(ValidWith(GetParam().name, GetParam().value)), GetParam().line);
}

INSTANTIATE_TEST_SUITE_P(
    Rules, ConfigBadValueTest,
    ::testing::Values(
        BadValue{"ATLAN_BASE_URL", "ftp://tenant.atlan.com",
                 "ATLAN_BASE_URL: expected an http(s) URL such as https://tenant.atlan.com, got "
                 "\"ftp://tenant.atlan.com\""},
        BadValue{"S3_BUCKET_NAME", "ab",
                 "S3_BUCKET_NAME: expected an S3 bucket name: 3-63 characters of lowercase "
                 "letters, digits, '.' and '-', beginning and ending with a letter or digit, no "
                 "'..', not an IP address, got \"ab\""},
        BadValue{"ATLAN_BATCH_SIZE", "many",
                 "ATLAN_BATCH_SIZE: expected a whole number from 1 to 1000, got \"many\""},
        BadValue{"ATLAN_PAGE_SIZE", "0",
                 "ATLAN_PAGE_SIZE: expected a whole number from 1 to 10000, got \"0\""},
        BadValue{"ATLAN_TIMEOUT_SECONDS", "1.5",
                 "ATLAN_TIMEOUT_SECONDS: expected a whole number from 1 to 900, got \"1.5\""},
        BadValue{"ATLAN_MAX_ATTEMPTS", "-1",
                 "ATLAN_MAX_ATTEMPTS: expected a whole number from 1 to 20, got \"-1\""},
        BadValue{"CACHE_EXPIRY_HOURS", "soon",
                 "CACHE_EXPIRY_HOURS: expected a number of hours, 0 or more, such as 24, got "
                 "\"soon\""},
        BadValue{"LOG_LEVEL", "trace",
                 "LOG_LEVEL: expected one of debug, info, warn, error, got \"trace\""},
        BadValue{"LOG_FORMAT", "xml", "LOG_FORMAT: expected one of text, json, got \"xml\""},
        BadValue{"S3_PREFIX", "/2025/",
                 "S3_PREFIX: expected a key prefix without a leading '/', such as 2025/, got "
                 "\"/2025/\""},
        BadValue{"S3_BUCKET_ARN", "arn:aws:s3:::other",
                 "S3_BUCKET_ARN: expected arn:aws:s3:::landing, or that followed by /<suffix> "
                 "such as arn:aws:s3:::landing/team-a, got \"arn:aws:s3:::other\""},
        BadValue{"ATLAN_BASE_URL", "https://a b",
                 "ATLAN_BASE_URL: expected an http(s) URL such as https://tenant.atlan.com, got "
                 "\"https://a b\""}));

TEST(ConfigTest, ControlCharactersInsideAValueAreShownEscaped) {
  const std::string message = LoadError(ValidWith("ATLAN_BASE_URL", "https://a\tb"));
  EXPECT_EQ(message,
            "ATLAN_BASE_URL: expected an http(s) URL such as https://tenant.atlan.com, got "
            "\"https://a\\x09b\"");
}

TEST(ConfigTest, LongBadValuesAreShortened) {
  const std::string message = LoadError(ValidWith("LOG_LEVEL", std::string(500, 'x')));
  EXPECT_LT(message.size(), 200u);
  EXPECT_TRUE(message.ends_with("\"...")) << message;
}

TEST(ConfigTest, BaseUrlForms) {
  EXPECT_EQ(LoadOk(ValidWith("ATLAN_BASE_URL", "https://tenant.atlan.com/")).atlan_base_url,
            "https://tenant.atlan.com");
  EXPECT_EQ(LoadOk(ValidWith("ATLAN_BASE_URL", "http://127.0.0.1:8080")).atlan_base_url,
            "http://127.0.0.1:8080");
  EXPECT_EQ(LoadOk(ValidWith("ATLAN_BASE_URL", "http://[::1]:8080/")).atlan_base_url,
            "http://[::1]:8080");
  EXPECT_EQ(LoadOk(ValidWith("ATLAN_BASE_URL", "https://proxy.example/atlan//")).atlan_base_url,
            "https://proxy.example/atlan");
  // Atlan's API path is delta-arc's to add: /api/meta/api/meta/… would follow.
  for (const char* api : {"http://127.0.0.1:8080/api/meta", "https://t.atlan.com/api/"}) {
    const std::string message = LoadError(ValidWith("ATLAN_BASE_URL", api));
    EXPECT_NE(message.find("without Atlan's API path"), std::string::npos) << message;
  }
  // Credentials are refused without echoing them.
  const std::string credentials =
      LoadError(ValidWith("ATLAN_BASE_URL", "https://user:hunter2pw@tenant.atlan.com"));
  EXPECT_NE(credentials.find("must not carry credentials"), std::string::npos) << credentials;
  EXPECT_EQ(credentials.find("hunter2pw"), std::string::npos) << credentials;
  for (const std::string& bad : std::vector<std::string>{
           "tenant.atlan.com", "https://", "https:///path", "https://tenant.atlan.com:99999",
           "https://tenant.atlan.com:port", "https://tenant.atlan.com/?x=1",
           "https://tenant.atlan.com/#top", "mailto:x@y"}) {
    const std::string message = LoadError(ValidWith("ATLAN_BASE_URL", bad));
    EXPECT_TRUE(message.starts_with("ATLAN_BASE_URL: expected an http(s) URL")) << bad;
  }
}

TEST(ConfigTest, TokenFromSecretsManagerOrParameterStore) {
  const std::string arn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:atlan-AbCdEf";
  Settings environment = ValidEnvironment();
  environment.erase("ATLAN_API_TOKEN");
  environment["ATLAN_API_TOKEN_SECRET_ARN"] = arn;
  EXPECT_EQ(LoadOk(FromEnvironment(environment)).atlan_token_secret_arn, arn);

  environment.erase("ATLAN_API_TOKEN_SECRET_ARN");
  for (const std::string& parameter :
       std::vector<std::string>{"/delta-arc/atlan-token", "atlan_token.v2",
                                "arn:aws:ssm:us-east-1:123456789012:parameter/delta-arc/token"}) {
    environment["ATLAN_API_TOKEN_PARAMETER"] = parameter;
    EXPECT_EQ(LoadOk(FromEnvironment(environment)).atlan_token_parameter, parameter);
  }
}

TEST(ConfigTest, BadSecretArnOrParameterIsReported) {
  Settings environment = ValidEnvironment();
  environment.erase("ATLAN_API_TOKEN");
  for (const std::string& bad :
       std::vector<std::string>{"arn:aws:ssm:us-east-1:123456789012:parameter/x", "secret-name",
                                "arn:aws:secretsmanager:us-east-1:1234:secret:x",
                                "arn:aws:secretsmanager:us-east-1:123456789012:secret:"}) {
    environment["ATLAN_API_TOKEN_SECRET_ARN"] = bad;
    const std::string message = LoadError(FromEnvironment(environment));
    EXPECT_TRUE(message.starts_with("ATLAN_API_TOKEN_SECRET_ARN: expected a Secrets Manager ARN"))
        << message;
  }
  environment.erase("ATLAN_API_TOKEN_SECRET_ARN");
  environment["ATLAN_API_TOKEN_PARAMETER"] = "my parameter";
  EXPECT_TRUE(LoadError(FromEnvironment(environment))
                  .starts_with("ATLAN_API_TOKEN_PARAMETER: expected an SSM parameter name"));
}

TEST(ConfigTest, OnlyOneTokenSourceMayBeGiven) {
  const std::string message = LoadError(ValidWith("ATLAN_API_TOKEN_PARAMETER", "/atlan/token"));
  EXPECT_EQ(message,
            "ATLAN_API_TOKEN: set only one of ATLAN_API_TOKEN (or ATLAN_API_KEY), "
            "ATLAN_API_TOKEN_SECRET_ARN, ATLAN_API_TOKEN_PARAMETER");
}

TEST(ConfigTest, ObjectsGoUnregisteredOnlyWithPrefixLineage) {
  EXPECT_EQ(LoadError(ValidWith("S3_REGISTER_OBJECTS", "false")),
            "S3_REGISTER_OBJECTS: false needs S3_LINEAGE_LEVEL=prefix: with "
            "S3_LINEAGE_LEVEL=object the lineage runs through the objects, which must then be "
            "registered");
  ConfigSources sources = ValidWith("S3_REGISTER_OBJECTS", "false");
  sources.flags["S3_LINEAGE_LEVEL"] = "Prefix";
  const Config config = LoadOk(sources);
  EXPECT_TRUE(config.prefix_lineage());
  EXPECT_FALSE(config.s3_register_objects);
}

TEST(ConfigTest, BucketNames) {
  for (const std::string& good :
       std::vector<std::string>{"abc", "my-bucket.2025", "1st-bucket", std::string(63, 'a')}) {
    EXPECT_EQ(LoadOk(ValidWith("S3_BUCKET_NAME", good)).s3_bucket_name, good);
  }
  for (const std::string& bad : std::vector<std::string>{
           "ab", std::string(64, 'a'), "My-Bucket", "my_bucket", "-bucket", "bucket-", ".bucket",
           "bucket.", "my..bucket", "192.168.1.10", "my bucket"}) {
    EXPECT_TRUE(LoadError(ValidWith("S3_BUCKET_NAME", bad)).starts_with("S3_BUCKET_NAME: expected"))
        << bad;
  }
}

TEST(ConfigTest, BucketArnMayCarryASlashSuffix) {
  const auto arn = [](const std::string& value) {
    return LoadOk(ValidWith("S3_BUCKET_ARN", value)).s3_bucket_arn;
  };
  EXPECT_EQ(arn("arn:aws:s3:::landing"), "arn:aws:s3:::landing");
  EXPECT_EQ(arn("arn:aws:s3:::landing/team-a"), "arn:aws:s3:::landing/team-a");
  EXPECT_EQ(arn("arn:aws:s3:::landing/team-a/prod"), "arn:aws:s3:::landing/team-a/prod");
  EXPECT_EQ(arn("arn:aws:s3:::landing/"), "arn:aws:s3:::landing");
  EXPECT_EQ(arn("arn:aws:s3:::landing/team-a/"), "arn:aws:s3:::landing/team-a");
  for (const std::string& bad : std::vector<std::string>{
           "arn:aws:s3:::landing-x", "arn:aws:s3:::landingx/team", "arn:aws:s3:::other",
           "arn:aws:s3:::landing//team", "arn:aws:s3:::landing/team a", "landing",
           "arn:aws:s3:::", "arn:aws-mars:s3:::landing", "arn:aws-cn:s3:::other"}) {
    EXPECT_TRUE(LoadError(ValidWith("S3_BUCKET_ARN", bad)).starts_with("S3_BUCKET_ARN: expected"))
        << bad;
  }
}

// GovCloud and China have ARN partitions of their own; the default follows AWS_REGION.
TEST(ConfigTest, BucketArnInEveryPartition) {
  const auto arn = [](const std::string& value) {
    return LoadOk(ValidWith("S3_BUCKET_ARN", value)).s3_bucket_arn;
  };
  EXPECT_EQ(arn("arn:aws-us-gov:s3:::landing"), "arn:aws-us-gov:s3:::landing");
  EXPECT_EQ(arn("arn:aws-cn:s3:::landing/team-a"), "arn:aws-cn:s3:::landing/team-a");
  EXPECT_EQ(LoadOk(ValidWith("AWS_REGION", "us-gov-west-1")).s3_bucket_arn,
            "arn:aws-us-gov:s3:::landing");
  EXPECT_EQ(LoadOk(ValidWith("AWS_REGION", "cn-north-1")).s3_bucket_arn, "arn:aws-cn:s3:::landing");
  EXPECT_EQ(LoadOk(ValidWith("AWS_REGION", "eu-west-1")).s3_bucket_arn, "arn:aws:s3:::landing");
}

TEST(ConfigTest, BucketArnIsNotJudgedWhenTheBucketNameIsBad) {
  Settings environment = ValidEnvironment();
  environment["S3_BUCKET_NAME"] = "Bad";
  environment["S3_BUCKET_ARN"] = "arn:aws:s3:::Bad";
  const auto lines = Lines(LoadError(FromEnvironment(environment)));
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_TRUE(lines[0].starts_with("S3_BUCKET_NAME: "));
}

TEST(ConfigTest, IntegerBounds) {
  struct Bound {
    std::string name;
    int low;
    int high;
  };
  for (const auto& [name, low, high] :
       {Bound{"ATLAN_BATCH_SIZE", 1, 1000}, Bound{"ATLAN_PAGE_SIZE", 1, 10000},
        Bound{"ATLAN_TIMEOUT_SECONDS", 1, 900}, Bound{"ATLAN_MAX_ATTEMPTS", 1, 20}}) {
    EXPECT_TRUE(LoadConfig(ValidWith(name, std::to_string(low)), ConfigPurpose::kSync)) << name;
    ConfigSources highest = ValidWith(name, std::to_string(high));
    // A first batch of the most entities needs the most to be at least that.
    if (name == "ATLAN_BATCH_SIZE") highest.environment["ATLAN_MAX_BATCH_SIZE"] = "1000";
    EXPECT_TRUE(LoadConfig(highest, ConfigPurpose::kSync)) << name;
    for (const std::string& bad :
         std::vector<std::string>{std::to_string(low - 1), std::to_string(high + 1), "+5", "5x",
                                  "0x10", "99999999999999999999"}) {
      EXPECT_TRUE(LoadError(ValidWith(name, bad)).starts_with(name + ": expected a whole number"))
          << name << "=" << bad;
    }
  }
  const Config config = LoadOk(ValidWith("ATLAN_TIMEOUT_SECONDS", "120"));
  EXPECT_EQ(config.atlan_timeout, std::chrono::seconds(120));
}

TEST(ConfigTest, ArchiveGuardIsAPercentage) {
  EXPECT_EQ(LoadOk(FromEnvironment(ValidEnvironment())).archive_guard_percent, 75);
  EXPECT_EQ(LoadOk(ValidWith("ARCHIVE_GUARD_PERCENT", "100")).archive_guard_percent, 100);
  for (const char* bad : {"0", "101", "half"}) {
    EXPECT_TRUE(LoadError(ValidWith("ARCHIVE_GUARD_PERCENT", bad))
                    .starts_with("ARCHIVE_GUARD_PERCENT: expected a whole number from 1 to 100"))
        << bad;
  }
}

TEST(ConfigTest, CacheExpiryIsANonNegativeNumber) {
  EXPECT_EQ(LoadOk(ValidWith("CACHE_EXPIRY_HOURS", "0")).cache_expiry_hours, 0);
  EXPECT_EQ(LoadOk(ValidWith("CACHE_EXPIRY_HOURS", "1.5")).cache_expiry_hours, 1.5);
  EXPECT_EQ(LoadOk(ValidWith("CACHE_EXPIRY_HOURS", "168")).cache_expiry_hours, 168);
  for (const std::string& bad :
       std::vector<std::string>{"-1", "-0.5", "inf", "nan", "1h", "1e999"}) {
    EXPECT_TRUE(LoadError(ValidWith("CACHE_EXPIRY_HOURS", bad)).starts_with("CACHE_EXPIRY_HOURS: "))
        << bad;
  }
}

TEST(ConfigTest, LoggingChoicesAnyCase) {
  Settings environment = ValidEnvironment();
  environment["LOG_LEVEL"] = "DEBUG";
  environment["LOG_FORMAT"] = "Json";
  const Config config = LoadOk(FromEnvironment(environment));
  EXPECT_EQ(config.log_level, LogLevel::kDebug);
  EXPECT_EQ(config.log_format, LogFormat::kJson);
}

TEST(ConfigTest, AdminListsAreCommaSeparated) {
  Settings environment = ValidEnvironment();
  environment["S3_CONNECTION_ADMIN_USERS"] = "alice, bob ,,";
  environment["S3_CONNECTION_ADMIN_GROUPS"] = "data-eng";
  Config config = LoadOk(FromEnvironment(environment));
  EXPECT_EQ(config.s3_connection_admin_users, (std::vector<std::string>{"alice", "bob"}));
  EXPECT_EQ(config.s3_connection_admin_groups, std::vector<std::string>{"data-eng"});
  EXPECT_TRUE(config.s3_connection_admin_roles.empty());  // no default when users are given

  environment["S3_CONNECTION_ADMIN_ROLES"] = "$admin,$member";
  config = LoadOk(FromEnvironment(environment));
  EXPECT_EQ(config.s3_connection_admin_roles, (std::vector<std::string>{"$admin", "$member"}));
}

TEST(ConfigTest, CacheSettings) {
  Settings environment = ValidEnvironment();
  environment["POSTGRES_CACHE_FILE"] = "/tmp/pg.json";
  environment["SNOWFLAKE_CACHE_FILE"] = "/tmp/sf.json";
  environment["CACHE_S3_BUCKET"] = "cache-bucket";
  environment["CACHE_S3_PREFIX"] = "caches/delta";
  environment["FORCE_REFRESH"] = "yes";
  const Config config = LoadOk(FromEnvironment(environment));
  EXPECT_EQ(config.postgres_cache_file, "/tmp/pg.json");
  EXPECT_EQ(config.snowflake_cache_file, "/tmp/sf.json");
  EXPECT_EQ(config.cache_s3_bucket, "cache-bucket");
  EXPECT_EQ(config.cache_s3_prefix, "caches/delta/");  // normalized to end with '/'
  EXPECT_TRUE(config.force_refresh);
}

TEST(ConfigTest, CachePurposeNeedsOnlyCacheSettings) {
  Config config = LoadOk(ConfigSources{}, ConfigPurpose::kCache);
  EXPECT_EQ(config.postgres_cache_file, ".delta-arc-cache/postgres.json");

  // Settings kCache does not use are not judged...
  Settings environment = {{"ATLAN_BATCH_SIZE", "0"},
                          {"ATLAN_BASE_URL", "nonsense"},
                          {"S3_BUCKET_NAME", "BAD"},
                          {"POSTGRES_CONNECTION_NAME", "pg"}};
  config = LoadOk(FromEnvironment(environment), ConfigPurpose::kCache);
  EXPECT_EQ(config.atlan_batch_size, 50);
  EXPECT_EQ(config.source_connection_names,
            std::vector<std::string>{"pg"});  // ...but names are kept for display

  // ...while the ones it uses are.
  environment["CACHE_EXPIRY_HOURS"] = "x";
  environment["CACHE_S3_BUCKET"] = "X";
  environment["LOG_LEVEL"] = "loud";
  const auto lines = Lines(LoadError(FromEnvironment(environment), ConfigPurpose::kCache));
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_TRUE(lines[0].starts_with("CACHE_EXPIRY_HOURS: "));
  EXPECT_TRUE(lines[1].starts_with("CACHE_S3_BUCKET: "));
  EXPECT_TRUE(lines[2].starts_with("LOG_LEVEL: "));
}

TEST(ConfigTest, PlanNeedsWhatSyncNeeds) {
  EXPECT_EQ(Lines(LoadError(ConfigSources{}, ConfigPurpose::kPlan)).size(), 6u);
  EXPECT_TRUE(LoadConfig(FromEnvironment(ValidEnvironment()), ConfigPurpose::kPlan));
}

TEST(ConfigTest, AwsSettings) {
  Settings environment = ValidEnvironment();
  environment["AWS_REGION"] = "eu-central-1";
  environment["AWS_ACCESS_KEY_ID"] = "AKIDEXAMPLE";
  environment["AWS_SECRET_ACCESS_KEY"] = "wJalrXUtnFEMI";
  environment["AWS_SESSION_TOKEN"] = "session";
  environment["AWS_PROFILE"] = "dev";
  environment["AWS_ENDPOINT_URL"] = "http://127.0.0.1:4566/";
  environment["AWS_ENDPOINT_URL_S3"] = "http://localhost:4568";
  environment["SNS_TOPIC_ARN"] = "arn:aws:sns:eu-central-1:123456789012:delta-arc-failures";
  const Config config = LoadOk(FromEnvironment(environment));
  EXPECT_EQ(config.aws_region, "eu-central-1");
  EXPECT_EQ(config.aws_access_key_id, "AKIDEXAMPLE");
  EXPECT_EQ(config.aws_secret_access_key, "wJalrXUtnFEMI");
  EXPECT_EQ(config.aws_session_token, "session");
  EXPECT_EQ(config.aws_profile, "dev");
  EXPECT_EQ(config.aws_endpoint_url, "http://127.0.0.1:4566");
  EXPECT_EQ(config.aws_endpoint_url_s3, "http://localhost:4568");
  EXPECT_EQ(config.sns_topic_arn, "arn:aws:sns:eu-central-1:123456789012:delta-arc-failures");
}

TEST(ConfigTest, ABatchCannotStartPastTheMost) {
  auto environment = ValidWith("ATLAN_BATCH_SIZE", "600");
  EXPECT_EQ(LoadError(environment),
            "ATLAN_BATCH_SIZE: must not exceed ATLAN_MAX_BATCH_SIZE (500), got 600: a bulk write "
            "starts at ATLAN_BATCH_SIZE and grows up to the most");
  environment.environment["ATLAN_MAX_BATCH_SIZE"] = "600";
  EXPECT_EQ(LoadOk(environment).atlan_batch_size, 600);
  // A bad value is reported as such, not compared.
  environment.environment["ATLAN_MAX_BATCH_SIZE"] = "lots";
  EXPECT_EQ(LoadError(environment).find("ATLAN_BATCH_SIZE"), std::string::npos)
      << LoadError(environment);
}

TEST(ConfigTest, AwsKeysComeInPairs) {
  EXPECT_EQ(LoadError(ValidWith("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE")),
            "AWS_SECRET_ACCESS_KEY: required when AWS_ACCESS_KEY_ID is set");
  EXPECT_EQ(LoadError(ValidWith("AWS_SESSION_TOKEN", "session")),
            "AWS_ACCESS_KEY_ID: required when AWS_SECRET_ACCESS_KEY or AWS_SESSION_TOKEN is set");
}

// ---- secrets ----

TEST(ConfigTest, ABadTokenIsNamedButNeverShown) {
  const std::string token = std::string(kToken) + " pasted twice " + kToken;
  const std::string message = LoadError(ValidWith("ATLAN_API_TOKEN", token));
  EXPECT_EQ(message,
            "ATLAN_API_TOKEN: expected a token without whitespace or control characters (value "
            "not shown: it is a secret)");
  EXPECT_EQ(message.find("SECRET-7f3a9"), std::string::npos);
}

TEST(ConfigTest, ABadApiKeyIsNamedButNeverShown) {
  Settings environment = ValidEnvironment();
  environment.erase("ATLAN_API_TOKEN");
  environment["ATLAN_API_KEY"] = std::string("a\tb") + kToken;
  const std::string message = LoadError(FromEnvironment(environment));
  EXPECT_TRUE(message.starts_with("ATLAN_API_TOKEN: ")) << message;
  EXPECT_EQ(message.find("SECRET-7f3a9"), std::string::npos) << message;
}

TEST(ConfigTest, BadAwsSecretsAreNeverShown) {
  Settings environment = ValidEnvironment();
  environment["AWS_ACCESS_KEY_ID"] = "AKID SECRET-1";
  environment["AWS_SECRET_ACCESS_KEY"] = "wJalr SECRET-2";
  environment["AWS_SESSION_TOKEN"] = "sess SECRET-3";
  const std::string message = LoadError(FromEnvironment(environment));
  EXPECT_EQ(Lines(message).size(), 3u) << message;
  EXPECT_EQ(message.find("SECRET-"), std::string::npos) << message;
}

TEST(ConfigTest, NoMessageEchoesTheTokenEvenWhenEverythingElseIsWrong) {
  Settings environment = {{"ATLAN_API_TOKEN", kToken},
                          {"ATLAN_BASE_URL", kToken},
                          {"LOG_LEVEL", "x"},
                          {"S3_BUCKET_NAME", "X"}};
  const std::string message = LoadError(FromEnvironment(environment));
  // The URL line echoes what it was given (it is not a secret variable); the
  // token's own variable never does.
  for (const auto& line : Lines(message)) {
    if (line.starts_with("ATLAN_API_TOKEN")) {
      EXPECT_EQ(line.find(kToken), std::string::npos);
    }
  }
}

TEST_F(ConfigFilesTest, DotenvErrorsNeverShowTheLine) {
  const std::string path = Write(".env",
                                 "ATLAN_API_TOKEN='tok-SECRET-7f3a9\n"  // unterminated
                                 "tok-SECRET-7f3a9\n"                   // no NAME=
                                 "ATLAN_API_TOKEN=\"tok-SECRET-7f3a9\" trailing\n");
  const auto parsed = ParseDotenv(path);
  ASSERT_FALSE(parsed.has_value());
  EXPECT_EQ(parsed.error().message.find("SECRET"), std::string::npos) << parsed.error().message;
  EXPECT_EQ(Lines(parsed.error().message).size(), 3u);
}

// ---- .env parsing ----

TEST_F(ConfigFilesTest, DotenvValues) {
  const std::string path = Write(".env",
                                 "# a comment\n"
                                 "\n"
                                 "   \n"
                                 "PLAIN=value\n"
                                 "export EXPORTED=yes\n"
                                 "  SPACED  =  padded value  \n"
                                 "EMPTY=\n"
                                 "COMMENTED=value # a comment\n"
                                 "HASH=a#b\n"
                                 "SINGLE='# not a comment \\n $HOME \"x\"'\n"
                                 "DOUBLE=\"line1\\nline2 \\\"quoted\\\" back\\\\slash C:\\data\"\n"
                                 "QUOTED_COMMENT=\"value\"   # comment\n"
                                 "EQUALS=a=b=c\n"
                                 "URL=https://tenant.atlan.com/?x=1&y=2\n"
                                 "DOLLAR=$NOT_EXPANDED\n"
                                 "UNICODE=Käufer 数据\n"
                                 "TWICE=first\n"
                                 "TWICE=second\n"
                                 "exportNOT=kept\n"
                                 "QUOTED_EMPTY=\"\"\n"
                                 "ONLY_COMMENT= # nothing here\n"
                                 "HASH_FIRST=#1\n");
  const auto parsed = ParseDotenv(path);
  ASSERT_TRUE(parsed.has_value()) << parsed.error().message;
  const Settings expected = {{"PLAIN", "value"},
                             {"EXPORTED", "yes"},
                             {"SPACED", "padded value"},
                             {"EMPTY", ""},
                             {"COMMENTED", "value"},
                             {"HASH", "a#b"},
                             {"SINGLE", "# not a comment \\n $HOME \"x\""},
                             {"DOUBLE", "line1\nline2 \"quoted\" back\\slash C:\\data"},
                             {"QUOTED_COMMENT", "value"},
                             {"EQUALS", "a=b=c"},
                             {"URL", "https://tenant.atlan.com/?x=1&y=2"},
                             {"DOLLAR", "$NOT_EXPANDED"},
                             {"UNICODE", "Käufer 数据"},
                             {"TWICE", "second"},
                             {"exportNOT", "kept"},
                             {"QUOTED_EMPTY", ""},
                             {"ONLY_COMMENT", ""},
                             {"HASH_FIRST", "#1"}};
  EXPECT_EQ(*parsed, expected);
}

TEST_F(ConfigFilesTest, DotenvWindowsLineEndingsAndByteOrderMark) {
  const auto parsed = ParseDotenv(Write(".env",
                                        "\xEF\xBB\xBF"
                                        "A=1\r\nB=\"2\"\r\n"));
  ASSERT_TRUE(parsed.has_value()) << parsed.error().message;
  EXPECT_EQ(*parsed, (Settings{{"A", "1"}, {"B", "2"}}));
}

TEST_F(ConfigFilesTest, DotenvWithoutFinalNewline) {
  const auto parsed = ParseDotenv(Write(".env", "A=1"));
  ASSERT_TRUE(parsed.has_value());
  EXPECT_EQ(*parsed, (Settings{{"A", "1"}}));
}

TEST(DotenvText, ParsesTextAsTheFileAndNamesTheSource) {
  const auto parsed = ParseDotenvText(
      "\xEF\xBB\xBF"
      "A=1\r\n\nB='2'",
      "env");
  ASSERT_TRUE(parsed.has_value()) << parsed.error().message;
  EXPECT_EQ(*parsed, (Settings{{"A", "1"}, {"B", "2"}}));
  const auto bad = ParseDotenvText("A=1\nnot a line\n", "deploy.env");
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().message.rfind("deploy.env:2: ", 0), 0u) << bad.error().message;
}

TEST_F(ConfigFilesTest, EveryMalformedDotenvLineIsReportedWithFileAndLine) {
  const std::string path = Write("bad.env",
                                 "OK=1\n"
                                 "no equals sign\n"
                                 "1ABC=starts with a digit\n"
                                 "MY-VAR=dash\n"
                                 "=no name\n"
                                 "A='unterminated\n"
                                 "B=\"unterminated\n"
                                 "C='x' junk\n"
                                 "D=\"x\"junk\n"
                                 "export\n"
                                 "OK2=2\n");
  const auto parsed = ParseDotenv(path);
  ASSERT_FALSE(parsed.has_value());
  EXPECT_EQ(parsed.error().kind, ErrorKind::kInvalidArgument);
  const auto lines = Lines(parsed.error().message);
  ASSERT_EQ(lines.size(), 9u) << parsed.error().message;
  for (size_t i = 0; i < lines.size(); ++i) {
    EXPECT_TRUE(lines[i].starts_with(path + ":" + std::to_string(i + 2) + ": ")) << lines[i];
  }
  EXPECT_EQ(lines[4], path + ":6: A: unterminated single quote");
  EXPECT_EQ(lines[5], path + ":7: B: unterminated double quote");
  EXPECT_EQ(lines[6], path + ":8: C: unexpected text after the closing quote");
  for (const auto& line : lines) {
    EXPECT_EQ(line.find("dash"), std::string::npos);
    EXPECT_EQ(line.find("junk"), std::string::npos);
  }
}

TEST_F(ConfigFilesTest, UnreadableDotenvIsNotFound) {
  const auto parsed = ParseDotenv((dir_ / "missing.env").string());
  ASSERT_FALSE(parsed.has_value());
  EXPECT_EQ(parsed.error().kind, ErrorKind::kNotFound);
  EXPECT_NE(parsed.error().message.find("missing.env"), std::string::npos);
}

// ---- the settings table: loading and docs agree with it ----

TEST(SettingsTableTest, NamesAndFlagsAreUniqueAndSecretsHaveNoFlag) {
  std::set<std::string_view> names;
  std::set<std::string_view> flags;
  for (const Setting& setting : kSettings) {
    EXPECT_TRUE(names.insert(setting.name).second) << setting.name;
    EXPECT_FALSE(setting.help.empty()) << setting.name;
    if (setting.flag.empty()) continue;
    EXPECT_TRUE(setting.flag.starts_with("--")) << setting.flag;
    EXPECT_TRUE(flags.insert(setting.flag).second) << setting.flag;
    EXPECT_FALSE(setting.secret) << setting.name << ": a command line is not private";
  }
  EXPECT_EQ(FindSetting("S3_BUCKET"), nullptr);
  EXPECT_EQ(FindSetting("S3_BUCKET_NAME")->flag, "--s3-bucket");
}

TEST(SettingsTableTest, SyncRequiresTheTablesRequiredSettingsAndATokenSource) {
  // The token and the two sides' connections: a rule each, of several settings.
  std::vector<std::string> expected = {"ATLAN_API_TOKEN", "POSTGRES_CONNECTION_NAME",
                                       "SNOWFLAKE_CONNECTION_NAME"};
  for (const Setting& setting : kSettings) {
    if (setting.required) expected.emplace_back(setting.name);
  }
  std::vector<std::string> missing;
  for (const auto& line : Lines(LoadError(ConfigSources{}))) {
    missing.push_back(line.substr(0, line.find(':')));
  }
  std::ranges::sort(expected);
  std::ranges::sort(missing);
  EXPECT_EQ(missing, expected);
}

// A value each setting accepts and, where its validator can refuse one, a value it
// refuses. Every setting of the table needs an entry, so a new one is tested too.
struct Samples {
  std::string valid;
  std::string refused;  // empty: the setting accepts any value
};

const std::map<std::string_view, Samples>& SettingSamples() {
  static const std::map<std::string_view, Samples> samples = {
      {"ATLAN_BASE_URL",
       {"http://127.0.0.1:8080", "ftp://tenant.atlan.com"}},  // the API path: its own test
      {"ATLAN_API_TOKEN", {"other-token", "two words"}},
      {"ATLAN_API_KEY", {kToken, ""}},
      {"ATLAN_API_TOKEN_SECRET_ARN",
       {"arn:aws:secretsmanager:us-east-1:123456789012:secret:t",
        "arn:aws:sns:us-east-1:123456789012:x"}},
      {"ATLAN_API_TOKEN_PARAMETER", {"/delta-arc/token", "no spaces allowed"}},
      {"POSTGRES_CONNECTION_NAME", {"pg", ""}},
      {"SNOWFLAKE_CONNECTION_NAME", {"sf", ""}},
      {"SOURCE_CONNECTION_NAME", {"mysql-prod", ""}},
      {"TARGET_CONNECTION_NAME", {"redshift-prod", ""}},
      {"S3_BUCKET_NAME", {"other-bucket", "Other_Bucket"}},
      {"S3_BUCKET_ARN", {"arn:aws:s3:::landing/team-a", "arn:aws:s3:::landing-x"}},
      {"S3_PREFIX", {"2025/", "/2025/"}},
      {"S3_LINEAGE_LEVEL", {"PREFIX", "folder"}},
      {"S3_REGISTER_OBJECTS", {"no", "maybe"}},
      {"S3_TAGS", {"no", "sometimes"}},
      {"S3_TAGS_PROPAGATE", {"yes", "always"}},
      {"S3_TAGS_GRACE_MINUTES", {"0", "-1"}},
      {"S3_INVENTORY", {"s3://inventory-bucket/inv/landing/daily/", "inventory-bucket/inv/"}},
      {"S3_CONNECTION_NAME", {"other-s3", ""}},
      {"S3_CONNECTION_ADMIN_USERS", {"ana, bo", ""}},
      {"S3_CONNECTION_ADMIN_GROUPS", {"data", ""}},
      {"S3_CONNECTION_ADMIN_ROLES", {"$member", ""}},
      {"MAPPING_FILE", {"mapping.yaml", ""}},
      {"ROUTES_FILE", {"routes.yaml", ""}},
      {"ATLAN_BATCH_SIZE", {"20", "1001"}},
      {"ATLAN_MAX_BATCH_SIZE", {"200", "10001"}},
      {"ATLAN_CONCURRENCY", {"6", "33"}},
      {"ATLAN_PAGE_SIZE", {"500", "10001"}},
      {"ATLAN_TIMEOUT_SECONDS", {"30", "0"}},
      {"ATLAN_MAX_ATTEMPTS", {"3", "21"}},
      {"ATLAN_REQUESTS_PER_MINUTE", {"120", "0"}},
      {"S3_READ_CONCURRENCY", {"4", "257"}},
      {"ARCHIVE_GUARD_PERCENT", {"100", "0"}},
      {"CACHE_EXPIRY_HOURS", {"0.5", "-1"}},
      {"POSTGRES_CACHE_FILE", {"/tmp/pg.json", ""}},
      {"SNOWFLAKE_CACHE_FILE", {"/tmp/sf.json", ""}},
      {"CACHE_S3_BUCKET", {"cache-bucket", "x"}},
      {"CACHE_S3_PREFIX", {"cache", "/cache/"}},
      {"FORCE_REFRESH", {"YES", "maybe"}},
      {"SNS_TOPIC_ARN", {"arn:aws:sns:us-east-1:123456789012:t", "topic"}},
      {"AWS_REGION", {"eu-west-1", "EU West"}},
      {"AWS_ACCESS_KEY_ID", {"AKIAOTHER", "AK IA"}},
      {"AWS_SECRET_ACCESS_KEY", {"other-secret", "se cret"}},
      {"AWS_SESSION_TOKEN", {"session", "to ken"}},
      {"AWS_PROFILE", {"dev", ""}},
      {"AWS_ENDPOINT_URL", {"http://127.0.0.1:4566/", "localhost:4566"}},
      {"AWS_ENDPOINT_URL_S3", {"http://127.0.0.1:4568", "s3://x"}},
      {"LOG_LEVEL", {"DEBUG", "trace"}},
      {"LOG_FORMAT", {"JSON", "xml"}},
  };
  return samples;
}

// A valid environment with `name` set to `value`, and what a rule spanning settings
// wants beside it: the token from that one source, AWS keys in pairs.
ConfigSources ValidWithPartners(const std::string& name, const std::string& value) {
  Settings environment = ValidEnvironment();
  if (name.starts_with("ATLAN_API_TOKEN_")) environment.erase("ATLAN_API_TOKEN");
  const std::set<std::string> aws_keys = {"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY",
                                          "AWS_SESSION_TOKEN"};
  if (aws_keys.contains(name)) {
    environment["AWS_ACCESS_KEY_ID"] = "AKIAEXAMPLE";
    environment["AWS_SECRET_ACCESS_KEY"] = "example-secret";
  }
  // Objects go unregistered only at the prefix level.
  if (name == "S3_REGISTER_OBJECTS") environment["S3_LINEAGE_LEVEL"] = "prefix";
  // A side is named by its connector's setting or by the one of any SQL connector.
  if (name == "SOURCE_CONNECTION_NAME") environment.erase("POSTGRES_CONNECTION_NAME");
  if (name == "TARGET_CONNECTION_NAME") environment.erase("SNOWFLAKE_CONNECTION_NAME");
  environment[name] = value;
  return FromEnvironment(std::move(environment));
}

// Loading goes through the table: each setting's valid value lands in a field, and
// the value its validator refuses is named on a line of its own, as expected says.
TEST(SettingsTableTest, EverySettingLoadsThroughItsValidatorIntoItsField) {
  const Config defaults = LoadOk(FromEnvironment(ValidEnvironment()));
  for (const Setting& setting : kSettings) {
    const std::string name(setting.name);
    const auto sample = SettingSamples().find(setting.name);
    ASSERT_NE(sample, SettingSamples().end()) << name << " has no samples";
    const auto& [valid, refused] = sample->second;
    // ATLAN_API_KEY, the same token under another name, changes nothing.
    if (setting.name != "ATLAN_API_KEY") {
      EXPECT_NE(LoadOk(ValidWithPartners(name, valid)), defaults) << name << " changed nothing";
    }
    if (refused.empty()) continue;
    const auto lines = Lines(LoadError(ValidWithPartners(name, refused)));
    ASSERT_EQ(lines.size(), 1u) << name;
    EXPECT_TRUE(lines[0].starts_with(name + ": ")) << lines[0];
    if (setting.secret) {
      EXPECT_EQ(lines[0].find(refused), std::string::npos) << lines[0];
    }
    // Whatever the validator says besides, the line says what the setting expects.
    if (setting.store != nullptr && !setting.expected.empty()) {
      EXPECT_NE(lines[0].find(setting.expected), std::string::npos) << lines[0];
    }
  }
}

TEST(SettingsTableTest, ProblemsAreListedInTheTablesOrder) {
  Settings environment = ValidEnvironment();
  environment["LOG_LEVEL"] = "loud";
  environment["ATLAN_BATCH_SIZE"] = "0";
  environment["ATLAN_BASE_URL"] = "ftp://x";
  ConfigSources sources = FromEnvironment(environment);
  sources.flags["NOT_A_SETTING"] = "1";
  const auto lines = Lines(LoadError(sources));
  ASSERT_EQ(lines.size(), 4u);
  EXPECT_TRUE(lines[0].starts_with("NOT_A_SETTING: ")) << lines[0];
  EXPECT_TRUE(lines[1].starts_with("ATLAN_BASE_URL: ")) << lines[1];
  EXPECT_TRUE(lines[2].starts_with("ATLAN_BATCH_SIZE: ")) << lines[2];
  EXPECT_TRUE(lines[3].starts_with("LOG_LEVEL: ")) << lines[3];
}

// The cache commands leave what only sync and plan read at its default, however bad.
TEST(SettingsTableTest, CacheCommandsIgnoreWhatOnlySyncAndPlanRead) {
  Settings environment;
  for (const Setting& setting : kSettings) {
    if (setting.read_by == ReadBy::kSyncAndPlan) environment[std::string(setting.name)] = "?\x01";
  }
  const Config config = LoadOk(FromEnvironment(environment), ConfigPurpose::kCache);
  EXPECT_EQ(config.atlan_base_url, "");
  EXPECT_EQ(config.s3_bucket_name, "");
  EXPECT_EQ(config.s3_connection_admin_roles, std::vector<std::string>{});
  EXPECT_EQ(config.sns_topic_arn, "");
  EXPECT_EQ(config.archive_guard_percent, 75);
}

std::string SourceFile(const std::string& relative) {
  std::ifstream file(std::string(DELTA_ARC_SOURCE_DIR) + "/" + relative, std::ios::binary);
  EXPECT_TRUE(file) << relative;
  std::ostringstream text;
  text << file.rdbuf();
  return text.str();
}

// `text` from the line `heading` to the next heading of any level.
std::string Section(const std::string& text, const std::string& heading) {
  const size_t start = text.find("\n" + heading + "\n");
  EXPECT_NE(start, std::string::npos) << heading;
  if (start == std::string::npos) return "";
  const size_t end = text.find("\n#", start + heading.size() + 2);
  return text.substr(start, end == std::string::npos ? std::string::npos : end - start);
}

// Looks like an environment variable: upper case, digits and '_', with at least one '_'.
bool LooksLikeSetting(std::string_view word) {
  return word.size() > 2 && word.front() >= 'A' && word.front() <= 'Z' &&
         word.find('_') != word.npos && std::ranges::all_of(word, [](char c) {
           return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
         });
}

// Every `code span` of `text` that looks like a setting's name.
std::vector<std::string> NamesInCode(const std::string& text) {
  std::vector<std::string> names;
  for (size_t open = text.find('`'); open != std::string::npos;) {
    const size_t close = text.find('`', open + 1);
    if (close == std::string::npos) break;
    const std::string span = text.substr(open + 1, close - open - 1);
    if (LooksLikeSetting(span)) names.push_back(span);
    open = text.find('`', close + 1);
  }
  return names;
}

TEST(SettingsTableTest, ReadmeConfigurationTableListsExactlyTheTablesSettings) {
  const std::string section = Section(SourceFile("README.md"), "### Configuration");
  std::set<std::string> in_first_column;
  std::istringstream lines(section);
  for (std::string line; std::getline(lines, line);) {
    if (!line.starts_with("| ")) continue;
    for (auto& name : NamesInCode(line.substr(0, line.find(" |", 1)))) {
      in_first_column.insert(name);
    }
  }
  for (const Setting& setting : kSettings) {
    EXPECT_TRUE(in_first_column.contains(std::string(setting.name)))
        << setting.name << " is missing from README.md's configuration table";
  }
  for (const auto& name : NamesInCode(section)) {
    EXPECT_NE(FindSetting(name), nullptr) << "README.md names " << name << ", not a setting";
  }
}

// What the deployment passes to the function must be settings delta-arc reads.
TEST(SettingsTableTest, TerraformAndDeployDocsSetOnlySettings) {
  const std::string main_tf = SourceFile("terraform/modules/delta-arc/main.tf");
  const size_t start = main_tf.find("environment_all = {\n");
  ASSERT_NE(start, std::string::npos);
  std::istringstream block(main_tf.substr(start, main_tf.find("\n  }\n", start) - start));
  int terraform_names = 0;
  for (std::string line; std::getline(block, line);) {
    std::istringstream words(line);
    std::string name;
    std::string equals;
    if (!(words >> name >> equals) || equals != "=" || !LooksLikeSetting(name)) continue;
    ++terraform_names;
    EXPECT_NE(FindSetting(name), nullptr) << "terraform sets " << name << ", not a setting";
  }
  EXPECT_GE(terraform_names, 10);

  std::istringstream deploy(SourceFile("docs/deploy.md"));
  int deploy_names = 0;
  for (std::string line; std::getline(deploy, line);) {
    const size_t open = line.find_first_not_of(' ');
    if (open == std::string::npos || line[open] != '"') continue;
    const std::string name = line.substr(open + 1, line.find('"', open + 1) - open - 1);
    if (!LooksLikeSetting(name) || line.find("\":", open) == std::string::npos) continue;
    ++deploy_names;
    EXPECT_NE(FindSetting(name), nullptr) << "docs/deploy.md sets " << name << ", not a setting";
  }
  EXPECT_GE(deploy_names, 10);
}

}  // namespace
}  // namespace delta_arc::lineage
