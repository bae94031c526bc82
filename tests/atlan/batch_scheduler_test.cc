// Tests for batches sent concurrently in dependency order, and for the batch sizer.
#include "atlan/batch_scheduler.h"

#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <vector>

#include "atlan/batch_sizer.h"

namespace delta_arc::atlan {
namespace {

using std::chrono::milliseconds;

// What the sends saw: which items had been answered when each batch started, and how
// many requests were in flight at most. Until `overlap` requests have once been in
// flight together, a send waits for the others, so that overlap is shown without timing
// anything; it gives up after 10 s (the test then fails on the count).
class Recorder {
 public:
  explicit Recorder(size_t items, size_t overlap = 1) : done_(items, false), overlap_(overlap) {}

  Status Send(size_t first, size_t n, const std::vector<int>& levels) {
    std::unique_lock lock(mutex_);
    for (size_t i = first; i < first + n; ++i) {
      for (size_t j = 0; j < done_.size(); ++j) {
        // Every item of a lower level must have been answered before this batch started,
        // but for those in the batch itself (Atlan resolves references within a request).
        const bool in_batch = j >= first && j < first + n;
        if (levels[j] < levels[i] && !done_[j] && !in_batch) ++order_violations;
      }
    }
    ++in_flight_;
    max_in_flight = std::max(max_in_flight, in_flight_);
    sizes.push_back(n);
    changed_.notify_all();
    changed_.wait_for(lock, std::chrono::seconds(10), [&] {
      reached_overlap_ = reached_overlap_ || in_flight_ >= overlap_;
      return reached_overlap_;
    });
    for (size_t i = first; i < first + n; ++i) done_[i] = true;
    --in_flight_;
    return Ok();
  }

