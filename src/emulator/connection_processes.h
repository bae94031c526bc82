// Atlan's connection lineage: when a Process's inputs and outputs belong to
// different connections, Atlan keeps one ConnectionProcess per (input connection,
// output connection) pair, named "(<in>)->(<out>)" with qualifiedName
// "<out>/(<in>)->(<out>)", its inputs and outputs those two Connections, and lists
// them on the Process in parentConnectionProcessQualifiedName. One no Process uses
// any more is archived. (atlanhq/atlas-metastore, preprocessor/lineage/
// ProcessPreProcessor.java at 5516071973, behind atlas.lineage.enable.connection.lineage;
// it applies to typeName Process exactly, not to ColumnProcess.)
#pragma once

#include <string>

#include "common/error.h"
#include "emulator/entity_store.h"

namespace delta_arc::emulator {

// Brings the ConnectionProcesses of the Process `process_guid` in line with its
// current inputs and outputs.
Status LinkConnectionProcesses(EntityStore& store, const std::string& process_guid, int64_t now,
                               const std::string& user);

// Archives the ConnectionProcesses that only the archived Process `process` used.
Status UnlinkConnectionProcesses(EntityStore& store, const Entity& process, int64_t now,
                                 const std::string& user);

}  // namespace delta_arc::emulator
