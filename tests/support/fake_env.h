// An Env (common/env.h) for tests: a clock that moves only when a sleep or the test
// moves it, and a record of the sleeps.
#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>
#include <vector>

#include "common/env.h"

namespace delta_arc::testing {

class FakeEnv final : public Env {
 public:
  explicit FakeEnv(int64_t now_ms) : now_ms_(now_ms) {}

  int64_t NowMillis() override {
    const std::lock_guard lock(mutex_);
    return now_ms_;
  }
  void Sleep(std::chrono::milliseconds duration) override {
    const std::lock_guard lock(mutex_);
    sleeps_.push_back(duration);
    now_ms_ += duration.count();
  }
  std::chrono::milliseconds Slept() {
    const std::lock_guard lock(mutex_);
    std::chrono::milliseconds total{0};
    for (auto sleep : sleeps_) total += sleep;
    return total;
  }

 private:
  std::mutex mutex_;
  int64_t now_ms_;
  std::vector<std::chrono::milliseconds> sleeps_;
};

}  // namespace delta_arc::testing
