// What a run takes from the machine it runs on: the wall clock and sleeping, in
// LevelDB's manner (leveldb::Env). The system's is made at the composition root
// (app/system_env.h) and passed down; tests pass a fake whose clock moves only when
// they, or a sleep, move it, so nothing below the root waits on or reads real time.
#pragma once

#include <chrono>
#include <cstdint>

namespace delta_arc {

class Env {
 public:
  virtual ~Env() = default;
  // Epoch milliseconds.
  virtual int64_t NowMillis() = 0;
  // A clock that never goes back, for waits and deadlines (the wall clock may be set).
  virtual std::chrono::steady_clock::time_point SteadyNow() = 0;
  virtual void Sleep(std::chrono::milliseconds duration) = 0;
};

// The Env's wall clock as a time point (HTTP dates, SigV4 timestamps, expirations).
inline std::chrono::system_clock::time_point WallTime(Env& env) {
  return std::chrono::system_clock::time_point(std::chrono::milliseconds(env.NowMillis()));
}

}  // namespace delta_arc
