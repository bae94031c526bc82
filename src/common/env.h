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
  virtual void Sleep(std::chrono::milliseconds duration) = 0;
};

}  // namespace delta_arc
