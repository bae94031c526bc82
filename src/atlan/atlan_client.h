// The Atlan REST client: JSON calls to a tenant (or the emulator) with the API
// token, retries on throttling and transient failures, Atlas error bodies
// turned into Errors, and counts of requests and retries for the report.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "common/cutoff.h"
#include "common/env.h"
#include "common/error.h"
#include "http/rate_limiter.h"
#include "http/retry.h"
#include "http/transport.h"

namespace delta_arc::atlan {

struct AtlanClientOptions {
  std::string base_url;  // e.g. https://tenant.atlan.com, no trailing slash
  std::string token;     // sent as a Bearer token; never logged or put in an error
  std::chrono::milliseconds timeout{60000};
  // Told of each request as it completes ("POST /api/meta/… 200 in 35 ms"); never the
  // token or a body.
  std::function<void(const std::string&)> log;
  http::RetryOptions retry{.max_attempts = 5,
                           .base_delay = std::chrono::milliseconds(500),
                           .max_backoff = std::chrono::milliseconds(20000),
                           .max_retry_after = std::chrono::milliseconds(60000)};
  // Spaces every attempt, retries included, and slows down on 429s; may be shared by
  // several clients of one tenant. Null: none.
  std::shared_ptr<http::RateLimiter> limiter;
  // The run's cutoff, shared with the other clients of a run (SharedCutoff). Null: the
  // client's own.
  std::shared_ptr<SharedCutoff> cutoff;
};

struct AtlanCallStats {
  int64_t requests = 0;  // attempts sent, retries included
  int64_t retries = 0;
  int64_t throttles = 0;        // 429s received (by the limiter's count)
  int64_t limiter_wait_ms = 0;  // time held back by the limiter
  int64_t connections = 0;      // connections opened
  int64_t connect_wait_ms = 0;  // time requests waited on them (TCP and TLS handshakes)

  // What happened between an earlier reading and this one.
  AtlanCallStats Since(const AtlanCallStats& before) const {
    return {requests - before.requests,       retries - before.retries,
            throttles - before.throttles,     limiter_wait_ms - before.limiter_wait_ms,
            connections - before.connections, connect_wait_ms - before.connect_wait_ms};
  }
};

// Thread-safe: concurrent calls share the transport (which must be thread-safe, as
// HttpClient is), the retrier and the limiter.
class AtlanClient {
 public:
  // `env`: the clock and sleep of every wait (retries, the limiter, cutoffs); it outlives
  // the client.
  AtlanClient(AtlanClientOptions options, std::unique_ptr<http::Transport> transport, Env& env);

  // Sends `method path` (path starts with /api/, query included) with an optional
  // JSON body and returns the parsed JSON object a 2xx answers (an empty body is {};
  // any other JSON is a kRemote error); `filter` may drop parts of the answer while
  // it is parsed (large search pages).
  Result<nlohmann::json> Call(const std::string& method, const std::string& path,
                              const std::optional<nlohmann::json>& body = std::nullopt,
                              const nlohmann::json::parser_callback_t& filter = nullptr);
  // The same with the JSON body already serialized, so that a caller building a large
  // body drops its JSON (several times the size of its text) before the request waits
  // on Atlan.
  Result<nlohmann::json> CallSerialized(const std::string& method, const std::string& path,
                                        std::string payload,
                                        const nlohmann::json::parser_callback_t& filter = nullptr);

  AtlanCallStats stats() const;

  // The cutoff of the run that uses the client now (the client lives as long as a Lambda
  // container; each invocation sets its own), in AtlanClientOptions::cutoff, so every
  // client sharing it is cut: no request starts after it, none's timeout outlives it, and
  // no retry waits past it; each answers CutoffReached instead.
  void SetCutoff(Cutoff cutoff);
  Cutoff cutoff() const;

 private:
  Result<nlohmann::json> Send(const std::string& method, const std::string& path,
                              const std::optional<std::string>& payload,
                              const nlohmann::json::parser_callback_t& filter);

  AtlanClientOptions options_;
  Env& env_;
  std::unique_ptr<http::Transport> transport_;
  http::Retrier retrier_;
  std::atomic<int64_t> requests_{0};
  std::atomic<int64_t> retries_{0};
};

// "Atlan answered 404 ATLAS-404-00-00A: Referenced entity … (POST /api/meta/entity/bulk)".
Error AtlanErrorFromResponse(int status, const std::string& body, const std::string& what);

}  // namespace delta_arc::atlan
