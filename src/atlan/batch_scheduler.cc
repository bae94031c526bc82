// Concurrent batches in dependency order; see batch_scheduler.h.
#include "atlan/batch_scheduler.h"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

namespace delta_arc::atlan {

namespace {

struct Batch {
  size_t first = 0;
  size_t count = 0;
  std::multiset<int>::iterator lowest_level;  // this batch's entry in Scheduler::unfinished_
};

class Scheduler {
 public:
  Scheduler(BatchSizer& sizer, const BatchScheduleOptions& options,
            const std::function<Status(size_t, size_t)>& send)
      : sizer_(sizer), options_(options), send_(send) {}

  BatchProgress Run(size_t count) {
    const size_t workers = std::max<size_t>(1, options_.concurrency);
    std::vector<std::jthread> threads;
    for (size_t i = 0; i < std::min(workers, count); ++i) threads.emplace_back([this] { Work(); });
    size_t next = 0;
    while (next < count) {
      std::unique_lock lock(mutex_);
      changed_.wait(lock, [&] { return progress_.error || in_flight_ < workers; });
      if (progress_.error) break;
      lock.unlock();
      // Sized once a slot is free: the answers so far have told the sizer what they could.
      size_t n = std::min(sizer_.next(), count - next);
      if (options_.fitting) n = std::clamp<size_t>(options_.fitting(next, n), 1, n);
      const auto [lowest, highest] = Levels(next, n);
      lock.lock();
      changed_.wait(lock, [&] { return progress_.error || MayStart(highest, workers); });
      if (progress_.error) break;
      lock.unlock();
      // Asked as late as possible: the batch is sent as soon as the answer is yes.
      if (options_.should_continue && !options_.should_continue()) {
        stopped_ = true;
        break;
      }
      lock.lock();
      queue_.push_back({next, n, unfinished_.insert(lowest)});
      ++in_flight_;
      changed_.notify_all();
      next += n;
    }
    {
      const std::lock_guard lock(mutex_);
      producing_ = false;
    }
    changed_.notify_all();
    threads.clear();  // joins: every request in flight has answered
    progress_.stopped = stopped_ && !progress_.error;
    return progress_;
  }

 private:
  std::pair<int, int> Levels(size_t first, size_t n) const {
    if (!options_.level_at) return {0, 0};
    int lowest = options_.level_at(first);
    int highest = lowest;
    for (size_t i = first + 1; i < first + n; ++i) {
      const int level = options_.level_at(i);
      lowest = std::min(lowest, level);
      highest = std::max(highest, level);
    }
    return {lowest, highest};
  }

  // A free slot, and no batch in flight or queued holds a level below `highest`.
  bool MayStart(int highest, size_t workers) const {
    return in_flight_ < workers && (unfinished_.empty() || *unfinished_.begin() >= highest);
  }

  void Work() {
    while (true) {
      std::unique_lock lock(mutex_);
      changed_.wait(lock, [&] { return !queue_.empty() || !producing_; });
      if (queue_.empty()) return;
      const Batch batch = queue_.front();
      queue_.pop_front();
      const bool abandoned = progress_.error.has_value();  // queued before a failure
      lock.unlock();
      Status sent = abandoned ? Ok() : Send(batch);
      lock.lock();
      unfinished_.erase(batch.lowest_level);
      --in_flight_;
      if (!abandoned && sent) {
        progress_.items_sent += batch.count;
        ++progress_.batches;
      } else if (!sent && !progress_.error) {
        progress_.error = sent.error();
      }
      changed_.notify_all();
    }
  }

  Status Send(const Batch& batch) {
    const auto now = [this] {
      return options_.now ? options_.now() : std::chrono::steady_clock::time_point{};
    };
    const auto started = now();
    Status sent = send_(batch.first, batch.count);
    sizer_.Observe(batch.count,
                   std::chrono::duration_cast<std::chrono::milliseconds>(now() - started),
                   sent.has_value());
    return sent;
  }

  BatchSizer& sizer_;
  const BatchScheduleOptions& options_;
  const std::function<Status(size_t, size_t)>& send_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<Batch> queue_;
  std::multiset<int> unfinished_;  // the lowest level of each batch queued or in flight
  size_t in_flight_ = 0;
  bool producing_ = true;
  bool stopped_ = false;
  BatchProgress progress_;
};

}  // namespace

BatchProgress SendInBatches(size_t count, BatchSizer& sizer, const BatchScheduleOptions& options,
                            const std::function<Status(size_t first, size_t n)>& send) {
  return Scheduler(sizer, options, send).Run(count);
}

}  // namespace delta_arc::atlan
