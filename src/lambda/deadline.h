// When to stop starting new work: Lambda kills an invocation at its deadline,
// so the handler stops a safety margin before it — the smaller of a fixed
// margin and a fraction of the invocation's budget, so short test budgets
// still get work done. Writes are idempotent: the next run completes the rest.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstdint>

namespace delta_arc::lambda {

struct DeadlineOptions {
  std::chrono::milliseconds max_margin{10000};
  double budget_fraction = 0.1;
};

class Deadline {
 public:
  // `deadline_ms` 0: none (a local invoke).
  Deadline(int64_t start_ms, int64_t deadline_ms, DeadlineOptions options = {})
      : deadline_ms_(deadline_ms),
        margin_ms_(std::min<int64_t>(
            options.max_margin.count(),
            static_cast<int64_t>(static_cast<double>(std::max<int64_t>(deadline_ms - start_ms, 0)) *
                                 options.budget_fraction))) {}

  // When the run stops (its Cutoff): the deadline less the margin.
  int64_t StopAtMs() const { return deadline_ms_ - margin_ms_; }
  int64_t margin_ms() const { return margin_ms_; }

 private:
  int64_t deadline_ms_;
  int64_t margin_ms_;
};

}  // namespace delta_arc::lambda
