// Waiting for a new connection to become usable.
//
// Atlan builds a new connection's access policies asynchronously. Until they are
// in place (up to about 30 s), requests for the connection and for the assets
// under it answer 403, the GET of the connection by guid included; searches are
// served. pyatlan's AssetClient.save() therefore waits for every connection it
// created (atlanhq/atlan-python, pyatlan/client/asset.py,
// _wait_for_connections_to_be_created): it reads the connection by guid
// (retrieve_minimal) and retries a PermissionError (403) with tenacity's
// wait_exponential(multiplier=1, min=1, max=8), stop_after_attempt(10). This is
// the same poll with the same backoff.
#pragma once

#include <chrono>
#include <string>

#include "atlan/atlan_client.h"
#include "http/retry.h"

namespace delta_arc::atlan {

struct ConnectionWaitOptions {
  // Sleep before the first poll: right after a connection is created, a poll can only
  // be refused. Default: false.
  bool sleep_first = false;
  // The sleep between polls: first_delay, doubled each time up to max_delay.
  // Default: 1 s and 8 s (pyatlan's).
  std::chrono::milliseconds first_delay{1000};
  std::chrono::milliseconds max_delay{8000};
  // Polls before giving up. Default: 10 (pyatlan's), which bounds the wait to about
  // 55 s of sleep (63 s with sleep_first) plus the polls themselves.
  int max_polls = 10;
};

// The connection to poll: by guid when it is known, else by qualifiedName (e.g. a
// connection another run created a moment ago).
struct ConnectionProbe {
  std::string guid;
  std::string qualified_name;
};

// The sleep before poll `poll` (1-based, counted after the first): first_delay * 2^(poll-1),
// at most max_delay.
std::chrono::milliseconds ConnectionWaitDelay(const ConnectionWaitOptions& options, int poll);

// Polls the connection cheaply until Atlan answers it with 200. Still 403 after the last
// poll: an Error of kind kForbidden saying for how long it was refused. Any other error
// is returned at once. `sleep` waits between polls (the run's Env, with what the caller
// tells of the wait).
Status WaitForConnection(AtlanClient& client, const ConnectionProbe& connection,
                         const ConnectionWaitOptions& options, const http::SleepFn& sleep);

}  // namespace delta_arc::atlan
