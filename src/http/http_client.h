// HttpClient: the libcurl-backed Transport. Thread-safe: each request borrows an idle
// curl handle (a new one when every handle is busy) and gives it back, so requests that
// overlap each have a connection of their own and consecutive ones reuse a kept-alive
// connection from the handle's cache.
#pragma once

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "http/transport.h"

namespace delta_arc::http {

struct HttpClientOptions {
  // Trusted CA certificates (FindCaBundle); empty: curl's built-in default.
  std::string ca_bundle;
  std::chrono::milliseconds connect_timeout{5000};
  std::string user_agent = "delta-arc/0.1";
};

class HttpClient final : public Transport {
 public:
  explicit HttpClient(HttpClientOptions options = {});
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;
  ~HttpClient() override;

  // Any HTTP status is a Response; no answer at all (refused, reset, DNS) is an
  // Error of kind kUnavailable, none within the timeout kTimedOut; a malformed request is
  // kInvalidArgument; TLS verification failures are kIo.
  Result<Response> Send(const Request& request) override;
  ConnectionStats connections() const override;

 private:
  struct CurlHandle;
  std::unique_ptr<CurlHandle> Borrow();
  void GiveBack(std::unique_ptr<CurlHandle> handle);
  void CountNewConnection(void* curl);  // a CURL*, which curl.h declares as void

  HttpClientOptions options_;
  std::mutex idle_mutex_;
  std::vector<std::unique_ptr<CurlHandle>> idle_;
  std::atomic<int64_t> connections_opened_{0};
  std::atomic<int64_t> connect_time_us_{0};
};

}  // namespace delta_arc::http
