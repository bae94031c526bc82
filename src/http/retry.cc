// Retries with backoff; see retry.h.
#include "http/retry.h"

#include <algorithm>
#include <charconv>
#include <cmath>

#include "http/http_date.h"

namespace delta_arc::http {

namespace {

std::optional<long long> ParseInteger(std::string_view text) {
  long long value = 0;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || ptr != text.data() + text.size() || value < 0) return std::nullopt;
  return value;
}

}  // namespace

bool IsRetryableByDefault(const Result<Response>& outcome) {
  if (!outcome) return IsTransient(outcome.error().kind);
  const int status = outcome->status;
  return status == 429 || status == 500 || status == 502 || status == 503 || status == 504;
}

std::optional<std::chrono::milliseconds> RetryAfter(const Response& response,
                                                    std::chrono::system_clock::time_point now) {
  using std::chrono::milliseconds;
  if (auto amz = response.headers.Get("x-amz-retry-after")) {
    if (auto ms = ParseInteger(*amz)) return milliseconds(*ms);
  }
  const auto header = response.headers.Get("Retry-After");
  if (!header) return std::nullopt;
  if (auto seconds = ParseInteger(*header)) return milliseconds(*seconds * 1000);
  if (auto when = ParseHttpDate(*header)) {
    return std::max(milliseconds(0), std::chrono::duration_cast<milliseconds>(*when - now));
  }
  return std::nullopt;
}

Retrier::Retrier(RetryOptions options, Env& env, std::uint64_t seed)
    : options_(options), env_(env), random_(seed) {}

std::chrono::milliseconds Retrier::Backoff(int attempt) {
  const double exponent = std::min(attempt - 1, 30);
  const double ceiling =
      std::min(static_cast<double>(options_.base_delay.count()) * std::pow(2.0, exponent),
               static_cast<double>(options_.max_backoff.count()));
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  const std::lock_guard lock(random_mutex_);
  return std::chrono::milliseconds(static_cast<long long>(unit(random_) * ceiling));
}

std::chrono::milliseconds Retrier::DelayAfter(int attempt, const Result<Response>& outcome) {
  const auto backoff = Backoff(attempt);
  if (!outcome) return backoff;
  const auto asked = RetryAfter(*outcome, WallTime(env_));
  if (!asked) return backoff;
  return std::max(backoff, std::min(*asked, options_.max_retry_after));
}

Result<Response> Retrier::Run(Transport& transport, const AttemptFn& make_request,
                              const ClassifyFn& is_retryable, const RetryObserver& observer,
                              const Cutoff& cutoff) {
  const int attempts = std::max(1, options_.max_attempts);
  for (int attempt = 1;; ++attempt) {
    auto request = make_request(attempt);
    if (!request) return std::unexpected(request.error());
    auto outcome = transport.Send(*request);
    // An attempt that failed once the cutoff passed was cut short by it (its timeout is
    // what was left): the run stopped, Atlan or S3 did not fail.
    if (!outcome && cutoff.Passed()) {
      return std::unexpected(CutoffReached("an answer came", outcome.error().message));
    }
    if (attempt >= attempts || !is_retryable(outcome)) return outcome;
    const auto delay = DelayAfter(attempt, outcome);
    if (delay >= cutoff.Left()) return outcome;
    if (observer) observer(attempt, delay, outcome);
    env_.Sleep(delay);
  }
}

}  // namespace delta_arc::http
