// The wall clock as delta-arc and Atlan count time: epoch milliseconds.
#pragma once

#include <chrono>
#include <cstdint>

namespace delta_arc {

inline int64_t NowMillis() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace delta_arc
