// Atlan REST client; see atlan_client.h.
#include "atlan/atlan_client.h"

#include "common/json_text.h"
#include "http/rate_limited_transport.h"

namespace delta_arc::atlan {

using nlohmann::json;

AtlanClient::AtlanClient(AtlanClientOptions options, std::unique_ptr<http::Transport> transport,
                         Env& env)
    : options_(std::move(options)),
      env_(env),
      transport_(options_.limiter ? std::make_unique<http::RateLimitedTransport>(
                                        std::move(transport), options_.limiter, env)
                                  : std::move(transport)),
      retrier_(options_.retry, env) {
  if (!options_.cutoff) options_.cutoff = std::make_shared<SharedCutoff>();
}

void AtlanClient::SetCutoff(Cutoff cutoff) {
  options_.cutoff->Set(std::move(cutoff));
}

Cutoff AtlanClient::cutoff() const {
  return options_.cutoff->Get();
}

AtlanCallStats AtlanClient::stats() const {
  const http::ConnectionStats connections = transport_->connections();
  AtlanCallStats stats{.requests = requests_.load(),
                       .retries = retries_.load(),
                       .connections = connections.opened,
                       .connect_wait_ms = connections.connect_time.count()};
  if (options_.limiter) {
    const http::RateLimiterStats limiter = options_.limiter->stats();
    stats.throttles = limiter.throttles;
    stats.limiter_wait_ms = limiter.waited.count();
  }
  return stats;
}

Error AtlanErrorFromResponse(int status, const std::string& body, const std::string& what) {
  std::string code;
  std::string message;
  json parsed = json::parse(body, nullptr, false);
  if (parsed.is_object()) {
    auto text = [&](const char* a, const char* b) -> std::string {
      for (const char* key : {a, b}) {
        if (parsed.contains(key) && !parsed[key].is_null()) {
          return parsed[key].is_string() ? parsed[key].get<std::string>() : JsonText(parsed[key]);
        }
      }
      return "";
    };
    code = text("errorCode", "code");
    message = text("errorMessage", "message");
  }
  if (message.empty()) message = body.substr(0, 300);
  std::string text = "Atlan answered " + std::to_string(status);
  if (!code.empty()) text += " " + code;
  text += ": " + message + " (" + what + ")";
  ErrorKind kind = ErrorKind::kRemote;
  if (status == 401) {
    kind = ErrorKind::kUnauthorized;
    text += "; check ATLAN_API_TOKEN and that it has not expired";
  } else if (status == 403) {
    kind = ErrorKind::kForbidden;
    text += "; the API token lacks permission for this";
  } else if (status == 404) {
    kind = ErrorKind::kNotFound;
  } else if (status == 429) {
    kind = ErrorKind::kThrottled;
  } else if (status == 413 || status == 414) {
    kind = ErrorKind::kTooLarge;
  } else if (status >= 500) {
    kind = ErrorKind::kUnavailable;
  }
  return Error(kind, text);
}

Result<json> AtlanClient::Call(const std::string& method, const std::string& path,
                               const std::optional<json>& body,
                               const json::parser_callback_t& filter) {
  return Send(method, path, body ? std::optional(JsonText(*body)) : std::nullopt, filter);
}

Result<json> AtlanClient::CallSerialized(const std::string& method, const std::string& path,
                                         std::string payload,
                                         const json::parser_callback_t& filter) {
  return Send(method, path, std::move(payload), filter);
}

Result<json> AtlanClient::Send(const std::string& method, const std::string& path,
                               const std::optional<std::string>& payload,
                               const json::parser_callback_t& filter) {
  const std::string what = method + " " + path.substr(0, path.find('?'));
  const Cutoff cutoff = this->cutoff();
  auto make = [&](int) -> Result<http::Request> {
    http::Request request;
    request.method = method;
    request.url = options_.base_url + path;
    auto timeout = cutoff.TimeoutFor(options_.timeout, what);
    if (!timeout) return std::unexpected(timeout.error());
    request.timeout = *timeout;
    // The cutoff itself, for the rate limiter's wait (which the timeout does not bound).
    if (cutoff.IsSet()) request.answer_by = env_.SteadyNow() + cutoff.Left();
    request.headers.Set("Authorization", "Bearer " + options_.token);
    request.headers.Set("Accept", "application/json");
    request.headers.Set("x-atlan-agent", "sdk");
    request.headers.Set("x-atlan-agent-id", "delta-arc");
    if (payload) {
      request.headers.Set("Content-Type", "application/json");
      request.body = *payload;
    }
    ++requests_;
    return request;
  };
  auto observer = [&](int, std::chrono::milliseconds, const Result<http::Response>&) {
    ++retries_;
  };
  const auto started = env_.SteadyNow();
  auto outcome = retrier_.Run(*transport_, make, http::IsRetryableByDefault, observer, cutoff);
  if (options_.log) {
    const auto ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(env_.SteadyNow() - started).count();
    options_.log(what + " " + (outcome ? std::to_string(outcome->status) : "no answer") + " in " +
                 std::to_string(ms) + " ms");
  }
  if (!outcome && outcome.error().kind == ErrorKind::kStopped) {
    return std::unexpected(outcome.error());
  }
  if (!outcome && outcome.error().kind == ErrorKind::kTimedOut) {
    return Fail(ErrorKind::kTimedOut,
                "Atlan at " + options_.base_url + " did not answer " + what + " within " +
                    std::to_string(options_.timeout.count()) +
                    " ms (ATLAN_TIMEOUT_SECONDS): " + outcome.error().message);
  }
  if (!outcome) {
    return Fail(outcome.error().kind, "cannot reach Atlan at " + options_.base_url + " (" + what +
                                          "): " + outcome.error().message);
  }
  if (!outcome->ok()) {
    return std::unexpected(AtlanErrorFromResponse(outcome->status, outcome->body, what));
  }
  if (outcome->body.empty()) return json::object();
  json parsed = json::parse(outcome->body, filter, false);
  if (parsed.is_discarded()) {
    return Fail(ErrorKind::kRemote, "Atlan answered " + what + " with a body that is not JSON");
  }
  if (!parsed.is_object()) {
    return Fail(ErrorKind::kRemote, "Atlan answered " + what + " with a JSON " +
                                        parsed.type_name() + ", not an object");
  }
  return parsed;
}

}  // namespace delta_arc::atlan
