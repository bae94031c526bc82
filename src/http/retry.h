// Retries with the semantics of the AWS SDKs' "standard" mode: a bounded
// number of attempts, truncated exponential backoff with full jitter
// (delay = rand[0,1) * min(base * 2^(attempt-1), max_backoff)), Retry-After
// honoured, and a hook that builds (and re-signs) every attempt afresh.
#pragma once

#include <chrono>
#include <functional>
#include <mutex>
#include <optional>
#include <random>

#include "common/cutoff.h"
#include "common/env.h"
#include "common/error.h"
#include "http/request.h"
#include "http/response.h"
#include "http/transport.h"

namespace delta_arc::http {

struct RetryOptions {
  int max_attempts = 3;  // the first attempt included
  std::chrono::milliseconds base_delay{1000};
  std::chrono::milliseconds max_backoff{20000};
  std::chrono::milliseconds max_retry_after{20000};  // cap on a server's Retry-After
};

// Builds the request for attempt n (1-based); an Error stops the retries.
using AttemptFn = std::function<Result<Request>(int attempt)>;
// True when the outcome of an attempt is worth another.
using ClassifyFn = std::function<bool(const Result<Response>& outcome)>;
// Told before each retry sleep.
using RetryObserver = std::function<void(int attempt, std::chrono::milliseconds delay,
                                         const Result<Response>& outcome)>;
using SleepFn = std::function<void(std::chrono::milliseconds)>;

// 429, 500, 502, 503, 504 and transient transport failures (IsTransient: connection
// errors, timeouts); never other statuses.
bool IsRetryableByDefault(const Result<Response>& outcome);

// The delay a server asks for through Retry-After (seconds or an HTTP-date)
// or x-amz-retry-after (milliseconds).
std::optional<std::chrono::milliseconds> RetryAfter(const Response& response,
                                                    std::chrono::system_clock::time_point now);

// Thread-safe: concurrent requests may share one Retrier (its jitter source is locked).
class Retrier {
 public:
  // Waits (backoffs, Retry-After) on `env`, which also dates a Retry-After given as a time.
  Retrier(RetryOptions options, Env& env, std::uint64_t seed = std::random_device{}());

  // Runs attempts until one is not retryable or max_attempts is reached, and
  // returns the last outcome (which may be an error status). No backoff runs past
  // `cutoff`: the outcome that would wait for it is returned instead.
  Result<Response> Run(Transport& transport, const AttemptFn& make_request,
                       const ClassifyFn& is_retryable = IsRetryableByDefault,
                       const RetryObserver& observer = {}, const Cutoff& cutoff = {});

  // The full-jitter backoff before attempt `attempt + 1`.
  std::chrono::milliseconds Backoff(int attempt);
  const RetryOptions& options() const { return options_; }

 private:
  std::chrono::milliseconds DelayAfter(int attempt, const Result<Response>& outcome);

  RetryOptions options_;
  Env& env_;
  std::mutex random_mutex_;
  std::mt19937_64 random_;
};

}  // namespace delta_arc::http
