// The S3 connection everything delta-arc writes lives under: its deterministic
// qualifiedName, the choice when a tenant holds several of the configured name,
// finding it when index search cannot see it yet, and making sure Atlan lets the
// token write under it before anything is written.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "atlan/atlan_client.h"
#include "atlan/connection_wait.h"
#include "atlan/entity_writes.h"
#include "common/env.h"
#include "common/log.h"
#include "http/retry.h"
#include "lineage/catalog.h"

namespace delta_arc::lineage {

// `default/s3/<10 digits>` for the connection named `name`. Atlan's SDKs put the creation
// time (epoch seconds) there; delta-arc puts digits that depend on the name alone, so
// that runs which overlap, or start before the index shows a connection created a moment
// ago, converge on one connection instead of creating one each. The digits: FNV-1a
// (64-bit) of the name's UTF-8 bytes after LowercaseKeyword (names that Atlan's
// normalized name.keyword treats as one give one connection), modulo 10^10, written as
// 10 decimal digits with leading zeros. Changing this rule orphans every deployment's
// connection: it is part of the data format.
std::string S3ConnectionQualifiedName(std::string_view name);

// Which of several S3 connections named like S3_CONNECTION_NAME a run uses, and why.
struct S3ConnectionChoice {
  size_t index = 0;  // into the candidates
  std::string reason;
};

// `candidates` (two or more s3 connections whose names equal `name` ignoring case):
// the one at S3ConnectionQualifiedName(name) if any (every run of this version converges
// there), else the oldest by createTime (the one a first run registered the bucket
// under; a duplicate made later never takes over), then the exact-case name, then the
// smallest qualifiedName, so every run picks the same one.
S3ConnectionChoice ChooseS3Connection(const std::vector<ConnectionRef>& candidates,
                                      const std::string& name);

// What a run knows of its S3 connection.
struct S3Connection {
  std::string name;  // S3_CONNECTION_NAME
  std::string qualified_name;
  std::string guid;         // "" while it does not exist
  int64_t create_time = 0;  // epoch ms as Atlan reports it; 0 when unknown
  bool exists = false;      // ACTIVE in Atlan
  bool archived = false;    // archived in Atlan: writing it again restores it
  bool written = false;     // created or restored by this run
};

// The connection the run writes under: the one search found (FindConnections), else the
// one at S3ConnectionQualifiedName(name) read by unique attribute (search may not yet
// show a connection another run created a moment ago), else a connection to create
// there. An archived one there is restored by the run's write. A connection there that
// is not an s3 connection of this name is an error. Costs one request when search found
// none, none otherwise.
// A 403 to that read means a connection is there whose policies Atlan is still building
// (created by another run a moment ago, so its creation time is taken as `now_ms`).
Result<S3Connection> ResolveS3Connection(atlan::AtlanClient& client,
                                         const std::optional<ConnectionRef>& found,
                                         const std::string& name, int64_t now_ms, Logger& log);

// Atlan builds a connection's policies within about 30 s of its creation; a connection
// younger than this may still answer 403. Five minutes leave room for clocks that
// disagree by minutes; a creation time in the future counts as young.
inline constexpr int64_t kYoungConnectionMs = 5 * 60 * 1000;
bool IsYoung(const S3Connection& connection, int64_t now_ms);

struct ConnectionGateOptions {
  atlan::ConnectionWaitOptions wait;  // Default: pyatlan's backoff, 10 polls (about a minute)
  // Writes refused with 403 under a young connection, each sent again after a wait.
  // Default: 5.
  int max_resends = 5;
};

// Guards the writes under the S3 connection. Before the first write it creates (or
// restores) the connection in a request of its own — Atlan refuses assets in the same
// request as their new connection — and waits until Atlan lets the token use it, as
// pyatlan's save() does; a young connection found is polled once (more while it is
// refused); an old one costs nothing. A write refused with 403 under a young connection
// waits and is sent again.
class ConnectionGate {
 public:
  ConnectionGate(atlan::AtlanClient& client, S3Connection& connection, Logger& log, Env& env,
                 ConnectionGateOptions options = {});

  // `entity`: the connection to write when it does not exist (or is archived). Returns
  // what Atlan reported of that write (nothing when there was none).
  Result<atlan::Upserted> Open(const std::optional<nlohmann::json>& entity);
  // For UpsertInBatches: true when `error` is a 403 under a young connection that has
  // become usable again after a wait. Thread-safe: batches refused together share one
  // wait (a latch the others block on, no lock held while it polls Atlan).
  bool RetryBatch(const Error& error);
  // A write's error as the run reports it: a 403 names the connection and what to grant.
  Error Explain(const Error& error) const;

 private:
  Status Wait(bool sleep_first);

  atlan::AtlanClient& client_;
  S3Connection& connection_;
  Logger& log_;
  Env& env_;
  ConnectionGateOptions options_;
  std::mutex mutex_;  // guards the three below
  std::condition_variable waited_;
  bool waiting_ = false;  // a RetryBatch is polling the connection
  int resends_ = 0;
  std::optional<Error> wait_error_;  // the wait that failed inside RetryBatch
};

}  // namespace delta_arc::lineage