  int order_violations = 0;
  size_t max_in_flight = 0;
  std::vector<size_t> sizes;

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<bool> done_;
  size_t overlap_;
  size_t in_flight_ = 0;
  bool reached_overlap_ = false;
};

TEST(BatchScheduler, BatchesOfOneLevelOverlapAndWaitForEveryLowerLevel) {
  // A bucket, six objects, four processes, two column processes; batches of two.
  const std::vector<int> levels = {1, 2, 2, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4};
  BatchSizer sizer(2, 2);
  Recorder recorder(levels.size());
  const BatchProgress progress = SendInBatches(
      levels.size(), sizer, {.concurrency = 4, .level_at = [&](size_t i) { return levels[i]; }},
      [&](size_t first, size_t n) { return recorder.Send(first, n, levels); });
  EXPECT_FALSE(progress.error);
  EXPECT_FALSE(progress.stopped);
  EXPECT_EQ(progress.items_sent, levels.size());
  EXPECT_EQ(progress.batches, 7u);
  EXPECT_EQ(recorder.order_violations, 0);
}

TEST(BatchScheduler, RequestsOverlapUpToTheConcurrencyAndNoFurther) {
  const std::vector<int> levels(12, 0);
  BatchSizer sizer(1, 1);
  Recorder recorder(levels.size(), /*overlap=*/3);
  const BatchProgress progress =
      SendInBatches(levels.size(), sizer, {.concurrency = 3},
                    [&](size_t first, size_t n) { return recorder.Send(first, n, levels); });
  EXPECT_EQ(progress.items_sent, 12u);
  EXPECT_EQ(recorder.max_in_flight, 3u);  // three at once: every send waited for the others
}

TEST(BatchScheduler, ADependentBatchNeverOverlapsTheLevelBeforeIt) {
  // Two objects then two processes, batches of one, room for four at once: the processes
  // may overlap each other but neither may start before both objects are answered.
  const std::vector<int> levels = {2, 2, 3, 3};
  BatchSizer sizer(1, 1);
  Recorder recorder(levels.size(), /*overlap=*/2);
  SendInBatches(levels.size(), sizer,
                {.concurrency = 4, .level_at = [&](size_t i) { return levels[i]; }},
                [&](size_t first, size_t n) { return recorder.Send(first, n, levels); });
  EXPECT_EQ(recorder.order_violations, 0);
  EXPECT_EQ(recorder.max_in_flight, 2u);
}

TEST(BatchScheduler, AFailureStartsNoFurtherBatch) {
  BatchSizer sizer(2, 2);
  std::vector<size_t> firsts;
  const BatchProgress progress = SendInBatches(10, sizer, {}, [&](size_t first, size_t) {
    firsts.push_back(first);
    return first == 4 ? Fail(ErrorKind::kRemote, "refused") : Ok();
  });
  ASSERT_TRUE(progress.error);
  EXPECT_EQ(progress.error->message, "refused");
  EXPECT_EQ(firsts, (std::vector<size_t>{0, 2, 4}));
  EXPECT_EQ(progress.items_sent, 4u);
  EXPECT_FALSE(progress.stopped);
}

TEST(BatchScheduler, TheDeadlineStopsStartingBatches) {
  BatchSizer sizer(3, 3);
  int asked = 0;
  size_t sent = 0;
  const BatchProgress progress = SendInBatches(
      10, sizer, {.should_continue = [&] { return ++asked <= 2; }}, [&](size_t, size_t n) {
        sent += n;
        return Ok();
      });
  EXPECT_TRUE(progress.stopped);
  EXPECT_FALSE(progress.error);
  EXPECT_EQ(progress.batches, 2u);
  EXPECT_EQ(progress.items_sent, 6u);
  EXPECT_EQ(sent, 6u);
}

TEST(BatchScheduler, BatchesGrowWhileAnswersAreFast) {
  // Each request takes 100 ms plus 10 ms an item on the injected clock, read twice.
  std::chrono::steady_clock::time_point clock;
  std::vector<size_t> sizes;
  BatchSizer sizer(25, 400);
  const BatchProgress progress =
      SendInBatches(2000, sizer, {.now = [&] { return clock; }}, [&](size_t, size_t n) {
        sizes.push_back(n);
        clock += milliseconds(100 + 10 * static_cast<int64_t>(n));
        return Ok();
      });
  EXPECT_EQ(progress.items_sent, 2000u);
  // 25 (350 ms) → 50 (600) → 100 (1.1 s) → 200 (2.1 s: not fast enough to double again).
  ASSERT_GE(sizes.size(), 5u);
  EXPECT_EQ((std::vector<size_t>(sizes.begin(), sizes.begin() + 5)),
            (std::vector<size_t>{25, 50, 100, 200, 200}));
}

TEST(BatchSizer, StartsWithinItsBoundsAndDoublesOnlyOnFastAnswersOfItsCurrentSize) {
  EXPECT_EQ(BatchSizer(50, 0).next(), 50u);  // no maximum: fixed
  EXPECT_EQ(BatchSizer(50, 20).next(), 20u);
  EXPECT_EQ(BatchSizer(0, 20).next(), 1u);
  BatchSizer sizer(50, 120);
  sizer.Observe(20, milliseconds(100), true);  // a smaller, older request: says nothing
  EXPECT_EQ(sizer.next(), 50u);
  sizer.Observe(50, milliseconds(1999), true);
  EXPECT_EQ(sizer.next(), 100u);
  sizer.Observe(100, milliseconds(2000), true);  // not under 2 s
  EXPECT_EQ(sizer.next(), 100u);
  sizer.Observe(100, milliseconds(10), true);
  EXPECT_EQ(sizer.next(), 120u);  // bounded
}

TEST(BatchSizer, HalvesBelowASlowOrFailedRequestButNeverBelowOne) {
  BatchSizer sizer(400, 400);
  sizer.Observe(400, milliseconds(5001), true);
  EXPECT_EQ(sizer.next(), 200u);
  sizer.Observe(400, milliseconds(5001), true);  // answered late, sent before the cut
  EXPECT_EQ(sizer.next(), 200u);
  sizer.Observe(200, milliseconds(10), false);
  EXPECT_EQ(sizer.next(), 100u);
  sizer.Observe(5000, milliseconds(5000), true);  // 5 s exactly is not over it
  EXPECT_EQ(sizer.next(), 100u);
  for (int i = 0; i < 10; ++i) sizer.Observe(1, milliseconds(9000), true);
  EXPECT_EQ(sizer.next(), 1u);
}

}  // namespace
}  // namespace delta_arc::atlan
