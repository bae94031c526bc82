// Tag attachments; see tag_attachments.h. The answer shape is Atlas's AtlasClassification
// (typeName, entityGuid, entityStatus, propagate, removePropagationsOnEntityDelete,
// restrictPropagationThroughLineage, restrictPropagationThroughHierarchy), as pyatlan
// 1.9.5 model/core.py AtlanTag reads it.
#include "emulator/tag_attachments.h"

#include <algorithm>
#include <map>
#include <set>

#include "common/json_text.h"

namespace delta_arc::emulator {
namespace {

using nlohmann::json;

constexpr const char* kTagAttachmentsSchema = R"sql(
CREATE TABLE IF NOT EXISTS tag_attachments (
  entity_guid TEXT NOT NULL,
  type_name TEXT NOT NULL,
  source_guid TEXT NOT NULL,
  propagate INTEGER NOT NULL,
  remove_on_delete INTEGER NOT NULL,
  restrict_lineage INTEGER NOT NULL,
  restrict_hierarchy INTEGER NOT NULL,
  PRIMARY KEY (entity_guid, type_name, source_guid)
);
CREATE INDEX IF NOT EXISTS tag_attachments_source ON tag_attachments (source_guid, type_name);
CREATE INDEX IF NOT EXISTS tag_attachments_type ON tag_attachments (type_name);
)sql";

// A flag as sent: a boolean, or the default for null or a missing key.
Result<bool> Flag(const json& attachment, const char* key, bool fallback) {
  auto it = attachment.find(key);
  if (it == attachment.end() || it->is_null()) return fallback;
  if (!it->is_boolean()) {
    return Fail(ErrorKind::kInvalidArgument, std::string(key) + " must be true or false");
  }
  return it->get<bool>();
}

std::string Joined(const std::vector<std::string>& names) {
  std::string out = "|";
  for (const auto& n : names) out += n + "|";
  return out;
}

}  // namespace

Result<TagAttachment> TagAttachment::FromJson(const json& attachment,
                                              const std::string& entity_guid) {
  if (!attachment.is_object() || !attachment.contains("typeName") ||
      !attachment["typeName"].is_string()) {
    return Fail(ErrorKind::kInvalidArgument, "a classification needs a typeName");
  }
  TagAttachment tag;
  tag.type_name = attachment["typeName"].get<std::string>();
  tag.entity_guid = tag.source_guid = entity_guid;
  auto propagate = Flag(attachment, "propagate", true);
  auto remove = Flag(attachment, "removePropagationsOnEntityDelete", true);
  auto lineage = Flag(attachment, "restrictPropagationThroughLineage", false);
  auto hierarchy = Flag(attachment, "restrictPropagationThroughHierarchy", false);
  for (const auto* flag : {&propagate, &remove, &lineage, &hierarchy}) {
    if (!*flag) return std::unexpected(flag->error());
  }
  tag.propagate = *propagate;
  tag.remove_propagations_on_entity_delete = *remove;
  tag.restrict_propagation_through_lineage = *lineage;
  tag.restrict_propagation_through_hierarchy = *hierarchy;
  return tag;
}

json TagAttachment::ToJson(const std::string& entity_status) const {
  return {{"typeName", type_name},
          {"entityGuid", source_guid},
          {"entityStatus", entity_status},
          {"propagate", propagate},
          {"removePropagationsOnEntityDelete", remove_propagations_on_entity_delete},
          {"restrictPropagationThroughLineage", restrict_propagation_through_lineage},
          {"restrictPropagationThroughHierarchy", restrict_propagation_through_hierarchy},
          {"validityPeriods", json::array()},
          {"attributes", json::object()}};
}

Status OpenTagAttachments(SqliteDb& db) {
  return db.Exec(kTagAttachmentsSchema);
}

namespace {

constexpr const char* kTagColumns =
    "entity_guid, type_name, source_guid, propagate, remove_on_delete, restrict_lineage, "
    "restrict_hierarchy";

TagAttachment ReadTag(const Statement& row) {
  TagAttachment tag;
  tag.entity_guid = row.Text(0);
  tag.type_name = row.Text(1);
  tag.source_guid = row.Text(2);
  tag.propagate = row.Int(3) != 0;
  tag.remove_propagations_on_entity_delete = row.Int(4) != 0;
  tag.restrict_propagation_through_lineage = row.Int(5) != 0;
  tag.restrict_propagation_through_hierarchy = row.Int(6) != 0;
  return tag;
}

}  // namespace

