// AWS credentials and the interface of whatever supplies them. Empty
// credentials mean anonymous: requests go unsigned (public buckets).
#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "common/error.h"

namespace delta_arc::aws {

struct Credentials {
  std::string access_key_id{};
  std::string secret_access_key{};  // secret: never log
  std::string session_token{};      // secret: never log
  std::optional<std::chrono::system_clock::time_point> expiration{};
  std::string source{};  // "environment", "profile default", "container", "anonymous", ...

  bool anonymous() const { return access_key_id.empty(); }
};

class CredentialsProvider {
 public:
  virtual ~CredentialsProvider() = default;
  virtual Result<Credentials> GetCredentials() = 0;
};

// Always the same credentials (tests, or keys given explicitly).
class StaticCredentialsProvider final : public CredentialsProvider {
 public:
  explicit StaticCredentialsProvider(Credentials credentials)
      : credentials_(std::move(credentials)) {}
  Result<Credentials> GetCredentials() override { return credentials_; }

 private:
  const Credentials credentials_;
};

}  // namespace delta_arc::aws
