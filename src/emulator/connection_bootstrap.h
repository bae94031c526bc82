// A new connection is not usable at once: Atlan builds its access policies
// asynchronously, and until they exist every request that reads or writes the
// connection or an asset under it answers 403 (pyatlan's save() waits for each
// created connection by polling GET /entity/guid and retrying 403s:
// atlanhq/atlan-python pyatlan/client/asset.py, _wait_for_connections_to_be_created).
// Searches are not refused. The emulator keeps the window per connection.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <string>

#include "emulator/api_response.h"
#include "emulator/emulator_clock.h"
#include "emulator/entity_store.h"

namespace delta_arc::emulator {

class ConnectionBootstrap {
 public:
  explicit ConnectionBootstrap(EmulatorClock& clock) : clock_(clock) {}

  // The connection `qualified_name`, created now, stays refused for `duration_ms`.
  void Started(const std::string& qualified_name, int64_t duration_ms);
  // True while the connection has no policies yet.
  bool Pending(const std::string& qualified_name) const;
  // Ends every window now (the seed command's connections are long-crawled ones).
  void SettleAll();

 private:
  EmulatorClock& clock_;
  mutable std::mutex mu_;
  std::map<std::string, int64_t> until_;  // connection → end of its window (epoch ms)
};

// The connection an asset belongs to: itself for a Connection, else its
// connectionQualifiedName, else the first three segments of its qualifiedName
// (Atlan's default/<connector>/<digits>).
std::string OwningConnection(const Entity& entity);
// The same of an asset known by its type, qualifiedName and connectionQualifiedName ("" for
// none), as a stub holds them.
std::string OwningConnection(const std::string& type_name, const std::string& qualified_name,
                             const std::string& connection_qualified_name);

// Atlas's answer to a request its policies do not allow (AtlasErrorCode
// UNAUTHORIZED_ACCESS, "{0} is not authorized to perform {1}"), e.g.
// action "read entity: guid=…".
inline ApiResponse Unauthorized(const std::string& user, const std::string& action) {
  return AtlasError(403, "ATLAS-403-00-001", user + " is not authorized to perform " + action);
}

}  // namespace delta_arc::emulator
