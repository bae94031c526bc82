// Test support: a real S3-compatible server (npm s3rver, installed by
// scripts/install_deps.sh into tools/node) on a free port, with its own empty
// directory and the buckets the test asks for. Note: s3rver does not verify
// signatures; the SigV4 tests check those against AWS's vectors and botocore.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "tests/support/subprocess.h"

namespace delta_arc::testing {

class S3rverProcess {
 public:
  explicit S3rverProcess(const std::vector<std::string>& buckets);
  ~S3rverProcess();
  S3rverProcess(const S3rverProcess&) = delete;
  S3rverProcess& operator=(const S3rverProcess&) = delete;

  int port() const { return port_; }
  std::string endpoint() const { return "http://127.0.0.1:" + std::to_string(port_); }
  // Environment for a client of this server: endpoint, region and s3rver's fixed keys.
  std::vector<std::string> ClientEnvironment() const;

 private:
  int port_;
  std::string directory_;
  std::unique_ptr<Subprocess> process_;
};

}  // namespace delta_arc::testing
