// A minute's budget over a sliding window, with CUBIC recovery after throttling; see
// rate_limiter.h.
#include "http/rate_limiter.h"

#include <algorithm>
#include <cmath>

namespace delta_arc::http {

using std::chrono::steady_clock;

RateLimiter::RateLimiter(RateLimiterOptions options, Env& env)
    : RateLimiter(
          options, [&env] { return env.SteadyNow(); },
          [&env](std::chrono::milliseconds d) { env.Sleep(d); }) {}

RateLimiter::RateLimiter(RateLimiterOptions options, Clock now, Sleep sleep)
    : options_(options), now_(std::move(now)), sleep_(std::move(sleep)) {}

// CUBIC (RFC 9438 §4.2, as botocore's CubicCalculator applies it to request rates):
// W(t) = C (t - K)^3 + W_max with K = cbrt(W_max (1 - beta) / C), so that the rate is
// beta W_max right after the throttle, W_max again at K, and above it after.
double RateLimiter::PerSecondAt(steady_clock::time_point when) const {
  const double ceiling = options_.max_per_minute / 60;
  if (!recovery_start_) return ceiling;
  const double t = std::max(0.0, std::chrono::duration<double>(when - *recovery_start_).count());
  const double k = std::cbrt(rate_at_throttle_ * (1 - options_.beta) / options_.scale);
  const double rate = options_.scale * std::pow(t - k, 3) + rate_at_throttle_;
  return std::clamp(rate, std::min(options_.min_per_minute / 60, ceiling), ceiling);
}

size_t RateLimiter::BudgetAt(steady_clock::time_point when) const {
  // The small addend keeps a rate of exactly N a minute, computed in floating point as
  // N - ε, at N.
  return std::max<size_t>(1, static_cast<size_t>(std::floor(PerSecondAt(when) * 60 + 1e-6)));
}

std::chrono::milliseconds RateLimiter::Acquire() {
  return *AcquireWithin(std::chrono::milliseconds::max());
}

std::optional<std::chrono::milliseconds> RateLimiter::AcquireWithin(
    std::chrono::milliseconds max_wait) {
  constexpr auto kWindow = std::chrono::minutes(1);
  std::chrono::milliseconds wait{0};
  {
    const std::lock_guard lock(mutex_);
    const auto now = now_();
    while (!let_go_.empty() && let_go_.front() <= now - kWindow) let_go_.pop_front();
    // In the order asked: never before a request that asked earlier.
    auto start = std::max(now, held_until_);
    if (!let_go_.empty()) start = std::max(start, let_go_.back());
    if (options_.max_per_minute > 0) {
      // The window ending at `start` holds every request let go after start - kWindow; when
      // that is the budget already, this one goes once the oldest of them that must leave
      // for it to fit has left (the window then holds budget - 1, and it).
      const size_t budget = BudgetAt(start);
      const auto in_window = static_cast<size_t>(
          let_go_.end() - std::upper_bound(let_go_.begin(), let_go_.end(), start - kWindow));
      if (in_window >= budget) start = let_go_[let_go_.size() - budget] + kWindow;
    }
    if (std::chrono::ceil<std::chrono::milliseconds>(start - now) > max_wait) return std::nullopt;
    if (options_.max_per_minute > 0) let_go_.push_back(start);
    wait = std::chrono::ceil<std::chrono::milliseconds>(start - now);
    stats_.waited += wait;
  }
  if (wait.count() > 0) sleep_(wait);
  return wait;
}

void RateLimiter::OnThrottled(std::optional<std::chrono::milliseconds> retry_after) {
  const std::lock_guard lock(mutex_);
  const auto now = now_();
  ++stats_.throttles;
  held_until_ = std::max(held_until_, now + retry_after.value_or(std::chrono::milliseconds(0)));
  if (options_.max_per_minute <= 0) return;  // no rate to adapt: only the hold
  // CUBIC's W_max: the rate requests were going at (the ceiling, or as far as recovery
  // from an earlier throttle had got).
  rate_at_throttle_ = PerSecondAt(now);
  recovery_start_ = held_until_;
  // Requests already let go keep their times; the next ones fit the cut budget.
}

RateLimiterStats RateLimiter::stats() const {
  const std::lock_guard lock(mutex_);
  RateLimiterStats stats = stats_;
  stats.per_minute = PerSecondAt(now_()) * 60;
  return stats;
}

}  // namespace delta_arc::http
