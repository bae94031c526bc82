// Benchmark of the Lambda package (prints figures; not a test): the zip's
// size, the time from starting `bootstrap` to its first `next` request on the
// Runtime API (cold start of the runtime itself; target < 50 ms), the peak
// memory (max RSS) of the process through the sample tenant's first sync
// (target < 64 MB, for a 128 MB function), and small runs at 20 ms an Atlan request
// with the emulator's bootstrap and search lag off, each with its Atlan requests. Runs the unzipped
// package on this host against a local Runtime API, the emulator and s3rver.
//   build/lambda_bench [runs]
#include <fcntl.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "aws/s3_client.h"
#include "http/http_client.h"
#include "tests/lambda/fake_runtime_api.h"
#include "tests/support/fake_env.h"
#include "tests/support/s3rver_process.h"
#include "tests/support/subprocess.h"

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
using namespace delta_arc;
using testing::BinaryPath;

double Millis(Clock::duration d) {
  return std::chrono::duration<double, std::milli>(d).count();
}

// A child started with exactly `env`, reaped with its resource usage.
class Child {
 public:
  Child(const std::string& path, const std::vector<std::string>& env, const std::string& log) {
    started_ = Clock::now();
    pid_ = fork();
    if (pid_ == 0) {
      std::vector<char*> c_env;
      for (const auto& e : env) c_env.push_back(const_cast<char*>(e.c_str()));
      c_env.push_back(nullptr);
      char* argv[] = {const_cast<char*>(path.c_str()), nullptr};
      const int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      dup2(fd, 1);
      dup2(fd, 2);
      execve(path.c_str(), argv, c_env.data());
      _exit(127);
    }
  }
  Clock::time_point started() const { return started_; }
  // Waits for the child to exit and returns its peak resident set size in KiB.
  long WaitMaxRssKib() {
    int status = 0;
    rusage usage{};
    wait4(pid_, &status, 0, &usage);
    return usage.ru_maxrss;
  }

 private:
  pid_t pid_ = -1;
  Clock::time_point started_;
};

// Waits until the Runtime API has been asked `next` `count` times in all, the last by
// `child`; false (and says so) after 10 s.
bool WaitForNext(testing::FakeRuntimeApi& api, size_t count, const Child& child,
                 const std::string& log) {
  while (api.next_calls().size() < count) {
    std::this_thread::sleep_for(std::chrono::microseconds(200));
    if (Clock::now() - child.started() > std::chrono::seconds(10)) {
      std::fprintf(stderr, "no next request in 10 s; see %s\n", log.c_str());
      return false;
    }
  }
  return true;
}

std::vector<std::string> FunctionEnvironment(const std::string& runtime_api,
                                             const std::string& task, const std::string& emulator,
                                             const testing::S3rverProcess& s3,
                                             const std::string& tmp) {
  std::vector<std::string> env = {"AWS_LAMBDA_RUNTIME_API=" + runtime_api,
                                  "LAMBDA_TASK_ROOT=" + task,
                                  "_HANDLER=bootstrap",
                                  "AWS_LAMBDA_FUNCTION_NAME=atlan-lineage",
                                  "AWS_LAMBDA_FUNCTION_MEMORY_SIZE=128",
                                  "ATLAN_BASE_URL=" + emulator,
                                  "ATLAN_API_TOKEN=test-token",
                                  "POSTGRES_CONNECTION_NAME=postgres-dac",
                                  "SNOWFLAKE_CONNECTION_NAME=snowflake-dac",
                                  "S3_BUCKET_NAME=landing",
                                  "S3_PREFIX=2025/",
                                  "S3_CONNECTION_NAME=landing-s3",
                                  "POSTGRES_CACHE_FILE=" + tmp + "/postgres.json",
                                  "SNOWFLAKE_CACHE_FILE=" + tmp + "/snowflake.json",
                                  "LOG_LEVEL=warn"};
  for (const auto& e : s3.ClientEnvironment()) env.push_back(e);
  return env;
}

