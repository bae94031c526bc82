// Test knobs of the emulator, applied to every API request before it is
// served: latency, a rate limit answering 429, injected 5xx and dropped
// connections, and per-route request counts. Adjustable while running.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <random>
#include <set>
#include <string>

#include "common/error.h"

namespace delta_arc::emulator {

struct ControlSettings {
  int64_t latency_ms = 0;
  int64_t rate_limit_per_second = 0;  // 0: unlimited
  int64_t retry_after_seconds = 1;
  double fail_probability = 0;  // answer fail_status with this probability
  int fail_status = 503;
  std::set<int64_t> fail_requests;  // 1-based numbers of API requests to fail
  double drop_probability = 0;      // close the connection without a full answer
  std::set<int64_t> drop_requests;
  uint64_t random_seed = 0;  // 0: seeded from the clock
};

// What to do with one request.
enum class Verdict { kServe, kThrottle, kFail, kDrop };

class RequestControls {
 public:
  explicit RequestControls(ControlSettings settings);

  // Counts the request under "METHOD /path" and decides its fate. Sleeps for the latency.
  Verdict Admit(const std::string& method, const std::string& path);

  nlohmann::json Stats() const;
  void ResetStats();
  ControlSettings settings() const;
  // Applies the knobs present in `update` (same names as the flags, snake_case).
  Status Update(const nlohmann::json& update);

 private:
  mutable std::mutex mu_;
  ControlSettings settings_;
  std::mt19937_64 random_;
  std::map<std::string, int64_t> counts_;
  int64_t total_ = 0;
  int64_t throttled_ = 0;
  int64_t failed_ = 0;
  int64_t dropped_ = 0;
  std::chrono::steady_clock::time_point window_start_;
  int64_t window_count_ = 0;
};

}  // namespace delta_arc::emulator
