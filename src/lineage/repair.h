// `delta-arc repair`: a tenant where an earlier version's overlapping first runs (or a
// person) made more than one S3 connection named S3_CONNECTION_NAME. Every run picks one
// of them the same way (ChooseS3Connection) and warns; repair archives what delta-arc
// wrote under the others — buckets, objects, processes, column processes — and each
// other connection once nothing else is left under it, so that the tenant holds one
// graph. The next sync writes under the chosen connection whatever it lacks.
#pragma once

#include <string>
#include <vector>

#include "atlan/atlan_client.h"
#include "common/log.h"
#include "lineage/config.h"
#include "lineage/plan.h"

namespace delta_arc::lineage {

struct RepairReport {
  bool applied = false;
  std::string kept;  // the chosen connection's qualifiedName ("" when there is none)
  std::vector<PlannedChange> archives;
  // Other connections left in place: something not delta-arc's is still under them.
  std::vector<std::string> kept_because_not_empty;
  int64_t archived = 0;
};

// Without `apply`, only finds what it would archive.
Result<RepairReport> RepairDuplicateConnections(atlan::AtlanClient& client, const Config& config,
                                                Logger& log, Env& env, bool apply);

}  // namespace delta_arc::lineage