void UploadSample(const testing::S3rverProcess& s3) {
  http::HttpClient transport;
  aws::StaticCredentialsProvider credentials(
      aws::Credentials{"S3RVER", "S3RVER", "", std::nullopt, "bench"});
  aws::AwsClientOptions options;
  options.region = "us-east-1";
  options.endpoint = {s3.endpoint(), true};
  options.env = &testing::MachineEnv();
  aws::S3Client client(transport, credentials, options);
  const fs::path root = testing::TestDataPath("delta-arc/bucket");
  for (const auto& file : fs::recursive_directory_iterator(root)) {
    if (!file.is_regular_file()) continue;
    std::ifstream in(file.path(), std::ios::binary);
    std::stringstream content;
    content << in.rdbuf();
    auto put = client.PutObject("landing", fs::relative(file.path(), root).string(), content.str());
    if (!put) std::fprintf(stderr, "upload failed: %s\n", put.error().message.c_str());
  }
}

// One request to the emulator's own API (controls and stats); its JSON answer's `total`,
// when it has one.
int64_t EmulatorCall(const std::string& emulator, const std::string& method,
                     const std::string& path, const std::string& body = "") {
  http::HttpClient client;
  http::Request request{.method = method, .url = emulator + path};
  if (!body.empty()) {
    request.headers.Set("Content-Type", "application/json");
    request.body = body;
  }
  auto answer = client.Send(request);
  if (!answer || !answer->ok()) return -1;
  const auto parsed = nlohmann::json::parse(answer->body, nullptr, false);
  return parsed.is_object() ? parsed.value("total", int64_t{0}) : 0;
}

}  // namespace

