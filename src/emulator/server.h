// The emulator's HTTP server: Atlan's routes, bearer-token auth, the test knobs
// and /_emulator/stats, over one EntityStore.
#pragma once

#include <memory>
#include <string>

#include "common/error.h"
#include "emulator/directory.h"
#include "emulator/request_controls.h"

namespace delta_arc::emulator {

struct ServerOptions {
  std::string host = "127.0.0.1";
  int port = 0;  // 0: any free port
  std::string token;
  std::string db_path;                                   // empty: in memory
  std::string user = "service-account-apikey-emulator";  // who writes, as Atlan records it
  ControlSettings controls;
  std::string directory_path;          // empty: the built-in directory
  int64_t max_result_window = 100000;  // Atlan's from + size limit
};

class Server {
 public:
  static Result<std::unique_ptr<Server>> Create(const ServerOptions& options);
  virtual ~Server() = default;
  // Binds and serves until Stop(); returns the error if binding fails.
  virtual Status Run() = 0;
  virtual int BoundPort() const = 0;
  virtual void Stop() = 0;
};

}  // namespace delta_arc::emulator
