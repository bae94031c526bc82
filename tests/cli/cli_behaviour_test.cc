// The CLI's contract beyond the happy path: configuration errors (exit 2, every
// bad variable named), the token never printed at any log level, failures
// (exit 1), the cache commands, and what the cache does across runs.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "tests/cli/pipeline_fixture.h"

namespace delta_arc::testing {
namespace {

using nlohmann::json;

TEST_F(PipelineTest, BadConfigurationExitsTwoNamingEveryVariable) {
  auto bad = Run({"sync"}, {"ATLAN_BASE_URL=not-a-url", "S3_BUCKET_NAME=Bad_Bucket!",
                            "POSTGRES_CONNECTION_NAME=", "ATLAN_BATCH_SIZE=0"});
  EXPECT_EQ(bad.exit_code, 2) << bad.output;
  for (const char* name :
       {"ATLAN_BASE_URL", "S3_BUCKET_NAME", "POSTGRES_CONNECTION_NAME", "ATLAN_BATCH_SIZE"}) {
    EXPECT_NE(bad.output.find(name), std::string::npos) << name << "\n" << bad.output;
  }
  // Validated before the first network call: with Atlan reachable, a run whose other
  // settings are wrong never reaches it.
  ResetRequests();
  auto unreached = Run({"sync"}, {"S3_BUCKET_NAME=Bad_Bucket!", "ATLAN_BATCH_SIZE=0"});
  EXPECT_EQ(unreached.exit_code, 2) << unreached.output;
  EXPECT_EQ(TotalRequests(), 0) << Requests().dump();
  EXPECT_EQ(Run({"sync", "--no-such-flag"}).exit_code, 2);
  // A settings file that is not there is a configuration error like the others: the
  // program's name, the flag and the path, on the lines it prints.
  const std::string missing = work_dir_ + "/no-such.env";
  auto no_file = Run({"sync", "--env-file", missing});
  EXPECT_EQ(no_file.exit_code, 2) << no_file.output;
  EXPECT_EQ(no_file.output.rfind("delta-arc: configuration error:", 0), 0) << no_file.output;
  EXPECT_NE(no_file.output.find("--env-file " + missing + ": cannot read: No such file"),
            std::string::npos)
      << no_file.output;
  EXPECT_EQ(Run({"version"}).exit_code, 0);
}

TEST_F(PipelineTest, TokenNeverAppearsInOutputAtAnyLevel) {
  UploadSampleBucket();
  for (const char* format : {"text", "json"}) {
    auto run = Run({"sync", "--verbose"}, {"LOG_LEVEL=debug", std::string("LOG_FORMAT=") + format});
    ASSERT_EQ(run.exit_code, 0) << run.output;
    EXPECT_EQ(run.output.find(emulator_.token()), std::string::npos);
  }
  // A wrong token fails with exit 1, naming the problem, without echoing it.
  auto wrong = Run({"sync"}, {"ATLAN_API_TOKEN=wrong-secret-token-123"});
  EXPECT_EQ(wrong.exit_code, 1);
  EXPECT_NE(wrong.output.find("401"), std::string::npos) << wrong.output;
  EXPECT_EQ(wrong.output.find("wrong-secret-token-123"), std::string::npos);
}

TEST_F(PipelineTest, UnknownConnectionIsAClearFailure) {
  auto run = Run({"plan"}, {"POSTGRES_CONNECTION_NAME=nope"});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.output.find("POSTGRES_CONNECTION_NAME"), std::string::npos) << run.output;
}

// Each side's connection must be of its connector: swapped names would write the
// lineage backwards.
TEST_F(PipelineTest, ConnectionOfTheOtherConnectorIsAConfigurationError) {
  ResetRequests();
  auto postgres = Run({"plan"}, {"POSTGRES_CONNECTION_NAME=snowflake-dac"});
  EXPECT_EQ(postgres.exit_code, 2);
  EXPECT_NE(postgres.output.find("POSTGRES_CONNECTION_NAME: the connection named 'snowflake-dac' "
                                 "is a snowflake connection, not postgres"),
            std::string::npos)
      << postgres.output;
  auto snowflake = Run({"sync"}, {"SNOWFLAKE_CONNECTION_NAME=postgres-dac"});
  EXPECT_EQ(snowflake.exit_code, 2);
  EXPECT_NE(snowflake.output.find("not snowflake"), std::string::npos) << snowflake.output;
  EXPECT_EQ(WriteRequests(), 0);
}

TEST_F(PipelineTest, CacheIsUsedCheckedForFreshnessAndClearable) {
  UploadSampleBucket();
  ASSERT_EQ(Run({"sync"}).exit_code, 0);
  auto status = Run({"cache", "status", "--json"});
  ASSERT_EQ(status.exit_code, 0) << status.output;
  EXPECT_EQ(status.json[0]["tables"], 8);
  EXPECT_EQ(status.json[0]["valid"], true);

  // A table added in Atlan is not hidden by the cache: the freshness check sees it.
  json table = {{"typeName", "Table"},
                {"attributes",
                 {{"name", "REGIONS"},
                  {"qualifiedName", kPostgresQn + kSchema + "REGIONS"},
                  {"connectionQualifiedName", kPostgresQn},
                  {"connectorName", "postgres"}}}};
  ASSERT_EQ(emulator_.Post("/api/meta/entity/bulk", {{"entities", {table}}}).status, 200);
  // plan is read-only: it discovers again but leaves the cache as it found it.
  auto planned = Run({"plan", "--json"});
  ASSERT_EQ(planned.exit_code, 0) << planned.output;
  EXPECT_FALSE(planned.json["cache_hit"]);
  EXPECT_EQ(planned.json["postgres_assets_count"], 50);
  EXPECT_EQ(Run({"cache", "status", "--json"}).json[0]["tables"], 8);
  auto after = Run({"sync", "--json"});
  ASSERT_EQ(after.exit_code, 0) << after.output;
  EXPECT_FALSE(after.json["cache_hit"]);
  EXPECT_EQ(Run({"cache", "status", "--json"}).json[0]["tables"], 9);
  auto cached = Run({"plan", "--json"});
  EXPECT_TRUE(cached.json["cache_hit"]);
  auto forced = Run({"plan", "--json", "--force-refresh"});
  EXPECT_FALSE(forced.json["cache_hit"]);

  // A corrupt cache is a miss, never a crash.
  std::ofstream(work_dir_ + "/cache/postgres.json") << "{not json";
  auto corrupt = Run({"plan", "--json"});
  ASSERT_EQ(corrupt.exit_code, 0) << corrupt.output;
  EXPECT_FALSE(corrupt.json["cache_hit"]);

  auto cleared = Run({"cache", "clear", "--json"});
  ASSERT_EQ(cleared.exit_code, 0) << cleared.output;
  ASSERT_TRUE(cleared.json.is_array()) << cleared.output;
  EXPECT_EQ(cleared.json[0]["entry"], "postgres");
  EXPECT_EQ(cleared.json[0]["removed"], true);
  EXPECT_FALSE(std::filesystem::exists(work_dir_ + "/cache/postgres.json"));
  auto empty = Run({"cache", "status", "--json"});
  EXPECT_EQ(empty.json[0]["present"], false);
  // Clearing nothing says so rather than "cleared".
  auto again = Run({"cache", "clear"});
  ASSERT_EQ(again.exit_code, 0);
  EXPECT_EQ(again.output.find("cleared"), std::string::npos) << again.output;
  EXPECT_NE(again.output.find("nothing to clear"), std::string::npos) << again.output;
}

TEST_F(PipelineTest, MissingMappingFileIsAConfigurationError) {
  ResetRequests();
  auto run = Run({"plan"}, {"MAPPING_FILE=" + work_dir_ + "/no-such-mapping.yaml"});
  EXPECT_EQ(run.exit_code, 2) << run.output;
  EXPECT_NE(run.output.find("MAPPING_FILE: cannot read"), std::string::npos) << run.output;
  EXPECT_EQ(TotalRequests(), 0);
}

// The token goes in a header: over plain http to another machine it is readable on the
// way. 192.0.2.1 is TEST-NET-1 (RFC 5737): never answers.
TEST_F(PipelineTest, PlainHttpToAnotherMachineWarnsThatTheTokenTravelsUnencrypted) {
  auto run = Run({"plan"}, {"ATLAN_BASE_URL=http://192.0.2.1:9", "ATLAN_TIMEOUT_SECONDS=1",
                            "ATLAN_MAX_ATTEMPTS=1", "LOG_LEVEL=warn"});
  EXPECT_NE(run.exit_code, 0);
  EXPECT_NE(run.output.find("the API token travels unencrypted"), std::string::npos) << run.output;
  auto local = Run({"plan"}, {"LOG_LEVEL=warn"});
  EXPECT_EQ(local.exit_code, 0) << local.output;
  EXPECT_EQ(local.output.find("unencrypted"), std::string::npos) << local.output;
}

// What sync would refuse, plan refuses too.
TEST_F(PipelineTest, PlanChecksTheAdminRolesOfTheConnectionItWouldCreate) {
  auto plan = Run({"plan"}, {"S3_CONNECTION_ADMIN_ROLES=$no-such-role"});
  EXPECT_EQ(plan.exit_code, 2) << plan.output;
  EXPECT_NE(plan.output.find("S3_CONNECTION_ADMIN_ROLES: role '$no-such-role' does not exist"),
            std::string::npos)
      << plan.output;
}

TEST_F(PipelineTest, AnEmptyPrefixIsSaidOutLoud) {
  UploadSampleBucket();
  auto run = Run({"plan"}, {"S3_PREFIX=2052/", "LOG_LEVEL=warn"});
  EXPECT_EQ(run.exit_code, 0) << run.output;
  EXPECT_NE(run.output.find("no objects under the prefix"), std::string::npos) << run.output;
}

// An empty listing (objects moved, a credential that sees nothing) would archive the whole
// graph: the sync stops before writing unless told to go on.
TEST_F(PipelineTest, ASyncThatWouldArchiveMostOfItsScopeStops) {
  UploadSampleBucket();
  ASSERT_EQ(Run({"sync"}).exit_code, 0);
  RemoveSampleBucket();
  ResetRequests();
  auto stopped = Run({"sync"});
  EXPECT_EQ(stopped.exit_code, 1) << stopped.output;
  EXPECT_NE(stopped.output.find("more than ARCHIVE_GUARD_PERCENT=75%"), std::string::npos)
      << stopped.output;
  EXPECT_NE(stopped.output.find("--allow-mass-archive"), std::string::npos);
  EXPECT_EQ(WriteRequests(), 0) << Requests().dump();
  auto planned = Run({"plan"}, {"LOG_LEVEL=warn"});
  EXPECT_EQ(planned.exit_code, 0) << planned.output;
  EXPECT_NE(planned.output.find("sync would stop"), std::string::npos) << planned.output;
  // ARCHIVE_GUARD_PERCENT=100 turns the guard off.
  EXPECT_EQ(Run({"sync"}, {"ARCHIVE_GUARD_PERCENT=100"}).exit_code, 0);
  EXPECT_EQ(CountActive("S3Object", "default/s3/"), 0);
}

TEST_F(PipelineTest, TheArchiveGuardCanBePassedForOneRun) {
  UploadSampleBucket();
  ASSERT_EQ(Run({"sync"}).exit_code, 0);
  RemoveSampleBucket();
  auto allowed = Run({"sync", "--allow-mass-archive", "--json"});
  ASSERT_EQ(allowed.exit_code, 0) << allowed.output;
  EXPECT_GT(allowed.json.value("atlan_archived", 0), 0);
  EXPECT_EQ(CountActive("S3Object", "default/s3/"), 0);
}

TEST_F(PipelineTest, UnknownCommandIsNamedWithTheNearestOne) {
  auto typo = Run({"snyc"});
  EXPECT_EQ(typo.exit_code, 2);
  EXPECT_NE(typo.output.find("unknown command 'snyc'; did you mean 'sync'?"), std::string::npos)
      << typo.output;
  auto unknown = Run({"frobnicate"});
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_NE(unknown.output.find("unknown command 'frobnicate'"), std::string::npos);
  EXPECT_EQ(unknown.output.find("did you mean"), std::string::npos) << unknown.output;
}

TEST_F(PipelineTest, CacheCanLiveInS3) {
  UploadSampleBucket();
  // The cache shares the landing bucket, under a prefix outside S3_PREFIX.
  ASSERT_EQ(Run({"sync"}, {"CACHE_S3_BUCKET=landing", "CACHE_S3_PREFIX=cache/"}).exit_code, 0);
  auto status =
      Run({"cache", "status", "--json"}, {"CACHE_S3_BUCKET=landing", "CACHE_S3_PREFIX=cache/"});
  ASSERT_EQ(status.exit_code, 0) << status.output;
  EXPECT_EQ(status.json[0]["location"], "s3://landing/cache/postgres.json");
  EXPECT_EQ(status.json[0]["valid"], true);
  auto again = Run({"plan", "--json"}, {"CACHE_S3_BUCKET=landing", "CACHE_S3_PREFIX=cache/"});
  EXPECT_TRUE(again.json["cache_hit"]);
  // The cache objects sit outside S3_PREFIX, so they are never registered as data.
  EXPECT_EQ(again.json["s3_objects_count"], 8);
  ASSERT_EQ(
      Run({"cache", "clear"}, {"CACHE_S3_BUCKET=landing", "CACHE_S3_PREFIX=cache/"}).exit_code, 0);
  auto cleared =
      Run({"cache", "status", "--json"}, {"CACHE_S3_BUCKET=landing", "CACHE_S3_PREFIX=cache/"});
  EXPECT_EQ(cleared.json[0]["present"], false);
}

TEST_F(PipelineTest, AtlanFailuresAreRetriedAndReported) {
  UploadSampleBucket();
  httplib::Client controls("127.0.0.1", emulator_.port());
  // The 2nd and 3rd requests fail with 503; the client retries them.
  controls.Post("/_emulator/controls", R"({"fail_requests":[2,3]})", "application/json");
  ResetRequests();
  auto run = Run({"sync", "--json"});
  ASSERT_EQ(run.exit_code, 0) << run.output;
  EXPECT_EQ(run.json["atlan_retries"], 2);
  EXPECT_EQ(run.json["atlan_created"], 67);
  // Every request failing: exit 1 with the status named.
  controls.Post("/_emulator/controls", R"({"fail_probability":1.0})", "application/json");
  auto down = Run({"sync"}, {"ATLAN_MAX_ATTEMPTS=2"});
  EXPECT_EQ(down.exit_code, 1);
  EXPECT_NE(down.output.find("503"), std::string::npos) << down.output;
}

// README's command table keeps up with the CLI: every command `delta-arc --help` lists
// (and each of cache's) has a row, and every row names a command.
TEST_F(PipelineTest, ReadmesCommandTableNamesEveryCommand) {
  std::ifstream file(std::string(DELTA_ARC_SOURCE_DIR) + "/README.md", std::ios::binary);
  ASSERT_TRUE(file);
  std::stringstream readme;
  readme << file.rdbuf();
  std::set<std::string> in_table;
  for (std::string line; std::getline(readme, line);) {
    if (!line.starts_with("| `delta-arc ")) continue;
    // Each code span of the first column is a command and its arguments ("delta-arc " may
    // be left out after the first): its leading lowercase words name the command.
    const std::string first_column = line.substr(2, line.find(" | ", 2) - 2);
    for (size_t open = first_column.find('`'); open != std::string::npos;) {
      const size_t close = first_column.find('`', open + 1);
      std::istringstream words(first_column.substr(open + 1, close - open - 1));
      std::string word, name;
      while (words >> word &&
             std::ranges::all_of(word, [](char c) { return (c >= 'a' && c <= 'z') || c == '-'; }) &&
             !word.starts_with('-')) {
        if (word != "delta-arc") name += (name.empty() ? "" : " ") + word;
      }
      in_table.insert(name);
      open = close == std::string::npos ? close : first_column.find('`', close + 1);
    }
  }
  std::set<std::string> commands;
  const auto subcommands = [&](const std::vector<std::string>& args) {
    auto help = Run(args);
    EXPECT_EQ(help.exit_code, 0) << help.output;
    std::istringstream lines(help.output.substr(help.output.find("Subcommands:")));
    std::string line;
    std::getline(lines, line);
    std::vector<std::string> names;
    while (std::getline(lines, line) && line.starts_with("  ")) {
      std::istringstream words(line);
      std::string name;
      words >> name;
      names.push_back(name);
    }
    return names;
  };
  for (const auto& name : subcommands({"--help"})) {
    if (name == "cache") {
      for (const auto& sub : subcommands({"cache", "--help"})) commands.insert("cache " + sub);
    } else {
      commands.insert(name);
    }
  }
  EXPECT_GE(commands.size(), 12u);
  for (const auto& command : commands) {
    EXPECT_TRUE(in_table.contains(command)) << "README.md's command table lacks " << command;
  }
  for (const auto& row : in_table) {
    EXPECT_TRUE(commands.contains(row)) << "README.md's command table names " << row;
  }
}

// The figure README.md gives after `pattern` (a regex with one number group), or -1.
int ReadmeFigure(const std::string& pattern) {
  std::ifstream file(std::string(DELTA_ARC_SOURCE_DIR) + "/README.md", std::ios::binary);
  std::stringstream readme;
  readme << file.rdbuf();
  std::string text = readme.str();
  std::ranges::replace(text, '\n', ' ');  // a sentence may wrap
  std::smatch found;
  return std::regex_search(text, found, std::regex(pattern)) ? std::stoi(found[1]) : -1;
}

// README's request counts are what the runs print: without Atlan's lags (as the
// benchmark measures), and with them as `make demo` runs (the emulator's defaults: a new
// connection usable after 3 s, search a second behind writes).
TEST_F(PipelineTest, ReadmesRequestCountsAreWhatTheRunsPrint) {
  const int first = ReadmeFigure("first sync of the sample costs (\\d+) Atlan requests");
  const int unchanged = ReadmeFigure("unchanged re-run costs (\\d+)");
  ASSERT_GT(first, 0) << "README.md gives no first-sync figure";
  ASSERT_GT(unchanged, 0) << "README.md gives no unchanged re-run figure";
  UploadSampleBucket();
  auto sync = Run({"sync", "--json"});
  ASSERT_EQ(sync.exit_code, 0) << sync.output;
  EXPECT_EQ(sync.json["atlan_requests"], first);
  auto again = Run({"sync", "--json"});
  ASSERT_EQ(again.exit_code, 0) << again.output;
  EXPECT_EQ(again.json["atlan_requests"], unchanged);
}

// The binary, as `make demo` runs it, against the emulator's defaults in real time.
class DemoDynamics : public PipelineTest {
 protected:
  DemoDynamics() : PipelineTest(std::vector<std::string>{}) { as_subprocess_ = true; }
};

// The probe after the writes finds them at once or a second later, as search's refresh
// tick falls: README gives both counts.
TEST_F(DemoDynamics, ReadmesDemoRequestCountIsWhatTheDemoPrints) {
  const int fewest = ReadmeFigure("make demo`'s first sync prints (\\d+) or \\d+ Atlan");
  const int most = ReadmeFigure("make demo`'s first sync prints \\d+ or (\\d+) Atlan");
  ASSERT_GT(fewest, 0) << "README.md gives no figure for the demo's first sync";
  ASSERT_EQ(most, fewest + 1);
  UploadSampleBucket();
  auto sync = Run({"sync", "--json"});
  ASSERT_EQ(sync.exit_code, 0) << sync.output;
  EXPECT_GE(sync.json["atlan_requests"], fewest) << sync.output;
  EXPECT_LE(sync.json["atlan_requests"], most) << sync.output;
}

}  // namespace
}  // namespace delta_arc::testing
