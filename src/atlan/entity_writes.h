// Writes to Atlan: bulk upserts and soft deletes (archives), in batches, with
// the mutation counts Atlan reports. Writes are idempotent upserts, so a batch
// that fails after earlier ones succeeded leaves a valid graph for a re-run.
#pragma once

#include <chrono>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "atlan/atlan_client.h"

namespace delta_arc::atlan {

struct WriteOutcome {
  int64_t created = 0;
  int64_t updated = 0;
  int64_t archived = 0;
  int64_t batches = 0;
  size_t written = 0;  // entities (or guids) in requests that succeeded
  // The qualifiedNames Atlan listed as updated that no batch sent: the assets at the far
  // end of the relationships the writes made (a Process's tables), which Atlas marks
  // modified.
  std::vector<std::string> also_updated;
  bool stopped = false;        // should_continue said no before everything was sent
  std::optional<Error> error;  // set when a batch failed; other batches stay written
};

// Asked when a batch fails (after the client's own retries): true sends the same batch
// again, e.g. once a new connection has become usable; false stops with the error.
// Called from each sending thread at once, outside any lock of the sender's: it may wait.
using RetryBatchFn = std::function<bool(const Error&)>;

struct WriteOptions {
  // Entities per request at first. Default: 50, the top of Atlan's advice (20–50).
  size_t batch_size = 50;
  // The size a batch may grow to while Atlan answers fast (BatchSizer). Default: 0, a
  // fixed batch_size.
  size_t max_batch_size = 0;
  // Requests in flight at once. Default: 1.
  size_t concurrency = 1;
  // Dependency levels (see batch_scheduler.h), for upserts whose entities refer to each
  // other. Default: none.
  std::function<int(size_t)> level_at = {};
  // Asked before each batch (the Lambda deadline); no means a partial outcome without
  // an error. Default: go on.
  std::function<bool()> should_continue = {};
  RetryBatchFn retry_batch = {};
  // Told of each batch that succeeded, with its size (progress); one call at a time.
  std::function<void(size_t)> on_sent = {};
  // Times requests for the batch sizer (the run's Env's steady clock). Default: none, and
  // every answer counts as instant.
  std::function<std::chrono::steady_clock::time_point()> now = {};
};

// Upserts `count` entities, each built by `entity_at(i)` (on the thread that sends its
// batch, so it must be safe to call concurrently) only when its batch is sent.
WriteOutcome UpsertInBatches(AtlanClient& client, size_t count,
                             const std::function<nlohmann::json(size_t)>& entity_at,
                             const WriteOptions& options);

// The longest path and query an archive request is given. The guids go in the query
// string, and the request line (method, path and query, protocol) must stay under 8 KiB,
// the default limit of the proxies and servers commonly in front of Atlan (nginx's
// large_client_header_buffers, 8k; Apache's LimitRequestLine, 8190): 6,000 bytes leaves
// room for a path prefix in ATLAN_BASE_URL. 140 guids of 36 characters a request.
inline constexpr size_t kMaxArchivePathBytes = 6000;

// Archives (soft-deletes) the assets with these guids, in batches of at most the batch
// size and kMaxArchivePathBytes; a batch refused as too long (414) is halved, never the
// end of the run.
WriteOutcome ArchiveInBatches(AtlanClient& client, const std::vector<std::string>& guids,
                              const WriteOptions& options);

struct Upserted {
  std::string guid;  // "" when Atlan reports no change
  bool created = false;
};

// Upserts one entity in a request of its own: its guid, as Atlan assigned it (created)
// or found it (updated).
Result<Upserted> UpsertOne(AtlanClient& client, const nlohmann::json& entity);

// The ids of Atlan roles by name (e.g. "$admin"); an unknown name is an error.
Result<std::vector<std::string>> RoleIds(AtlanClient& client,
                                         const std::vector<std::string>& names);

}  // namespace delta_arc::atlan
