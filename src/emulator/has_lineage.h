// __hasLineage, as Atlas keeps it on a Process and the assets on its sides: true on a
// process with at least one ACTIVE input and one ACTIVE output, and on every asset that
// is an input or output of such a process; false once none is left.
#pragma once

#include <map>
#include <set>
#include <string>

#include "common/error.h"
#include "emulator/entity_store.h"

namespace delta_arc::emulator {

// The system attribute that holds the flag.
inline constexpr const char* kHasLineage = "__hasLineage";

// What a write or delete did to lineage, for RefreshHasLineage.
struct LineageChanges {
  std::set<std::string> processes;  // processes written, restored, archived or purged
  std::set<std::string> added;      // assets that became an input or output of one of them
  std::set<std::string> removed;    // assets that stopped being one (or lost a process)
};

// Brings __hasLineage up to date after `changes`; returns the guids whose flag changed,
// with the flag each has now.
// An asset newly on a process's side, or one removed from it, is looked at; all of a
// process's sides only when the process's own flag flips, so a write that adds one
// object to a process with a thousand costs one object, not a thousand.
Result<std::map<std::string, bool>> RefreshHasLineage(EntityStore& store,
                                                      const LineageChanges& changes);

// The processes `guid` is an input or output of, and (for a process) the assets on its
// sides: what a delete of `guid` changes, read before the delete.
Status CollectLineageOf(EntityStore& store, const Entity& entity, LineageChanges& changes);

}  // namespace delta_arc::emulator
