// The machine's Env; see system_env.h.
#include "app/system_env.h"

#include <unistd.h>

#include <string_view>
#include <thread>

#include "common/clock.h"

namespace delta_arc::app {

namespace {

class System final : public Env {
 public:
  int64_t NowMillis() override { return delta_arc::NowMillis(); }
  std::chrono::steady_clock::time_point SteadyNow() override {
    return std::chrono::steady_clock::now();
  }
  void Sleep(std::chrono::milliseconds duration) override { std::this_thread::sleep_for(duration); }
};

}  // namespace

Env& SystemEnv() {
  static System env;
  return env;
}

std::map<std::string, std::string> ProcessEnvironment() {
  std::map<std::string, std::string> environment;
  for (char** entry = environ; entry != nullptr && *entry != nullptr; ++entry) {
    const std::string_view text(*entry);
    const size_t equals = text.find('=');
    if (equals != text.npos) environment.emplace(text.substr(0, equals), text.substr(equals + 1));
  }
  return environment;
}

}  // namespace delta_arc::app
