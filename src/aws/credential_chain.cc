// The default credentials chain; see credential_chain.h.
#include "aws/credential_chain.h"

#include <ctime>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "aws/shared_config.h"
#include "http/retry.h"
#include "http/url.h"

namespace delta_arc::aws {

namespace {

using std::chrono::system_clock;

constexpr auto kRefreshBefore = std::chrono::minutes(5);
constexpr char kEcsHost[] = "http://169.254.170.2";

// "2025-06-01T12:00:00Z", fractional seconds allowed.
std::optional<system_clock::time_point> ParseIso8601(const std::string& text) {
  std::tm tm{};
  if (strptime(text.c_str(), "%Y-%m-%dT%H:%M:%S", &tm) == nullptr) return std::nullopt;
  return system_clock::from_time_t(timegm(&tm));
}

bool IsAllowedContainerHost(const http::Url& url) {
  if (url.scheme == "https") return true;
  const std::string& h = url.host;
  return h == "localhost" || h.starts_with("127.") || h == "[::1]" || h == "169.254.170.2" ||
         h == "169.254.170.23" || h == "[fd00:ec2::23]";
}

Result<std::optional<std::string>> ContainerToken(const Environment& env) {
  if (auto path = env.Get("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE")) {
    std::ifstream in(*path);
    if (!in) {
      return Fail(ErrorKind::kInvalidArgument,
                  "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE cannot be read: " + *path);
    }
    std::stringstream buffer;
    buffer << in.rdbuf();
    std::string token = buffer.str();
    while (!token.empty() && (token.back() == '\n' || token.back() == '\r')) token.pop_back();
    return token;
  }
  return env.Get("AWS_CONTAINER_AUTHORIZATION_TOKEN");
}

Result<std::string> ContainerUrl(const Environment& env) {
  if (auto relative = env.Get("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI")) {
    return std::string(kEcsHost) + *relative;
  }
  const std::string full = *env.Get("AWS_CONTAINER_CREDENTIALS_FULL_URI");
  const auto url = http::ParseUrl(full);
  if (!url || !IsAllowedContainerHost(*url)) {
    return Fail(ErrorKind::kInvalidArgument,
                "AWS_CONTAINER_CREDENTIALS_FULL_URI must be https or a loopback/ECS/EKS host");
  }
  return full;
}

Result<Credentials> ParseContainerAnswer(const std::string& body) {
  const auto json = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (!json.is_object() || !json.contains("AccessKeyId") || !json.contains("SecretAccessKey")) {
    return Fail(ErrorKind::kRemote, "container credentials endpoint: unexpected answer");
  }
  Credentials out{.access_key_id = json.value("AccessKeyId", ""),
                  .secret_access_key = json.value("SecretAccessKey", ""),
                  .session_token = json.value("Token", ""),
                  .source = "container"};
  if (auto expiration = ParseIso8601(json.value("Expiration", ""))) out.expiration = *expiration;
  return out;
}

}  // namespace

Result<std::optional<Credentials>> CredentialsFromEnvironment(const Environment& env) {
  const auto key = env.Get("AWS_ACCESS_KEY_ID");
  const auto secret = env.Get("AWS_SECRET_ACCESS_KEY");
  if (!key && !secret) return std::nullopt;
  if (!key || !secret) {
    return Fail(ErrorKind::kInvalidArgument,
                "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY must be set together");
  }
  return Credentials{.access_key_id = *key,
                     .secret_access_key = *secret,
                     .session_token = env.Get("AWS_SESSION_TOKEN").value_or(""),
                     .source = "environment"};
}

Result<std::optional<Credentials>> CredentialsFromProfile(const Environment& env) {
  const std::string name = ProfileName(env);
  const auto profile = LoadProfile(env, name);
  if (!profile) {
    if (env.Get("AWS_PROFILE")) {
      return Fail(ErrorKind::kInvalidArgument,
                  "AWS_PROFILE names profile '" + name + "', found in neither shared file");
    }
    return std::nullopt;
  }
  const auto key = profile->find("aws_access_key_id");
  const auto secret = profile->find("aws_secret_access_key");
  if (key == profile->end() || secret == profile->end()) {
    for (const char* unsupported :
         {"role_arn", "credential_process", "sso_session", "sso_start_url"}) {
      if (profile->contains(unsupported)) {
        return Fail(ErrorKind::kInvalidArgument, "profile '" + name + "' uses " + unsupported +
                                                     ", which delta-arc does not support; "
                                                     "export the resulting keys instead");
      }
    }
    return std::nullopt;
  }
  const auto token = profile->find("aws_session_token");
  return Credentials{.access_key_id = key->second,
                     .secret_access_key = secret->second,
                     .session_token = token == profile->end() ? "" : token->second,
                     .source = "profile " + name};
}

Result<std::optional<Credentials>> CredentialsFromContainer(const Environment& env,
                                                            http::Transport& transport, Env& wait) {
  if (!env.Get("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI") &&
      !env.Get("AWS_CONTAINER_CREDENTIALS_FULL_URI")) {
    return std::nullopt;
  }
  const auto url = ContainerUrl(env);
  if (!url) return std::unexpected(url.error());
  const auto token = ContainerToken(env);
  if (!token) return std::unexpected(token.error());

  http::Retrier retrier({.max_attempts = 3, .base_delay = std::chrono::milliseconds(100)}, wait);
  const auto response = retrier.Run(transport, [&](int) -> Result<http::Request> {
    http::Request request{.url = *url, .timeout = std::chrono::seconds(2)};
    request.headers.Set("Accept", "application/json");
    if (*token) request.headers.Set("Authorization", **token);
    return request;
  });
  if (!response) return std::unexpected(response.error());
  if (!response->ok()) {
    return Fail(response->status == 401 || response->status == 403 ? ErrorKind::kUnauthorized
                                                                   : ErrorKind::kRemote,
                "container credentials endpoint answered HTTP " + std::to_string(response->status));
  }
  auto credentials = ParseContainerAnswer(response->body);
  if (!credentials) return std::unexpected(credentials.error());
  return *credentials;
}

DefaultCredentialsChain::DefaultCredentialsChain(Environment env, http::Transport& transport,
                                                 Env& clock)
    : env_(std::move(env)), transport_(transport), clock_(clock) {}

Result<Credentials> DefaultCredentialsChain::GetCredentials() {
  std::unique_lock lock(mutex_);
  const auto now = WallTime(clock_);
  const bool fresh =
      cached_ && (!cached_->expiration || *cached_->expiration - kRefreshBefore > now);
  if (fresh) return *cached_;
  if (refreshing_) {
    // Single flight: credentials not yet expired serve while another thread refreshes
    // them; without such, this thread takes the outcome of that refresh.
    if (cached_ && *cached_->expiration > now) return *cached_;
    const uint64_t flight = flights_;
    refreshed_.wait(lock, [&] { return flights_ != flight; });
    return last_refresh_;
  }
  // No lock is held across the refresh (HTTP, for container credentials): the header
  // readers that hold valid credentials are not stalled behind it.
  refreshing_ = true;
  lock.unlock();
  Result<Credentials> resolved = Resolve();
  lock.lock();
  refreshing_ = false;
  ++flights_;
  if (resolved) cached_ = *resolved;
  last_refresh_ = resolved;
  refreshed_.notify_all();
  return resolved;
}

Result<Credentials> DefaultCredentialsChain::Resolve() {
  for (auto source : {&CredentialsFromEnvironment, &CredentialsFromProfile}) {
    auto found = source(env_);
    if (!found) return std::unexpected(found.error());
    if (*found) return **found;
  }
  auto container = CredentialsFromContainer(env_, transport_, clock_);
  if (!container) return std::unexpected(container.error());
  if (*container) return **container;
  return Credentials{.source = "anonymous"};
}

}  // namespace delta_arc::aws
