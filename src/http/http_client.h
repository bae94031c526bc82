// HttpClient: the libcurl-backed Transport. One curl handle per client, kept
// for its connection cache, so consecutive requests to a host reuse a
// connection. Not thread-safe: use one client per thread.
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "http/transport.h"

namespace delta_arc::http {

struct HttpClientOptions {
  // Trusted CA certificates; empty means FindCaBundle().
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

  // Any HTTP status is a Response; no answer at all (refused, reset, DNS,
  // timeout) is an Error of kind kUnavailable; a malformed request is
  // kInvalidArgument; TLS verification failures are kIo.
  Result<Response> Send(const Request& request) override;

 private:
  struct CurlHandle;
  HttpClientOptions options_;
  std::unique_ptr<CurlHandle> curl_;
};

}  // namespace delta_arc::http
