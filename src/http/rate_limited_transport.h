// A Transport that asks a shared RateLimiter before each request it sends and tells it
// of each throttling answer (429, with its Retry-After). Every attempt goes through it,
// retries included, so the limiter sees the requests the server sees. A request with a
// cutoff (Request::answer_by) waits for the limiter only within it.
#pragma once

#include <memory>

#include "http/rate_limiter.h"
#include "http/transport.h"

namespace delta_arc::http {

class RateLimitedTransport : public Transport {
 public:
  // `env`'s steady clock measures what is left of a request's cutoff; its wall clock dates
  // a Retry-After.
  RateLimitedTransport(std::unique_ptr<Transport> inner, std::shared_ptr<RateLimiter> limiter,
                       Env& env)
      : inner_(std::move(inner)), limiter_(std::move(limiter)), env_(env) {}

  Result<Response> Send(const Request& request) override;
  ConnectionStats connections() const override { return inner_->connections(); }

 private:
  // Sends it and tells the limiter of a throttling answer.
  Result<Response> Sent(const Request& request);

  std::unique_ptr<Transport> inner_;
  std::shared_ptr<RateLimiter> limiter_;
  Env& env_;
};

}  // namespace delta_arc::http
