// The wall clock as delta-arc and Atlan count time: epoch milliseconds.
#pragma once

#include <chrono>
#include <cstdint>
#include <ctime>

namespace delta_arc {

inline int64_t NowMillis() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// Epoch milliseconds as a UTC calendar time, for strftime.
inline std::tm UtcTime(int64_t ms) {
  const auto seconds = static_cast<std::time_t>(ms / 1000);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  return utc;
}

}  // namespace delta_arc
