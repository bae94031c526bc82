// Writes to Atlan: bulk upserts and soft deletes (archives), in batches, with
// the mutation counts Atlan reports. Writes are idempotent upserts, so a batch
// that fails after earlier ones succeeded leaves a valid graph for a re-run.
#pragma once

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
  std::optional<Error> error;  // set when a batch failed; earlier batches stay written
};

// Asked when a batch fails (after the client's own retries): true sends the same batch
// again, e.g. once a new connection has become usable; false stops with the error.
using RetryBatchFn = std::function<bool(const Error&)>;

// Upserts `count` entities in order, `batch_size` per request, each built by
// `entity_at(i)` only when its batch is sent. Entities may refer to ones in earlier
// batches by qualifiedName. `should_continue` is asked before each batch (the Lambda
// deadline); when it says no, the outcome is partial without an error.
WriteOutcome UpsertInBatches(AtlanClient& client, size_t count,
                             const std::function<nlohmann::json(size_t)>& entity_at,
                             size_t batch_size, const std::function<bool()>& should_continue = {},
                             const RetryBatchFn& retry_batch = {});

// Archives (soft-deletes) the assets with these guids, `batch_size` per request.
WriteOutcome ArchiveInBatches(AtlanClient& client, const std::vector<std::string>& guids,
                              size_t batch_size, const std::function<bool()>& should_continue = {},
                              const RetryBatchFn& retry_batch = {});

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
