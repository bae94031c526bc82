// Tests for standard-mode retries: attempts, backoff bounds, Retry-After, re-building.
#include "http/retry.h"

#include <gtest/gtest.h>

#include <deque>
#include <vector>

#include "tests/support/fake_env.h"

namespace delta_arc::http {
namespace {

using std::chrono::milliseconds;

// Answers with a scripted list of outcomes and records what it was sent.
class ScriptedTransport : public Transport {
 public:
  explicit ScriptedTransport(std::deque<Result<Response>> outcomes)
      : outcomes_(std::move(outcomes)) {}
  Result<Response> Send(const Request& request) override {
    sent.push_back(request);
    auto next = outcomes_.front();
    outcomes_.pop_front();
    return next;
  }
  std::vector<Request> sent;

 private:
  std::deque<Result<Response>> outcomes_;
};

Response WithStatus(int status) {
  return Response{.status = status};
}

class RetryTest : public ::testing::Test {
 protected:
  Retrier MakeRetrier(RetryOptions options = {}) { return Retrier(options, env, 42); }
  AttemptFn Builder() {
    return [](int attempt) -> Result<Request> {
      Request r{.url = "http://x/"};
      r.headers.Set("Attempt", std::to_string(attempt));
      return r;
    };
  }
  std::vector<milliseconds> sleeps;
  delta_arc::testing::FunctionEnv env{[] { return int64_t{0}; },
                                      [this](milliseconds d) { sleeps.push_back(d); }};
};

TEST_F(RetryTest, RetriesServerErrorsAndRebuildsEachAttempt) {
  ScriptedTransport transport({WithStatus(503), WithStatus(500), WithStatus(200)});
  auto retrier = MakeRetrier();
  auto outcome = retrier.Run(transport, Builder());
  ASSERT_TRUE(outcome);
  EXPECT_EQ(outcome->status, 200);
  ASSERT_EQ(transport.sent.size(), 3u);
  EXPECT_EQ(transport.sent[0].headers.Get("Attempt"), "1");
  EXPECT_EQ(transport.sent[2].headers.Get("Attempt"), "3");
  EXPECT_EQ(sleeps.size(), 2u);
}

TEST_F(RetryTest, StopsAtMaxAttemptsAndReturnsLastOutcome) {
  ScriptedTransport transport({WithStatus(429), WithStatus(502), WithStatus(504)});
  auto retrier = MakeRetrier();
  auto outcome = retrier.Run(transport, Builder());
  ASSERT_TRUE(outcome);
  EXPECT_EQ(outcome->status, 504);
  EXPECT_EQ(transport.sent.size(), 3u);
}

TEST_F(RetryTest, DoesNotRetryClientErrors) {
  ScriptedTransport transport({WithStatus(404)});
  auto retrier = MakeRetrier();
  EXPECT_EQ(retrier.Run(transport, Builder())->status, 404);
  EXPECT_TRUE(sleeps.empty());
}

TEST_F(RetryTest, RetriesConnectionErrorsButNotOtherFailures) {
  ScriptedTransport transport(
      {Fail(ErrorKind::kUnavailable, "refused"), Fail(ErrorKind::kIo, "tls"), WithStatus(200)});
  auto retrier = MakeRetrier();
  auto outcome = retrier.Run(transport, Builder());
  ASSERT_FALSE(outcome);
  EXPECT_EQ(outcome.error().kind, ErrorKind::kIo);
  EXPECT_EQ(transport.sent.size(), 2u);
}

// A request's timeout is what is left of the run's cutoff, so an attempt that fails once the
// cutoff passed was cut short by it: the run stopped (kStopped), the server did not fail.
// A failure before the cutoff is still retried and reported as what it is.
TEST_F(RetryTest, AnAttemptThatFailsOnceTheCutoffPassedIsTheCutoffs) {
  int64_t now = 0;
  const Cutoff cutoff(5000, [&] { return now; });
  ScriptedTransport transport({Fail(ErrorKind::kUnavailable, "Timeout was reached"),
                               Fail(ErrorKind::kUnavailable, "Timeout was reached")});
  auto retrier = MakeRetrier();
  auto outcome = retrier.Run(
      transport,
      [&](int attempt) -> Result<Request> {
        now = attempt == 1 ? 1000 : 5000;  // the second attempt's timeout ends at the cutoff
        return Request{.url = "http://x/"};
      },
      IsRetryableByDefault, {}, cutoff);
  ASSERT_FALSE(outcome);
  EXPECT_EQ(outcome.error().kind, ErrorKind::kStopped);
  EXPECT_EQ(outcome.error().message, "stopped before an answer came: Timeout was reached");
  EXPECT_EQ(transport.sent.size(), 2u);
  EXPECT_EQ(sleeps.size(), 1u);
}

TEST_F(RetryTest, BuilderFailureStopsImmediately) {
  ScriptedTransport transport({WithStatus(200)});
  auto retrier = MakeRetrier();
  auto outcome = retrier.Run(transport, [](int) -> Result<Request> {
    return Fail(ErrorKind::kUnauthorized, "no credentials");
  });
  ASSERT_FALSE(outcome);
  EXPECT_TRUE(transport.sent.empty());
}

TEST_F(RetryTest, BackoffIsFullJitterUnderTheTruncatedExponential) {
  auto retrier = MakeRetrier({.base_delay = milliseconds(100), .max_backoff = milliseconds(1000)});
  for (int attempt = 1; attempt <= 8; ++attempt) {
    const long long ceiling = std::min(100LL << (attempt - 1), 1000LL);
    long long largest = 0;
    for (int i = 0; i < 200; ++i) {
      const auto d = retrier.Backoff(attempt).count();
      EXPECT_GE(d, 0);
      EXPECT_LE(d, ceiling);
      largest = std::max<long long>(largest, d);
    }
    EXPECT_GT(largest, ceiling / 2);  // jitter spans the range
  }
}

TEST_F(RetryTest, HonoursRetryAfterSecondsWithinTheCap) {
  Response throttled = WithStatus(429);
  throttled.headers.Add("Retry-After", "3");
  ScriptedTransport transport({throttled, WithStatus(200)});
  auto retrier =
      MakeRetrier({.base_delay = milliseconds(1), .max_retry_after = milliseconds(5000)});
  ASSERT_TRUE(retrier.Run(transport, Builder()));
  ASSERT_EQ(sleeps.size(), 1u);
  EXPECT_EQ(sleeps[0], milliseconds(3000));
}

TEST_F(RetryTest, RetryAfterParsesAllForms) {
  const auto now = std::chrono::system_clock::from_time_t(1445212800);  // 2015-10-19 00:00:00
  Response r;
  r.headers.Set("Retry-After", "Mon, 19 Oct 2015 00:00:07 GMT");
  EXPECT_EQ(RetryAfter(r, now), milliseconds(7000));
  r.headers.Set("x-amz-retry-after", "250");
  EXPECT_EQ(RetryAfter(r, now), milliseconds(250));
  EXPECT_FALSE(RetryAfter(Response{}, now));
}

}  // namespace
}  // namespace delta_arc::http
