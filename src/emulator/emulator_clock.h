// The emulator's one clock: the wall clock plus an offset that a test moves
// forward (POST /_emulator/controls {"advance_clock_ms": N}), so search lag,
// connection bootstrap and rate-limit blocks can be crossed without waiting.
// Timestamps the emulator records (createTime, updateTime) come from it too.
#pragma once

#include <atomic>
#include <cstdint>

#include "common/clock.h"

namespace delta_arc::emulator {

class EmulatorClock {
 public:
  // Epoch milliseconds as the emulator sees them.
  int64_t NowMillis() const { return delta_arc::NowMillis() + offset_ms_.load(); }
  void Advance(int64_t ms) { offset_ms_ += ms; }

 private:
  std::atomic<int64_t> offset_ms_{0};
};

}  // namespace delta_arc::emulator
