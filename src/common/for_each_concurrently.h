// Runs fn(i) for every i in [0, count) on up to `concurrency` threads, for work that
// waits on the network (reading many objects' first bytes): each thread takes the next
// index until none is left. Returns when every call has returned. `fn` must be safe to
// call concurrently for different indexes.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <thread>
#include <vector>

namespace delta_arc {

template <typename Fn>
void ForEachConcurrently(size_t count, size_t concurrency, Fn&& fn) {
  std::atomic<size_t> next{0};
  auto work = [&] {
    for (size_t i = next++; i < count; i = next++) fn(i);
  };
  const size_t threads = std::min(count, std::max<size_t>(1, concurrency));
  if (threads <= 1) {
    work();  // no thread to start for one at a time
    return;
  }
  std::vector<std::jthread> workers;
  for (size_t t = 0; t < threads; ++t) workers.emplace_back(work);
}

}  // namespace delta_arc
