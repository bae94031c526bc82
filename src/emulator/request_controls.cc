// Test knobs; see request_controls.h.
#include "emulator/request_controls.h"

#include <thread>

namespace delta_arc::emulator {

RequestControls::RequestControls(ControlSettings settings)
    : settings_(std::move(settings)),
      random_(
          settings_.random_seed != 0
              ? settings_.random_seed
              : static_cast<uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count())),
      window_start_(std::chrono::steady_clock::now()) {}

Verdict RequestControls::Admit(const std::string& method, const std::string& path) {
  int64_t latency = 0;
  Verdict verdict = Verdict::kServe;
  {
    std::lock_guard lock(mu_);
    ++counts_[method + " " + path];
    const int64_t number = ++total_;
    latency = settings_.latency_ms;
    auto now = std::chrono::steady_clock::now();
    if (now - window_start_ >= std::chrono::seconds(1)) {
      window_start_ = now;
      window_count_ = 0;
    }
    std::uniform_real_distribution<double> uniform(0.0, 1.0);
    if (settings_.rate_limit_per_second > 0 && ++window_count_ > settings_.rate_limit_per_second) {
      verdict = Verdict::kThrottle;
      ++throttled_;
    } else if (settings_.drop_requests.contains(number) ||
               (settings_.drop_probability > 0 && uniform(random_) < settings_.drop_probability)) {
      verdict = Verdict::kDrop;
      ++dropped_;
    } else if (settings_.fail_requests.contains(number) ||
               (settings_.fail_probability > 0 && uniform(random_) < settings_.fail_probability)) {
      verdict = Verdict::kFail;
      ++failed_;
    }
  }
  if (latency > 0) std::this_thread::sleep_for(std::chrono::milliseconds(latency));
  return verdict;
}

nlohmann::json RequestControls::Stats() const {
  std::lock_guard lock(mu_);
  nlohmann::json requests = nlohmann::json::object();
  for (const auto& [route, count] : counts_) requests[route] = count;
  return {{"requests", requests},
          {"total", total_},
          {"throttled", throttled_},
          {"failed", failed_},
          {"dropped", dropped_}};
}

void RequestControls::ResetStats() {
  std::lock_guard lock(mu_);
  counts_.clear();
  total_ = throttled_ = failed_ = dropped_ = 0;
  window_count_ = 0;
}

ControlSettings RequestControls::settings() const {
  std::lock_guard lock(mu_);
  return settings_;
}

Status RequestControls::Update(const nlohmann::json& update) {
  if (!update.is_object()) return Fail(ErrorKind::kInvalidArgument, "expected a JSON object");
  ControlSettings next = settings();
  try {
    for (const auto& [key, value] : update.items()) {
      if (key == "latency_ms") {
        next.latency_ms = value.get<int64_t>();
      } else if (key == "rate_limit_per_second") {
        next.rate_limit_per_second = value.get<int64_t>();
      } else if (key == "retry_after_seconds") {
        next.retry_after_seconds = value.get<int64_t>();
      } else if (key == "fail_probability") {
        next.fail_probability = value.get<double>();
      } else if (key == "fail_status") {
        next.fail_status = value.get<int>();
      } else if (key == "fail_requests") {
        next.fail_requests = value.get<std::set<int64_t>>();
      } else if (key == "drop_probability") {
        next.drop_probability = value.get<double>();
      } else if (key == "drop_requests") {
        next.drop_requests = value.get<std::set<int64_t>>();
      } else {
        return Fail(ErrorKind::kInvalidArgument, "unknown control '" + key + "'");
      }
    }
  } catch (const nlohmann::json::exception& e) {
    return Fail(ErrorKind::kInvalidArgument, std::string("bad control value: ") + e.what());
  }
  std::lock_guard lock(mu_);
  settings_ = next;
  return Ok();
}

}  // namespace delta_arc::emulator
