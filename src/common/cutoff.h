// The moment a run must have stopped by: a Lambda invocation's deadline less its margin.
// One token, made by the handler and handed down through every wait below it: a retry's
// backoff, a new connection's polls, the batches of a write, and each request's timeout
// are cut to what is left of it, so that the run answers (complete: false) before Lambda
// ends it. A default Cutoff never passes (the CLI, a local invoke).
#pragma once

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <functional>
#include <limits>
#include <mutex>
#include <string>

#include "common/error.h"

namespace delta_arc {

// What a step cut short by the cutoff returns: nothing it did is lost (writes are
// idempotent), and the next run goes on from what Atlan holds.
inline Error CutoffReached(const std::string& what,
                           const std::string& why = "the run's time is up") {
  return Error(ErrorKind::kStopped, "stopped before " + what + ": " + why);
}

class Cutoff {
 public:
  Cutoff() = default;
  // At `at_ms` on the clock `now_ms` (epoch milliseconds).
  Cutoff(int64_t at_ms, std::function<int64_t()> now_ms)
      : at_ms_(at_ms), now_ms_(std::move(now_ms)) {}

  bool IsSet() const { return static_cast<bool>(now_ms_); }
  bool Passed() const { return IsSet() && now_ms_() >= at_ms_; }
  // What is left of it (none once passed); the longest wait there is when unset.
  std::chrono::milliseconds Left() const {
    if (!IsSet()) return std::chrono::milliseconds::max();
    return std::chrono::milliseconds(std::max<int64_t>(at_ms_ - now_ms_(), 0));
  }
  // The timeout of a request that starts now: `timeout`, shortened to what is left; once
  // nothing is, CutoffReached naming `what`.
  Result<std::chrono::milliseconds> TimeoutFor(std::chrono::milliseconds timeout,
                                               const std::string& what) const {
    const std::chrono::milliseconds left = Left();
    if (left <= std::chrono::milliseconds::zero()) return std::unexpected(CutoffReached(what));
    return std::min(timeout, left);
  }

 private:
  int64_t at_ms_ = std::numeric_limits<int64_t>::max();
  std::function<int64_t()> now_ms_;
};

// The cutoff of the run in progress, one for every client that waits on its behalf (the
// Atlan client, the S3 client): the handler sets it for an invocation and clears it after,
// while the clients live as long as the Lambda container. Thread-safe.
class SharedCutoff {
 public:
  void Set(Cutoff cutoff) {
    const std::lock_guard lock(mutex_);
    cutoff_ = std::move(cutoff);
  }
  Cutoff Get() const {
    const std::lock_guard lock(mutex_);
    return cutoff_;
  }

 private:
  mutable std::mutex mutex_;
  Cutoff cutoff_;
};

}  // namespace delta_arc
