// Tag propagation; see tag_propagation.h. Which relationships carry a tag, and which
// way, is Atlan's relationship typedefs' propagateTags (atlas-metastore
// 007_all_custom_models.json: catalog_process_inputs TWO_TO_ONE, an input to its process;
// process_catalog_outputs ONE_TO_TWO, a process to its outputs; column_lineage, a process
// to its column processes; database_schemas, schema_tables, schema_views,
// schema_materialised_views, table_columns, view_columns, materialised_view_columns, a
// parent to its children; connection_process_* NONE). The emulator's S3 relationship types
// are its own (Atlan publishes none) and carry no tag. Restricting propagation through
// lineage stops it at process inputs and outputs; through hierarchy, at the others
// (EntityGraphMapper, CLASSIFICATION_VERTEX_RESTRICT_PROPAGATE_THROUGH_*). The tasks are
// Atlan's CLASSIFICATION_PROPAGATION_ADD/DELETE tasks (ClassificationPropagateTaskFactory),
// run here when a request finds them due.
#include "emulator/tag_propagation.h"

#include <deque>
#include <vector>

#include "emulator/tag_attachments.h"
#include "emulator/type_registry.h"

namespace delta_arc::emulator {
namespace {

constexpr const char* kTagTasksSchema = R"sql(
CREATE TABLE IF NOT EXISTS tag_tasks (
  source_guid TEXT NOT NULL,
  type_name TEXT NOT NULL,
  due_at INTEGER NOT NULL,
  PRIMARY KEY (source_guid, type_name)
);
CREATE INDEX IF NOT EXISTS tag_tasks_due ON tag_tasks (due_at);
)sql";

// The relationship attributes a tag spreads along from an entity of `type`.
std::vector<const char*> Spreads(const std::string& type, bool lineage, bool hierarchy) {
  std::vector<const char*> out;
  const bool process = IsA(type, "Process");
  if (lineage) out.push_back(process ? "outputs" : "inputToProcesses");
  if (hierarchy) {
    if (process) out.push_back("columnProcesses");
    for (const char* child : {"schemas", "tables", "views", "materialisedViews", "columns"}) {
      out.push_back(child);
    }
  }
  return out;
}

struct Task {
  std::string source;
  std::string type;
};

Result<std::vector<Task>> DueTasks(SqliteDb& db, int64_t now) {
  auto stmt =
      db.Prepare("SELECT source_guid, type_name FROM tag_tasks WHERE due_at <= ? ORDER BY due_at");
  if (!stmt) return std::unexpected(stmt.error());
  stmt->Bind(1, now);
  return AllRows(*stmt, [](const Statement& row) { return Task{row.Text(0), row.Text(1)}; });
}

Result<std::vector<std::string>> Carriers(SqliteDb& db, const Task& task) {
  auto stmt = db.Prepare(
      "SELECT entity_guid FROM tag_attachments WHERE source_guid = ?1 AND type_name = ?2 "
      "AND entity_guid <> ?1");
  if (!stmt) return std::unexpected(stmt.error());
  stmt->BindAll({task.source, task.type});
  return AllRows(*stmt, [](const Statement& row) { return row.Text(0); });
}

// The tag attached at the task's source, if it still is.
Result<std::optional<TagAttachment>> Attached(SqliteDb& db, const Task& task) {
  auto tags = TagsOn(db, task.source);
  if (!tags) return std::unexpected(tags.error());
  for (const auto& tag : *tags) {
    if (tag.direct() && tag.type_name == task.type) return std::optional<TagAttachment>(tag);
  }
  return std::optional<TagAttachment>();
}

// The ACTIVE entities the tag reaches from its source.
Result<std::set<std::string>> Reach(EntityStore& store, const Entity& source,
                                    const TagAttachment& tag) {
  std::set<std::string> reached = {source.guid};
  std::deque<Entity> queue = {source};
  while (!queue.empty()) {
    const Entity current = std::move(queue.front());
    queue.pop_front();
    for (const char* attribute :
         Spreads(current.type_name, !tag.restrict_propagation_through_lineage,
                 !tag.restrict_propagation_through_hierarchy)) {
      auto refs = store.Related(current.guid, attribute);
      if (!refs) return std::unexpected(refs.error());
      for (const auto& ref : *refs) {
        if (reached.contains(ref.other_guid)) continue;
        auto other = store.FindByGuid(ref.other_guid);
        if (!other) return std::unexpected(other.error());
        if (!*other || (*other)->state != "ACTIVE") continue;
        reached.insert(ref.other_guid);
        queue.push_back(std::move(**other));
      }
    }
  }
  reached.erase(source.guid);
  return reached;
}

Status Recompute(EntityStore& store, const Task& task) {
  SqliteDb& db = store.db();
  auto attached = Attached(db, task);
  if (!attached) return std::unexpected(attached.error());
  auto source = store.FindByGuid(task.source);
  if (!source) return std::unexpected(source.error());
  // An archived source keeps what it spread unless its tag says to remove it.
  if (*attached && *source && (*source)->state != "ACTIVE" &&
      !(*attached)->remove_propagations_on_entity_delete) {
    return Ok();
  }
  auto before = Carriers(db, task);
  if (!before) return std::unexpected(before.error());
  if (auto s = db.Execute("DELETE FROM tag_attachments WHERE source_guid = ?1 AND type_name = ?2 "
                          "AND entity_guid <> ?1",
                          {task.source, task.type});
      !s) {
    return s;
  }
  std::set<std::string> touched(before->begin(), before->end());
  if (*attached && (*attached)->propagate && *source && (*source)->state == "ACTIVE") {
    auto reached = Reach(store, **source, **attached);
    if (!reached) return std::unexpected(reached.error());
    const TagAttachment& tag = **attached;
    for (const auto& guid : *reached) {
      if (auto s = db.Execute(
              "INSERT OR REPLACE INTO tag_attachments (entity_guid, type_name, source_guid, "
              "propagate, remove_on_delete, restrict_lineage, restrict_hierarchy) "
              "VALUES (?, ?, ?, ?, ?, ?, ?)",
              {guid, tag.type_name, tag.source_guid, static_cast<int64_t>(tag.propagate),
               static_cast<int64_t>(tag.remove_propagations_on_entity_delete),
               static_cast<int64_t>(tag.restrict_propagation_through_lineage),
               static_cast<int64_t>(tag.restrict_propagation_through_hierarchy)});
          !s) {
        return s;
      }
      touched.insert(guid);
    }
  }
  for (const auto& guid : touched) {
    if (auto s = RefreshTagFields(store, guid); !s) return s;
  }
  return Ok();
}

}  // namespace

