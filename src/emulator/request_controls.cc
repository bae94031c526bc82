// Request controls; see request_controls.h.
#include "emulator/request_controls.h"

#include <algorithm>
#include <chrono>
#include <thread>

namespace delta_arc::emulator {

namespace {
constexpr int64_t kMinuteMs = 60000;
}  // namespace

RequestControls::RequestControls(ControlSettings settings, EmulatorClock& clock)
    : clock_(clock),
      settings_(std::move(settings)),
      random_(settings_.random_seed != 0
                  ? settings_.random_seed
                  : static_cast<uint64_t>(
                        std::chrono::steady_clock::now().time_since_epoch().count())) {}

RequestControls::Slot::~Slot() {
  std::lock_guard lock(controls_.mu_);
  --controls_.in_flight_;
  controls_.slot_free_.notify_one();
}

std::unique_ptr<RequestControls::Slot> RequestControls::Enter() {
  std::unique_lock lock(mu_);
  slot_free_.wait(lock, [&] {
    return settings_.max_concurrent_requests <= 0 || in_flight_ < settings_.max_concurrent_requests;
  });
  ++in_flight_;
  peak_in_flight_ = std::max(peak_in_flight_, in_flight_);
  return std::make_unique<Slot>(*this);
}

// Atlan's limit as its docs state it: about 400 requests a minute per tenant, then
// 429 and every call blocked for a minute (docs.atlan.com, "API limits, batching, and
// automation"). Atlan's gateway sends no documented Retry-After; the SDKs honour one
// when present (atlan-java HttpClient, pyatlan's urllib3 Retry), so the emulator sends
// the seconds left of the block.
Verdict RequestControls::Throttle(int64_t now, int64_t& retry_after_seconds) {
  const int64_t limit = settings_.rate_limit_per_minute;
  if (limit <= 0) return Verdict::kServe;
  if (now >= blocked_until_) {
    while (!admitted_.empty() && admitted_.front() <= now - kMinuteMs) admitted_.pop_front();
    if (static_cast<int64_t>(admitted_.size()) < limit) {
      admitted_.push_back(now);
      return Verdict::kServe;
    }
    blocked_until_ = now + settings_.rate_limit_block_ms;
    admitted_.clear();
  }
  retry_after_seconds = std::max<int64_t>(1, (blocked_until_ - now + 999) / 1000);
  return Verdict::kThrottle;
}

Admission RequestControls::Admit(const std::string& method, const std::string& path) {
  int64_t latency = 0;
  Admission admission;
  {
    std::lock_guard lock(mu_);
    ++counts_[method + " " + path];
    const int64_t number = ++total_;
    latency = settings_.latency_ms;
    if (settings_.latency_jitter_ms > 0) {
      latency += std::uniform_int_distribution<int64_t>(0, settings_.latency_jitter_ms)(random_);
    }
    std::uniform_real_distribution<double> uniform(0.0, 1.0);
    admission.verdict = Throttle(clock_.NowMillis(), admission.retry_after_seconds);
    if (admission.verdict == Verdict::kThrottle) {
      ++throttled_;
    } else if (settings_.drop_requests.contains(number) ||
               (settings_.drop_probability > 0 && uniform(random_) < settings_.drop_probability)) {
      admission.verdict = Verdict::kDrop;
      ++dropped_;
    } else if (settings_.fail_requests.contains(number) ||
               (settings_.fail_probability > 0 && uniform(random_) < settings_.fail_probability)) {
      admission.verdict = Verdict::kFail;
      ++failed_;
    }
  }
  if (latency > 0) std::this_thread::sleep_for(std::chrono::milliseconds(latency));
  return admission;
}

void RequestControls::ChargeEntities(int64_t entities) {
  const int64_t cost = settings().cost_per_entity_ms * entities;
  if (cost > 0) std::this_thread::sleep_for(std::chrono::milliseconds(cost));
}

nlohmann::json RequestControls::Stats() const {
  std::lock_guard lock(mu_);
  nlohmann::json requests = nlohmann::json::object();
  for (const auto& [route, count] : counts_) requests[route] = count;
  return {{"requests", requests}, {"total", total_},     {"throttled", throttled_},
          {"failed", failed_},    {"dropped", dropped_}, {"peak_in_flight", peak_in_flight_}};
}

void RequestControls::ResetStats() {
  std::lock_guard lock(mu_);
  counts_.clear();
  total_ = throttled_ = failed_ = dropped_ = 0;
  peak_in_flight_ = in_flight_;
}

ControlSettings RequestControls::settings() const {
  std::lock_guard lock(mu_);
  return settings_;
}

Status RequestControls::Update(const nlohmann::json& update) {
  if (!update.is_object()) return Fail(ErrorKind::kInvalidArgument, "expected a JSON object");
  ControlSettings next = settings();
  int64_t advance_ms = 0;
  const std::map<std::string, int64_t*> kIntegers = {
      {"search_refresh_ms", &next.search_refresh_ms},
      {"tag_propagation_ms", &next.tag_propagation_ms},
      {"connection_bootstrap_ms", &next.connection_bootstrap_ms},
      {"rate_limit_per_minute", &next.rate_limit_per_minute},
      {"rate_limit_block_ms", &next.rate_limit_block_ms},
      {"latency_ms", &next.latency_ms},
      {"latency_jitter_ms", &next.latency_jitter_ms},
      {"cost_per_entity_ms", &next.cost_per_entity_ms},
      {"max_concurrent_requests", &next.max_concurrent_requests},
      {"advance_clock_ms", &advance_ms}};
  try {
    for (const auto& [key, value] : update.items()) {
      if (auto it = kIntegers.find(key); it != kIntegers.end()) {
        *it->second = value.get<int64_t>();
        if (*it->second < 0) {
          return Fail(ErrorKind::kInvalidArgument, key + " must not be negative");
        }
      } else if (key == "connection_processes") {
        next.connection_processes = value.get<bool>();
      } else if (key == "related_updates") {
        next.related_updates = value.get<bool>();
      } else if (key == "normalize_keywords") {
        next.normalize_keywords = value.get<bool>();
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
  {
    std::lock_guard lock(mu_);
    settings_ = next;
  }
  slot_free_.notify_all();
  clock_.Advance(advance_ms);
  return Ok();
}

}  // namespace delta_arc::emulator
