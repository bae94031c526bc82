// Test support: starts a real server process (the emulator, s3rver, …) on a
// free loopback port, waits until it accepts connections, and stops it on
// scope exit, so every test owns the peers it talks to.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <string>
#include <vector>

namespace delta_arc::testing {

// A port that was free a moment ago on 127.0.0.1.
int FreePort();

// True once something accepts TCP connections on 127.0.0.1:port.
bool WaitForPort(int port, std::chrono::milliseconds timeout);

class Subprocess {
 public:
  // Starts argv[0] with the given arguments; extra environment entries are "NAME=value"
  // (a later one for the same name wins).
  // stdout and stderr go to `log_path` when set, else are inherited.
  Subprocess(std::vector<std::string> argv, std::vector<std::string> extra_env = {},
             std::string log_path = "");
  Subprocess(const Subprocess&) = delete;
  Subprocess& operator=(const Subprocess&) = delete;
  ~Subprocess();

  pid_t pid() const { return pid_; }
  bool running();
  void Kill(int signal);  // e.g. SIGKILL to test crash recovery
  int Wait();             // exit status (or 128+signal)

 private:
  pid_t pid_ = -1;
  bool reaped_ = false;
  int status_ = 0;
};

// Runs a command to completion, capturing stdout+stderr; returns the exit code.
int RunCommand(const std::vector<std::string>& argv, std::string* output,
               const std::vector<std::string>& extra_env = {});

// Path of a file under the repository's testdata/ folder.
std::string TestDataPath(const std::string& relative);
// Path of a built binary (atlan-emulator, delta-arc) in the build tree.
std::string BinaryPath(const std::string& name);
// A fresh empty directory under the system temp folder, removed by the caller.
std::string MakeTempDir();

}  // namespace delta_arc::testing