Status OpenTagTasks(SqliteDb& db) {
  return db.Exec(kTagTasksSchema);
}

Status SchedulePropagation(SqliteDb& db, const std::string& source_guid,
                           const std::string& type_name, int64_t due_at) {
  // A task already waiting runs at its own time: the later change is in it then.
  return db.Execute(
      "INSERT INTO tag_tasks (source_guid, type_name, due_at) VALUES (?, ?, ?) "
      "ON CONFLICT (source_guid, type_name) DO NOTHING",
      {source_guid, type_name, due_at});
}

Status ScheduleTagsAround(SqliteDb& db, const std::string& guid, int64_t due_at) {
  auto tags = TagsOn(db, guid);
  if (!tags) return std::unexpected(tags.error());
  for (const auto& tag : *tags) {
    if (auto s = SchedulePropagation(db, tag.source_guid, tag.type_name, due_at); !s) return s;
  }
  return Ok();
}

Status RunDueTagTasks(EntityStore& store, int64_t now) {
  auto due = DueTasks(store.db(), now);
  if (!due) return std::unexpected(due.error());
  if (due->empty()) return Ok();
  Transaction tx(store.db());
  if (auto s = tx.Begin(); !s) return s;
  for (const auto& task : *due) {
    if (auto s = Recompute(store, task); !s) return s;
    if (auto s = store.db().Execute(
            "DELETE FROM tag_tasks WHERE source_guid = ? AND type_name = ? AND due_at <= ?",
            {task.source, task.type, now});
        !s) {
      return s;
    }
  }
  return tx.Commit();
}

Status RefreshTagFields(EntityStore& store, const std::string& guid) {
  auto tags = TagsOn(store.db(), guid);
  if (!tags) return std::unexpected(tags.error());
  const nlohmann::json fields = TagFields(*tags);
  for (const auto& [attribute, value] : fields.items()) {
    if (auto s = store.SetAttributeInPlace({guid}, attribute, value); !s) return s;
  }
  return Ok();
}

}  // namespace delta_arc::emulator
