// A client-side rate limiter shared by every request to one service. It keeps the
// minute, not a spacing: Atlan's limit is a count of requests a minute per tenant
// (docs.atlan.com, "API limits, batching, and automation"), so any 60-second window holds
// at most the budget (a sliding window over the times requests were let go): a run of a
// few requests sends them at once, and one of many waits only when a minute's budget is
// spent, for the request a minute before to leave the window. After a throttling answer
// (429) it adapts as the AWS SDKs' "adaptive" retry mode does (botocore/retries/adaptive.py
// and throttling.py): the budget is cut to beta (0.7) of the rate requests went at and
// grows back along a cubic curve (CUBIC congestion control) towards, never past, the
// configured ceiling; a Retry-After holds every request back until it has passed. Unlike
// the SDKs', which start unlimited and turn on at the first throttle, this one always
// keeps the ceiling: Atlan's limit is shared with every other user of the tenant, so
// staying under it is the point.
//
// Thread-safe: each caller reserves its own time under a lock and waits outside it, so
// concurrent requests share one window, in the order they asked.
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>

#include "common/env.h"

namespace delta_arc::http {

struct RateLimiterOptions {
  // The ceiling: requests in any 60-second window. 0: no limit and no adaptation; a
  // Retry-After still holds requests.
  double max_per_minute = 0;
  double beta = 0.7;          // the share of the rate kept after a throttle
  double scale = 0.4;         // CUBIC's C, in requests per second per second cubed
  double min_per_minute = 6;  // the floor the rate is never cut below
};

struct RateLimiterStats {
  int64_t throttles = 0;                // 429s received
  std::chrono::milliseconds waited{0};  // time requests spent held back, all callers summed
  double per_minute = 0;                // the budget now (the ceiling, or less after a 429)
};

class RateLimiter {
 public:
  using Clock = std::function<std::chrono::steady_clock::time_point()>;
  using Sleep = std::function<void(std::chrono::milliseconds)>;

  // On the run's Env (its steady clock and sleep).
  RateLimiter(RateLimiterOptions options, Env& env);
  // On a clock and a sleep of the caller's (tests that stop time or record the waits).
  RateLimiter(RateLimiterOptions options, Clock now, Sleep sleep);

  // Waits until a request may go; returns how long it waited.
  std::chrono::milliseconds Acquire();
  // The same when the wait is at most `max_wait`; otherwise nothing, without waiting or
  // taking a slot.
  std::optional<std::chrono::milliseconds> AcquireWithin(std::chrono::milliseconds max_wait);
  // A throttling answer, with the delay it asked for (Retry-After), if any. The rate
  // then grows back from the end of that delay, with no call needed per answer.
  void OnThrottled(std::optional<std::chrono::milliseconds> retry_after);

  RateLimiterStats stats() const;

 private:
  double PerSecondAt(std::chrono::steady_clock::time_point when) const;
  // The requests any window may hold from `when` on: the rate then, a minute's worth.
  size_t BudgetAt(std::chrono::steady_clock::time_point when) const;

  RateLimiterOptions options_;
  Clock now_;
  Sleep sleep_;
  mutable std::mutex mutex_;
  // When the requests of the last minute were let go (some may be waiting still), oldest
  // first; older ones are in no window a request can be in any more and are dropped.
  std::deque<std::chrono::steady_clock::time_point> let_go_;
  std::chrono::steady_clock::time_point held_until_{};  // a Retry-After's end
  // When the rate began to grow back after the last throttle; none: never throttled.
  std::optional<std::chrono::steady_clock::time_point> recovery_start_;
  double rate_at_throttle_ = 0;  // CUBIC's W_max, requests per second
  RateLimiterStats stats_;
};

}  // namespace delta_arc::http
