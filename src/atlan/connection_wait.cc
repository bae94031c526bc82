// Waiting for a new connection; see connection_wait.h.
#include "atlan/connection_wait.h"

#include <algorithm>

#include "atlan/entity_reads.h"
#include "atlan/type_names.h"

namespace delta_arc::atlan {

std::chrono::milliseconds ConnectionWaitDelay(const ConnectionWaitOptions& options, int poll) {
  auto delay = options.first_delay;
  for (int i = 1; i < poll && delay < options.max_delay; ++i) delay *= 2;
  return std::min(delay, options.max_delay);
}

Status WaitForConnection(AtlanClient& client, const ConnectionProbe& connection,
                         const ConnectionWaitOptions& options, const http::SleepFn& sleep) {
  const std::string path = connection.guid.empty() ? EntityByQualifiedNamePath(
                                                         kConnectionType, connection.qualified_name)
                                                   : EntityByGuidPath(connection.guid);
  std::chrono::milliseconds slept{0};
  const Cutoff cutoff = client.cutoff();
  // No pause runs past the run's cutoff: the next run waits for the connection instead.
  auto pause = [&](int poll) -> Status {
    const auto delay = ConnectionWaitDelay(options, poll);
    if (delay >= cutoff.Left()) {
      return std::unexpected(
          CutoffReached("the S3 connection " + connection.qualified_name + " was usable"));
    }
    sleep(delay);
    slept += delay;
    return Ok();
  };
  if (options.sleep_first) {
    if (auto s = pause(1); !s) return s;
  }
  const int polls = std::max(1, options.max_polls);
  for (int poll = 1;; ++poll) {
    auto answer = client.Call("GET", path);
    if (answer) return Ok();
    if (answer.error().kind != ErrorKind::kForbidden) return std::unexpected(answer.error());
    if (poll >= polls) {
      return Fail(ErrorKind::kForbidden,
                  "Atlan still refuses the connection " + connection.qualified_name + " after " +
                      std::to_string(polls) + " reads over " +
                      std::to_string(slept.count() / 1000) + " s (" + answer.error().message + ")");
    }
    if (auto s = pause(options.sleep_first ? poll + 1 : poll); !s) return s;
  }
}

}  // namespace delta_arc::atlan
