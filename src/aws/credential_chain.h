// The default credentials chain, in the AWS SDKs' order: environment
// variables, the shared credentials/config profile, container credentials
// (ECS/EKS/Lambda-style endpoints), and finally anonymous (unsigned)
// requests. Fetched credentials are cached until five minutes before they
// expire. (EC2 instance metadata is not consulted.)
#pragma once

#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <optional>

#include "aws/credentials.h"
#include "aws/environment.h"
#include "common/env.h"
#include "http/transport.h"

namespace delta_arc::aws {

// AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN.
Result<std::optional<Credentials>> CredentialsFromEnvironment(const Environment& env);
// aws_access_key_id / aws_secret_access_key / aws_session_token of the
// profile; an AWS_PROFILE that names no profile is an error.
Result<std::optional<Credentials>> CredentialsFromProfile(const Environment& env);
// AWS_CONTAINER_CREDENTIALS_RELATIVE_URI (on 169.254.170.2) or _FULL_URI,
// with AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE / _TOKEN as Authorization.
// Retries wait on `env`.
Result<std::optional<Credentials>> CredentialsFromContainer(const Environment& env,
                                                            http::Transport& transport, Env& wait);

class DefaultCredentialsChain final : public CredentialsProvider {
 public:
  // `transport` is used for container credentials; `clock` tells when credentials expire
  // and waits between retries. Both outlive the chain.
  DefaultCredentialsChain(Environment env, http::Transport& transport, Env& clock);
  Result<Credentials> GetCredentials() override;

 private:
  Result<Credentials> Resolve();

  const Environment env_;
  http::Transport& transport_;
  Env& clock_;
  std::mutex mutex_;  // guards the members below, never held across Resolve()
  std::condition_variable refreshed_;
  bool refreshing_ = false;
  uint64_t flights_ = 0;  // refreshes finished
  std::optional<Credentials> cached_;
  Result<Credentials> last_refresh_ = Fail(ErrorKind::kInternal, "no refresh has finished");
};

}  // namespace delta_arc::aws
