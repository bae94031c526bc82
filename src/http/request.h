// An HTTP request as delta-arc sends it: method, absolute URL (already
// percent-encoded as it goes on the wire), headers, body and a deadline.
#pragma once

#include <chrono>
#include <cstddef>
#include <string>

#include "http/headers.h"

namespace delta_arc::http {

struct Request {
  std::string method = "GET";
  std::string url{};
  Headers headers{};
  std::string body{};
  // The whole exchange, connection included, must finish within this.
  std::chrono::milliseconds timeout{30000};
  // When non-zero, the transfer stops once the body holds this many bytes
  // (a guard for ranged reads against servers that ignore Range).
  std::size_t max_response_bytes = 0;
};

}  // namespace delta_arc::http
