// The one operation the layers above need from HTTP: send a request, get the
// peer's answer or a transport Error (kUnavailable for connection failures,
// kTimedOut for timeouts: both worth retrying). Tests substitute fakes.
#pragma once

#include <chrono>
#include <cstdint>

#include "common/error.h"
#include "http/request.h"
#include "http/response.h"

namespace delta_arc::http {

// The connections a transport opened and the time requests spent opening them (TCP and
// TLS handshakes): a cost that grows when requests overlap or connections are dropped.
struct ConnectionStats {
  int64_t opened = 0;
  std::chrono::milliseconds connect_time{0};
};

class Transport {
 public:
  virtual ~Transport() = default;
  virtual Result<Response> Send(const Request& request) = 0;
  // Transports that open no connections of their own (fakes) have none to count.
  virtual ConnectionStats connections() const { return {}; }
};

}  // namespace delta_arc::http
