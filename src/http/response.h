// An HTTP response: any status the peer answered, error statuses included.
// Failing to get an answer at all is an Error, never a Response.
#pragma once

#include <string>

#include "http/headers.h"

namespace delta_arc::http {

struct Response {
  int status = 0;
  Headers headers{};
  std::string body{};

  bool ok() const { return status >= 200 && status < 300; }
};

}  // namespace delta_arc::http
