// Requests spaced by a shared limiter; see rate_limited_transport.h.
#include "http/rate_limited_transport.h"

#include "http/retry.h"

namespace delta_arc::http {

Result<Response> RateLimitedTransport::Send(const Request& request) {
  if (!request.answer_by) {
    limiter_->Acquire();
    return Sent(request);
  }
  // Under the run's cutoff: no wait that ends past it, and what is left after the wait
  // is the request's time (a copy only when it waited: the body may be large).
  const auto left = [&] {
    return std::chrono::floor<std::chrono::milliseconds>(*request.answer_by - env_.SteadyNow());
  };
  const auto what = [&] {
    return request.method + " " + request.url.substr(0, request.url.find('?'));
  };
  const auto waited = limiter_->AcquireWithin(left());
  if (!waited) return std::unexpected(CutoffReached(what(), "the rate limit's wait ends later"));
  if (*waited <= std::chrono::milliseconds::zero()) return Sent(request);
  Request bounded = request;
  bounded.timeout = std::min(bounded.timeout, left());
  if (bounded.timeout <= std::chrono::milliseconds::zero()) {
    return std::unexpected(CutoffReached(what()));
  }
  return Sent(bounded);
}

Result<Response> RateLimitedTransport::Sent(const Request& request) {
  auto outcome = inner_->Send(request);
  if (outcome && outcome->status == 429) {
    limiter_->OnThrottled(RetryAfter(*outcome, WallTime(env_)));
  }
  return outcome;
}

}  // namespace delta_arc::http