Result<std::vector<TagAttachment>> TagsOn(SqliteDb& db, const std::string& guid) {
  // Its own query, not TagsOnEach of one: a search page asks once per hit.
  auto stmt = db.Prepare(std::string("SELECT ") + kTagColumns +
                         " FROM tag_attachments WHERE entity_guid = ?1 "
                         "ORDER BY source_guid <> ?1, rowid");
  if (!stmt) return std::unexpected(stmt.error());
  stmt->Bind(1, guid);
  return AllRows(*stmt, ReadTag);
}

Result<std::map<std::string, std::vector<TagAttachment>>> TagsOnEach(
    SqliteDb& db, const std::vector<std::string>& guids) {
  auto stmt = db.Prepare(std::string("SELECT ") + kTagColumns +
                         " FROM tag_attachments WHERE entity_guid IN "
                         "(SELECT value FROM json_each(?1)) "
                         "ORDER BY entity_guid, source_guid <> entity_guid, rowid");
  if (!stmt) return std::unexpected(stmt.error());
  stmt->Bind(1, JsonText(json(guids)));
  std::map<std::string, std::vector<TagAttachment>> out;
  auto rows = AllRows(*stmt, [&out](const Statement& row) {
    TagAttachment tag = ReadTag(row);
    out[tag.entity_guid].push_back(std::move(tag));
    return 0;
  });
  if (!rows) return std::unexpected(rows.error());
  return out;
}

Status SetDirectTags(SqliteDb& db, const std::string& guid,
                     const std::vector<TagAttachment>& tags) {
  if (auto s = db.Execute("DELETE FROM tag_attachments WHERE entity_guid = ?1 AND source_guid = ?1",
                          {guid});
      !s) {
    return s;
  }
  for (const auto& tag : tags) {
    if (auto s = db.Execute(
            "INSERT OR REPLACE INTO tag_attachments (entity_guid, type_name, source_guid, "
            "propagate, remove_on_delete, restrict_lineage, restrict_hierarchy) "
            "VALUES (?1, ?2, ?1, ?3, ?4, ?5, ?6)",
            {guid, tag.type_name, static_cast<int64_t>(tag.propagate),
             static_cast<int64_t>(tag.remove_propagations_on_entity_delete),
             static_cast<int64_t>(tag.restrict_propagation_through_lineage),
             static_cast<int64_t>(tag.restrict_propagation_through_hierarchy)});
        !s) {
      return s;
    }
  }
  return Ok();
}

Status ForgetTagsOn(SqliteDb& db, const std::string& guid) {
  return db.Execute("DELETE FROM tag_attachments WHERE entity_guid = ?", {guid});
}

Result<bool> TagInUse(SqliteDb& db, const std::string& type_name) {
  auto stmt = db.Prepare("SELECT EXISTS (SELECT 1 FROM tag_attachments WHERE type_name = ?)");
  if (!stmt) return std::unexpected(stmt.error());
  stmt->Bind(1, type_name);
  auto row = stmt->Step();
  if (!row) return std::unexpected(row.error());
  return *row && stmt->Int(0) != 0;
}

json TagFields(const std::vector<TagAttachment>& tags) {
  std::vector<std::string> direct;
  std::vector<std::string> propagated;
  for (const auto& tag : tags) {
    auto& list = tag.direct() ? direct : propagated;
    if (std::find(list.begin(), list.end(), tag.type_name) == list.end()) {
      list.push_back(tag.type_name);
    }
  }
  json out = json::object();
  // Atlas removes the properties of an entity without tags.
  out["__traitNames"] = direct.empty() ? json(nullptr) : json(direct);
  out["__classificationNames"] = direct.empty() ? json(nullptr) : json(Joined(direct));
  out["__propagatedTraitNames"] = propagated.empty() ? json(nullptr) : json(propagated);
  out["__propagatedClassificationNames"] =
      propagated.empty() ? json(nullptr) : json(Joined(propagated));
  return out;
}

bool IsTagField(const std::string& attribute) {
  return attribute == "__traitNames" || attribute == "__classificationNames" ||
         attribute == "__propagatedTraitNames" || attribute == "__propagatedClassificationNames";
}

}  // namespace delta_arc::emulator
