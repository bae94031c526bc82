// Test support: an in-process cpp-httplib server on a free loopback port,
// running on its own thread for the lifetime of the object.
#pragma once

#include <httplib.h>

#include <string>
#include <thread>

namespace delta_arc::testing {

class LocalServer {
 public:
  LocalServer() {
    // Headers and body go out apart; with Nagle's algorithm on, the body waits for the
    // client's delayed ACK (40 ms on Linux), which no real peer adds (the emulator's server
    // says the same) and which a benchmark would count as the client's time.
    server_.set_tcp_nodelay(true);
    port_ = server_.bind_to_any_port("127.0.0.1");
  }
  LocalServer(const LocalServer&) = delete;
  LocalServer& operator=(const LocalServer&) = delete;
  ~LocalServer() { Stop(); }

  // Register handlers on server() first, then Start().
  httplib::Server& server() { return server_; }
  void Start() {
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    while (!server_.is_running()) std::this_thread::yield();  // stop() before this would be lost
  }
  void Stop() {
    server_.stop();
    if (thread_.joinable()) thread_.join();
  }
  int port() const { return port_; }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }

 private:
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
};

}  // namespace delta_arc::testing
