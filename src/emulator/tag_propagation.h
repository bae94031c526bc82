// Tag propagation, as Atlan runs it: asynchronous tasks that, some time after a tag is
// attached, changed or removed, or after the relationships or state of an entity it
// reaches change, recompute where each attached tag has spread along the relationships
// whose typedef propagates tags (a process's inputs to the process and on to its
// outputs, a process to its column processes, a database down to its columns).
#pragma once

#include <cstdint>
#include <set>
#include <string>

#include "common/error.h"
#include "emulator/entity_store.h"

namespace delta_arc::emulator {

Status OpenTagTasks(SqliteDb& db);

// Recomputes the spread of tag `type_name` attached to `source_guid` at `due_at`.
Status SchedulePropagation(SqliteDb& db, const std::string& source_guid,
                           const std::string& type_name, int64_t due_at);
// Schedules every tag on `guid`, attached there or reaching it, for `due_at`: what a
// change of its relationships or state may spread further or cut off.
Status ScheduleTagsAround(SqliteDb& db, const std::string& guid, int64_t due_at);

// Runs the tasks due by `now`.
Status RunDueTagTasks(EntityStore& store, int64_t now);

// Stores `guid`'s tag search fields (TagFields) in its attributes, without making it a
// write (EntityStore::SetAttributeInPlace).
Status RefreshTagFields(EntityStore& store, const std::string& guid);

}  // namespace delta_arc::emulator
