// Requests spaced by a shared limiter; see rate_limited_transport.h.
#include "http/rate_limited_transport.h"

#include "http/retry.h"

namespace delta_arc::http {

Result<Response> RateLimitedTransport::Send(const Request& request) {
  limiter_->Acquire();
  auto outcome = inner_->Send(request);
  if (outcome && outcome->status == 429) {
    limiter_->OnThrottled(RetryAfter(*outcome, std::chrono::system_clock::now()));
  }
  return outcome;
}

}  // namespace delta_arc::http
