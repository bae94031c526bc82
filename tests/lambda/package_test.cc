// The Lambda package end to end: scripts/build_lambda.sh packages the built
// delta-arc, the zip is unpacked into an empty directory and its `bootstrap`
// run by bubblewrap in an isolated root holding nothing of the host but a
// static busybox as /bin/sh, with only Lambda's environment, against a local
// Runtime API and the emulator and s3rver on loopback. Three events: a manual
// sync, an EventBridge "Object Created" and a malformed event, answered
// response, response, error; every EMF line valid.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "tests/cli/pipeline_fixture.h"
#include "tests/lambda/emf_validator.h"
#include "tests/lambda/fake_runtime_api.h"

namespace delta_arc::testing {
namespace {

using nlohmann::json;

constexpr const char* kBwrap = "/usr/bin/bwrap";
constexpr const char* kBusybox = "/bin/busybox";  // busybox-static: a shell that needs no library

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

class LambdaPackageTest : public PipelineTest {
 protected:
  // Packages the build tree's delta-arc and unzips it into an empty task directory.
  void Package() {
    const std::string zip = work_dir_ + "/atlan-delta-arc-lambda.zip";
    std::string output;
    ASSERT_EQ(RunCommand({"/bin/sh", std::string(DELTA_ARC_SOURCE_DIR) + "/scripts/build_lambda.sh",
                          "--binary", BinaryPath("delta-arc"), "--output", zip},
                         &output),
              0)
        << output;
    task_dir_ = work_dir_ + "/task";
    std::filesystem::create_directories(task_dir_);
    ASSERT_EQ(RunCommand({"/usr/bin/unzip", "-q", zip, "-d", task_dir_}, &output), 0) << output;
    ASSERT_EQ(access((task_dir_ + "/bootstrap").c_str(), X_OK), 0) << "bootstrap not executable";
  }

  // bwrap: new namespaces (network shared, for the loopback peers), an empty
  // root with the task read-only at /var/task, busybox as /bin/sh, a private
  // /tmp, /proc and /dev, and the environment cleared but for Lambda's.
  std::vector<std::string> SandboxArgv(const std::string& runtime_api) const {
    std::vector<std::string> argv = {
        kBwrap,       "--unshare-all", "--share-net", "--die-with-parent",
        "--clearenv", "--ro-bind",     task_dir_,     "/var/task",
        "--ro-bind",  kBusybox,        "/bin/sh",     "--tmpfs",
        "/tmp",       "--proc",        "/proc",       "--dev",
        "/dev",       "--chdir",       "/var/task"};
    std::vector<std::string> env = {
        "AWS_LAMBDA_RUNTIME_API=" + runtime_api,
        "_HANDLER=bootstrap",
        "LAMBDA_TASK_ROOT=/var/task",
        "LAMBDA_RUNTIME_DIR=/var/runtime",
        "AWS_LAMBDA_FUNCTION_NAME=atlan-lineage",
        "AWS_LAMBDA_FUNCTION_VERSION=$LATEST",
        "AWS_LAMBDA_FUNCTION_MEMORY_SIZE=128",
        "AWS_LAMBDA_LOG_GROUP_NAME=/aws/lambda/atlan-lineage",
        "AWS_LAMBDA_LOG_STREAM_NAME=2025/01/01/[$LATEST]0123456789abcdef",
        "AWS_LAMBDA_INITIALIZATION_TYPE=on-demand",
        "AWS_EXECUTION_ENV=AWS_Lambda_provided.al2023",
        "AWS_DEFAULT_REGION=us-east-1",
        "AWS_SESSION_TOKEN=session-token-from-the-execution-role",
        "TZ=:UTC",
        "LANG=en_US.UTF-8",
        "PATH=/usr/local/bin:/usr/bin/:/bin:/opt/bin",
        "LD_LIBRARY_PATH=/var/lang/lib:/lib64:/usr/lib64:/var/runtime:/var/runtime/lib:/var/task:/"
        "var/task/lib:/opt/lib",
        "LOG_LEVEL=info",
    };
    for (const auto& entry : Environment()) {
      // The default cache files (relative) must land in /tmp, Lambda's only writable place.
      if (entry.starts_with("POSTGRES_CACHE_FILE=") || entry.starts_with("SNOWFLAKE_CACHE_FILE=") ||
          entry.starts_with("LOG_LEVEL=")) {
        continue;
      }
      env.push_back(entry);
    }
    for (const auto& entry : env) {
      const auto eq = entry.find('=');
      argv.insert(argv.end(), {"--setenv", entry.substr(0, eq), entry.substr(eq + 1)});
    }
    argv.push_back("/var/task/bootstrap");
    return argv;
  }

