// Envs (common/env.h) for tests: FakeEnv, a clock that moves only when a sleep or the
// test moves it, with a record of the sleeps; FunctionEnv, the test's own clock and sleep.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <functional>
#include <mutex>
#include <thread>
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
  // The same clock: it moves as the wall clock does here.
  std::chrono::steady_clock::time_point SteadyNow() override {
    return std::chrono::steady_clock::time_point(std::chrono::milliseconds(NowMillis()));
  }
  // Moves the clock forward to `now_ms` if it is behind it (never back).
  void CatchUpTo(int64_t now_ms) {
    const std::lock_guard lock(mutex_);
    now_ms_ = std::max(now_ms_, now_ms);
  }
  void Sleep(std::chrono::milliseconds duration) override {
    std::function<void(std::chrono::milliseconds)> on_sleep;
    {
      const std::lock_guard lock(mutex_);
      sleeps_.push_back(duration);
      now_ms_ += duration.count();
      on_sleep = on_sleep_;
    }
    if (on_sleep && duration.count() > 0) on_sleep(duration);
  }
  // Called after each sleep (outside the lock): a peer that keeps its own time, such as
  // the emulator, can be moved forward as far, so that what the run waits for happens.
  void OnSleep(std::function<void(std::chrono::milliseconds)> on_sleep) {
    const std::lock_guard lock(mutex_);
    on_sleep_ = std::move(on_sleep);
  }
  std::chrono::milliseconds Slept() {
    const std::lock_guard lock(mutex_);
    std::chrono::milliseconds total{0};
    for (auto sleep : sleeps_) total += sleep;
    return total;
  }
  std::vector<std::chrono::milliseconds> Sleeps() {
    const std::lock_guard lock(mutex_);
    return sleeps_;
  }

 private:
  std::mutex mutex_;
  int64_t now_ms_;
  std::vector<std::chrono::milliseconds> sleeps_;
  std::function<void(std::chrono::milliseconds)> on_sleep_;
};

// The clock and the sleep a test gives (the steady clock is the wall clock).
class FunctionEnv final : public Env {
 public:
  FunctionEnv(std::function<int64_t()> now_ms, std::function<void(std::chrono::milliseconds)> sleep)
      : now_ms_(std::move(now_ms)), sleep_(std::move(sleep)) {}

  int64_t NowMillis() override { return now_ms_(); }
  std::chrono::steady_clock::time_point SteadyNow() override {
    return std::chrono::steady_clock::time_point(std::chrono::milliseconds(now_ms_()));
  }
  void Sleep(std::chrono::milliseconds duration) override { sleep_(duration); }

 private:
  std::function<int64_t()> now_ms_;
  std::function<void(std::chrono::milliseconds)> sleep_;
};

// The machine's clock and real sleeps, for tests against real servers (s3rver checks a
// signature's time; a retry there should wait as it would in a run).
inline Env& MachineEnv() {
  static FunctionEnv env(
      [] {
        return std::chrono::duration_cast<std::chrono::milliseconds>(
                   std::chrono::system_clock::now().time_since_epoch())
            .count();
      },
      [](std::chrono::milliseconds d) { std::this_thread::sleep_for(d); });
  return env;
}

}  // namespace delta_arc::testing
