// Tests of ROUTES_FILE: each route a configuration of its own over the deployment's
// settings, its caches apart, every problem of every route at once, and the routes that
// would share a scope or a cache refused.
#include "lineage/routes.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "tests/support/text_lines.h"

namespace delta_arc::lineage {
namespace {

namespace fs = std::filesystem;
using Settings = std::map<std::string, std::string>;
using delta_arc::testing::Lines;

class RoutesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::temp_directory_path() /
           ("delta-arc-routes-" + std::to_string(getpid()) + "-" + info->name());
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  // The deployment's settings (no bucket nor connections: the routes give them), with
  // ROUTES_FILE naming a file of `yaml`.
  ConfigSources WithRoutes(const std::string& yaml, Settings extra = {}) {
    const std::string path = (dir_ / "routes.yaml").string();
    std::ofstream(path) << yaml;
    Settings environment = {{"ATLAN_BASE_URL", "https://tenant.atlan.com"},
                            {"ATLAN_API_TOKEN", "tok-SECRET-1"},
                            {"S3_CONNECTION_NAME", "landing-s3"},
                            {"ROUTES_FILE", path}};
    for (auto& [name, value] : extra) environment[name] = value;
    ConfigSources sources;
    sources.environment = std::move(environment);
    return sources;
  }

  std::vector<Route> LoadOk(const ConfigSources& sources) {
    auto routes = LoadRoutes(sources, ConfigPurpose::kSync);
    EXPECT_TRUE(routes.has_value()) << (routes ? "" : routes.error().message);
    return routes.value_or(std::vector<Route>{});
  }

  std::string LoadError(const ConfigSources& sources) {
    auto routes = LoadRoutes(sources, ConfigPurpose::kSync);
    EXPECT_FALSE(routes.has_value()) << "expected a configuration error";
    if (routes) return "";
    EXPECT_EQ(routes.error().kind, ErrorKind::kInvalidArgument);
    return routes.error().message;
  }

  std::string path() const { return (dir_ / "routes.yaml").string(); }

  fs::path dir_;
};

constexpr const char* kTwoRoutes = R"(routes:
  - name: sales
    SOURCE_CONNECTION_NAME: mysql-sales
    TARGET_CONNECTION_NAME: redshift-analytics
    S3_BUCKET_NAME: landing-sales
    S3_PREFIX: exports/
  - name: crm
    POSTGRES_CONNECTION_NAME: crm-postgres
    SNOWFLAKE_CONNECTION_NAME: warehouse
    S3_BUCKET_NAME: landing-crm
    S3_LINEAGE_LEVEL: prefix
)";

TEST_F(RoutesTest, WithoutARoutesFileTheSettingsAreTheOneRoute) {
  ConfigSources sources;
  sources.environment = {{"ATLAN_BASE_URL", "https://tenant.atlan.com"},
                         {"ATLAN_API_TOKEN", "tok-SECRET-1"},
                         {"POSTGRES_CONNECTION_NAME", "pg"},
                         {"SNOWFLAKE_CONNECTION_NAME", "sf"},
                         {"S3_BUCKET_NAME", "landing"},
                         {"S3_CONNECTION_NAME", "landing-s3"}};
  const auto routes = LoadOk(sources);
  ASSERT_EQ(routes.size(), 1u);
  EXPECT_EQ(routes[0].name, "");
  EXPECT_EQ(routes[0].config, *LoadConfig(sources, ConfigPurpose::kSync));
}

TEST_F(RoutesTest, EachRouteIsItsSettingsOverTheDeployments) {
  const auto routes = LoadOk(WithRoutes(kTwoRoutes, {{"ATLAN_BATCH_SIZE", "20"}}));
  ASSERT_EQ(routes.size(), 2u);
  const Config& sales = routes[0].config;
  const Config& crm = routes[1].config;
  EXPECT_EQ(routes[0].name, "sales");
  EXPECT_EQ(sales.source_connection_names, std::vector<std::string>{"mysql-sales"});
  EXPECT_EQ(sales.source_connector, "");  // any SQL connector
  EXPECT_EQ(sales.target_connection_names, std::vector<std::string>{"redshift-analytics"});
  EXPECT_EQ(sales.s3_bucket_name, "landing-sales");
  EXPECT_EQ(sales.s3_bucket_arn, "arn:aws:s3:::landing-sales");
  EXPECT_EQ(sales.s3_prefix, "exports/");
  EXPECT_EQ(routes[1].name, "crm");
  EXPECT_EQ(crm.source_connection_names, std::vector<std::string>{"crm-postgres"});
  EXPECT_EQ(crm.source_connector, "postgres");
  EXPECT_EQ(crm.s3_bucket_name, "landing-crm");
  EXPECT_EQ(crm.s3_prefix, "");
  EXPECT_TRUE(crm.prefix_lineage());
  EXPECT_FALSE(sales.prefix_lineage());
  // The deployment's settings hold for both.
  for (const Config* config : {&sales, &crm}) {
    EXPECT_EQ(config->atlan_batch_size, 20);
    EXPECT_EQ(config->s3_connection_name, "landing-s3");
    EXPECT_EQ(config->routes_file, path());
  }
}

