// Sends a sequence of items to Atlan in batches, several requests at once, in the
// order their references need: an item refers only to items of lower levels (a
// process to the objects it reads, an object to its bucket), so a batch starts only
// once every earlier batch holding a lower level than its own highest has succeeded,
// while batches of one level overlap. Batch sizes come from a BatchSizer, told how long
// each request took.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <optional>

#include "atlan/batch_sizer.h"
#include "common/error.h"

namespace delta_arc::atlan {

struct BatchScheduleOptions {
  // Requests in flight at once. Default: 1.
  size_t concurrency = 1;
  // The level of item i. Default (null): every item independent of the others.
  std::function<int(size_t)> level_at = {};
  // The most items from `first`, at most `n`, that fit in one request, for requests whose
  // size grows with their items beyond what the sizer counts (a URL). Never fewer than 1.
  // Default (null): `n`.
  std::function<size_t(size_t first, size_t n)> fitting = {};
  // Asked before each batch (the Lambda deadline): false starts no more. Default: go on.
  std::function<bool()> should_continue = {};
  // Times each request for the sizer (the run's Env's steady clock). Default: none, and
  // every answer counts as instant.
  std::function<std::chrono::steady_clock::time_point()> now = {};
};

struct BatchProgress {
  size_t items_sent = 0;       // items in batches that succeeded
  size_t batches = 0;          // batches that succeeded
  bool stopped = false;        // should_continue said no before every item was sent
  std::optional<Error> error;  // the first failure; no batch starts after it
};

// Sends items [0, count) through `send(first, n)`, which sends items [first, first + n)
// in one request. `send` runs on worker threads, up to options.concurrency at once, so
// it must be safe to call concurrently. Returns once no request is in flight.
BatchProgress SendInBatches(size_t count, BatchSizer& sizer, const BatchScheduleOptions& options,
                            const std::function<Status(size_t first, size_t n)>& send);

}  // namespace delta_arc::atlan