int main(int argc, char** argv) {
  const int runs = argc > 1 ? std::atoi(argv[1]) : 9;
  std::setvbuf(stdout, nullptr, _IOLBF, 0);
  const std::string work = testing::MakeTempDir();
  const std::string zip = work + "/atlan-delta-arc-lambda.zip";
  const std::string task = work + "/task";
  std::string output;
  if (testing::RunCommand(
          {"/bin/sh", std::string(DELTA_ARC_SOURCE_DIR) + "/scripts/build_lambda.sh", "--binary",
           BinaryPath("delta-arc"), "--output", zip},
          &output) != 0 ||
      testing::RunCommand({"/usr/bin/unzip", "-q", zip, "-d", task}, &output) != 0) {
    std::fprintf(stderr, "packaging failed:\n%s\n", output.c_str());
    return 1;
  }
  std::printf("package (this build's delta-arc)  %.2f MB zipped\n",
              static_cast<double>(fs::file_size(zip)) / 1e6);
  const fs::path release = fs::path(DELTA_ARC_SOURCE_DIR) / "build/atlan-delta-arc-lambda.zip";
  if (fs::exists(release)) {
    std::printf("package (build_lambda.sh Release) %.2f MB zipped\n",
                static_cast<double>(fs::file_size(release)) / 1e6);
  }

  const int port = testing::FreePort();
  const std::string emulator = "http://127.0.0.1:" + std::to_string(port);
  testing::Subprocess emulator_process(
      {BinaryPath("atlan-emulator"), "serve", "--port", std::to_string(port), "--token",
       "test-token", "--connection-bootstrap-ms", "0"},
      {}, "/dev/null");
  testing::WaitForPort(port, std::chrono::seconds(10));
  testing::RunCommand({BinaryPath("atlan-emulator"), "seed", "--url", emulator, "--token",
                       "test-token", testing::TestDataPath("delta-arc/tenant.json")},
                      &output);
  testing::S3rverProcess s3({"landing"});
  UploadSample(s3);

  testing::FakeRuntimeApi api;
  const auto env = FunctionEnvironment(api.endpoint(), task, emulator, s3, work);
  const std::string bootstrap = task + "/bootstrap";
  std::vector<double> starts;
  for (int i = 0; i < runs; ++i) {
    Child child(bootstrap, env, work + "/start.log");
    if (!WaitForNext(api, static_cast<size_t>(i + 1), child, work + "/start.log")) return 1;
    starts.push_back(Millis(api.next_calls()[i] - child.started()));
    api.QueueShutdown();  // a killed child would leave its `next` waiting in the fake
    child.WaitMaxRssKib();
  }
  std::sort(starts.begin(), starts.end());
  std::printf("start to first next (%d runs)      median %.1f ms, min %.1f ms, max %.1f ms\n", runs,
              starts[starts.size() / 2], starts.front(), starts.back());

  // The sample's first sync, then an unchanged re-run, in one warm container.
  Child child(bootstrap, env, work + "/sync.log");
  size_t posted = 0;
  for (const char* event : {R"({"trigger":"manual"})", R"({"trigger":"scheduled"})"}) {
    const auto queued = Clock::now();
    api.Queue(event);
    const auto outcomes = api.WaitForOutcomes(++posted, std::chrono::seconds(60));
    if (outcomes.size() < posted || outcomes.back().kind != "response") {
      std::fprintf(stderr, "the sync failed; see %s/sync.log\n", work.c_str());
      return 1;
    }
    std::printf("%-34s %.0f ms\n", posted == 1 ? "sample first sync" : "unchanged re-run (warm)",
                Millis(Clock::now() - queued));
  }
  api.QueueShutdown();
  const long rss = child.WaitMaxRssKib();
  std::printf("peak RSS through both syncs        %.1f MB\n", static_cast<double>(rss) / 1024.0);

  // Small runs as the client alone makes them slow: Atlan at 20 ms a request, a new
  // connection usable at once and search without lag, so what remains is delta-arc's own
  // time. A first sync on a connection of its own (no catalog cache), an unchanged re-run,
  // and one S3 object event, each with the Atlan requests it sent, timed from the event's
  // queueing to its answer in a container already started.
  EmulatorCall(emulator, "POST", "/_emulator/controls",
               R"({"latency_ms":20,"search_refresh_ms":0,"connection_bootstrap_ms":0})");
  auto small_env = env;
  for (const std::string& setting : std::vector<std::string>{
           "S3_CONNECTION_NAME=landing-s3-small",
           "S3_BUCKET_ARN=arn:aws:s3:::landing/small",  // the bucket registered again
           "POSTGRES_CACHE_FILE=" + work + "/small-postgres.json",
           "SNOWFLAKE_CACHE_FILE=" + work + "/small-snowflake.json",
           // BENCH_LOG_LEVEL=debug: each request in small.log, with its time.
           std::string("LOG_LEVEL=") +
               (std::getenv("BENCH_LOG_LEVEL") ? std::getenv("BENCH_LOG_LEVEL") : "warn")}) {
    const std::string name = setting.substr(0, setting.find('=') + 1);
    std::erase_if(small_env, [&](const std::string& e) { return e.starts_with(name); });
    small_env.push_back(setting);
  }
  // The clock starts once the runtime waits for its first event: its cold start is the
  // figure above, not the run's.
  const size_t nexts_before = api.next_calls().size();
  Child small(bootstrap, small_env, work + "/small.log");
  if (!WaitForNext(api, nexts_before + 1, small, work + "/small.log")) return 1;
  const char* kObjectEvent =
      R"({"Records":[{"eventVersion":"2.1","eventSource":"aws:s3","eventName":"ObjectCreated:Put",)"
      R"("s3":{"bucket":{"name":"landing"},"object":{"key":"2025/orders.csv"}}}]})";
  const std::pair<const char*, const char*> small_runs[] = {
      {"small: first sync (20 ms/request)", R"({"trigger":"manual"})"},
      {"small: unchanged re-run", R"({"trigger":"scheduled"})"},
      {"small: one S3 object event", kObjectEvent}};
  for (const auto& [label, event] : small_runs) {
    EmulatorCall(emulator, "DELETE", "/_emulator/stats");
    const auto queued = Clock::now();
    api.Queue(event);
    const auto outcomes = api.WaitForOutcomes(++posted, std::chrono::seconds(60));
    const double ms = Millis(Clock::now() - queued);
    if (outcomes.size() < posted || outcomes.back().kind != "response") {
      std::fprintf(stderr, "%s failed; see %s/small.log\n", label, work.c_str());
      return 1;
    }
    std::printf("%-34s %.0f ms, %lld Atlan requests\n", label, ms,
                static_cast<long long>(EmulatorCall(emulator, "GET", "/_emulator/stats")));
  }
  api.QueueShutdown();
  small.WaitMaxRssKib();
  if (std::getenv("BENCH_LOG_LEVEL") != nullptr) {
    std::printf("small runs' log: %s/small.log\n", work.c_str());
    return 0;
  }
  std::error_code ec;
  fs::remove_all(work, ec);
  return 0;
}
