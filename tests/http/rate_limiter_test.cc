// The rate limiter on an injected clock whose sleeps advance it: a minute's budget as a
// burst, any window of a minute within it, Retry-After holding every caller, the cut to
// beta and the cubic way back, concurrent callers sharing one window, and the transport
// that feeds it 429s.
#include "http/rate_limiter.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <mutex>
#include <thread>
#include <vector>

#include "http/rate_limited_transport.h"
#include "tests/support/fake_env.h"

namespace delta_arc::http {
namespace {

using std::chrono::milliseconds;
using std::chrono::steady_clock;

// Time that passes only when the limiter sleeps (or the test says so).
struct FakeTime {
  steady_clock::time_point now{std::chrono::hours(1)};
  std::mutex mutex;

  RateLimiter::Clock Clock() {
    return [this] {
      const std::lock_guard lock(mutex);
      return now;
    };
  }
  RateLimiter::Sleep Sleep() {
    return [this](milliseconds d) { Advance(d); };
  }
  void Advance(milliseconds d) {
    const std::lock_guard lock(mutex);
    now += d;
  }
};

TEST(RateLimiter, AMinutesBudgetGoesAtOnceAndTheNextWaitsForTheWindow) {
  FakeTime time;
  RateLimiter limiter({.max_per_minute = 120}, time.Clock(), time.Sleep());
  const auto start = time.now;
  for (int i = 0; i < 120; ++i) ASSERT_EQ(limiter.Acquire(), milliseconds(0)) << i;
  EXPECT_EQ(time.now, start) << "a run within the budget waited";
  // The 121st goes when the first has left the window, a minute after it.
  time.Advance(milliseconds(20000));
  EXPECT_EQ(limiter.Acquire(), milliseconds(40000));
  EXPECT_EQ(time.now - start, std::chrono::minutes(1));
  EXPECT_EQ(limiter.stats().waited, milliseconds(40000));
  EXPECT_DOUBLE_EQ(limiter.stats().per_minute, 120);
}

// Requests at uneven times, some in bursts, some after pauses: every 60-second window
// of the times they went holds at most the budget, and none waited when its window had
// room (it went at the time asked, or when the request a budget before it left).
TEST(RateLimiter, AnyMinuteHoldsAtMostTheBudget) {
  FakeTime time;
  constexpr size_t kBudget = 25;
  RateLimiter limiter({.max_per_minute = kBudget}, time.Clock(), time.Sleep());
  std::vector<steady_clock::time_point> went;
  uint64_t seed = 7;
  for (int i = 0; i < 400; ++i) {
    seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
    const uint64_t draw = seed >> 33;
    if (draw % 3 == 0) time.Advance(milliseconds(draw % 9000));  // else: a burst
    const auto asked = time.now;
    limiter.Acquire();
    went.push_back(time.now);
    if (went.size() > kBudget && time.now > asked) {
      EXPECT_EQ(time.now, went[went.size() - 1 - kBudget] + std::chrono::minutes(1)) << i;
    }
  }
  for (size_t first = 0; first < went.size(); ++first) {
    const auto end = went[first] + std::chrono::minutes(1);
    const auto in_window = std::lower_bound(went.begin(), went.end(), end) - went.begin();
    EXPECT_LE(static_cast<size_t>(in_window) - first, kBudget) << first;
  }
}

TEST(RateLimiter, TimeSpentElsewhereIsNotWaitedAgain) {
  FakeTime time;
  RateLimiter limiter({.max_per_minute = 60}, time.Clock(), time.Sleep());
  limiter.Acquire();
  time.Advance(milliseconds(1500));  // the request itself took longer than the spacing
  EXPECT_EQ(limiter.Acquire(), milliseconds(0));
}

// A request under a run's cutoff (Request::answer_by) does not wait past it, and takes no
// slot from the requests that may.
TEST(RateLimiter, AWaitLongerThanAllowedIsNotTakenNorItsSlot) {
  FakeTime time;
  RateLimiter limiter({}, time.Clock(), time.Sleep());
  limiter.OnThrottled(milliseconds(60000));
  const auto held = time.now;
  EXPECT_EQ(limiter.AcquireWithin(milliseconds(10000)), std::nullopt);
  EXPECT_EQ(time.now, held) << "it waited";
  EXPECT_EQ(limiter.AcquireWithin(milliseconds(60000)), milliseconds(60000));
  EXPECT_EQ(limiter.AcquireWithin(milliseconds(0)), milliseconds(0));
}

TEST(RateLimiter, RetryAfterHoldsEveryRequestUntilItHasPassed) {
  FakeTime time;
  RateLimiter limiter({}, time.Clock(), time.Sleep());  // no ceiling: only the hold
  EXPECT_EQ(limiter.Acquire(), milliseconds(0));
  limiter.OnThrottled(milliseconds(60000));
  EXPECT_EQ(limiter.Acquire(), milliseconds(60000));
  EXPECT_EQ(limiter.Acquire(), milliseconds(0));
  EXPECT_EQ(limiter.stats().throttles, 1);
}

TEST(RateLimiter, AThrottleCutsTheRateToBetaAndItGrowsBackAlongTheCubic) {
  FakeTime time;
  const RateLimiterOptions options{.max_per_minute = 300};
  RateLimiter limiter(options, time.Clock(), time.Sleep());
  limiter.OnThrottled(milliseconds(2000));
  // During the hold and right after it: beta of the rate the requests went at.
  EXPECT_NEAR(limiter.stats().per_minute, 300 * 0.7, 1e-9);
  time.Advance(milliseconds(2000));
  EXPECT_NEAR(limiter.stats().per_minute, 300 * 0.7, 1e-9);
  // Back to the rate of the throttle K seconds after the hold, K = cbrt(W (1 - beta) / C).
  const double k = std::cbrt(5.0 * 0.3 / 0.4);
  time.Advance(milliseconds(static_cast<int64_t>(k * 1000 / 2)));
  const double halfway = limiter.stats().per_minute;
  EXPECT_GT(halfway, 210);
  EXPECT_LT(halfway, 300);
  time.Advance(milliseconds(static_cast<int64_t>(k * 1000)));
  EXPECT_NEAR(limiter.stats().per_minute, 300, 1e-9);  // never past the ceiling
}

// After a 429 the window holds the cut budget: beta of what requests went at.
TEST(RateLimiter, AfterAThrottleAMinuteHoldsTheCutBudget) {
  FakeTime time;
  RateLimiter limiter({.max_per_minute = 100}, time.Clock(), [](milliseconds) {});
  limiter.OnThrottled(std::nullopt);
  int at_once = 0;
  for (int i = 0; i < 100; ++i) at_once += limiter.Acquire() == milliseconds(0) ? 1 : 0;
  EXPECT_EQ(at_once, 70);
}

TEST(RateLimiter, ThrottlesInARowCutFurtherButNeverBelowTheFloor) {
  FakeTime time;
  RateLimiter limiter({.max_per_minute = 300, .min_per_minute = 30}, time.Clock(), time.Sleep());
  limiter.OnThrottled(std::nullopt);
  limiter.OnThrottled(std::nullopt);
  EXPECT_NEAR(limiter.stats().per_minute, 300 * 0.7 * 0.7, 1e-6);
  for (int i = 0; i < 20; ++i) limiter.OnThrottled(std::nullopt);
  EXPECT_NEAR(limiter.stats().per_minute, 30, 1e-9);
  EXPECT_EQ(limiter.stats().throttles, 22);
}

TEST(RateLimiter, ConcurrentCallersShareOneWindow) {
  FakeTime time;
  RateLimiter limiter({.max_per_minute = 10}, time.Clock(), [](milliseconds) {});
  std::vector<std::thread> callers;
  std::mutex mutex;
  std::vector<milliseconds> waits;
  for (int i = 0; i < 8; ++i) {
    callers.emplace_back([&] {
      for (int j = 0; j < 5; ++j) {
        const milliseconds waited = limiter.Acquire();
        const std::lock_guard lock(mutex);
        waits.push_back(waited);
      }
    });
  }
  for (auto& caller : callers) caller.join();
  // The clock stood still: 40 requests at ten a minute went ten at a time, a minute apart.
  std::ranges::sort(waits);
  ASSERT_EQ(waits.size(), 40u);
  for (size_t i = 0; i < waits.size(); ++i) {
    EXPECT_EQ(waits[i], std::chrono::minutes(i / 10)) << i;
  }
}

// A transport answering 429 with Retry-After 3 to its first request, then 200.
class ThrottleOnce : public Transport {
 public:
  Result<Response> Send(const Request&) override {
    if (sent_++ > 0) return Response{.status = 200, .headers = {}, .body = "{}"};
    Response throttled{.status = 429, .headers = {}, .body = ""};
    throttled.headers.Set("Retry-After", "3");
    return throttled;
  }