TEST_F(RoutesTest, EachRouteKeepsItsCachesInAFolderOfItsNameUnlessItNamesThem) {
  const auto routes = LoadOk(
      WithRoutes(std::string(kTwoRoutes) + "    POSTGRES_CACHE_FILE: /var/cache/crm-pg.json\n",
                 {{"SNOWFLAKE_CACHE_FILE", "/srv/cache/sf.json"},
                  {"CACHE_S3_BUCKET", "cache-bucket"},
                  {"CACHE_S3_PREFIX", "delta/"}}));
  ASSERT_EQ(routes.size(), 2u);
  EXPECT_EQ(routes[0].config.postgres_cache_file, ".delta-arc-cache/sales/postgres.json");
  EXPECT_EQ(routes[0].config.snowflake_cache_file, "/srv/cache/sales/sf.json");
  EXPECT_EQ(routes[0].config.cache_s3_prefix, "delta/sales/");
  EXPECT_EQ(routes[1].config.postgres_cache_file, "/var/cache/crm-pg.json");
  EXPECT_EQ(routes[1].config.snowflake_cache_file, "/srv/cache/crm/sf.json");
  EXPECT_EQ(routes[1].config.cache_s3_prefix, "delta/crm/");

  // An empty value unsets the deployment's file for the route: the default, in its folder.
  const auto unset = LoadOk(WithRoutes(std::string(kTwoRoutes) + "    POSTGRES_CACHE_FILE: \"\"\n",
                                       {{"POSTGRES_CACHE_FILE", "/srv/cache/pg.json"}}));
  ASSERT_EQ(unset.size(), 2u);
  EXPECT_EQ(unset[0].config.postgres_cache_file, "/srv/cache/sales/pg.json");
  EXPECT_EQ(unset[1].config.postgres_cache_file, ".delta-arc-cache/crm/postgres.json");
}

TEST_F(RoutesTest, ARouteNamingASideReplacesTheDeploymentsNameOfItAndAnEmptyValueUnsets) {
  const auto routes = LoadOk(WithRoutes(R"(routes:
  - name: a
    S3_BUCKET_NAME: landing-a
  - name: b
    SOURCE_CONNECTION_NAME: mysql-b
    S3_BUCKET_NAME: landing-b
    S3_PREFIX: ""
)",
                                        {{"POSTGRES_CONNECTION_NAME", "pg"},
                                         {"SNOWFLAKE_CONNECTION_NAME", "sf"},
                                         {"S3_PREFIX", "2025/"}}));
  ASSERT_EQ(routes.size(), 2u);
  EXPECT_EQ(routes[0].config.source_connection_names, std::vector<std::string>{"pg"});
  EXPECT_EQ(routes[0].config.s3_prefix, "2025/");
  EXPECT_EQ(routes[1].config.source_connection_names, std::vector<std::string>{"mysql-b"});
  EXPECT_EQ(routes[1].config.source_connector, "");
  EXPECT_EQ(routes[1].config.target_connection_names, std::vector<std::string>{"sf"});
  EXPECT_EQ(routes[1].config.s3_prefix, "");
}

