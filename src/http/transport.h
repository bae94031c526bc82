// The one operation the layers above need from HTTP: send a request, get the
// peer's answer or a transport Error (kUnavailable for connection failures
// and timeouts, which are worth retrying). Tests substitute fakes.
#pragma once

#include "common/error.h"
#include "http/request.h"
#include "http/response.h"

namespace delta_arc::http {

class Transport {
 public:
  virtual ~Transport() = default;
  virtual Result<Response> Send(const Request& request) = 0;
};

}  // namespace delta_arc::http