 private:
  int sent_ = 0;
};

TEST(RateLimitedTransport, TellsTheLimiterOf429sAndWaitsBeforeSending) {
  FakeTime time;
  auto limiter = std::make_shared<RateLimiter>(RateLimiterOptions{.max_per_minute = 60},
                                               time.Clock(), time.Sleep());
  delta_arc::testing::FunctionEnv env([] { return int64_t{0}; }, [](milliseconds) {});
  RateLimitedTransport transport(std::make_unique<ThrottleOnce>(), limiter, env);
  const auto start = time.now;
  ASSERT_EQ(transport.Send(Request{})->status, 429);
  ASSERT_EQ(transport.Send(Request{})->status, 200);
  EXPECT_EQ(limiter->stats().throttles, 1);
  // The second request, well within the budget, waited out the Retry-After.
  EXPECT_EQ(time.now - start, milliseconds(3000));
}

TEST(RateLimitedTransport, ARequestUnderACutoffDoesNotWaitPastIt) {
  FakeTime time;
  auto limiter = std::make_shared<RateLimiter>(RateLimiterOptions{}, time.Clock(), time.Sleep());
  // The transport measures what is left of a cutoff on the same time.
  delta_arc::testing::FunctionEnv env(
      [&time] {
        return std::chrono::duration_cast<milliseconds>(time.Clock()().time_since_epoch()).count();
      },
      time.Sleep());
  RateLimitedTransport transport(std::make_unique<ThrottleOnce>(), limiter, env);
  ASSERT_EQ(transport.Send(Request{})->status, 429);  // held 3 s
  const auto held = time.now;
  Request bounded;
  bounded.answer_by = time.now + milliseconds(1000);
  auto stopped = transport.Send(bounded);
  ASSERT_FALSE(stopped);
  EXPECT_EQ(stopped.error().kind, ErrorKind::kStopped);
  EXPECT_EQ(time.now, held) << "it waited for the limiter";
  bounded.answer_by = time.now + milliseconds(60000);
  EXPECT_EQ(transport.Send(bounded)->status, 200);
  EXPECT_EQ(time.now - held, milliseconds(3000));
}

}  // namespace
}  // namespace delta_arc::http
