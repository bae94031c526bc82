// Elasticsearch's refresh on a timer: the index is refreshed every interval, so a
// write is searchable at the next tick, anywhere from at once to one interval later
// (Elasticsearch's index.refresh_interval, 1 s by default). The ticks run from the time
// the interval was set: the emulator's start, or the control that changed it.
#pragma once

#include <atomic>
#include <cstdint>

namespace delta_arc::emulator {

class RefreshTimer {
 public:
  explicit RefreshTimer(int64_t start) : start_(start) {}

  // Ticks now run from `at` (epoch ms), as when the interval changes.
  void Restart(int64_t at) { start_.store(at); }

  // The last tick at or before `now` for ticks every `interval_ms`; `now` itself for an
  // interval of 0 (every write at once), and before the first tick the start.
  int64_t LastTick(int64_t now, int64_t interval_ms) const {
    const int64_t start = start_.load();
    if (interval_ms <= 0) return now;
    if (now <= start) return start;
    return start + (now - start) / interval_ms * interval_ms;
  }

 private:
  std::atomic<int64_t> start_;
};

}  // namespace delta_arc::emulator
