// s3rver for tests; see s3rver_process.h.
#include "tests/support/s3rver_process.h"

#include <filesystem>
#include <stdexcept>

namespace delta_arc::testing {

S3rverProcess::S3rverProcess(const std::vector<std::string>& buckets)
    : port_(FreePort()), directory_(MakeTempDir()) {
  const std::string script = std::string(DELTA_ARC_NODE_DIR) + "/node_modules/s3rver/bin/s3rver.js";
  if (!std::filesystem::exists(script)) {
    throw std::runtime_error("s3rver is not installed: run scripts/install_deps.sh");
  }
  // Node 20 needs the legacy provider for the DES s3rver uses in continuation tokens.
  std::vector<std::string> argv = {"/usr/bin/env",
                                   "node",
                                   "--openssl-legacy-provider",
                                   script,
                                   "--silent",
                                   "--address",
                                   "127.0.0.1",
                                   "--port",
                                   std::to_string(port_),
                                   "--directory",
                                   directory_ + "/data"};
  for (const auto& bucket : buckets) {
    argv.push_back("--configure-bucket");
    argv.push_back(bucket);
  }
  process_ =
      std::make_unique<Subprocess>(argv, std::vector<std::string>{}, directory_ + "/s3rver.log");
  if (!WaitForPort(port_, std::chrono::seconds(20))) {
    throw std::runtime_error("s3rver did not start on port " + std::to_string(port_));
  }
}

S3rverProcess::~S3rverProcess() {
  process_.reset();
  std::error_code ec;
  std::filesystem::remove_all(directory_, ec);
}

std::vector<std::string> S3rverProcess::ClientEnvironment() const {
  return {"AWS_ENDPOINT_URL_S3=" + endpoint(), "AWS_ACCESS_KEY_ID=S3RVER",
          "AWS_SECRET_ACCESS_KEY=S3RVER", "AWS_REGION=us-east-1"};
}

}  // namespace delta_arc::testing