TEST_F(RoutesTest, EveryProblemOfEveryRouteIsNamedAtOnce) {
  const auto lines = Lines(LoadError(WithRoutes(R"(routes:
  - name: sales
    SOURCE_CONNECTION_NAME: mysql-sales
    TARGET_CONNECTION_NAME: redshift
    S3_BUCKET_NAME: Not_A_Bucket
  - name: crm
    S3_BUCKET_NAME: landing-crm
)")));
  ASSERT_EQ(lines.size(), 3u) << LoadError(WithRoutes(""));
  EXPECT_EQ(lines[0], path() +
                          ": route 'sales': S3_BUCKET_NAME: expected an S3 bucket name: 3-63 "
                          "characters of lowercase letters, digits, '.' and '-', beginning and "
                          "ending with a letter or digit, no '..', not an IP address, got "
                          "\"Not_A_Bucket\"");
  EXPECT_TRUE(lines[1].starts_with(path() + ": route 'crm': POSTGRES_CONNECTION_NAME: required"))
      << lines[1];
  EXPECT_TRUE(lines[2].starts_with(path() + ": route 'crm': SNOWFLAKE_CONNECTION_NAME: required"))
      << lines[2];
}

TEST_F(RoutesTest, TheFilesOwnMistakesAreNamedWithTheirLines) {
  const auto lines = Lines(LoadError(WithRoutes(R"(routes:
  - name: Sales
    S3_BUCKET_NAME: a-bucket
  - name: crm
    ATLAN_BATCH_SIZE: 10
    S3_BUCKETNAME: b-bucket
    S3_PREFIX: [a, b]
  - name: crm
    S3_BUCKET_NAME: c-bucket
)")));
  ASSERT_EQ(lines.size(), 5u);
  EXPECT_EQ(lines[0], path() +
                          ":2: name: expected 1 to 32 of a-z, 0-9 and '-', not beginning "
                          "with '-'");
  EXPECT_EQ(lines[1], path() +
                          ":5: route 'crm': ATLAN_BATCH_SIZE: holds for the whole "
                          "deployment, not one route: set it outside the routes file");
  EXPECT_EQ(lines[2], path() + ":6: route 'crm': S3_BUCKETNAME: not a delta-arc setting");
  EXPECT_EQ(lines[3], path() + ":7: route 'crm': S3_PREFIX: expected a single value");
  EXPECT_EQ(lines[4], path() + ":8: route 'crm' is named twice");

  EXPECT_EQ(LoadError(WithRoutes("routes: [")).find(path() + ":1: not valid YAML"), 0u);
  EXPECT_EQ(LoadError(WithRoutes("routes: []\n")),
            path() +
                ": expected a map whose one key, routes, is a list of routes, each a map "
                "with a name and the settings it sets");
  ConfigSources missing = WithRoutes("");
  missing.environment["ROUTES_FILE"] = (dir_ / "nope.yaml").string();
  EXPECT_EQ(LoadError(missing).find("ROUTES_FILE: cannot read " + (dir_ / "nope.yaml").string()),
            0u);
}

TEST_F(RoutesTest, RoutesThatWouldShareAScopeOrACacheAreRefused) {
  const Settings sides = {{"POSTGRES_CONNECTION_NAME", "pg"}, {"SNOWFLAKE_CONNECTION_NAME", "sf"}};
  EXPECT_EQ(LoadError(WithRoutes(R"(routes:
  - name: a
    S3_BUCKET_NAME: landing
    S3_PREFIX: x/
  - name: b
    S3_BUCKET_NAME: landing
    S3_PREFIX: x/
    SOURCE_CONNECTION_NAME: mysql
)",
                                 sides)),
            path() +
                ": routes 'a' and 'b' register the same bucket ARN and prefix "
                "(arn:aws:s3:::landing, 'x/'): one scope, whose assets each would archive; "
                "give each its own S3_PREFIX or S3_BUCKET_ARN");
  EXPECT_EQ(LoadError(WithRoutes(R"(routes:
  - name: a
    S3_BUCKET_NAME: landing-a
    POSTGRES_CACHE_FILE: /tmp/pg.json
  - name: b
    S3_BUCKET_NAME: landing-b
    POSTGRES_CACHE_FILE: /tmp/pg.json
)",
                                 sides)),
            path() +
                ": routes 'a' and 'b' share the cache /tmp/pg.json: give each its own (or "
                "leave it unset: each then gets a folder)");
  // One bucket, two prefixes: two scopes, as two deployments would be.
  EXPECT_EQ(LoadOk(WithRoutes(R"(routes:
  - name: a
    S3_BUCKET_NAME: landing
    S3_PREFIX: a/
  - name: b
    S3_BUCKET_NAME: landing
    S3_PREFIX: b/
)",
                              sides))
                .size(),
            2u);
}

TEST_F(RoutesTest, PickRoutesKeepsTheOneNamed) {
  const auto routes = LoadOk(WithRoutes(kTwoRoutes));
  auto crm = PickRoutes(routes, "crm");
  ASSERT_TRUE(crm) << crm.error().message;
  ASSERT_EQ(crm->size(), 1u);
  EXPECT_EQ(crm->front().name, "crm");
  EXPECT_EQ(PickRoutes(routes, "")->size(), 2u);
  EXPECT_EQ(PickRoutes(routes, "hr").error().message,
            "--route hr: no route of that name; the routes are sales, crm");
  EXPECT_EQ(PickRoutes({{"", Config{}}}, "hr").error().message,
            "--route hr: the configuration has no routes (ROUTES_FILE is not set)");
}

}  // namespace
}  // namespace delta_arc::lineage
