// An HTTP request as delta-arc sends it: method, absolute URL (already
// percent-encoded as it goes on the wire), headers, body and a deadline.
#pragma once

#include <chrono>
#include <cstddef>
#include <optional>
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
  // The run's cutoff (common/cutoff.h) on the steady clock, when it has one: a rate
  // limiter's wait that would end past it is not taken, and the timeout is what is left.
  std::optional<std::chrono::steady_clock::time_point> answer_by{};
  // When non-zero, the transfer stops once the body holds this many bytes
  // (a guard for ranged reads against servers that ignore Range).
  std::size_t max_response_bytes = 0;
};

}  // namespace delta_arc::http
