// End-to-end fixture; see pipeline_fixture.h.
#include "tests/cli/pipeline_fixture.h"

#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>

#include "cli/command_line.h"

namespace delta_arc::testing {

using nlohmann::json;

PipelineTest::PipelineTest(const std::vector<std::string>& emulator_args,
                           const std::vector<std::string>& buckets)
    : work_dir_(MakeTempDir()), emulator_(emulator_args), s3_(buckets) {
  emulator_.SeedSampleTenant();
  // What an in-process run waits for (search's refresh, a new connection, a rate limit's
  // block) happens on the emulator's clock: each of the run's sleeps moves it as far.
  env_.OnSleep([this](std::chrono::milliseconds slept) {
    emulator_.Control({{"advance_clock_ms", slept.count()}});
  });
  transport_ = std::make_unique<http::HttpClient>();
  credentials_ = std::make_unique<aws::StaticCredentialsProvider>(
      aws::Credentials{"S3RVER", "S3RVER", "", std::nullopt, "test"});
  aws::AwsClientOptions options;
  options.region = "us-east-1";
  options.endpoint = {s3_.endpoint(), true};
  options.env = &MachineEnv();
  s3_client_ = std::make_unique<aws::S3Client>(*transport_, *credentials_, options);
}

PipelineTest::~PipelineTest() {
  std::error_code ec;
  std::filesystem::remove_all(work_dir_, ec);
}

void PipelineTest::Upload(const std::string& key, const std::string& content) {
  UploadTo("landing", key, content);
}

void PipelineTest::UploadTo(const std::string& bucket, const std::string& key,
                            const std::string& content) {
  auto put = s3_client_->PutObject(bucket, key, content);
  ASSERT_TRUE(put) << put.error().message;
}

void PipelineTest::Remove(const std::string& key) {
  auto removed = s3_client_->DeleteObject("landing", key);
  ASSERT_TRUE(removed) << removed.error().message;
}

namespace {

// Calls `each(key, path)` for every file of testdata/delta-arc/bucket.
void ForEachSampleObject(
    const std::function<void(const std::string&, const std::filesystem::path&)>& each) {
  const std::filesystem::path root = TestDataPath("delta-arc/bucket");
  for (const auto& file : std::filesystem::recursive_directory_iterator(root)) {
    if (file.is_regular_file()) each(std::filesystem::relative(file.path(), root).string(), file);
  }
}

}  // namespace

void PipelineTest::UploadSampleBucket(const std::string& bucket) {
  ForEachSampleObject([&](const std::string& key, const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream content;
    content << in.rdbuf();
    UploadTo(bucket, key, content.str());
  });
}

void PipelineTest::SeedMySqlAndRedshift() {
  std::ifstream in(TestDataPath("delta-arc/tenant.json"));
  json tenant = json::parse(in);
  for (auto& connection : tenant["connections"]) {
    const bool source = connection["connectorName"] == "postgres";
    connection["name"] = source ? "mysql-dac" : "redshift-dac";
    connection["connectorName"] = source ? "mysql" : "redshift";
    connection["qualifiedName"] = source ? kMySqlQn : kRedshiftQn;
    if (source) continue;
    for (auto& database : connection["databases"]) {
      for (auto& schema : database["schemas"]) {
        json tables = json::array();
        for (auto& table : schema["tables"]) {
          const std::string kind = table["name"] == "ORDERS"      ? "materialisedViews"
                                   : table["name"] == "CUSTOMERS" ? "views"
                                                                  : "tables";
          (kind == "tables" ? tables : schema[kind]).push_back(table);
        }
        schema["tables"] = tables;
      }
    }
  }
  SeedTenant(tenant);
}

void PipelineTest::SeedTenant(const json& tenant) {
  const std::string path = work_dir_ + "/seed-" + std::to_string(++seeds_) + ".json";
  std::ofstream(path) << tenant.dump();
  std::string output;
  ASSERT_EQ(RunCommand({BinaryPath("atlan-emulator"), "seed", "--url", emulator_.url(), "--token",
                        emulator_.token(), path},
                       &output),
            0)
      << output;
}

void PipelineTest::RemoveSampleBucket() {
  ForEachSampleObject([&](const std::string& key, const std::filesystem::path&) { Remove(key); });
}

std::vector<std::string> PipelineTest::Environment() const {
  std::vector<std::string> env = {
      "ATLAN_BASE_URL=" + emulator_.url(),
      "ATLAN_API_TOKEN=" + emulator_.token(),
      "POSTGRES_CONNECTION_NAME=postgres-dac",
      "SNOWFLAKE_CONNECTION_NAME=snowflake-dac",
      "S3_BUCKET_NAME=landing",
      "S3_PREFIX=2025/",
      "S3_CONNECTION_NAME=landing-s3",
      "POSTGRES_CACHE_FILE=" + work_dir_ + "/cache/postgres.json",
      "SNOWFLAKE_CACHE_FILE=" + work_dir_ + "/cache/snowflake.json",
      "LOG_LEVEL=error",
  };
  for (const auto& e : s3_.ClientEnvironment()) env.push_back(e);
  return env;
}

std::map<std::string, std::string> PipelineTest::EnvironmentMap(
    const std::vector<std::string>& extra) const {
  std::map<std::string, std::string> environment;
  auto entries = Environment();
  entries.insert(entries.end(), extra.begin(), extra.end());
  for (const auto& entry : entries) {
    const size_t equals = entry.find('=');
    environment[entry.substr(0, equals)] = entry.substr(equals + 1);
  }
  return environment;
}

CommandResult PipelineTest::Run(const std::vector<std::string>& args,
                                const std::vector<std::string>& extra_env) {
  CommandResult result;
  if (as_subprocess_) {
    std::vector<std::string> argv = {BinaryPath("delta-arc")};
    argv.insert(argv.end(), args.begin(), args.end());
    // Appended after the fixture's configuration, so a test's entries override it.
    auto env = Environment();
    env.insert(env.end(), extra_env.begin(), extra_env.end());
    result.exit_code = RunCommand(argv, &result.output, env);
  } else {
    std::istringstream no_input;
    std::ostringstream output;  // stdout and stderr, as the subprocess's are read
    env_.CatchUpTo(MachineEnv().NowMillis());
    cli::CommandContext context{.environment = EnvironmentMap(extra_env),
                                .in = no_input,
                                .out = output,
                                .err = output,
                                .env = env_};
    result.exit_code = cli::RunCommandLine(args, context);
    result.output = output.str();
  }
  result.json = json::parse(result.output, nullptr, false);
  return result;
}

json PipelineTest::Requests() {
  return emulator_.Get("/_emulator/stats").body["requests"];
}
void PipelineTest::ResetRequests() {
  emulator_.Delete("/_emulator/stats");
}

int64_t PipelineTest::TotalRequests() {
  int64_t total = 0;
  const json requests = Requests();
  for (const auto& [route, count] : requests.items()) total += count.get<int64_t>();
  return total;
}

int64_t PipelineTest::WriteRequests() {
  json requests = Requests();
  return requests.value("POST /api/meta/entity/bulk", int64_t{0}) +
         requests.value("DELETE /api/meta/entity/bulk", int64_t{0});
}

void PipelineTest::Tag(const std::string& type, const std::string& qn, const std::string& tag,
                       bool propagate) {
  const auto attached =
      emulator_.AttachTags(type, qn, json::array({{{"typeName", tag}, {"propagate", propagate}}}));
  ASSERT_EQ(attached.status, 204) << type << " " << qn << ": " << attached.body.dump();
}

std::string PipelineTest::Guid(const std::string& type, const std::string& qn) {
  auto reply = emulator_.Post(
      "/api/meta/search/indexsearch",
      SdkSearch({SdkTerm("__typeName.keyword", type), SdkTerm("qualifiedName", qn)}));
  if (!reply.body.contains("entities")) return "";
  return reply.body["entities"][0]["guid"];
}

std::vector<std::string> PipelineTest::Downstream(const std::string& guid) {
  auto reply = emulator_.Post("/api/meta/lineage/list", {{"guid", guid},
                                                         {"direction", "OUTPUT"},
                                                         {"depth", 1000000},
                                                         {"from", 0},
                                                         {"size", 1000},
                                                         {"attributes", {"qualifiedName"}}});
  std::vector<std::string> out;
  for (const auto& e : reply.body.value("entities", json::array())) {
    out.push_back(e["typeName"].get<std::string>() + " " +
                  e["attributes"]["qualifiedName"].get<std::string>());
  }
  return out;
}

int64_t PipelineTest::CountActive(const std::string& type, const std::string& prefix) {
  auto reply = emulator_.Post("/api/meta/search/indexsearch",
                              SdkSearch({SdkTerm("__typeName.keyword", type),
                                         SdkPrefix("qualifiedName", prefix),
                                         {{"term", {{"__state", {{"value", "ACTIVE"}}}}}}},
                                        0, 1));
  return reply.body.value("approximateCount", int64_t{0});
}

}  // namespace delta_arc::testing