  std::string task_dir_;
};

TEST_F(LambdaPackageTest, BootstrapInAnIsolatedRootAnswersResponseResponseError) {
  ASSERT_EQ(access(kBwrap, X_OK), 0) << "bubblewrap is required: scripts/install_deps.sh";
  ASSERT_EQ(access(kBusybox, X_OK), 0) << "busybox-static is required: scripts/install_deps.sh";
  UploadSampleBucket();
  Remove("2025/shippers.csv");
  ASSERT_NO_FATAL_FAILURE(Package());

  FakeRuntimeApi api;
  api.Queue(R"({"trigger":"manual","force_refresh":false})");
  const std::string log_path = work_dir_ + "/function.log";
  {
    Subprocess function(SandboxArgv(api.endpoint()), {}, log_path);
    auto outcomes = api.WaitForOutcomes(1, std::chrono::seconds(30));
    ASSERT_EQ(outcomes.size(), 1u) << ReadFile(log_path);
    // The object arrives after the first sync: the S3 event adds it.
    Upload("2025/shippers.csv", "ShipperID,CompanyName,Phone\n1,Speedy Express,555\n");
    api.Queue(R"({"version":"0","id":"7bf73129","detail-type":"Object Created","source":"aws.s3",
      "account":"123456789012","time":"2025-01-01T06:00:00Z","region":"us-east-1",
      "resources":["arn:aws:s3:::landing"],"detail":{"version":"0","bucket":{"name":"landing"},
      "object":{"key":"2025/shippers.csv","size":52,"etag":"d41d8cd9"},"reason":"PutObject"}})");
    api.Queue("this is not an event");
    outcomes = api.WaitForOutcomes(3, std::chrono::seconds(30));
    ASSERT_EQ(outcomes.size(), 3u) << ReadFile(log_path);

    EXPECT_EQ(outcomes[0].kind, "response");
    EXPECT_EQ(outcomes[1].kind, "response");
    EXPECT_EQ(outcomes[2].kind, "error");
    for (int i = 0; i < 2; ++i) {
      const json answer = json::parse(outcomes[i].body);
      EXPECT_EQ(answer["statusCode"], 200);
      const json body = json::parse(answer["body"].get<std::string>());
      EXPECT_EQ(body["message"], "Pipeline executed successfully");
      EXPECT_TRUE(body["result"].contains("postgres_assets_count"));
      EXPECT_TRUE(body["result"].contains("snowflake_assets_count"));
      EXPECT_TRUE(body["result"].contains("s3_objects_count"));
      EXPECT_EQ(body["result"]["complete"], true);
    }
    const json first = json::parse(json::parse(outcomes[0].body)["body"].get<std::string>());
    EXPECT_EQ(first["result"]["s3_objects_count"], 7);
    EXPECT_EQ(first["result"]["postgres_assets_count"], 49);
    const std::string shippers =
        first["result"]["s3_connection_qualified_name"].get<std::string>() +
        "/arn:aws:s3:::landing/2025/shippers.csv";
    EXPECT_NE(Guid("S3Object", shippers), "");
    const json error = json::parse(outcomes[2].body);
    EXPECT_EQ(error["errorType"], "InvalidEvent");
    EXPECT_NE(error["errorMessage"].get<std::string>().find("not JSON"), std::string::npos);
    EXPECT_EQ(outcomes[2].content_type, "application/vnd.aws.lambda.error+json");
  }  // the sandbox is stopped here

  // Logs: every line JSON; one valid EMF document per invocation; the request id on
  // every line written during an invocation.
  std::istringstream lines(ReadFile(log_path));
  std::string line;
  std::vector<json> emf;
  int invocation_lines = 0;
  while (std::getline(lines, line)) {
    if (line.empty()) continue;
    const json entry = json::parse(line, nullptr, false);
    ASSERT_TRUE(entry.is_object()) << "not a JSON line: " << line;
    if (entry.contains("_aws")) {
      EXPECT_EQ(EmfProblem(line), "") << line;
      emf.push_back(entry);
    } else if (entry.value("message", "") == "invocation started" ||
               entry.value("message", "") == "invocation failed") {
      EXPECT_TRUE(entry.contains("request_id")) << line;
      ++invocation_lines;
    }
  }
  ASSERT_EQ(emf.size(), 3u) << ReadFile(log_path);
  EXPECT_EQ(emf[0]["PipelineSucceeded"], 1);
  EXPECT_EQ(emf[0]["FunctionName"], "atlan-lineage");
  EXPECT_EQ(emf[1]["PipelineSucceeded"], 1);
  EXPECT_EQ(emf[2]["PipelineSucceeded"], 0);
  EXPECT_EQ(emf[0]["requestId"], "req-1");
  EXPECT_GE(invocation_lines, 3);
}

}  // namespace
}  // namespace delta_arc::testing
