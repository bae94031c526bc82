// The clock requests are signed with: local time plus a correction learned
// from the server's Date header after a RequestTimeTooSkewed answer, as the
// AWS SDKs do, so a machine with a drifting clock still gets through.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>

namespace delta_arc::aws {

class SigningClock {
 public:
  using TimePoint = std::chrono::system_clock::time_point;
  using LocalClock = std::function<TimePoint()>;

  explicit SigningClock(LocalClock local) : local_(std::move(local)) {}

  TimePoint Now() const { return local_() + std::chrono::milliseconds(offset_ms_.load()); }
  // Adopts the server's time; returns true when the offset changed.
  bool CorrectTo(TimePoint server_time) {
    const auto offset =
        std::chrono::duration_cast<std::chrono::milliseconds>(server_time - local_());
    return offset_ms_.exchange(offset.count()) != offset.count();
  }
  std::chrono::milliseconds offset() const { return std::chrono::milliseconds(offset_ms_.load()); }

 private:
  const LocalClock local_;
  std::atomic<long long> offset_ms_{0};
};

}  // namespace delta_arc::aws
