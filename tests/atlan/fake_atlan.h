// A fake Atlan for unit tests: an http::Transport that answers each request with
// a handler the test writes, records what it was sent, and an AtlanClient over
// it whose retries never sleep.
#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "atlan/atlan_client.h"
#include "http/transport.h"
#include "tests/support/fake_env.h"

namespace delta_arc::testing {

struct FakeRequest {
  std::string method;
  std::string path;  // with its query, without scheme and host
  nlohmann::json body;
  std::chrono::milliseconds timeout{0};
  // "GET /api/meta/entity/guid/g" (path without the query).
  std::string Route() const { return method + " " + path.substr(0, path.find('?')); }
};

class FakeAtlan : public http::Transport {
 public:
  using Handler = std::function<http::Response(const FakeRequest&)>;
  explicit FakeAtlan(Handler handler) : handler_(std::move(handler)) {}

  Result<http::Response> Send(const http::Request& request) override {
    FakeRequest r{request.method, request.url.substr(request.url.find("/api/")),
                  request.body.empty() ? nlohmann::json()
                                       : nlohmann::json::parse(request.body, nullptr, false),
                  request.timeout};
    {
      const std::lock_guard lock(requests_mutex_);  // batches may be sent concurrently
      requests.push_back(r);
    }
    return handler_(r);
  }

  std::vector<FakeRequest> requests;

 private:
  std::mutex requests_mutex_;
  Handler handler_;
};

inline http::Response JsonAnswer(int status, const nlohmann::json& body) {
  return http::Response{.status = status, .headers = {}, .body = body.dump()};
}

// Atlan's answer while a new connection's policies are being built.
inline http::Response Forbidden() {
  return JsonAnswer(403, {{"errorCode", "ATLAS-403-00-001"},
                          {"errorMessage", "test-user is not authorized to perform read entity"}});
}

inline http::Response NotFound() {
  return JsonAnswer(404, {{"errorCode", "ATLAS-404-00-009"},
                          {"errorMessage", "Instance with unique attribute does not exist"}});
}

// An AtlanClient over a FakeAtlan; `fake` stays owned by the client.
struct FakeAtlanClient {
  explicit FakeAtlanClient(FakeAtlan::Handler handler) {
    auto transport = std::make_unique<FakeAtlan>(std::move(handler));
    fake = transport.get();
    atlan::AtlanClientOptions options;
    options.base_url = "http://atlan.test";
    options.token = "t";
    client = std::make_unique<atlan::AtlanClient>(options, std::move(transport), *env);
  }
  // Retries do not wait; the clock stands still. Held by pointer: it stays where the
  // client refers to it when this is moved.
  std::unique_ptr<Env> env =
      std::make_unique<FunctionEnv>([] { return int64_t{0}; }, [](std::chrono::milliseconds) {});
  FakeAtlan* fake = nullptr;
  std::unique_ptr<atlan::AtlanClient> client;
};

}  // namespace delta_arc::testing
