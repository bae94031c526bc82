// The machine's Env; see system_env.h.
#include "app/system_env.h"

#include <thread>

#include "common/clock.h"

namespace delta_arc::app {

namespace {

class System final : public Env {
 public:
  int64_t NowMillis() override { return delta_arc::NowMillis(); }
  void Sleep(std::chrono::milliseconds duration) override { std::this_thread::sleep_for(duration); }
};

}  // namespace

Env& SystemEnv() {
  static System env;
  return env;
}

}  // namespace delta_arc::app
