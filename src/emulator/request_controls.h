// How the emulator treats every API request before serving it: Atlan's tenant
// rate limit (429 and a block), the cost model for benchmarks (latency, a cost
// per entity written, a cap on requests served at once), injected faults, and
// per-route request counts. Every setting can change while running.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <random>
#include <set>
#include <string>

#include "common/error.h"
#include "emulator/emulator_clock.h"

namespace delta_arc::emulator {

struct ControlSettings {
  // Atlan's dynamics.
  // Terms on name.keyword, __typeName.keyword and Atlan's other normalized keyword
  // fields match any case. Default: true.
  bool normalize_keywords = true;
  // Index search shows writes this long after they happen (Elasticsearch's refresh
  // interval). Default: 1000; 0: at once.
  int64_t search_refresh_ms = 1000;
  // A new connection answers 403 this long while Atlan builds its policies.
  // Default: 3000 (Atlan: up to about 30 s); 0: usable at once.
  int64_t connection_bootstrap_ms = 3000;
  // Requests a minute the tenant allows before answering 429 (Atlan: about 400).
  // Default: 0 (unlimited).
  int64_t rate_limit_per_minute = 0;
  // How long a tenant over its limit stays blocked. Default: 60000 (Atlan: a minute).
  int64_t rate_limit_block_ms = 60000;
  // A tag attached, changed or removed spreads (or stops spreading) along lineage and
  // hierarchy this long after, as Atlan's propagation tasks run asynchronously; so do
  // changes of the relationships and state of the entities it reaches. Default: 2000;
  // 0: at the next request.
  int64_t tag_propagation_ms = 2000;
  // Processes across connections get a ConnectionProcess. Default: true.
  bool connection_processes = true;
  // The asset at the far end of each relationship a write makes is updated, as Atlas
  // records it: the write's answer lists it under UPDATE, and its modification time and
  // modifier become the write's. Default: true (Atlan always does).
  bool related_updates = true;

  // Cost model (benchmarks). Default: all 0 (free, unbounded).
  int64_t latency_ms = 0;  // added to every request
  // Up to this much more, drawn per request, so that requests in flight together finish
  // in any order (as on a server whose requests take uneven time), not in arrival order.
  int64_t latency_jitter_ms = 0;
  int64_t cost_per_entity_ms = 0;       // added per entity a bulk write or delete carries
  int64_t max_concurrent_requests = 0;  // served at once; more wait their turn

  // Faults. Default: none.
  double fail_probability = 0;  // answer fail_status with this probability
  int fail_status = 503;
  std::set<int64_t> fail_requests;  // 1-based numbers of API requests to fail
  double drop_probability = 0;      // close the connection without a full answer
  std::set<int64_t> drop_requests;
  uint64_t random_seed = 0;  // 0: seeded from the clock
};

// What to do with one request.
enum class Verdict { kServe, kThrottle, kFail, kDrop };

struct Admission {
  Verdict verdict = Verdict::kServe;
  int64_t retry_after_seconds = 0;  // for kThrottle
};

class RequestControls {
 public:
  RequestControls(ControlSettings settings, EmulatorClock& clock);

  // Holds one of the max_concurrent_requests slots while alive.
  class Slot {
   public:
    explicit Slot(RequestControls& controls) : controls_(controls) {}
    Slot(const Slot&) = delete;
    Slot& operator=(const Slot&) = delete;
    ~Slot();

   private:
    RequestControls& controls_;
  };
  // Waits for a free slot.
  [[nodiscard]] std::unique_ptr<Slot> Enter();

  // Counts the request under "METHOD /path" and decides its fate. Sleeps for the latency.
  Admission Admit(const std::string& method, const std::string& path);
  // Sleeps for the cost of writing `entities` entities.
  void ChargeEntities(int64_t entities);

  nlohmann::json Stats() const;
  void ResetStats();
  ControlSettings settings() const;
  // Applies the knobs present in `update` (same names as the flags, snake_case), plus
  // the actions "advance_clock_ms" (moves the emulator's clock forward).
  Status Update(const nlohmann::json& update);

 private:
  Verdict Throttle(int64_t now, int64_t& retry_after_seconds);

  EmulatorClock& clock_;
  mutable std::mutex mu_;
  std::condition_variable slot_free_;
  int64_t in_flight_ = 0;
  int64_t peak_in_flight_ = 0;  // the most served at once since the stats were reset
  ControlSettings settings_;
  std::mt19937_64 random_;
  std::map<std::string, int64_t> counts_;
  int64_t total_ = 0;
  int64_t throttled_ = 0;
  int64_t failed_ = 0;
  int64_t dropped_ = 0;
  std::deque<int64_t> admitted_;  // times of the requests let through in the last minute
  int64_t blocked_until_ = 0;
};

}  // namespace delta_arc::emulator
