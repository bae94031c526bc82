// How many entities the next bulk request to Atlan carries. Atlan's advice, taken as
// the rule (docs.atlan.com "API limits, batching, and automation"): 20–50 entities a
// request to start with, fewer when a response takes longer than 5 seconds. A request's
// cost grows with its entities, so the size doubles while answers come well under that
// (doubling should stay under it) and halves when one takes longer or fails, within
// [1, max]. Thread-safe: concurrent requests report to one sizer.
#pragma once

#include <chrono>
#include <cstddef>
#include <mutex>

namespace delta_arc::atlan {

class BatchSizer {
 public:
  // Atlan's threshold for a slow response.
  static constexpr std::chrono::milliseconds kSlow{5000};
  // Answers faster than this double the size: twice the entities should stay under kSlow.
  static constexpr std::chrono::milliseconds kFast{2000};

  // `start` is clamped to [1, max]; max 0 means `start` (a fixed size).
  BatchSizer(size_t start, size_t max);

  size_t next() const;
  // A request of `entities` answered after `took`; `ok` false when it failed.
  void Observe(size_t entities, std::chrono::milliseconds took, bool ok);

 private:
  mutable std::mutex mutex_;
  size_t max_;
  size_t size_;
};

}  // namespace delta_arc::atlan
